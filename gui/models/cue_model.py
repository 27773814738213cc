"""The cue table: one row per cue of a :class:`~engine.subtitles.document.Document`.

The document is the truth and the rows are a projection of it. ``setData`` never changes the
document: it asks the model's :class:`~gui.edit_controller.EditController` (``model.controller``,
the one owner of edits and of the ``refused`` signal), and every edit changes the document
through :meth:`CueTableModel.run_operation`, which then reconciles the rows with the document
(gui.models.cue_rows: fine-grained signals, so a view's selection follows its cues). Cues
streamed in from the engine take the same path through :meth:`apply_streamed`
(the live cues' updates, engine.subtitles.live), outside the undo stack; every change
:meth:`run_operation` makes is told to ``user_edited`` so the live cues leave the user's cues
alone.

A row's quality issues are cached until its cue or its next cue changes; the columns, roles
and what a time cell accepts are in gui.models.cue_columns.

Stretches of the file the engine could not transcribe (gui.failed_stretches) are kept beside
the document, never in it: the "#" cell of the cue just after each hole (or of the last cue,
for a hole after it) is marked red with a tooltip giving the stretch's times and reason. No
marker rows: every row stays a cue, so row numbers, selection and every edit path are the same
as without holes, and nothing of a hole can be saved or exported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QUndoStack

from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document, format_ms
from engine.subtitles.presets import Preset
from engine.subtitles.quality import Issue, check_cue, cps
from engine.subtitles.translation import check_translation, translation_preset
from gui import confidence, failed_stretches
from gui.edit_controller import EditController
from gui.failed_stretches import FailedStretch
from gui.models.cue_columns import (
    COLUMNS,
    CPS,
    CUE_ID_ROLE,
    DARK_TEXT,
    DURATION,
    EDITABLE,
    END,
    FAILED_STRETCHES_ROLE,
    HOLE_ROLES,
    NUMBER,
    RULE_CELL,
    SOFT_ORANGE,
    SOFT_RED,
    START,
    TEXT,
    TRANSLATION,
    UNSURE_ROLE,
    AnyIndex,
    format_frames,
    parse_frames,
    parse_time,
)
from gui.models.cue_rows import CueRows

__all__ = [  # the columns and parsers, still importable from here as before the split
    "COLUMNS",
    "CPS",
    "CUE_ID_ROLE",
    "DURATION",
    "END",
    "FAILED_STRETCHES_ROLE",
    "NUMBER",
    "START",
    "TEXT",
    "TRANSLATION",
    "UNSURE_ROLE",
    "CueTableModel",
    "format_frames",
    "parse_frames",
    "parse_time",
]

log = logging.getLogger(__name__)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole


class CueTableModel(CueRows):
    """Cues of one document as an editable table whose edits go through an undo stack."""

    cues_appended = Signal(list)  # rows of the cues a streamed batch added, ascending
    failed_stretches_changed = Signal()  # a stretch the engine could not transcribe was added

    def __init__(
        self,
        document: Document,
        preset: Preset,
        undo_stack: QUndoStack | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(document, parent)
        self._preset = preset
        self._translation_preset = translation_preset(document.translation_language)
        self._undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.controller = EditController(self)  # every edit of this model, and its refusals
        # Told every change run_operation makes (the user's edits, undo and redo): the session's
        # live cues (engine.subtitles.live.LiveCues.user_edited) while the engine streams.
        self.user_edited: Callable[[Edit], None] | None = None
        # Told the cue a person begins to edit (a cell editor opens, a key is typed in the text
        # box): the live cues keep it as it is from then on (LiveCues.hold), so that no
        # re-segmentation removes the cue under the user's cursor with what they typed.
        self.editing_started: Callable[[int], None] | None = None
        self._frame_rate: float | None = None  # set: Start and End show as H:MM:SS:FF
        # The stretches by the id of the cue that shows them, for the document's cues tuple it
        # was built from (every document change makes a new one).
        self._failed_at: tuple[tuple[Cue, ...] | None, dict[int, list[FailedStretch]]] = (None, {})
        self._unsure_below = confidence.DEFAULT_THRESHOLD  # marks words below it (UNSURE_ROLE)

    # ------------------------------------------------------------------ public API

    def begin_editing(self, cue_id: int) -> None:
        """A person began editing the cue ``cue_id``: see ``editing_started``."""
        if self.editing_started is not None:
            self.editing_started(cue_id)

    @property
    def frame_rate(self) -> float | None:
        return self._frame_rate

    def set_frame_rate(self, frame_rate: float | None) -> None:
        """Show (and take) start and end as frames at ``frame_rate``, or as ms when None."""
        self._frame_rate = frame_rate
        if self._rows:
            self.dataChanged.emit(self.index(0, START), self.index(len(self._rows) - 1, END))

    @property
    def document(self) -> Document:
        return self._doc

    @property
    def undo_stack(self) -> QUndoStack:
        return self._undo_stack

    @property
    def preset(self) -> Preset:
        return self._preset

    def set_preset(self, preset: Preset) -> None:
        """Check against other limits (CPS and colours change, cues do not)."""
        self._preset = preset
        self._issues.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, TRANSLATION))

    @property
    def translation_language(self) -> str | None:
        return self._doc.translation_language

    def set_translation_language(self, language: str | None) -> None:
        """The Translation column's language ("fr"; None: not chosen): its text is checked with
        that language's preset (engine.subtitles.translation.translation_preset). ValueError
        (nothing changed) for an empty code."""
        self._doc.translation_language = language
        self._translation_preset = translation_preset(language)
        self._issues.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, TRANSLATION), self.index(len(self._rows) - 1, TRANSLATION))

    @property
    def unsure_threshold(self) -> float:
        """Words with a probability below this (0-1) are marked unsure (gui.confidence)."""
        return self._unsure_below

    def set_unsure_threshold(self, below: float) -> None:
        """Mark the words below ``below`` instead (a preference; the cues do not change)."""
        if below == self._unsure_below:
            return
        self._unsure_below = below
        if self._rows:
            self.dataChanged.emit(self.index(0, TEXT), self.index(len(self._rows) - 1, TEXT), [UNSURE_ROLE])

    @property
    def failed_stretches(self) -> tuple[FailedStretch, ...]:
        """Stretches of the file the engine could not transcribe, in time order (not cues)."""
        return self._failed

    def add_failed_stretches(self, stretches: Iterable[FailedStretch]) -> bool:
        """Mark stretches that hold no cues because they failed; a span already known is kept
        once (with its reason). Returns whether anything was new. Not an edit: the document,
        the undo stack and the files written from them do not change."""
        merged = failed_stretches.merge(self._failed, stretches)
        if merged == self._failed:
            return False
        self._failed = merged
        self._failed_at = (None, {})
        if self._rows:
            self.dataChanged.emit(self.index(0, NUMBER), self.index(len(self._rows) - 1, NUMBER), HOLE_ROLES)
        self.failed_stretches_changed.emit()
        return True

    def apply_streamed(self, edit: Edit) -> list[int]:
        """Apply one update of the live cues (engine.subtitles.live: cues removed by id, cues
        added with their ids); not undoable and not an edit of the user's. Returns the rows of
        the cues added, which ``cues_appended`` also tells. A refused update (the document
        moved on in a way the live cues did not hear of) is logged and changes nothing."""
        if not edit:
            return []
        try:
            self._doc.apply(edit)
        except ValueError:
            log.exception("a live cue update was refused; the cues stay as they are")
            return []
        rows = self._sync()
        if rows:
            self.cues_appended.emit(rows)
        return rows

    def reset_document(self, document: Document) -> None:
        """Show another document; the undo history (about the old one) is cleared."""
        self.beginResetModel()
        self._doc = document
        self._translation_preset = translation_preset(document.translation_language)
        self._rows = list(document.cues)
        self._row_index = None
        self._issues.clear()
        self._undo_stack.clear()
        self.endResetModel()

    def run_operation(self, operation: Callable[[Document], Edit]) -> Edit:
        """Run a document operation and update the views; for undo commands only.

        The operation's ValueError passes through, with the document unchanged.
        """
        edit = operation(self._doc)
        self._sync()
        if edit and self.user_edited is not None:
            self.user_edited(edit)
        return edit

    # ------------------------------------------------------------------ Qt model interface

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section]) if section != NUMBER else COLUMNS[section]
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = index.row(), index.column()
        cue = self._rows[row]
        if role == _DISPLAY or role == _EDIT:
            return self._text(cue, row, column, role == _EDIT)
        if role == CUE_ID_ROLE:
            return cue.id
        if role == UNSURE_ROLE:
            return confidence.unsure_spans(cue.text, cue.words, self._unsure_below) if column == TEXT else []
        if column == NUMBER and self._failed:
            holes = self._failed_by_cue().get(cue.id)
            marked = self._hole_data(cue, holes, role) if holes else None
            if marked is not None:
                return marked
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (TEXT, TRANSLATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            issues = self._issues_of(row).get(column)
            if not issues:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{self.tr(RULE_CELL[i.rule][1])} {i.message}" for i in issues)
            if role == Qt.ItemDataRole.ForegroundRole:
                return DARK_TEXT
            return SOFT_RED if any(RULE_CELL[i.rule][2] for i in issues) else SOFT_ORANGE
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = _EDIT) -> bool:
        """Parse the edit and ask the controller for it; False (nothing changed, reported) when refused."""
        if role != _EDIT or not index.isValid() or index.column() not in EDITABLE:
            return False
        cue = self._rows[index.row()]
        if index.column() == TEXT:
            return isinstance(value, str) and self.controller.set_text(cue.id, value)
        if index.column() == TRANSLATION:
            return isinstance(value, str) and self.controller.set_translation(cue.id, value)
        # h:mm:ss:ff at the file's frame rate in either view (the clock forms never have four
        # fields, so nothing typed means two times).
        rate = self._frame_rate or self._preset.frame_rate
        ms = parse_frames(value, rate) if rate else None
        ms = ms if ms is not None else parse_time(value)
        if ms is None:
            self.controller.refuse(
                self.tr("Not a time: {0} (use h:mm:ss.mmm, h:mm:ss:ff, mm:ss.mmm, ss.mmm or ms)").format(
                    repr(value)
                )
            )
            return False
        start, end = (ms, cue.end_ms) if index.column() == START else (cue.start_ms, ms)
        return self.controller.set_times(cue.id, start, end)

    # ------------------------------------------------------------------ internals

    def _text(self, cue: Cue, row: int, column: int, editing: bool) -> str:
        if column == TEXT:
            return cue.text if editing else " / ".join(cue.text.split("\n"))
        if column == TRANSLATION:
            return cue.translation if editing else " / ".join(cue.translation.split("\n"))
        if column in (START, END):
            ms = cue.start_ms if column == START else cue.end_ms
            return format_frames(ms, self._frame_rate) if self._frame_rate else format_ms(ms)
        if column == DURATION:
            return f"{cue.duration_ms / 1000:.3f}"
        if column == CPS:
            return f"{cps(cue, self._preset):.1f}"
        if self._numbers is not None:
            return str(self._numbers.get(cue.id, row + 1))
        return str(row + 1)

    def _failed_by_cue(self) -> dict[int, list[FailedStretch]]:
        """Which cue's "#" cell shows which hole (cached per document change)."""
        cues = self._doc.cues
        built_for, by_cue = self._failed_at
        if built_for is not cues:
            by_cue = failed_stretches.by_cue(cues, self._failed)
            self._failed_at = (cues, by_cue)
        return by_cue

    def _hole_data(self, cue: Cue, holes: list[FailedStretch], role: int) -> Any:
        """The "#" cell of the cue beside a hole: hatched icon, red, and the hole in words."""
        if role == FAILED_STRETCHES_ROLE:
            return tuple(holes)
        if role == Qt.ItemDataRole.DecorationRole:
            return failed_stretches.hatch_icon()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(failed_stretches.CELL)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(failed_stretches.CELL_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = []
            for hole in holes:
                where = (
                    self.tr("Not transcribed, before this cue: {0} - {1}")
                    if hole.start_ms <= cue.start_ms
                    else self.tr("Not transcribed, after this cue: {0} - {1}")
                )
                lines.append(where.format(format_ms(hole.start_ms), format_ms(hole.end_ms)))
                if hole.reason:
                    lines.append(self.tr("Reason: {0}").format(hole.reason))
            return "\n".join(lines)
        return None

    def _issues_of(self, row: int) -> dict[int, list[Issue]]:
        """The row's broken rules by the column they colour (cached per cue and next cue)."""
        cue = self._rows[row]
        nxt = self._rows[row + 1] if row + 1 < len(self._rows) else None
        cached = self._issues.get(cue.id)
        if cached is not None and cached[0] is cue and cached[1] is nxt:
            return cached[2]
        by_column: dict[int, list[Issue]] = {}
        for issue in check_cue(cue, self._preset, nxt):
            by_column.setdefault(RULE_CELL[issue.rule][0], []).append(issue)
        for issue in check_translation([cue], self._translation_preset):  # its own language's rules
            by_column.setdefault(TRANSLATION, []).append(issue)
        self._issues[cue.id] = (cue, nxt, by_column)
        return by_column
