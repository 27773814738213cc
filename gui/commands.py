"""Undo commands: every change a person makes to the cues, as one QUndoCommand each.

Only :class:`gui.edit_controller.EditController` builds them, after it has made the change
(the Document's atomic replace either does it or refuses with the document unchanged), so a
command's first ``redo()`` (the one ``QUndoStack.push`` makes) does nothing, and a refused edit
never reaches the stack nor costs the redo history.

Commands name cues by id, never by row, and change the document only through
``CueTableModel.run_operation`` so the views hear about it. Streamed cues arrive outside the
undo stack, but never change a cue a command holds: every cue an edit, undo or redo touches is
the user's from then on (``LiveCues.user_edited``), and live updates fit new cues around the
user's rather than move them. So a command replays exactly what it recorded, and a replay the
document refuses (a streamed cue now sits where an undo would put a cue back) is reported and
leaves the document as it is.

A refused undo or redo leaves the document unchanged and is reported through the controller's
``refused`` signal, never raised into Qt.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from engine.subtitles.cue import Edit
from engine.subtitles.document import Document

if TYPE_CHECKING:
    from gui.models.cue_model import CueTableModel

log = logging.getLogger(__name__)

_serials = itertools.count(1)  # order of construction: "was this the very next command?"
_TEXT_ID, _TIMES_ID, _TRANSLATION_ID = 0x5458, 0x544D, 0x5452  # QUndoCommand.id() of mergeable commands


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _ModelCommand(QUndoCommand):
    """A change the controller has already made; undo and redo replay it, and a refused replay is
    reported through the controller (never raised into Qt) with the document unchanged."""

    def __init__(self, model: CueTableModel, text: str) -> None:
        super().__init__(text)
        self._model = model
        self._serial = next(_serials)
        self._echo = True  # QUndoStack.push() calls redo() once: the change is already made
        self._undone = False

    def redo(self) -> None:
        if self._echo:
            self._echo = False
            return
        try:
            self._redo()
        except ValueError as error:
            self._model.controller.report("redo", self.text(), error)

    def undo(self) -> None:
        self._undone = True
        self._echo = False
        try:
            self._undo()
        except ValueError as error:
            self._model.controller.report("undo", self.text(), error)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class _FieldCommand(_ModelCommand):
    """Sets one field of one cue; consecutive commands on the same cue and field merge."""

    _merge_id = -1

    def __init__(self, model: CueTableModel, cue_id: int, text: str, mergeable: bool) -> None:
        super().__init__(model, text)
        self.cue_id = cue_id
        self._mergeable = mergeable

    def id(self) -> int:
        return self._merge_id if self._mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Only with the command pushed right after this one (no other command, no undo in
        # between) and only one the document accepted (Qt asks before dropping a failed one).
        if (
            type(other) is not type(self)
            or not isinstance(other, _FieldCommand)
            or other.isObsolete()
            or other._model is not self._model
            or other.cue_id != self.cue_id
            or other._serial != self._serial + 1
            or self._undone
        ):
            return False
        self._absorb(other)
        self._serial = other._serial
        return True

    def _absorb(self, other: _FieldCommand) -> None:
        raise NotImplementedError


class EditTextCommand(_FieldCommand):
    """One cue's text, from ``old`` to ``new``; typing on in the same cue merges into one step."""

    _merge_id = _TEXT_ID

    def __init__(
        self, model: CueTableModel, cue_id: int, old: str, new: str, *, mergeable: bool = True
    ) -> None:
        super().__init__(model, cue_id, QCoreApplication.translate("UndoCommand", "Edit text"), mergeable)
        self._old, self._new = old, new

    def _redo(self) -> None:
        self._model.run_operation(lambda doc: doc.set_text(self.cue_id, self._new))

    def _undo(self) -> None:
        self._model.run_operation(lambda doc: doc.set_text(self.cue_id, self._old))

    def _absorb(self, other: _FieldCommand) -> None:
        assert isinstance(other, EditTextCommand)
        self._new = other._new
        if self._new == self._old:
            self.setObsolete(True)  # typed back to where it started: no step left to undo


class EditTranslationCommand(_FieldCommand):
    """One cue's translation, from ``old`` to ``new``; typing on in the same cue merges into one
    step (apart from typing in its text: another field, another step)."""

    _merge_id = _TRANSLATION_ID

    def __init__(
        self, model: CueTableModel, cue_id: int, old: str, new: str, *, mergeable: bool = True
    ) -> None:
        super().__init__(
            model, cue_id, QCoreApplication.translate("UndoCommand", "Edit translation"), mergeable
        )
        self._old, self._new = old, new

    def _redo(self) -> None:
        self._model.run_operation(lambda doc: doc.set_translation(self.cue_id, self._new))

    def _undo(self) -> None:
        self._model.run_operation(lambda doc: doc.set_translation(self.cue_id, self._old))

    def _absorb(self, other: _FieldCommand) -> None:
        assert isinstance(other, EditTranslationCommand)
        self._new = other._new
        if self._new == self._old:
            self.setObsolete(True)


class SetTimesCommand(_FieldCommand):
    """One cue's (start, end) in ms, from ``old`` to ``new``. Not merged unless ``mergeable``
    (a waveform drag's updates are one step; two times typed into cells are two)."""

    _merge_id = _TIMES_ID

    def __init__(
        self,
        model: CueTableModel,
        cue_id: int,
        old: tuple[int, int],
        new: tuple[int, int],
        *,
        mergeable: bool = False,
    ) -> None:
        super().__init__(model, cue_id, QCoreApplication.translate("UndoCommand", "Change times"), mergeable)
        self._old, self._new = old, new

    def _redo(self) -> None:
        self._model.run_operation(lambda doc: doc.set_times(self.cue_id, *self._new))

    def _undo(self) -> None:
        self._model.run_operation(lambda doc: doc.set_times(self.cue_id, *self._old))

    def _absorb(self, other: _FieldCommand) -> None:
        assert isinstance(other, SetTimesCommand)
        self._new = other._new
        if self._new == self._old:
            self.setObsolete(True)


class DocumentEditCommand(_ModelCommand):
    """Any Document operation's ``edit`` (split, merge, shift, a quality fix...), already made;
    undo and redo replay it."""

    def __init__(self, model: CueTableModel, text: str, edit: Edit) -> None:
        super().__init__(model, text)
        self.edit = edit

    def _redo(self) -> None:
        done = self.edit
        self._model.run_operation(lambda doc: _replay(doc, done))

    def _undo(self) -> None:
        inverse = self.edit.inverse()
        self._model.run_operation(lambda doc: _replay(doc, inverse))


def _replay(doc: Document, edit: Edit) -> Edit:
    """``doc.apply(edit)`` (which refuses, unchanged, when the cues are no longer as recorded)."""
    doc.apply(edit)
    return edit
