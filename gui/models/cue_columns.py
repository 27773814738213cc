"""The cue table's columns and roles, what a time cell accepts, and which cell a broken rule colours.

Shared by the model's cells (gui.models.cue_model) and its row bookkeeping
(gui.models.cue_rows); the titles and rule labels are translated in context "CueTableModel".
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from engine.subtitles.quality import Rule
from engine.subtitles.timecode import format_timecode, parse_clock, parse_timecode
from gui.i18n import QT_TRANSLATE_NOOP

AnyIndex = QModelIndex | QPersistentModelIndex

# Column titles, translated when shown (context "CueTableModel").
COLUMNS = (
    "#",
    QT_TRANSLATE_NOOP("CueTableModel", "Start"),
    QT_TRANSLATE_NOOP("CueTableModel", "End"),
    QT_TRANSLATE_NOOP("CueTableModel", "Duration"),
    QT_TRANSLATE_NOOP("CueTableModel", "CPS"),
    QT_TRANSLATE_NOOP("CueTableModel", "Text"),
    QT_TRANSLATE_NOOP("CueTableModel", "Translation"),
)
NUMBER, START, END, DURATION, CPS, TEXT, TRANSLATION = range(len(COLUMNS))
LAST = TRANSLATION  # the last column, for dataChanged over whole rows
CUE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # every cell: its cue's id
# "#" cell: the failed stretches (FailedStretch) that lie next to its cue, else None
FAILED_STRETCHES_ROLE = Qt.ItemDataRole.UserRole + 2
# Text cell: (start, end) in the cue's plain text of each word below the unsure threshold
# (gui.confidence.unsure_spans), [] when none or when the words no longer match the text
UNSURE_ROLE = Qt.ItemDataRole.UserRole + 3

_R = Qt.ItemDataRole
HOLE_ROLES = [_R.DecorationRole, _R.BackgroundRole, _R.ForegroundRole, _R.ToolTipRole, FAILED_STRETCHES_ROLE]
EDITABLE = frozenset({START, END, TEXT, TRANSLATION})
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole

# Which cell a broken rule colours, how its tooltip starts, and whether it is a hard limit.
RULE_CELL: dict[Rule, tuple[int, str, bool]] = {
    Rule.CPS: (CPS, QT_TRANSLATE_NOOP("CueTableModel", "Reading speed"), True),
    Rule.LINE_LENGTH: (TEXT, QT_TRANSLATE_NOOP("CueTableModel", "Line too long:"), True),
    Rule.LINE_COUNT: (TEXT, QT_TRANSLATE_NOOP("CueTableModel", "Too many lines:"), True),
    Rule.OVERLAP: (END, QT_TRANSLATE_NOOP("CueTableModel", "Overlap:"), True),
    Rule.TOO_SHORT: (DURATION, QT_TRANSLATE_NOOP("CueTableModel", "Too short:"), False),
    Rule.TOO_LONG: (DURATION, QT_TRANSLATE_NOOP("CueTableModel", "Too long:"), False),
    Rule.GAP: (END, QT_TRANSLATE_NOOP("CueTableModel", "Gap too short:"), False),
}
SOFT_RED = QBrush(QColor(255, 204, 204))
SOFT_ORANGE = QBrush(QColor(255, 224, 178))
DARK_TEXT = QBrush(QColor(33, 33, 33))  # stays readable on the soft colours in dark themes


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
