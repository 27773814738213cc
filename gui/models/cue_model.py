"""The cue table: one row per cue of a :class:`~engine.subtitles.document.Document`.

The document is the truth and the rows are a projection of it. ``setData`` never changes the
document: it asks the model's :class:`~gui.edit_controller.EditController` (``model.controller``,
the one owner of edits and of the ``refused`` signal), and every edit changes the document
through :meth:`CueTableModel.run_operation`, which then reconciles the rows with the document
and emits the fine-grained signals (rows removed, moved by a layout change with persistent
indexes remapped by cue id, rows inserted, data changed), so a view's selection follows its
cues. Cues streamed in from the engine take the same path through :meth:`apply_streamed`
(the live cues' updates, engine.subtitles.live), outside the undo stack; every change
:meth:`run_operation` makes is told to ``user_edited`` so the live cues leave the user's cues
alone.

Rows hold the cue objects the views last heard about; cues are frozen, so "changed" is an
identity test and a row's quality issues are cached until its cue or its next cue changes.

Stretches of the file the engine could not transcribe (gui.failed_stretches) are kept beside
the document, never in it: the "#" cell of the cue just after each hole (or of the last cue,
for a hole after it) is marked red with a tooltip giving the stretch's times and reason. No
marker rows: every row stays a cue, so row numbers, selection and every edit path are the same
as without holes, and nothing of a hole can be saved or exported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QUndoStack

from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import CueNotFoundError, Document, format_ms
from engine.subtitles.presets import Preset
from engine.subtitles.quality import Issue, Rule, check_cue, cps
from engine.subtitles.timecode import format_timecode, parse_clock, parse_timecode
from gui import failed_stretches
from gui.edit_controller import EditController
from gui.failed_stretches import FailedStretch
from gui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

# Column titles, translated when shown (context "CueTableModel").
COLUMNS = (
    "#",
    QT_TRANSLATE_NOOP("CueTableModel", "Start"),
    QT_TRANSLATE_NOOP("CueTableModel", "End"),
    QT_TRANSLATE_NOOP("CueTableModel", "Duration"),
    QT_TRANSLATE_NOOP("CueTableModel", "CPS"),
    QT_TRANSLATE_NOOP("CueTableModel", "Text"),
)
NUMBER, START, END, DURATION, CPS, TEXT = range(len(COLUMNS))
CUE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # every cell: its cue's id
# "#" cell: the failed stretches (FailedStretch) that lie next to its cue, else None
FAILED_STRETCHES_ROLE = Qt.ItemDataRole.UserRole + 2

_R = Qt.ItemDataRole
_HOLE_ROLES = [_R.DecorationRole, _R.BackgroundRole, _R.ForegroundRole, _R.ToolTipRole, FAILED_STRETCHES_ROLE]
_EDITABLE = frozenset({START, END, TEXT})
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole

# Which cell a broken rule colours, how its tooltip starts, and whether it is a hard limit.
_RULE_CELL: dict[Rule, tuple[int, str, bool]] = {
    Rule.CPS: (CPS, QT_TRANSLATE_NOOP("CueTableModel", "Reading speed"), True),
    Rule.LINE_LENGTH: (TEXT, QT_TRANSLATE_NOOP("CueTableModel", "Line too long:"), True),
    Rule.LINE_COUNT: (TEXT, QT_TRANSLATE_NOOP("CueTableModel", "Too many lines:"), True),
    Rule.OVERLAP: (END, QT_TRANSLATE_NOOP("CueTableModel", "Overlap:"), True),
    Rule.TOO_SHORT: (DURATION, QT_TRANSLATE_NOOP("CueTableModel", "Too short:"), False),
    Rule.TOO_LONG: (DURATION, QT_TRANSLATE_NOOP("CueTableModel", "Too long:"), False),
    Rule.GAP: (END, QT_TRANSLATE_NOOP("CueTableModel", "Gap too short:"), False),
}
_SOFT_RED = QBrush(QColor(255, 204, 204))
_SOFT_ORANGE = QBrush(QColor(255, 224, 178))
_DARK_TEXT = QBrush(QColor(33, 33, 33))  # stays readable on the soft colours in dark themes


def parse_time(value: object) -> int | None:
    """Milliseconds from what a user typed in a time cell: "h:mm:ss.mmm", "mm:ss.mmm", "ss.mmm"
    (or ",mmm") or plain ms (timecode.parse_clock, strict); None if it is not a time."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    try:
        return parse_clock(value, strict=True)
    except ValueError:
        return None


def parse_frames(value: object, frame_rate: float) -> int | None:
    """Milliseconds at the start of the frame ``H:MM:SS:FF``; None if it is not such a timecode."""
    return parse_timecode(value, frame_rate) if isinstance(value, str) else None


format_frames = format_timecode


def _blocks(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class CueTableModel(QAbstractTableModel):
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
        super().__init__(parent)
        self._doc = document
        self._preset = preset
        self._undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.controller = EditController(self)  # every edit of this model, and its refusals
        # Told every change run_operation makes (the user's edits, undo and redo): the session's
        # live cues (engine.subtitles.live.LiveCues.user_edited) while the engine streams.
        self.user_edited: Callable[[Edit], None] | None = None
        self._rows: list[Cue] = list(document.cues)
        self._row_index: dict[int, int] | None = None
        self._issues: dict[int, tuple[Cue, Cue | None, dict[int, list[Issue]]]] = {}
        # While rows are inserted, removed or moved, a row keeps the number it showed (an item's
        # data must not change under a view unannounced); one dataChanged renumbers afterwards.
        self._numbers: dict[int, int] | None = None
        self._frame_rate: float | None = None  # set: Start and End show as H:MM:SS:FF
        self._failed: tuple[FailedStretch, ...] = ()
        # The stretches by the id of the cue that shows them, for the document's cues tuple it
        # was built from (every document change makes a new one).
        self._failed_at: tuple[tuple[Cue, ...] | None, dict[int, list[FailedStretch]]] = (None, {})

    # ------------------------------------------------------------------ public API

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
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, TEXT))

    def cue_id_at(self, row: int) -> int:
        if not 0 <= row < len(self._rows):
            raise IndexError(f"no row {row} (the table has {len(self._rows)})")
        return self._rows[row].id

    def row_of(self, cue_id: int) -> int:
        """The row showing ``cue_id``; CueNotFoundError when it is not in the table."""
        if self._row_index is None:
            self._row_index = {cue.id: row for row, cue in enumerate(self._rows)}
        try:
            return self._row_index[cue_id]
        except KeyError:
            raise CueNotFoundError(f"no cue with id {cue_id} in the table") from None

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
            self.dataChanged.emit(self.index(0, NUMBER), self.index(len(self._rows) - 1, NUMBER), _HOLE_ROLES)
        self.failed_stretches_changed.emit()
        return True

    def append_streamed(self, cues: Sequence[Cue]) -> list[int]:
        """Add cues outside the undo stack (not undoable); returns their new ids. The window
        streams through :meth:`apply_streamed` now; edits against cues arriving beside them are
        still tested through this.

        Each run of neighbouring new rows is one insert, and ``cues_appended`` tells their rows.
        A cue starting together with one already there cannot be placed (Document.add_cues):
        it is skipped with a warning rather than breaking the window.
        """
        starts = {cue.start_ms for cue in self._doc.cues}
        accepted: list[Cue] = []
        for cue in sorted(cues, key=lambda c: c.start_ms):  # stable: the first one sent stays
            if cue.start_ms in starts:
                log.warning(
                    "streamed cue at %s starts together with another; skipped: %r",
                    format_ms(cue.start_ms),
                    cue.text,
                )
                continue
            starts.add(cue.start_ms)
            accepted.append(cue)
        if not accepted:
            return []
        try:
            new_ids = list(self._doc.add_cues(accepted).new_ids)
        except ValueError:  # not expected after the check above; add what fits, one by one
            log.exception("streamed batch refused; adding its cues one at a time")
            new_ids = []
            for cue in accepted:
                try:
                    new_ids += self._doc.add_cues([cue]).new_ids
                except ValueError as error:
                    log.warning("streamed cue skipped: %s", error)
        rows = self._sync()
        if rows:
            self.cues_appended.emit(rows)
        return new_ids

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

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section]) if section != NUMBER else COLUMNS[section]
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in _EDITABLE:
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
        if column == NUMBER and self._failed:
            holes = self._failed_by_cue().get(cue.id)
            marked = self._hole_data(cue, holes, role) if holes else None
            if marked is not None:
                return marked
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TEXT:
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
                return "\n".join(f"{self.tr(_RULE_CELL[i.rule][1])} {i.message}" for i in issues)
            if role == Qt.ItemDataRole.ForegroundRole:
                return _DARK_TEXT
            return _SOFT_RED if any(_RULE_CELL[i.rule][2] for i in issues) else _SOFT_ORANGE
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = _EDIT) -> bool:
        """Parse the edit and ask the controller for it; False (nothing changed, reported) when refused."""
        if role != _EDIT or not index.isValid() or index.column() not in _EDITABLE:
            return False
        cue = self._rows[index.row()]
        if index.column() == TEXT:
            return isinstance(value, str) and self.controller.set_text(cue.id, value)
        ms = parse_frames(value, self._frame_rate) if self._frame_rate else None
        ms = ms if ms is not None else parse_time(value)
        if ms is None:
            self.controller.refuse(
                self.tr("Not a time: {0} (use h:mm:ss.mmm, mm:ss.mmm, ss.mmm or ms)").format(repr(value))
            )
            return False
        start, end = (ms, cue.end_ms) if index.column() == START else (cue.start_ms, ms)
        return self.controller.set_times(cue.id, start, end)

    # ------------------------------------------------------------------ internals

    def _text(self, cue: Cue, row: int, column: int, editing: bool) -> str:
        if column == TEXT:
            return cue.text if editing else " / ".join(cue.text.split("\n"))
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
            by_column.setdefault(_RULE_CELL[issue.rule][0], []).append(issue)
        self._issues[cue.id] = (cue, nxt, by_column)
        return by_column

    def _sync(self) -> list[int]:
        """Bring the rows in line with the document, signalling each step; returns inserted rows."""
        new = self._doc.cues
        if len(new) == len(self._rows) and all(a is b for a, b in zip(self._rows, new)):
            return []
        self._row_index = None
        old_ids = [c.id for c in self._rows]
        old_by_id = {c.id: c for c in self._rows}
        old_next = {a.id: b for a, b in zip(self._rows, self._rows[1:])}
        new_ids = {c.id for c in new}
        self._numbers = {cue_id: row for row, cue_id in enumerate(old_ids, 1)}
        gone = [row for row, cue in enumerate(self._rows) if cue.id not in new_ids]
        for first, last in reversed(_blocks(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self._row_index = None  # a slot may have asked row_of() in between
            self.endRemoveRows()
        for cue_id in set(old_by_id) - new_ids:
            self._issues.pop(cue_id, None)
        target = [c.id for c in new if c.id in old_by_id]
        reordered = [c.id for c in self._rows] != target
        if reordered:
            self._reorder(target)  # a time edit moved a cue past others
        inserted = [row for row, cue in enumerate(new) if cue.id not in old_by_id]
        for first, last in _blocks(inserted):
            self.beginInsertRows(QModelIndex(), first, last)
            self._rows[first:first] = new[first : last + 1]
            self._row_index = None
            self.endInsertRows()
        # A row shows its cue and is coloured by the gap to the next one: refresh either change.
        stale = [
            row
            for row, cue in enumerate(new)
            if cue.id in old_by_id
            and (
                old_by_id[cue.id] is not cue
                or old_next.get(cue.id) is not (new[row + 1] if row + 1 < len(new) else None)
            )
        ]
        self._rows = list(new)
        self._numbers = None
        for first, last in _blocks(stale):
            self.dataChanged.emit(self.index(first, 0), self.index(last, TEXT))
        if self._failed and new:  # a hole's mark may now belong to another cue
            self.dataChanged.emit(self.index(0, NUMBER), self.index(len(new) - 1, NUMBER), _HOLE_ROLES)
        if gone or inserted or reordered:  # the "#" column counts rows: renumber below the change
            first = next((row for row, (a, b) in enumerate(zip(old_ids, new)) if a != b.id), len(old_ids))
            if first < len(new):
                self.dataChanged.emit(self.index(first, NUMBER), self.index(len(new) - 1, NUMBER), [_DISPLAY])
        return inserted

    def _reorder(self, target: list[int]) -> None:
        """Put the rows in ``target`` id order as a layout change; persistent indexes follow their cues."""
        self.layoutAboutToBeChanged.emit()
        position = {cue_id: row for row, cue_id in enumerate(target)}
        persistent = self.persistentIndexList()
        moved = [self.index(position[self._rows[p.row()].id], p.column()) for p in persistent]
        by_id = {c.id: c for c in self._rows}
        self._rows = [by_id[cue_id] for cue_id in target]
        self._row_index = None
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
