"""What the waveform view (gui.views.waveform) draws and how the mouse acts on it: the time axis,
the view box (a click on empty space is reported with its button, a left drag there draws a new
cue's span), a cue's draggable region (which knows whether a drag moves an edge or the body),
and the paths of the audio envelope and of the overview drawn instead of regions when too many
cues are visible. x is time in seconds.

Edges grab within :data:`GRAB_PX` pixels on either side, wherever the press lands (inside a
cue, on empty space, on a neighbour): a drag that starts that close to an edge is handed to
that edge's line (``grab_edge``), so a near miss never moves the whole cue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainterPath

from engine.subtitles.cue import Cue
from gui.peaks import Peaks

BACKGROUND = QColor(24, 26, 30)
WAVE = QColor(110, 190, 255)
REGION = QColor(80, 200, 120, 45)
REGION_HOVER = QColor(80, 200, 120, 90)
REGION_EDGE = QColor(80, 200, 120, 200)
SELECTED = QColor(255, 196, 0, 70)
SELECTED_HOVER = QColor(255, 196, 0, 110)
SELECTED_EDGE = QColor(255, 196, 0, 230)
EDGE_HOVER = QColor(255, 255, 255)
LABEL = QColor(230, 230, 230)
PLAYHEAD = QColor(255, 80, 80)
NEW_SPAN = QColor(255, 255, 255, 50)

GRAB_PX = 6  # an edge grabs a press this many pixels either side of it (Aegisub's feel)

# Given a press's scene position: the edge line to drag instead, or None.
EdgeFinder = Callable[[Any], pg.InfiniteLine | None]


def forward_drag(line: pg.InfiniteLine, ev: Any) -> None:
    """Let ``line`` handle a drag that another item received (pyqtgraph maps the event's
    positions through ``currentItem``)."""
    ev.currentItem = line
    line.mouseDragEvent(ev)


class TimeAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """Ticks as m:ss, with tenths or milliseconds when zoomed in far enough to need them."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        decimals = 0 if spacing >= 1 else 1 if spacing >= 0.1 else 2 if spacing >= 0.01 else 3
        out = []
        for value in values:
            minutes, seconds = divmod(max(0.0, value), 60.0)
            text = f"{int(minutes)}:{seconds:0{3 + decimals if decimals else 2}.{decimals}f}"
            out.append(text)
        return out


class WaveViewBox(pg.ViewBox):  # type: ignore[misc]
    """A ViewBox that reports clicks on empty space as a time in seconds and a button, hands a
    drag near a cue's edge to that edge, and reports a left drag elsewhere as a span (the
    middle button pans, the right one zooms, the wheel zooms time)."""

    # seconds, Qt.MouseButton (left, right or middle), Qt.KeyboardModifier (Ctrl: select, not time)
    clicked_at = Signal(float, object, object)
    span_dragged = Signal(float, float, bool)  # seconds where the drag began, where it is; finished

    def __init__(self) -> None:
        super().__init__()
        self.grab_edge: EdgeFinder = lambda _pos: None
        self._edge: pg.InfiniteLine | None = None

    def mouseClickEvent(self, ev: Any) -> None:
        if ev.button() in (
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.RightButton,
            Qt.MouseButton.MiddleButton,
        ):
            ev.accept()
            self.clicked_at.emit(self.mapSceneToView(ev.scenePos()).x(), ev.button(), ev.modifiers())
        else:
            super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev: Any, axis: int | None = None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        if ev.isStart():
            self._edge = self.grab_edge(ev.buttonDownScenePos())
        if self._edge is not None:
            forward_drag(self._edge, ev)
            if ev.isFinish():
                self._edge = None
            return
        ev.accept()
        start = self.mapSceneToView(ev.buttonDownScenePos()).x()
        self.span_dragged.emit(start, self.mapSceneToView(ev.scenePos()).x(), ev.isFinish())


class CueRegion(pg.LinearRegionItem):  # type: ignore[misc]
    """One cue's span. Knows whether the drag in progress moves an edge or the body."""

    def __init__(
        self,
        on_click: Callable[[CueRegion, Qt.MouseButton, float, Qt.KeyboardModifier], None],
        grab_edge: EdgeFinder,
    ) -> None:
        super().__init__(values=(0.0, 1.0), orientation="vertical", swapMode="block")
        self.cue_id = -1
        self.dragging = False
        self.body_drag = False
        self._grab_edge = grab_edge
        self._edge: pg.InfiniteLine | None = None  # the edge a drag near it was handed to
        self.text = ""
        self.label_width = -1  # pixels the label was elided to
        self.selected: bool | None = None  # as last styled
        self._on_click = on_click
        self.label = pg.TextItem(color=LABEL, anchor=(0, 0))
        self.label.setParentItem(self)
        for line in self.lines:
            line.sigDragged.connect(self._on_line_dragged)
        self.sigRegionChanged.connect(self._place_label)

    def set_selected(self, selected: bool) -> None:
        fill, hover, edge = (
            (SELECTED, SELECTED_HOVER, SELECTED_EDGE) if selected else (REGION, REGION_HOVER, REGION_EDGE)
        )
        self.setBrush(QBrush(fill))
        self.setHoverBrush(QBrush(hover))
        for line in self.lines:
            line.setPen(pg.mkPen(edge, width=2))
            line.setHoverPen(pg.mkPen(EDGE_HOVER, width=3))
        self.setZValue(20 if selected else 10)

    def mouseDragEvent(self, ev: Any) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            if ev.isStart():
                self._edge = self._grab_edge(ev.buttonDownScenePos())
                if self._edge is None:
                    self.dragging, self.body_drag = True, True
            if self._edge is not None:
                forward_drag(self._edge, ev)
                if ev.isFinish():
                    self._edge = None
                return
        super().mouseDragEvent(ev)

    def mouseClickEvent(self, ev: Any) -> None:
        if ev.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton) and not self.moving:
            ev.accept()
            self._on_click(self, ev.button(), self.mapToParent(ev.pos()).x(), ev.modifiers())
        else:
            super().mouseClickEvent(ev)

    def layout_label(self, view_start_s: float, pixel_s: float) -> None:
        """Put the label at the region's left edge, or the view's (``view_start_s``) when that
        edge is scrolled off, elided to the width left at ``pixel_s`` seconds per pixel (hidden
        when too narrow)."""
        start, end = self.getRegion()
        left = max(start, view_start_s)
        self.label.setPos(left, 1.0)
        width = int((end - left) / pixel_s) - 6
        if width == self.label_width:
            return
        self.label_width = width
        if width < 16:
            self.label.hide()
            return
        metrics = QFontMetrics(self.label.textItem.font())
        line = self.text.replace("\n", " / ")
        self.label.setText(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
        self.label.show()

    def _on_line_dragged(self, _line: object) -> None:
        if not self.dragging:
            self.dragging, self.body_drag = True, False

    def _place_label(self, _region: object = None) -> None:
        self.label.setPos(self.lines[0].value(), 1.0)


def envelope_path(peaks: Peaks, x0: float, x1: float, points: int) -> QPainterPath:
    """The audio envelope between ``x0`` and ``x1`` seconds at ``points`` columns, as one
    closed path (maxima left to right, minima back); empty when there is no audio there."""
    path = QPainterPath()
    env = peaks.envelope(x0, x1, points)
    if len(env):
        x = np.concatenate([env.times_s, env.times_s[::-1]])
        y = np.concatenate([env.maxs, env.mins[::-1]])
        path = pg.arrayToQPath(x.astype(np.float64), y.astype(np.float64), connect="all")
        path.closeSubpath()
    return path


def overview_path(cues: Sequence[Cue], join_ms: float) -> QPainterPath:
    """Cues as one path of full-height rectangles (x in seconds), neighbours closer than
    ``join_ms`` merged: what the eye could tell apart anyway, and a few rectangles instead of
    thousands to fill."""
    path = QPainterPath()
    span_start = span_end = None
    for cue in cues:
        if span_end is not None and cue.start_ms - span_end <= join_ms:
            span_end = cue.end_ms
            continue
        if span_start is not None and span_end is not None:
            path.addRect(QRectF(span_start / 1000, -1.0, (span_end - span_start) / 1000, 2.0))
        span_start, span_end = cue.start_ms, cue.end_ms
    if span_start is not None and span_end is not None:
        path.addRect(QRectF(span_start / 1000, -1.0, (span_end - span_start) / 1000, 2.0))
    return path
