"""The cue table's editing commands: split, merge, insert, delete, quality fixes, snap, nudge.

:class:`CueCommands` is the part of :class:`gui.editor_actions.EditorActions` that turns a
command on the chosen cues into a request to the model's
:class:`~gui.edit_controller.EditController` (one undo step, a macro for a change made row by
row), with the selection put back on the cues it touched. A request that never reaches the
document (nothing selected, one word to split) raises ValueError with a sentence, which
:meth:`CueCommands._run` hands to the controller's ``refused`` signal; results for the status bar
("3 cues changed") go out on ``message``. The document algorithms are in
:mod:`engine.subtitles.edits`. Strings keep the "EditorActions" translation context they had there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Literal

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Signal

from engine.subtitles import edits, quality
from engine.subtitles.document import Document
from engine.subtitles.edits import Fix, fix_selection
from engine.subtitles.markup import plain_text
from gui.cue_table_binding import CueTableBinding
from gui.edit_requests import Part, apply_nudge, insertion_span, split_position
from gui.i18n import QT_TRANSLATE_NOOP
from gui.models.cue_model import TEXT

translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls

_FIX_NAMES: dict[Fix, str] = {  # translated when used (context "EditorActions")
    quality.apply_min_gap: QT_TRANSLATE_NOOP("EditorActions", "Apply minimum gap"),
    quality.extend_short_cues: QT_TRANSLATE_NOOP("EditorActions", "Extend short cues"),
    quality.split_long_cues: QT_TRANSLATE_NOOP("EditorActions", "Split long cues"),
    quality.merge_tiny_cues: QT_TRANSLATE_NOOP("EditorActions", "Merge tiny cues"),
}


class CueCommands(CueTableBinding):
    """The commands over the bound table's chosen cues; each raises ValueError (a sentence) for
    a request it cannot make, so call them through :meth:`_run`."""

    message = Signal(str)  # a result, for the status bar (refusals: the model's controller.refused)
    edit_after_insert = True  # open the new cue's Text cell, as a subtitler types next

    def _run(self, slot: Callable[[], object]) -> None:
        self._rebind()
        model = self.model
        if model is None:
            return
        try:
            slot()
        except ValueError as error:  # a request that never reached the document, in words
            model.controller.refuse(str(error))

    def split(self) -> None:
        """Split at the text cursor of an open Text cell editor, else at the middle word."""
        model = self._need_model()
        cue_id, position = self._close_editor()  # typing there first becomes its own undo step
        cue_id = (
            cue_id
            if cue_id is not None
            else self._need_anchor(translate("EditorActions", "Choose a cue to split"))
        )
        cue = model.document.get(cue_id)
        if position is None:
            position = split_position(cue)
            if position is None:
                raise ValueError(
                    translate(
                        "EditorActions", "“{0}” is one word: edit the text and put the cursor where to split"
                    ).format(cue.text)
                )
        elif not (plain_text(cue.text[:position]).strip() and plain_text(cue.text[position:]).strip()):
            raise ValueError(
                translate("EditorActions", "Put the text cursor between two words to split there")
            )
        at = position
        edit = model.controller.edit(
            translate("EditorActions", "Split cue"), lambda doc: doc.split(cue_id, at)
        )
        if edit:
            self.select_ids(edit.changed_ids, current=cue_id)

    def merge_next(self) -> None:
        self._merge(+1)

    def merge_previous(self) -> None:
        self._merge(-1)

    def _merge(self, direction: int) -> None:
        model = self._need_model()
        self._close_editor()
        cue_id = self._need_anchor(translate("EditorActions", "Choose a cue to merge"))
        prev, nxt = model.document.neighbours(cue_id)
        other = nxt if direction > 0 else prev
        if other is None:
            raise ValueError(
                translate("EditorActions", "No next cue to merge with")
                if direction > 0
                else translate("EditorActions", "No previous cue to merge with")
            )
        first = model.document.get(cue_id)
        joiner = edits.merge_joiner(first, other)
        edit = model.controller.edit(
            translate("EditorActions", "Merge cues"), lambda doc: doc.merge([cue_id, other.id], joiner)
        )
        if edit:
            self.select_ids(edit.changed_ids)
            names = sorted({c.speaker for c in (first, other) if c.speaker})
            if (first.speaker or None) != (other.speaker or None):
                self.message.emit(
                    translate(
                        "EditorActions",
                        "The merged cue has no speaker: its cues had different ones ({0}); each one's lines open with a dialogue dash.",
                    ).format(", ".join(names))
                )

    def insert(self, after: bool = True) -> None:
        """A new empty cue in the silence after (before) the chosen cue."""
        model = self._need_model()
        self._close_editor()
        start, end = insertion_span(model.document, self.anchor_id(), after, model.preset)
        edit = model.controller.edit(
            translate("EditorActions", "Insert cue"), lambda doc: doc.insert(start, end)
        )
        if not edit:
            return
        self.select_ids(edit.new_ids)
        if self.edit_after_insert and self._view.isVisible():
            text_cell = model.index(model.row_of(edit.new_ids[0]), TEXT)
            self._view.selectionModel().setCurrentIndex(text_cell, QItemSelectionModel.SelectionFlag.NoUpdate)
            self._view.edit(text_cell)

    def delete(self) -> None:
        """Delete the selected cues as one macro, then select the cue that followed them."""
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        if not ids:
            raise ValueError(translate("EditorActions", "No cues selected to delete"))
        follower = edits.delete_follower(model.document, ids)
        macro = (
            translate("EditorActions", "Delete {0} cues").format(len(ids))
            if len(ids) > 1
            else translate("EditorActions", "Delete 1 cue")
        )
        step = translate("EditorActions", "Delete cue")
        with model.controller.macro(macro):
            for cue_id in ids:
                model.controller.edit(step, partial(Document.delete, ids=[cue_id]))
        self.select_ids([] if follower is None else [follower])

    def fix(self, fix: Fix) -> None:
        """Run a quality fix on the selected cues."""
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        if not ids:
            raise ValueError(translate("EditorActions", "No cues selected to fix"))
        name = (
            translate("EditorActions", _FIX_NAMES[fix])
            if fix in _FIX_NAMES
            else translate("EditorActions", "Quality fix")
        )
        preset = model.preset
        edit = model.controller.edit(name, lambda doc: fix_selection(doc, ids, fix, preset))
        if edit is None:
            return
        if not edit:
            self.message.emit(
                translate("EditorActions", "{0}: nothing to change in the selection").format(name)
            )
            return
        present = {c.id for c in model.document.cues}
        self.select_ids([i for i in ids if i in present] + list(edit.new_ids))
        changed = len(edit.added)
        self.message.emit(
            translate("EditorActions", "{0}: {1} cues changed").format(name, changed)
            if changed != 1
            else translate("EditorActions", "{0}: 1 cue changed").format(name)
        )

    def snap(self, which: Literal["start", "end"]) -> None:
        """Move each selected cue's start (end) to the nearest word edge, one macro for all."""
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        if not ids:
            raise ValueError(translate("EditorActions", "No cues selected to snap"))
        moved, stuck = edits.snap_plan(model.document, ids, which)
        if not moved:
            if which == "start":
                raise ValueError(
                    translate("EditorActions", "No word start within reach to snap to")
                    if stuck
                    else translate("EditorActions", "Already on a word start")
                )
            raise ValueError(
                translate("EditorActions", "No word end within reach to snap to")
                if stuck
                else translate("EditorActions", "Already on a word end")
            )
        starts = which == "start"
        macro = (
            translate("EditorActions", "Snap start to word")
            if starts
            else translate("EditorActions", "Snap end to word")
        )
        step = translate("EditorActions", "Snap start") if starts else translate("EditorActions", "Snap end")
        with model.controller.macro(macro):
            for cue in moved:
                model.controller.edit(step, edits.replace_cue(cue))
        self.select_ids(ids, current=self.anchor_id())
        if stuck:
            template = (
                translate("EditorActions", "Snapped {0} cue(s); {1} had no word start within reach")
                if starts
                else translate("EditorActions", "Snapped {0} cue(s); {1} had no word end within reach")
            )
            self.message.emit(template.format(len(moved), stuck))

    def nudge(self, part: Part, direction: int, by_frame: bool, text: str) -> None:
        """Move the selected cues' start, end or both a frame (of the file's rate) or 100 ms
        earlier (``direction`` < 0) or later, as one undo step named ``text``."""
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        if apply_nudge(model, ids, part, direction, by_frame, text):
            self.select_ids(ids, current=self.anchor_id())
