"""The Edit and Timing menu commands of the cue table, as QActions over the view's model.

Every command is one undo step: a ``DocumentEditCommand`` for a change the document makes in one
operation, a macro (``beginMacro``/``endMacro``) for a change made row by row. Cues are named by
id, and afterwards the selection is put on the cues the command touched. Refusals (no room to
insert, no word edge to snap to, a shift before 0:00) push nothing and are reported through
``message`` for the status bar. Operations are tried on a copy of the document first, so a
refused one costs neither an undo step nor the redo history.

Shortcuts are live while the cue table or its cell editor has focus
(``WidgetWithChildrenShortcut``), so Delete in the file queue never deletes cues, and while a
Text cell is edited its line edit keeps its own keys (Delete, Home...) first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Literal

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
)

from engine.subtitles import quality
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document, format_ms
from engine.subtitles.markup import plain_text
from engine.subtitles.presets import Preset
from engine.subtitles.words import align_words
from gui.commands import DocumentEditCommand
from gui.i18n import QT_TRANSLATE_NOOP
from gui.models.cue_model import TEXT, CueTableModel
from gui.rich_text import tagged_position
from gui.views.find_replace import FindReplaceDialog
from gui.views.retime_dialogs import ShiftDialog, ShiftParams, ShiftScope, SyncDialog, SyncParams

log = logging.getLogger(__name__)

DEFAULT_INSERT_MS = 1000  # a new cue's length when the silence allows
MIN_INSERT_MS = 100  # below this a new cue is refused rather than squeezed in

Fix = Callable[[Document, Preset], Edit]
_FIX_NAMES: dict[Fix, str] = {  # translated when used (context "EditorActions")
    quality.apply_min_gap: QT_TRANSLATE_NOOP("EditorActions", "Apply minimum gap"),
    quality.extend_short_cues: QT_TRANSLATE_NOOP("EditorActions", "Extend short cues"),
    quality.split_long_cues: QT_TRANSLATE_NOOP("EditorActions", "Split long cues"),
    quality.merge_tiny_cues: QT_TRANSLATE_NOOP("EditorActions", "Merge tiny cues"),
}


def _tr(text: str) -> str:
    """``text`` in the interface language (context "EditorActions")."""
    return QCoreApplication.translate("EditorActions", text)


# ---------------------------------------------------------------------- document-level helpers


def push_edit(model: CueTableModel, text: str, operation: Callable[[Document], Edit]) -> Edit:
    """Run ``operation`` as one undo step; ValueError (nothing pushed) when the document refuses.

    The operation is tried on a copy first, so a refusal leaves the redo history alone.
    """
    doc = model.document
    operation(Document(doc.cues, next_id=doc.next_id))
    command = DocumentEditCommand(model, text, operation)
    model.undo_stack.push(command)
    if command.error is not None:  # not expected after the dry run
        raise ValueError(command.error)
    return command.edit or Edit()


@contextmanager
def undo_macro(stack: QUndoStack, text: str) -> Iterator[None]:
    """A macro that leaves no empty step behind when nothing inside it changed anything."""
    stack.beginMacro(text)
    try:
        yield
    finally:
        stack.endMacro()
        last = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if last is not None and last.text() == text and last.childCount() == 0:
            last.setObsolete(True)
            stack.undo()  # an obsolete command is dropped instead of undone


def split_position(cue: Cue) -> int | None:
    """Where a cue nobody is editing is split: its line break nearest the middle, else the word
    break nearest the middle (word timings mark the breaks of unspaced text); None for one word.
    Found in the plain text, returned as a position in the tagged text (what Document.split takes)."""
    text = plain_text(cue.text)  # the text the viewer reads: a tag's inner space is no break
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    if not breaks:
        breaks = [i for i, ch in enumerate(text) if ch.isspace()]
        breaks += [start for start, _ in (align_words(text, cue.words) or [])[1:]]
    breaks = [i for i in breaks if text[:i].strip() and text[i:].strip()]
    if not breaks:
        return None
    return tagged_position(cue.text, min(breaks, key=lambda i: (abs(2 * i - len(text)), i)))


def insertion_span(doc: Document, cue_id: int | None, after: bool, preset: Preset) -> tuple[int, int]:
    """Times for a new cue in the silence after (before) ``cue_id``: up to DEFAULT_INSERT_MS,
    keeping the preset's minimum gap to both neighbours. ValueError when less than MIN_INSERT_MS fits."""
    gap = preset.min_gap_ms
    if cue_id is None:  # an empty table, or nothing chosen: after the last cue
        if not doc.cues:
            return 0, DEFAULT_INSERT_MS
        cue_id, after = doc.cues[-1].id, True
    cue = doc.get(cue_id)
    prev, nxt = doc.neighbours(cue_id)
    if after:
        start = cue.end_ms + gap
        end = min(start + DEFAULT_INSERT_MS, nxt.start_ms - gap if nxt else start + DEFAULT_INSERT_MS)
        silence = (cue.end_ms, nxt.start_ms if nxt else None)
    else:
        end = cue.start_ms - gap
        start = max(end - DEFAULT_INSERT_MS, prev.end_ms + gap if prev else 0)
        silence = (prev.end_ms if prev else 0, cue.start_ms)
    if end - start < MIN_INSERT_MS:
        first, last = silence
        assert last is not None
        template = (
            QCoreApplication.translate(
                "EditorActions",
                "No room after the cue at {0}: {1} ms of silence ({2} – {3}); a new cue needs "
                "{4} ms plus {5} ms gaps. Shorten or move a neighbour first.",
            )
            if after
            else QCoreApplication.translate(
                "EditorActions",
                "No room before the cue at {0}: {1} ms of silence ({2} – {3}); a new cue needs "
                "{4} ms plus {5} ms gaps. Shorten or move a neighbour first.",
            )
        )
        raise ValueError(
            template.format(format_ms(cue.start_ms), last - first, format_ms(first), format_ms(last),
                            MIN_INSERT_MS, gap)  # fmt: skip
        )
    return start, end


def fix_selection(doc: Document, ids: Iterable[int], fix: Fix, preset: Preset) -> Edit:
    """Apply a quality fix to the cues ``ids`` only; their neighbours bound it but are not changed.

    The fix runs on a copy holding the cues and their neighbours; its result is cut into groups
    of overlapping cues (a cue and its split parts, cues merged together), and a group is kept
    only when it holds a chosen cue the fix was for (for merge_tiny_cues, a chosen tiny cue).
    """
    selected = set(ids)
    rows = sorted({r for i in selected for r in (doc.index_of(i) - 1, doc.index_of(i), doc.index_of(i) + 1)
                   if 0 <= r < len(doc)})  # fmt: skip
    originals = [doc.cues[r] for r in rows]
    scratch = Document(originals, next_id=doc.next_id)
    fix(scratch, preset)

    def wanted(cue: Cue) -> bool:
        return cue.id in selected and (fix is not quality.merge_tiny_cues or cue.duration_ms < preset.min_duration_ms)

    items = sorted([(c, True) for c in originals] + [(c, False) for c in scratch.cues],
                   key=lambda item: (item[0].start_ms, item[0].end_ms))  # fmt: skip
    groups: list[list[tuple[Cue, bool]]] = []
    group_ids: set[int] = set()
    reach = -1
    for cue, original in items:  # a sweep: overlapping cues (or one id twice) form one group
        if groups and (cue.start_ms < reach or cue.id in group_ids):
            groups[-1].append((cue, original))
            group_ids.add(cue.id)
            reach = max(reach, cue.end_ms)
        else:
            groups.append([(cue, original)])
            group_ids, reach = {cue.id}, cue.end_ms
    removed: list[int] = []
    added: list[Cue] = []
    for group in groups:
        before = [c for c, original in group if original]
        after = [c for c, original in group if not original]
        if before == after or not any(wanted(c) for c in before):
            continue
        removed += [c.id for c in before]
        added += after
    return doc.replace(removed, added) if removed or added else Edit()


# ---------------------------------------------------------------------- shift and sync


_SHIFT_TIMES = QT_TRANSLATE_NOOP("EditorActions", "Shift times")


def apply_shift(
    model: CueTableModel, params: ShiftParams, *, selected: Sequence[int] = (), current: int | None = None
) -> Edit:
    """Move cues as the Shift dialog asked, as one undo step; ValueError when refused."""
    if params.delta_ms == 0:
        raise ValueError(QCoreApplication.translate("EditorActions", "Nothing to shift: the amount is 0 ms"))
    if params.scope is ShiftScope.FROM_CURRENT:
        if current is None:
            raise ValueError(QCoreApplication.translate("EditorActions", "Choose the cue to shift from"))
        cue_id = current
        return push_edit(model, _tr(_SHIFT_TIMES), lambda doc: doc.shift_from(cue_id, params.delta_ms))
    ids: list[int] | None = None
    if params.scope is ShiftScope.SELECTED:
        if not selected:
            raise ValueError(QCoreApplication.translate("EditorActions", "No cues selected to shift"))
        ids = list(selected)
    if params.frames is not None:
        frames, rate = params.frames, params.frame_rate
        return push_edit(model, _tr(_SHIFT_TIMES), lambda doc: doc.shift_frames(ids, frames, rate))
    return push_edit(model, _tr(_SHIFT_TIMES), lambda doc: doc.shift(ids, params.delta_ms))


def apply_two_point_sync(model: CueTableModel, params: SyncParams) -> Edit:
    """Stretch every time linearly so the two cues start where asked, as one undo step."""
    text = QCoreApplication.translate("EditorActions", "Two-point sync")
    return push_edit(model, text, lambda doc: doc.sync_two_points(
        params.cue_a, params.start_a_ms, params.cue_b, params.start_b_ms))  # fmt: skip


# ---------------------------------------------------------------------- the actions


class EditorActions(QObject):
    """The cue table's editing commands as QActions (added to the view, ready for the menus)."""

    message = Signal(str)  # a refusal or a result, for the status bar

    def __init__(self, view: QTableView, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else view)
        self._view = view
        self._selection_model: QItemSelectionModel | None = None
        self._model: CueTableModel | None = None
        self._find_dialog: FindReplaceDialog | None = None
        self.edit_after_insert = True  # open the new cue's Text cell, as a subtitler types next

        def make(text: str, slot: Callable[[], object],
                 shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:  # fmt: skip
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda: self._run(slot))
            view.addAction(action)
            return action

        S = QKeySequence.StandardKey
        self.split_action = make(self.tr("S&plit at cursor"), self.split, "Ctrl+Return")
        self.merge_next_action = make(self.tr("&Merge with next"), self.merge_next, "Ctrl+J")
        self.merge_previous_action = make(self.tr("Merge with pre&vious"), self.merge_previous, "Ctrl+Shift+J")
        self.insert_before_action = make(self.tr("Insert cue &before"), lambda: self.insert(after=False), "Alt+Ins")
        self.insert_after_action = make(self.tr("&Insert cue after"), lambda: self.insert(after=True), "Ins")
        self.delete_action = make(self.tr("&Delete cues"), self.delete, S.Delete)
        self.min_gap_action = make(self.tr("Apply minimum &gap"), lambda: self.fix(quality.apply_min_gap))
        self.extend_short_action = make(self.tr("&Extend short cues"), lambda: self.fix(quality.extend_short_cues))
        self.split_long_action = make(self.tr("Split &long cues"), lambda: self.fix(quality.split_long_cues))
        self.merge_tiny_action = make(self.tr("Merge &tiny cues"), lambda: self.fix(quality.merge_tiny_cues))
        self.snap_start_action = make(self.tr("Snap start to &word"), lambda: self.snap("start"), "Ctrl+[")
        self.snap_end_action = make(self.tr("Snap end to wo&rd"), lambda: self.snap("end"), "Ctrl+]")
        self.shift_action = make(self.tr("&Shift times…"), self.shift_dialog, "Ctrl+I")
        self.sync_action = make(self.tr("Two-point s&ync…"), self.sync_dialog, "Ctrl+Shift+I")
        self.find_action = make(self.tr("&Find and replace…"), self.find_replace_dialog, S.Find)
        self.replace_action = make(self.tr("&Replace…"), lambda: self.find_replace_dialog(replace=True), S.Replace)
        self.find_next_action = make(self.tr("Find &next"), lambda: self._find_step(True), S.FindNext)
        self.find_previous_action = make(self.tr("Find pre&vious"), lambda: self._find_step(False), S.FindPrevious)
        self.edit_actions = [self.split_action, self.merge_next_action, self.merge_previous_action,
                             self.insert_before_action, self.insert_after_action, self.delete_action,
                             self.find_action, self.replace_action, self.find_next_action, self.find_previous_action]
        self.timing_actions = [self.snap_start_action, self.snap_end_action, self.shift_action, self.sync_action,
                               self.min_gap_action, self.extend_short_action, self.split_long_action,
                               self.merge_tiny_action]  # fmt: skip
        view.installEventFilter(self)
        self._rebind()

    def add_to_menus(self, edit_menu: QMenu, timing_menu: QMenu) -> None:
        """Put the actions in the window's Edit and Timing menus, in groups."""
        for menu, actions, breaks in ((edit_menu, self.edit_actions, (3, 6)), (timing_menu, self.timing_actions, (2, 4))):
            for number, action in enumerate(actions):
                if number in breaks:
                    menu.addSeparator()
                menu.addAction(action)

    # ------------------------------------------------------------------ the model and the selection

    @property
    def model(self) -> CueTableModel | None:
        model = self._view.model()
        return model if isinstance(model, CueTableModel) else None

    def selected_ids(self) -> list[int]:
        """Ids of the rows with a selected cell, in table order."""
        model, selection = self.model, self._view.selectionModel()
        if model is None or selection is None:
            return []
        rows = sorted({index.row() for index in selection.selectedIndexes()})
        return [model.cue_id_at(row) for row in rows if row < model.rowCount()]

    def anchor_id(self) -> int | None:
        """The cue a one-cue command acts on: the current row when selected, else the first selected."""
        model, ids = self.model, self.selected_ids()
        if model is None or not ids:
            return None
        row = self._view.currentIndex().row()
        if 0 <= row < model.rowCount() and model.cue_id_at(row) in ids:
            return model.cue_id_at(row)
        return ids[0]

    def select_ids(self, ids: Iterable[int], current: int | None = None) -> None:
        """Select the rows of these cues (missing ones skipped) and make ``current`` the current row."""
        model, selection_model = self.model, self._view.selectionModel()
        if model is None or selection_model is None:
            return
        present = {c.id for c in model.document.cues}
        rows = sorted({model.row_of(i) for i in ids if i in present})
        selection = QItemSelection()
        for row in rows:
            selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag
        selection_model.select(selection, flags.ClearAndSelect)
        if current is None and rows:
            current = model.cue_id_at(rows[0])
        if current is not None and rows:
            column = max(self._view.currentIndex().column(), 0)
            index = model.index(model.row_of(current), column)
            selection_model.setCurrentIndex(index, flags.NoUpdate)
            self._view.scrollTo(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # setModel() gives the view a new selection model (a child of the view): rebind to it
        # once it is in place.
        if watched is self._view and event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self, self._rebind)
        return False

    def _rebind(self) -> None:
        selection_model, model = self._view.selectionModel(), self.model
        if selection_model is not self._selection_model:
            if self._selection_model is not None:
                try:
                    self._selection_model.selectionChanged.disconnect(self.update_actions)
                    self._selection_model.currentChanged.disconnect(self.update_actions)
                except (RuntimeError, TypeError):  # already gone with its model
                    pass
            self._selection_model = selection_model
            if selection_model is not None:
                selection_model.selectionChanged.connect(self.update_actions)
                selection_model.currentChanged.connect(self.update_actions)
        if model is not self._model:
            if self._model is not None:
                try:
                    for signal in self._model_signals(self._model):
                        signal.disconnect(self.update_actions)
                except (RuntimeError, TypeError):
                    pass
            self._model = model
            if model is not None:
                for signal in self._model_signals(model):
                    signal.connect(self.update_actions)
        self.update_actions()

    @staticmethod
    def _model_signals(model: CueTableModel) -> list:  # type: ignore[type-arg]
        return [model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged]

    def update_actions(self, *_: object) -> None:
        """Enable the actions that make sense for the selection."""
        model = self.model
        count = model.rowCount() if model is not None else 0
        ids = self.selected_ids()
        anchor = self.anchor_id()
        row = model.row_of(anchor) if model is not None and anchor is not None else -1
        self.split_action.setEnabled(anchor is not None)
        self.merge_next_action.setEnabled(0 <= row < count - 1)
        self.merge_previous_action.setEnabled(row > 0)
        self.insert_before_action.setEnabled(anchor is not None or (model is not None and count == 0))
        self.insert_after_action.setEnabled(model is not None and (anchor is not None or count == 0))
        for action in (self.delete_action, self.min_gap_action, self.extend_short_action, self.split_long_action,
                       self.merge_tiny_action, self.snap_start_action, self.snap_end_action):  # fmt: skip
            action.setEnabled(bool(ids))
        self.shift_action.setEnabled(count > 0)
        self.sync_action.setEnabled(count >= 2)
        for action in (self.find_action, self.replace_action, self.find_next_action, self.find_previous_action):
            action.setEnabled(count > 0)

    # ------------------------------------------------------------------ the commands

    def _run(self, slot: Callable[[], object]) -> None:
        self._rebind()
        if self.model is None:
            return
        try:
            slot()
        except ValueError as error:
            log.info("editor command refused: %s", error)
            self.message.emit(str(error))

    def split(self) -> None:
        """Split at the text cursor of an open Text cell editor, else at the middle word."""
        model = self._need_model()
        cue_id, position = self._close_editor()  # typing there first becomes its own undo step
        cue_id = cue_id if cue_id is not None else self._need_anchor(self.tr("Choose a cue to split"))
        cue = model.document.get(cue_id)
        if position is None:
            position = split_position(cue)
            if position is None:
                raise ValueError(self.tr("“{0}” is one word: edit the text and put the cursor where to split")
                                 .format(cue.text))
        elif not (plain_text(cue.text[:position]).strip() and plain_text(cue.text[position:]).strip()):
            raise ValueError(self.tr("Put the text cursor between two words to split there"))
        at = position
        edit = push_edit(model, self.tr("Split cue"), lambda doc: doc.split(cue_id, at))
        self.select_ids(edit.changed_ids, current=cue_id)

    def merge_next(self) -> None:
        self._merge(+1)

    def merge_previous(self) -> None:
        self._merge(-1)

    def _merge(self, direction: int) -> None:
        model = self._need_model()
        self._close_editor()
        cue_id = self._need_anchor(self.tr("Choose a cue to merge"))
        prev, nxt = model.document.neighbours(cue_id)
        other = nxt if direction > 0 else prev
        if other is None:
            raise ValueError(self.tr("No next cue to merge with") if direction > 0
                             else self.tr("No previous cue to merge with"))  # fmt: skip
        cue = model.document.get(cue_id)
        joiner = "\n" if "\n" not in cue.text and "\n" not in other.text else " "
        edit = push_edit(model, self.tr("Merge cues"), lambda doc: doc.merge([cue_id, other.id], joiner))
        self.select_ids(edit.changed_ids)

    def insert(self, after: bool = True) -> None:
        """A new empty cue in the silence after (before) the chosen cue."""
        model = self._need_model()
        self._close_editor()
        start, end = insertion_span(model.document, self.anchor_id(), after, model.preset)
        edit = push_edit(model, self.tr("Insert cue"), lambda doc: doc.insert(start, end))
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
            raise ValueError(self.tr("No cues selected to delete"))
        doc = model.document
        last = max(doc.index_of(i) for i in ids)
        gone = set(ids)
        follower = next((c.id for c in doc.cues[last + 1:]), None)
        if follower is None:
            follower = next((c.id for c in reversed(doc.cues) if c.id not in gone), None)
        macro = self.tr("Delete {0} cues").format(len(ids)) if len(ids) > 1 else self.tr("Delete 1 cue")
        with undo_macro(model.undo_stack, macro):
            for cue_id in ids:
                push_edit(model, self.tr("Delete cue"), partial(Document.delete, ids=[cue_id]))
        self.select_ids([] if follower is None else [follower])

    def fix(self, fix: Fix) -> None:
        """Run a quality fix on the selected cues."""
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        if not ids:
            raise ValueError(self.tr("No cues selected to fix"))
        name = self.tr(_FIX_NAMES[fix]) if fix in _FIX_NAMES else self.tr("Quality fix")
        preset = model.preset
        edit = push_edit(model, name, lambda doc: fix_selection(doc, ids, fix, preset))
        if not edit:
            self.message.emit(self.tr("{0}: nothing to change in the selection").format(name))
            return
        present = {c.id for c in model.document.cues}
        self.select_ids([i for i in ids if i in present] + list(edit.new_ids))
        changed = len(edit.added)
        self.message.emit(self.tr("{0}: {1} cues changed").format(name, changed) if changed != 1
                          else self.tr("{0}: 1 cue changed").format(name))  # fmt: skip

    def snap(self, which: Literal["start", "end"]) -> None:
        """Move each selected cue's start (end) to the nearest word edge, one macro for all."""
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        if not ids:
            raise ValueError(self.tr("No cues selected to snap"))
        scratch = Document(model.document.cues, next_id=model.document.next_id)
        movable, stuck = [], 0
        for cue_id in ids:  # in table order, on a copy, so each snap sees the ones before it
            try:
                if scratch.snap_to_word_edge(cue_id, which):
                    movable.append(cue_id)
            except ValueError:
                stuck += 1
        if not movable:
            if which == "start":
                raise ValueError(self.tr("No word start within reach to snap to") if stuck
                                 else self.tr("Already on a word start"))  # fmt: skip
            raise ValueError(self.tr("No word end within reach to snap to") if stuck
                             else self.tr("Already on a word end"))  # fmt: skip
        starts = which == "start"
        macro = self.tr("Snap start to word") if starts else self.tr("Snap end to word")
        step = self.tr("Snap start") if starts else self.tr("Snap end")
        with undo_macro(model.undo_stack, macro):
            for cue_id in movable:
                push_edit(model, step, partial(Document.snap_to_word_edge, cue_id=cue_id, which=which))
        self.select_ids(ids, current=self.anchor_id())
        if stuck:
            template = (self.tr("Snapped {0} cue(s); {1} had no word start within reach") if starts
                        else self.tr("Snapped {0} cue(s); {1} had no word end within reach"))  # fmt: skip
            self.message.emit(template.format(len(movable), stuck))

    def shift_dialog(self) -> None:
        model = self._need_model()
        self._close_editor()
        ids, anchor = self.selected_ids(), self.anchor_id()
        current_row = self._view.currentIndex().row()
        current = model.cue_id_at(current_row) if 0 <= current_row < model.rowCount() else anchor
        dialog = ShiftDialog(model.preset.frame_rate, has_selection=bool(ids), has_current=current is not None,
                             parent=self._view.window())  # fmt: skip
        if dialog.exec() != QDialog.DialogCode.Accepted or (params := dialog.parameters()) is None:
            return
        apply_shift(model, params, selected=ids, current=current)
        self.select_ids(ids, current=anchor)

    def sync_dialog(self) -> None:
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        first, last = (ids[0], ids[-1]) if len(ids) >= 2 else (None, None)
        dialog = SyncDialog(model.document.cues, first, last, parent=self._view.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or (params := dialog.parameters()) is None:
            return
        apply_two_point_sync(model, params)
        self.select_ids(ids, current=self.anchor_id())

    def find_replace_dialog(self, replace: bool = False) -> FindReplaceDialog:
        """Show the (one, non-modal) Find and Replace dialog of this view."""
        if self._find_dialog is None:
            dialog = FindReplaceDialog(self._view, parent=self._view.window())
            dialog.message.connect(self.message)
            self._find_dialog = dialog
        self._find_dialog.show()
        self._find_dialog.raise_()
        self._find_dialog.activateWindow()
        editor = self._find_dialog.replace_edit if replace else self._find_dialog.find_edit
        editor.setFocus()
        editor.selectAll()
        return self._find_dialog

    def _find_step(self, forward: bool) -> None:
        dialog = self._find_dialog
        if dialog is None or not dialog.find_edit.text():
            self.find_replace_dialog()
        elif forward:
            dialog.find_next()
        else:
            dialog.find_previous()

    # ------------------------------------------------------------------ internals

    def _need_model(self) -> CueTableModel:
        model = self.model
        if model is None:
            raise ValueError(self.tr("No subtitles to edit"))
        return model

    def _need_anchor(self, refusal: str) -> int:
        """The anchor cue; ValueError(``refusal``, already in words) when there is none."""
        cue_id = self.anchor_id()
        if cue_id is None:
            raise ValueError(refusal)
        return cue_id

    def _close_editor(self) -> tuple[int | None, int | None]:
        """Commit and close an open cell editor; (its cue id, the text cursor as a position in the
        cue's tagged text) for a Text cell."""
        view, model = self._view, self.model
        if view.state() != QAbstractItemView.State.EditingState or model is None:
            return None, None
        editor: QWidget | None = QApplication.focusWidget()
        if editor is None or not view.isAncestorOf(editor):
            candidates = [w for w in view.viewport().findChildren(QWidget)
                          if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit)) and w.isVisible()]  # fmt: skip
            editor = candidates[0] if len(candidates) == 1 else None
        if editor is None:
            return None, None
        while (parent := editor.parentWidget()) is not None and parent is not view.viewport():
            editor = parent  # the delegate's editor itself, not a child of it
        index = view.indexAt(editor.geometry().center())
        if not index.isValid():
            index = view.currentIndex()
        position: int | None = None
        if isinstance(editor, QLineEdit):
            text, position = editor.text(), editor.cursorPosition()
        elif isinstance(editor, (QTextEdit, QPlainTextEdit)):
            text, position = editor.toPlainText(), editor.textCursor().position()
        if position is not None:
            position -= text[:position].count("\r\n")  # the document folds CRLF
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if not index.isValid() or index.row() >= model.rowCount():
            return None, None
        cue_id = model.cue_id_at(index.row())
        if position is None or index.column() != TEXT:
            return cue_id, None
        # The editor shows styles, not tags: its cursor counts the text the user sees.
        return cue_id, tagged_position(model.document.get(cue_id).text, position)
