"""The waveform's cue regions: a pool of CueRegion items, recycled as the view scrolls.

Only the cues in and around the visible range have a region (gui.views.waveform decides which),
so a 2,000-cue film never creates thousands of items: a region leaving the range goes back to
the pool and is handed to the next cue that enters it. Each region is set to its cue's
document times (``syncing`` meanwhile, so the move is not taken for a person's drag), shows
the cue's plain text as its label and tooltip, and is drawn selected or not.
"""

from __future__ import annotations

import pyqtgraph as pg

from engine.subtitles.cue import Cue
from engine.subtitles.document import format_ms
from engine.subtitles.markup import plain_text
from gui.views.waveform_items import CueRegion
from gui.views.waveform_timing import HandTiming


class RegionPool:
    """The regions shown (``regions``: cue id -> region) and those kept for reuse, in one view box."""

    def __init__(self, view_box: pg.ViewBox, timing: HandTiming) -> None:
        self.view_box = view_box
        self.timing = timing  # what a click in a region or the end of its drag does
        self.regions: dict[int, CueRegion] = {}
        self.spare: list[CueRegion] = []
        self.syncing = False  # regions being moved to the document's times, not by a person

    def take(self, cue_id: int) -> CueRegion:
        """A region for ``cue_id``: a spare one, else a new one added to the view box."""
        if self.spare:
            region = self.spare.pop()
        else:
            region = CueRegion(self.timing.region_clicked, self.timing.edge_near)
            region.sigRegionChangeFinished.connect(self.timing.region_change_finished)
            self.view_box.addItem(region, ignoreBounds=True)
        region.cue_id = cue_id
        region.selected = None
        region.show()
        self.regions[cue_id] = region
        return region

    def recycle(self, cue_id: int) -> None:
        """``cue_id``'s region hidden and kept for another cue."""
        region = self.regions.pop(cue_id)
        region.hide()
        region.cue_id = -1
        region.dragging = region.body_drag = False
        self.spare.append(region)

    def show(self, region: CueRegion, cue: Cue, selected: bool) -> None:
        """``region`` at ``cue``'s times (ms to seconds) with its words, drawn ``selected`` or not."""
        self.syncing = True
        try:
            region.setRegion((cue.start_ms / 1000, cue.end_ms / 1000))
        finally:
            self.syncing = False
        text = plain_text(cue.text)  # a label shows the words, not the styling tags
        if region.text != text:
            region.text, region.label_width = text, -1
            region.setToolTip(f"{format_ms(cue.start_ms)} - {format_ms(cue.end_ms)}\n{text}")
        if region.selected is not selected:
            region.selected = selected
            region.set_selected(selected)

    def layout_labels(self) -> None:
        """Put each region's label at its left edge or the view's (CueRegion.layout_label)."""
        pixel_s = self.view_box.viewPixelSize()[0]
        if pixel_s <= 0:
            return
        (x0, _), _ = self.view_box.viewRange()
        for region in self.regions.values():
            region.layout_label(x0, pixel_s)
