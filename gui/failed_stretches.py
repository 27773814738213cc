"""Stretches of a file the engine could not transcribe, as the window keeps and draws them.

A stretch fails when one chunk of a file fails for reasons of its own while the rest of the
file goes on (engine.protocol.StretchFailed, then JobFinished.failed_stretches). It holds no
cues and is never a cue: the cue model keeps the file's stretches beside its document, never
in it, so nothing here can reach a saved or exported file. The waveform draws each one as a red
hatched band (``FailedBand``), the table marks the cue beside the hole with the same hatch, and
the queue row counts them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from engine.subtitles.cue import Cue

FILL = QColor(200, 40, 40, 70)
HATCH = QColor(235, 70, 70, 200)
EDGE = QColor(235, 70, 70, 230)
CELL = QColor(198, 40, 40)  # the table cell beside a hole; white text stays readable on it
CELL_TEXT = QColor(255, 255, 255)


@dataclass(frozen=True)
class FailedStretch:
    """A span of the file (ms) with no cues because its chunk failed, and why."""

    start_ms: int
    end_ms: int
    reason: str = ""  # "" when only JobFinished told of it


def merge(known: Iterable[FailedStretch], new: Iterable[FailedStretch]) -> tuple[FailedStretch, ...]:
    """``known`` and ``new`` in time order, one per span: StretchFailed and JobFinished name the
    same stretch twice, and the one that gives a reason is kept."""
    by_span: dict[tuple[int, int], FailedStretch] = {}
    for stretch in (*known, *new):
        span = (stretch.start_ms, stretch.end_ms)
        if span not in by_span or (stretch.reason and not by_span[span].reason):
            by_span[span] = stretch
    return tuple(by_span[span] for span in sorted(by_span))


def by_cue(cues: Sequence[Cue], stretches: Iterable[FailedStretch]) -> dict[int, list[FailedStretch]]:
    """Each stretch under the id of the first cue that starts at or after it (the cue a
    subtitler meets just after the hole), or of the last cue when none does; ``cues`` in time
    order. Empty when there are no cues."""
    found: dict[int, list[FailedStretch]] = {}
    if cues:
        starts = [c.start_ms for c in cues]
        for stretch in stretches:
            at = min(bisect.bisect_left(starts, stretch.start_ms), len(cues) - 1)
            found.setdefault(cues[at].id, []).append(stretch)
    return found


def hatch_brush() -> QBrush:
    return QBrush(HATCH, Qt.BrushStyle.BDiagPattern)


_icon: QPixmap | None = None


def hatch_icon() -> QPixmap:
    """A small square with the waveform band's hatch, for the table cell beside a hole (made
    once, after the application exists)."""
    global _icon
    if _icon is None:
        _icon = QPixmap(12, 12)
        _icon.fill(CELL_TEXT)
        painter = QPainter(_icon)
        painter.fillRect(_icon.rect(), FILL)
        painter.fillRect(_icon.rect(), QBrush(CELL, Qt.BrushStyle.BDiagPattern))
        painter.setPen(CELL)
        painter.drawRect(_icon.rect().adjusted(0, 0, -1, -1))
        painter.end()
    return _icon


class FailedBand(QGraphicsRectItem):
    """One stretch that holds no cues because it failed: filled and hatched in screen pixels,
    so the hatch looks the same at every zoom. Takes no clicks (they seek, as on empty space)."""

    def __init__(self, stretch: FailedStretch) -> None:
        span_s = (stretch.end_ms - stretch.start_ms) / 1000
        super().__init__(QRectF(stretch.start_ms / 1000, -1.0, span_s, 2.0))
        self.stretch = stretch
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(4)  # over the envelope (still seen through it), under the cues

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = painter.transform().mapRect(self.rect())
        painter.save()
        painter.resetTransform()
        painter.fillRect(rect, FILL)
        painter.fillRect(rect, hatch_brush())
        painter.setPen(QPen(EDGE, 2))
        painter.drawLine(rect.topLeft(), rect.bottomLeft())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.restore()
