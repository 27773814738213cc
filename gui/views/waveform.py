"""The waveform under the cue table: audio envelope, one draggable region per cue, a playhead.

x is time in seconds (float, what pyqtgraph draws); the document's int milliseconds are
converted at the edges of this module. The view never changes the document itself: a drag
ends in one request to the model's :class:`~gui.edit_controller.EditController` (which reports
a refusal; the region then snaps back), and regions are
re-read from the document whenever the model signals a change, so undo, redo and streamed
inserts move them like any other edit.

Only the cues in and around the visible range have a region (items are recycled from a pool),
and past ``MAX_REGIONS`` visible cues the view draws all of them as one non-interactive path
instead, so a 2,000-cue film pans and zooms without creating thousands of items.

Stretches the engine could not transcribe (the model's ``failed_stretches``) are red hatched
bands with a tooltip: not cues, not draggable, and a click on one seeks like empty space.

Timing by hand, as in Aegisub: a cue edge grabs within ``GRAB_PX`` (6) pixels either side; a
left click sets the selected cue's start there (and moves the playhead), a right click its end,
wherever they land, inside another cue too; Ctrl+left click selects the cue under the pointer
(with none selected, a plain click does); a middle click only moves the playhead; a left drag on empty waveform makes a new cue over the
dragged span (one undo step, or the Document's refusal reported: an overlap). Every cue selected
in the table is highlighted (:meth:`WaveformView.set_selected_ids`), and each model (file)
keeps its own scroll and zoom while another is shown.

The items it draws and the mouse handling on them (axis, view box, cue region) and the paths of
the envelope and the overview are in gui.views.waveform_items, the pool of cue regions in
gui.views.waveform_regions, and what a click or a drag does to the cues (timing by hand) in
gui.views.waveform_timing; this module places them.
"""

from __future__ import annotations

import bisect
import logging
import weakref
from collections.abc import Iterable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QVBoxLayout, QWidget

from engine.subtitles.cue import Cue
from engine.subtitles.document import CueNotFoundError, format_ms
from engine.subtitles.timecode import ms_from_seconds
from gui.failed_stretches import FailedBand
from gui.models.cue_model import CueTableModel
from gui.peaks import Peaks
from gui.views.waveform_items import (
    BACKGROUND,
    PLAYHEAD,
    REGION_EDGE,
    WAVE,
    TimeAxis,
    WaveViewBox,
    envelope_path,
    overview_path,
)
from gui.views.waveform_regions import RegionPool
from gui.views.waveform_timing import HandTiming

log = logging.getLogger(__name__)

MAX_REGIONS = 80  # interactive regions at most; more visible cues are drawn as one overview path
DEFAULT_SPAN_S = 30.0
MIN_SPAN_S = 0.05

_ms = ms_from_seconds


class WaveformView(QWidget):
    """Audio envelope with the cues of a :class:`CueTableModel` as draggable regions."""

    # cue id: a Ctrl+left click on a cue's region (any click with none selected), or a cue just drawn
    cue_clicked = Signal(int)
    seek_requested = Signal(int)  # ms: a left click (with Ctrl too) or a middle click

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: CueTableModel | None = None
        self._peaks: Peaks | None = None
        self._selected: int | None = None  # the current cue: clicks set its start and end
        self._highlighted: frozenset[int] = frozenset()  # every cue selected in the table
        # Each model's (file's) visible range in ms, kept while another is shown.
        self._ranges: weakref.WeakKeyDictionary[CueTableModel, tuple[int, int]] = weakref.WeakKeyDictionary()
        self._pending_range: tuple[int, int] | None = None  # restored; again once its audio is in
        self._cues: tuple[Cue, ...] | None = None  # the document's cues the arrays below index
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._failed: list[FailedBand] = []

        self.view_box = WaveViewBox()
        self.plot = pg.PlotWidget(viewBox=self.view_box, axisItems={"bottom": TimeAxis("bottom")})
        self.plot.setBackground(BACKGROUND)
        item = self.plot.getPlotItem()
        item.hideAxis("left")
        item.hideButtons()
        item.setMenuEnabled(False)
        vb = self.view_box
        vb.setMenuEnabled(False)
        vb.disableAutoRange()
        vb.setMouseEnabled(x=True, y=False)
        vb.setLimits(xMin=0.0, yMin=-1.0, yMax=1.0, minXRange=MIN_SPAN_S)
        vb.setRange(xRange=(0.0, DEFAULT_SPAN_S), yRange=(-1.0, 1.0), padding=0)

        self._wave = QGraphicsPathItem()
        pen = QPen(WAVE, 1)
        pen.setCosmetic(True)  # one pixel whatever the zoom: silence still shows as a line
        self._wave.setPen(pen)
        self._wave.setBrush(QBrush(WAVE))
        self._wave.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        vb.addItem(self._wave, ignoreBounds=True)
        self._overview = QGraphicsPathItem()
        self._overview.setPen(QPen(Qt.PenStyle.NoPen))
        self._overview.setBrush(QBrush(REGION_EDGE.darker(150)))
        self._overview.setOpacity(0.35)
        self._overview.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._overview.setZValue(5)
        self._overview.hide()
        vb.addItem(self._overview, ignoreBounds=True)
        self.playhead = pg.InfiniteLine(pos=0.0, angle=90, movable=False, pen=pg.mkPen(PLAYHEAD, width=2))
        self.playhead.setZValue(30)
        vb.addItem(self.playhead, ignoreBounds=True)
        self.timing = HandTiming(self)  # clicks, drags and new cues drawn on the waveform
        self.region_pool = RegionPool(vb, self.timing)  # the cues' regions, recycled
        self._regions = self.region_pool.regions  # cue id -> its region, for those shown now

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.plot.setToolTip(
            self.tr(
                "Left click: the selected cue starts here. Right click: it ends here.\n"
                "Drag an edge to move it, a cue to move it, empty space to make a new cue.\n"
                "Middle click: move the playhead. Middle drag: scroll. Wheel: zoom."
            )
            + "\n"
            + self.tr("Ctrl+left click: select the cue under the pointer.")
        )
        vb.grab_edge = self.timing.edge_near
        vb.sigXRangeChanged.connect(self._on_view_box_range_changed)
        vb.sigResized.connect(self._on_view_box_range_changed)
        vb.clicked_at.connect(self.timing.clicked_at)
        vb.span_dragged.connect(self.timing.span_dragged)

    # ------------------------------------------------------------------ public API

    def model(self) -> CueTableModel | None:
        return self._model

    def set_model(self, model: CueTableModel | None) -> None:
        """Show the cues of ``model`` (None: no cues); regions follow its signals from now on.
        A model shown before comes back at the scroll and zoom it was left at; a new one at the
        start, at the span shown now."""
        if self._model is not None:
            self._ranges[self._model] = self.visible_range_ms()
            for signal in self._model_signals(self._model):
                signal.disconnect(self._on_model_changed)
            self._model.failed_stretches_changed.disconnect(self._on_model_failed_stretches_changed)
        self._model = model
        self._selected = None
        self._highlighted = frozenset()
        start, end = self.visible_range_ms()
        wanted = self._ranges.get(model, (0, end - start)) if model is not None else None
        self._pending_range = wanted
        for cue_id in list(self._regions):
            self.region_pool.recycle(cue_id)
        self._cues = None
        if model is not None:
            for signal in self._model_signals(model):
                signal.connect(self._on_model_changed)
            model.failed_stretches_changed.connect(self._on_model_failed_stretches_changed)
        self._on_model_failed_stretches_changed()
        self._update_limits()
        self._restore_range()
        self._refresh_regions()

    def set_peaks(self, peaks: Peaks | None) -> None:
        """Show this audio's envelope (None: none); the view stays where it is (where the file
        was left, once its audio is long enough to scroll there)."""
        self._peaks = peaks
        self._update_limits()
        self._restore_range()
        if peaks is not None:
            self._pending_range = None
        self._refresh_wave()

    def _restore_range(self) -> None:
        if self._pending_range is not None:
            self.set_visible_range_ms(*self._pending_range)

    def set_playhead(self, ms: int) -> None:
        self.playhead.setValue(ms / 1000)

    def playhead_ms(self) -> int:
        return _ms(self.playhead.value())

    def select_cue(self, cue_id: int | None) -> None:
        """Highlight the cue's region and scroll (zooming out only if it does not fit) to it."""
        self._selected = cue_id
        cue = self._cue(cue_id)
        if cue is not None:
            (x0, x1), _ = self.view_box.viewRange()
            start, end = cue.start_ms / 1000, cue.end_ms / 1000
            span = x1 - x0
            if end - start > 0.9 * span:
                span = (end - start) / 0.6
            if start < x0 or end > x1 or span != x1 - x0:
                middle = (start + end) / 2
                left = max(0.0, middle - span / 2)
                self.view_box.setXRange(left, left + span, padding=0)
        self._refresh_regions()

    def selected_cue(self) -> int | None:
        return self._selected

    def set_selected_ids(self, ids: Iterable[int]) -> None:
        """Highlight every one of these cues (the table's selection), the current one too."""
        highlighted = frozenset(ids)
        if highlighted != self._highlighted:
            self._highlighted = highlighted
            self._refresh_regions()

    def highlighted_ids(self) -> list[int]:
        """The cues drawn as selected now (those with a region), in time order."""
        cues = [self._cue(r.cue_id) for r in self._regions.values() if r.selected]
        return [c.id for c in sorted((c for c in cues if c is not None), key=lambda c: c.start_ms)]

    def visible_range_ms(self) -> tuple[int, int]:
        (x0, x1), _ = self.view_box.viewRange()
        return _ms(x0), _ms(x1)

    def set_visible_range_ms(self, start_ms: int, end_ms: int) -> None:
        self.view_box.setXRange(start_ms / 1000, end_ms / 1000, padding=0)

    def region_for(self, cue_id: int) -> pg.LinearRegionItem | None:
        """The region showing ``cue_id``, if it has one now (it is in or near the visible range)."""
        return self._regions.get(cue_id)

    def region_count(self) -> int:
        return len(self._regions)

    def overview_shown(self) -> bool:
        return self._overview.isVisible()

    def failed_bands(self) -> list[FailedBand]:
        """The bands drawn for the model's failed stretches, in time order."""
        return list(self._failed)

    # ------------------------------------------------------------------ slots

    def _on_view_box_range_changed(self, *_args: object) -> None:
        self._refresh_wave()
        self._refresh_regions()

    def _on_model_changed(self, *_args: object) -> None:
        self._update_limits()
        self._refresh_regions()

    def _on_model_failed_stretches_changed(self) -> None:
        """One band per failed stretch (a file has a few at most: no pool needed)."""
        for band in self._failed:
            self.view_box.removeItem(band)
        self._failed = []
        for stretch in self._model.failed_stretches if self._model is not None else ():
            band = FailedBand(stretch)
            where = f"{format_ms(stretch.start_ms)} - {format_ms(stretch.end_ms)}"
            text = (
                self.tr("Not transcribed: {0}").format(stretch.reason)
                if stretch.reason
                else self.tr("Not transcribed")
            )
            band.setToolTip(f"{text}\n{where}")
            self.view_box.addItem(band, ignoreBounds=True)
            self._failed.append(band)
        if self._failed:  # room to scroll to a stretch after the last cue
            self._update_limits()

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _model_signals(model: CueTableModel) -> list[Any]:
        return [
            model.dataChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.modelReset,
            model.layoutChanged,
        ]

    def _cue(self, cue_id: int | None) -> Cue | None:
        if cue_id is None or self._model is None:
            return None
        try:
            return self._model.document.get(cue_id)
        except CueNotFoundError:
            return None

    def _cue_arrays(self) -> tuple[Cue, ...]:
        """The document's cues, with their starts and ends indexed for bisection (cues are
        sorted and never overlap, so both lists are sorted)."""
        assert self._model is not None
        cues = self._model.document.cues
        if cues is not self._cues:  # every document change makes a new tuple
            self._cues = cues
            self._starts = [c.start_ms for c in cues]
            self._ends = [c.end_ms for c in cues]
        return cues

    def _update_limits(self) -> None:
        ends = [self._peaks.duration_s] if self._peaks is not None else []
        if self._model is not None and self._model.document.cues:
            ends.append(self._model.document.cues[-1].end_ms / 1000)
        if self._model is not None and self._model.failed_stretches:
            ends.append(self._model.failed_stretches[-1].end_ms / 1000)
        # Room past the end so the last cue can be lengthened or dragged later.
        self.view_box.setLimits(xMax=max(ends) + 10.0 if ends else None)

    def _refresh_wave(self) -> None:
        path = QPainterPath()
        if self._peaks is not None:
            (x0, x1), _ = self.view_box.viewRange()
            path = envelope_path(self._peaks, x0, x1, max(64, int(self.view_box.width())))
        self._wave.setPath(path)

    def _refresh_regions(self) -> None:
        """Give a region to each cue in or near the visible range (and to the selected and the
        dragged one), at its document times; recycle the others."""
        wanted: dict[int, Cue] = {}
        many, first, last = False, 0, 0
        if self._model is not None:
            cues = self._cue_arrays()
            (x0, x1), _ = self.view_box.viewRange()
            lo, hi = x0 * 1000, x1 * 1000
            first = bisect.bisect_right(self._ends, lo)
            last = bisect.bisect_left(self._starts, hi)
            many = last - first > MAX_REGIONS
            if not many:
                margin = (hi - lo) / 4  # small scrolls reuse what exists
                near_first = max(bisect.bisect_right(self._ends, lo - margin), first - MAX_REGIONS // 4)
                near_last = min(bisect.bisect_left(self._starts, hi + margin), last + MAX_REGIONS // 4)
                wanted = {c.id: c for c in cues[near_first:near_last]}
            for cue_id in [self._selected, *(i for i, r in self._regions.items() if r.dragging)]:
                cue = self._cue(cue_id)
                if cue is not None:
                    wanted[cue.id] = cue
        pool = self.region_pool
        for cue_id in [i for i in self._regions if i not in wanted]:
            pool.recycle(cue_id)
        for cue in wanted.values():
            region = self._regions.get(cue.id) or pool.take(cue.id)
            if not region.dragging:
                pool.show(region, cue, cue.id == self._selected or cue.id in self._highlighted)
        self._refresh_overview(many, first, last)
        pool.layout_labels()

    def _refresh_overview(self, shown: bool, first: int = 0, last: int = 0) -> None:
        """Cues ``first:last`` as one path (waveform_items.overview_path), or no overview."""
        self._overview.setVisible(shown)
        if not shown or self._model is None:
            return
        join_ms = 2000 * self.view_box.viewPixelSize()[0]  # two pixels
        self._overview.setPath(overview_path(self._cue_arrays()[first:last], join_ms))
