"""The one owner of an edit: every request to change the cues becomes an undo step here.

The edit path is view -> controller -> undo command -> cue model -> Document. A view (a table
cell, a waveform drag, a menu command, Find and Replace) asks its model's :class:`EditController`;
the controller makes the change once through :meth:`CueTableModel.run_operation` (the Document's
atomic replace does it or refuses with nothing changed), then pushes an already-done command
(gui.commands) so undo and redo can replay it. A refusal pushes nothing, so it costs neither an
undo step nor the redo history.

The Document's own checks are the only ones (times, overlaps, neighbours): nothing is checked
beforehand, nothing is tried on a copy. Every refusal, of an edit, an undo or a redo, is reported
on the one :attr:`EditController.refused` signal, translated, with the cues named by the row
numbers the table shows rather than by their ids (the Document's messages name ids).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QObject, Signal

from engine.subtitles.cue import Edit
from engine.subtitles.document import CueNotFoundError, Document, format_ms
from gui.commands import DocumentEditCommand, EditTextCommand, EditTranslationCommand, SetTimesCommand

if TYPE_CHECKING:
    from gui.models.cue_model import CueTableModel

log = logging.getLogger(__name__)

Operation = Callable[[Document], Edit]

# The Document's refusals (engine/subtitles/document.py, cue.py), by the shape of their message.
_OVERLAP = re.compile(r"cue (\d+) \(([^)]*)\) would overlap cue (\d+), which ends at (\S+)")
_END_BEFORE_START = re.compile(r"cue (\d+): end (-?\d+) ms must be after start (-?\d+) ms")
_BEFORE_ZERO = re.compile(r"cue (\d+)(?:: start| would start at) (-?\d+) ms(?: is|,) before the beginning")
_CHANGED = re.compile(r"cannot apply edit: cue (\d+) has changed since it was made")
_GONE = re.compile(r"no cue with id (\d+)")
_EMPTY_SPLIT = re.compile(r"cue (\d+): splitting at \d+ would leave an empty cue|cue (\d+): split position")
_SHORT_SPLIT = re.compile(r"cue (\d+) is too short \((\d+) ms\) to split")
_NO_EDGE = re.compile(r"cue (\d+): no word (start|end) within reach")
_ANY_CUE = re.compile(r"\bcue (\d+)")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class EditController(QObject):
    """Turns edit requests on one model into undo steps; reports every refusal on ``refused``."""

    refused = Signal(str)  # why an edit, undo or redo was not made, in words, for the status bar

    def __init__(self, model: CueTableModel) -> None:
        super().__init__(model)
        self._model = model

    # ------------------------------------------------------------------ requests

    def edit(self, text: str, operation: Operation) -> Edit | None:
        """Run a Document ``operation`` as one undo step named ``text``; None when refused
        (reported), an empty Edit when it changed nothing (no step)."""
        try:
            edit = self._model.run_operation(operation)
        except ValueError as error:
            self.report("do", text, error)
            return None
        if edit:
            self._model.undo_stack.push(DocumentEditCommand(self._model, text, edit))
        return edit

    def set_text(self, cue_id: int, text: str, *, mergeable: bool = True) -> bool:
        """New text for one cue; typing on in the same cue merges into one step. False: refused."""
        old, new = self._model.document.get(cue_id).text, _normalise(text)
        if new == old:
            return True
        command = EditTextCommand(self._model, cue_id, old, new, mergeable=mergeable)
        if not self._run(command.text(), lambda doc: doc.set_text(cue_id, new)):
            return False
        self._model.undo_stack.push(command)
        return True

    def set_translation(self, cue_id: int, text: str, *, mergeable: bool = True) -> bool:
        """New translation for one cue ("" takes it away), as the text is set: typing on in the
        same cue merges into one step. False: refused (reported)."""
        old, new = self._model.document.get(cue_id).translation, _normalise(text)
        if new == old:
            return True
        command = EditTranslationCommand(self._model, cue_id, old, new, mergeable=mergeable)
        if not self._run(command.text(), lambda doc: doc.set_translation(cue_id, new)):
            return False
        self._model.undo_stack.push(command)
        return True

    def set_times(self, cue_id: int, start_ms: int, end_ms: int, *, mergeable: bool = False) -> bool:
        """New start and end (ms) for one cue, as one step (merged with the last one when both are
        ``mergeable``). False when the Document refuses (reported)."""
        cue = self._model.document.get(cue_id)
        old = (cue.start_ms, cue.end_ms)
        if (start_ms, end_ms) == old:
            return True
        command = SetTimesCommand(self._model, cue_id, old, (start_ms, end_ms), mergeable=mergeable)
        if not self._run(command.text(), lambda doc: doc.set_times(cue_id, start_ms, end_ms)):
            return False
        self._model.undo_stack.push(command)
        return True

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Edits made inside are one undo step named ``text``; none is left when nothing changed."""
        stack = self._model.undo_stack
        stack.beginMacro(text)
        try:
            yield
        finally:
            stack.endMacro()
            last = stack.command(stack.index() - 1) if stack.index() > 0 else None
            if last is not None and last.text() == text and last.childCount() == 0:
                last.setObsolete(True)
                stack.undo()  # an obsolete command is dropped instead of undone

    # ------------------------------------------------------------------ refusals

    def refuse(self, message: str) -> None:
        """Report a refusal already in words (a request that never reached the Document)."""
        log.info("edit refused: %s", message)
        self.refused.emit(message)

    def report(self, action: Literal["do", "undo", "redo"], text: str, error: ValueError) -> None:
        """Report the Document's refusal of ``action`` on the step ``text``, in the user's words."""
        log.warning("cannot %s %r: %s", action, text, error)
        translate = QCoreApplication.translate
        templates = {
            "do": translate("UndoCommand", "Cannot do “{0}”: {1}"),
            "undo": translate("UndoCommand", "Cannot undo “{0}”: {1}"),
            "redo": translate("UndoCommand", "Cannot redo “{0}”: {1}"),
        }
        self.refused.emit(templates[action].format(text, self.explain(error)))

    def explain(self, error: ValueError) -> str:
        """The Document's reason, translated, with its cue ids turned into the table's rows."""
        message = str(error)
        if m := _OVERLAP.search(message):
            return self.tr(
                "{0} (from {1}) would overlap {2}, which ends at {3}. Move or shorten one of them first."
            ).format(self._row(m[1]), m[2], self._row(m[3]), m[4])
        if m := _END_BEFORE_START.search(message):
            return self.tr("the end of {0} ({1}) must be after its start ({2}).").format(
                self._row(m[1]), format_ms(int(m[2])), format_ms(int(m[3]))
            )
        if m := _BEFORE_ZERO.search(message):
            return self.tr("{0} would start at {1}, before the beginning of the file.").format(
                self._row(m[1]), format_ms(int(m[2]))
            )
        if m := _CHANGED.search(message):
            return self.tr(
                "{0} has changed since (new cues arrived beside it); edit it by hand instead."
            ).format(self._row(m[1]))
        if isinstance(error, CueNotFoundError) or _GONE.search(message):
            return self.tr("a cue it needs has been deleted since.")
        if m := _EMPTY_SPLIT.search(message):
            return self.tr(
                "splitting {0} there would leave an empty cue; put the cursor between two words."
            ).format(self._row(m[1] or m[2]))
        if m := _SHORT_SPLIT.search(message):
            return self.tr("{0} is too short to split ({1} ms).").format(self._row(m[1]), m[2])
        if m := _NO_EDGE.search(message):
            template = (
                self.tr("{0} has no word start within reach to snap to.")
                if m[2] == "start"
                else self.tr("{0} has no word end within reach to snap to.")
            )
            return template.format(self._row(m[1]))
        if "reverse the order" in message:
            return self.tr(
                "that would reverse the order of the cues; keep the two new start times in the same order."
            )
        if "start at different times" in message:
            return self.tr("choose two cues that start at different times.")
        if "only neighbouring cues" in message:
            return self.tr("only neighbouring cues can be merged; choose rows next to each other.")
        if "at least two cues" in message:
            return self.tr("merging needs at least two cues; choose two rows.")
        return _ANY_CUE.sub(lambda m: self._row(m[1]), message)  # a reason with no translation yet

    # ------------------------------------------------------------------ internals

    def _run(self, text: str, operation: Operation) -> bool:
        try:
            self._model.run_operation(operation)
        except ValueError as error:
            self.report("do", text, error)
            return False
        return True

    def _row(self, cue_id: str) -> str:
        """ "row N" as the table shows it (1-based), or "a new cue" for an id not in it yet."""
        try:
            return self.tr("row {0}").format(self._model.row_of(int(cue_id)) + 1)
        except CueNotFoundError:
            return self.tr("a new cue")
