"""Timing by hand on the waveform, as in Aegisub: what a click or a drag does to the cues.

A left click sets the selected cue's start there (and moves the playhead), a right click its
end, wherever the click lands, in a gap or inside another cue (Aegisub's audio display does the
same; here a start that would overlap that cue or pass the end is refused, with the reason);
Ctrl+left click selects the cue under the pointer (on empty waveform it only moves the
playhead); with no cue selected, a click in a cue selects it. A middle click only moves the
playhead. A cue
edge grabs within ``GRAB_PX`` pixels either side (:meth:`HandTiming.edge_near`), and a drag of an
edge or a cue ends in one ``set_times`` request to the model's
:class:`~gui.edit_controller.EditController` (not mergeable: two drags are two undo steps); a
left drag on empty waveform draws a span and makes a new cue over it (one undo step, named as
the Insert cue command: translation context "EditorActions"). A refusal (the end before the
start, an overlap) is reported by the controller, and the regions snap back to the document's
times. :class:`gui.views.waveform.WaveformView` owns one and wires its view box and regions to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

from engine.subtitles.timecode import ms_from_seconds
from gui.views.waveform_items import GRAB_PX, NEW_SPAN, CueRegion

if TYPE_CHECKING:
    from gui.views.waveform import WaveformView

_ms = ms_from_seconds
_NONE = Qt.KeyboardModifier.NoModifier
_CTRL = Qt.KeyboardModifier.ControlModifier


class HandTiming:
    """The mouse's edits on one WaveformView's cues (its selected cue, regions and model)."""

    def __init__(self, view: WaveformView) -> None:
        self.view = view
        self.new_span = pg.LinearRegionItem(movable=False, brush=NEW_SPAN)  # a cue being drawn
        self.new_span.setZValue(25)
        self.new_span.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.new_span.hide()
        view.view_box.addItem(self.new_span, ignoreBounds=True)

    def clicked_at(
        self, seconds: float, button: Qt.MouseButton, modifiers: Qt.KeyboardModifier = _NONE
    ) -> None:
        """A click at ``seconds``: left sets the selected cue's start and moves the playhead,
        right sets its end, middle or Ctrl+left only moves the playhead."""
        ms = max(0, _ms(seconds))
        if button == Qt.MouseButton.RightButton:
            self.set_edge("end", ms)
            return
        if button == Qt.MouseButton.LeftButton and not modifiers & _CTRL:
            self.set_edge("start", ms)
        self.view.seek_requested.emit(ms)

    def set_edge(self, edge: str, ms: int) -> None:
        """The selected cue's start (or end) at ``ms``, one undo step; a refusal (the end before
        the start, an overlap) is reported by the controller. Nothing without a selected cue."""
        cue = self.view._cue(self.view._selected)
        if cue is None or self.view._model is None:
            return
        start, end = (ms, cue.end_ms) if edge == "start" else (cue.start_ms, ms)
        self.view._model.controller.set_times(cue.id, start, end)
        self.view._refresh_regions()

    def span_dragged(self, from_s: float, to_s: float, finished: bool) -> None:
        """A left drag on empty waveform: show the span, and when released, a new cue there."""
        start, end = sorted((max(0, _ms(from_s)), max(0, _ms(to_s))))
        if not finished:
            self.new_span.setRegion((start / 1000, end / 1000))
            self.new_span.show()
            return
        self.new_span.hide()
        model = self.view._model
        if model is None or end <= start:
            return
        text = QCoreApplication.translate("EditorActions", "Insert cue")
        edit = model.controller.edit(text, lambda doc: doc.insert(start, end))
        if edit:
            self.view._selected = edit.new_ids[0]
            self.view._refresh_regions()
            self.view.cue_clicked.emit(edit.new_ids[0])

    def edge_near(self, scene_pos: Any) -> pg.InfiniteLine | None:
        """The edge line within GRAB_PX pixels of a press at ``scene_pos``: the nearest, the
        selected cue's first when two are as near (touching cues)."""
        pixel_s = self.view.view_box.viewPixelSize()[0]
        if pixel_s <= 0:
            return None
        x = self.view.view_box.mapSceneToView(scene_pos).x()
        best: tuple[tuple[float, bool], pg.InfiniteLine] | None = None
        for region in self.view._regions.values():
            if region.cue_id < 0 or not region.isVisible():
                continue
            for line in region.lines:
                distance = abs(line.value() - x) / pixel_s
                key = (distance, region.cue_id != self.view._selected)
                if distance <= GRAB_PX + 0.5 and (best is None or key < best[0]):  # whole pixels
                    best = (key, line)
        return best[1] if best is not None else None

    def region_clicked(
        self, region: CueRegion, button: Qt.MouseButton, seconds: float, modifiers: Qt.KeyboardModifier
    ) -> None:
        """A click in a cue's region: Ctrl+left, or any click while no cue is selected, selects
        that cue; otherwise it times the selected cue there, as on empty waveform."""
        if region.cue_id < 0:
            return
        ctrl_left = button == Qt.MouseButton.LeftButton and bool(modifiers & _CTRL)
        if (
            self.view._selected is not None
            and self.view._cue(self.view._selected) is not None
            and not ctrl_left
        ):
            model, selected = self.view._model, self.view._selected
            said: list[str] = []

            def heard(message: str) -> None:
                said.append(message)

            if model is not None:
                model.controller.refused.connect(heard)
            try:
                self.clicked_at(seconds, button)
            finally:
                if model is not None:
                    model.controller.refused.disconnect(heard)
            if model is not None and said and region.cue_id != selected:
                # Refused inside another cue: perhaps that cue was meant (user test 7).
                hint = QCoreApplication.translate(
                    "WaveformView", "Ctrl+click selects the cue under the pointer."
                )
                model.controller.refused.emit(f"{said[-1]} {hint}")
            return
        self.view._selected = region.cue_id
        self.view._refresh_regions()
        self.view.cue_clicked.emit(region.cue_id)

    def region_change_finished(self, region: CueRegion) -> None:
        """A drag ended (or a right click cancelled it): one undo command, or a snap back."""
        if self.view.region_pool.syncing or not region.dragging:
            return
        body = region.body_drag
        region.dragging = region.body_drag = False
        model = self.view._model
        cue = self.view._cue(region.cue_id)
        if model is None or cue is None:
            self.view._refresh_regions()
            return
        start, end = _ms(region.lines[0].value()), _ms(region.lines[1].value())
        if body:  # both edges by the same whole number of ms, whatever the float rounding
            end = cue.end_ms + start - cue.start_ms
        # Not mergeable: two drags of the same cue are two steps to undo. A refusal is reported
        # by the controller; the region snaps back below.
        model.controller.set_times(cue.id, start, end)
        self.view._refresh_regions()  # to the document's times, whichever way it went
