"""The waveform view: real mouse drags of cue regions through the undo stack, clicks, selection,
regions following the model (streamed inserts, undo, reset), many cues, and a screenshot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.failed_stretches import FailedStretch
from gui.models.cue_model import END, CueTableModel
from gui.peaks import compute_peaks
from gui.views.waveform import MAX_REGIONS, WaveformView
from tests.gui.live_feed import LiveFeed

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
TOLERANCE_MS = 30  # a few pixels at 10 ms per pixel


def make_model(*cues: tuple[int, int, str]) -> CueTableModel:
    return CueTableModel(
        Document(Cue(i, s, e, t) for i, (s, e, t) in enumerate(cues, 1)), PRESETS["netflix-en"]
    )


def speechy_audio(seconds: float = 12.0) -> np.ndarray:
    """Silence with loud tone bursts under the first two cues."""
    audio = np.zeros(int(seconds * 16000), np.float32)
    for a, b in ((1.0, 3.0), (5.0, 7.0)):
        n = int((b - a) * 16000)
        audio[int(a * 16000) : int(a * 16000) + n] = 0.7 * np.sin(2 * np.pi * 300 * np.arange(n) / 16000)
    return audio


@pytest.fixture
def view(qtbot) -> WaveformView:  # type: ignore[no-untyped-def]
    widget = WaveformView()
    qtbot.addWidget(widget)
    widget.resize(1000, 240)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def model(view: WaveformView) -> CueTableModel:
    model = make_model((1000, 3000, "Hello there"), (5000, 7000, "General Kenobi"))
    view.set_model(model)
    view.set_peaks(compute_peaks(speechy_audio()))
    view.set_visible_range_ms(0, 10_000)  # 10 ms per pixel, give or take the margins
    return model


def pixel(view: WaveformView, ms: int, y: float = 0.0) -> QPoint:
    """Where time ``ms`` (at height ``y``) is on the plot's viewport."""
    scene = view.view_box.mapViewToScene(QPointF(ms / 1000, y))
    return view.plot.mapFromScene(scene)


def time_at(view: WaveformView, point: QPoint) -> int:
    return round(view.view_box.mapSceneToView(view.plot.mapToScene(point)).x() * 1000)


def drag(qtbot, view: WaveformView, from_ms: int, to_ms: int, y: float = 0.0) -> int:  # type: ignore[no-untyped-def]
    """Press, move in steps (pyqtgraph drops moves closer than 10 ms), release; returns the
    dragged distance in ms as the pixels allow."""
    viewport = view.plot.viewport()
    start, end = pixel(view, from_ms, y), pixel(view, to_ms, y)
    QTest.mousePress(viewport, LEFT, NO_MOD, start)
    for step in range(1, 7):
        QTest.mouseMove(viewport, start + (end - start) * (step / 6))
        qtbot.wait(15)
    QTest.mouseRelease(viewport, LEFT, NO_MOD, end)
    return time_at(view, end) - time_at(view, start)


def region_ms(view: WaveformView, cue_id: int) -> tuple[int, int]:
    region = view.region_for(cue_id)
    assert region is not None
    start, end = region.getRegion()
    return round(start * 1000), round(end * 1000)


def test_dragging_an_end_edge_retimes_it_in_one_undo_step(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    moved = drag(qtbot, view, 3000, 3600)
    assert moved == pytest.approx(600, abs=TOLERANCE_MS)
    cue = model.document.get(1)
    assert cue.start_ms == 1000
    assert cue.end_ms == pytest.approx(3000 + moved, abs=TOLERANCE_MS)
    assert model.undo_stack.count() == 1
    assert region_ms(view, 1) == (1000, cue.end_ms)

    model.undo_stack.undo()
    assert (model.document.get(1).start_ms, model.document.get(1).end_ms) == (1000, 3000)
    assert region_ms(view, 1) == (1000, 3000)
    model.undo_stack.redo()
    assert region_ms(view, 1) == (1000, cue.end_ms)


def test_dragging_a_start_edge_keeps_the_end(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    drag(qtbot, view, 5000, 4500)
    cue = model.document.get(2)
    assert cue.start_ms == pytest.approx(4500, abs=TOLERANCE_MS) and cue.end_ms == 7000
    assert model.undo_stack.count() == 1


def test_dragging_the_body_moves_both_edges_by_the_same_amount(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    moved = drag(qtbot, view, 6000, 7500)
    cue = model.document.get(2)
    assert cue.start_ms == pytest.approx(5000 + moved, abs=TOLERANCE_MS)
    assert cue.duration_ms == 2000  # exactly: both edges by one delta
    assert model.undo_stack.count() == 1
    assert region_ms(view, 2) == (cue.start_ms, cue.end_ms)
    model.undo_stack.undo()
    assert region_ms(view, 2) == (5000, 7000)


def test_two_drags_are_two_undo_steps(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    drag(qtbot, view, 3000, 3300)
    drag(qtbot, view, 3300, 3600)
    assert model.undo_stack.count() == 2


def test_a_drag_onto_the_next_cue_is_refused_and_snaps_back(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(model.controller.refused) as failed:
        drag(qtbot, view, 3000, 5600)  # end past the next cue's start
    assert "row 2 (from 0:00:05.000) would overlap row 1" in failed.args[0]
    assert (model.document.get(1).start_ms, model.document.get(1).end_ms) == (1000, 3000)
    assert region_ms(view, 1) == (1000, 3000)
    assert model.undo_stack.count() == 0

    with qtbot.waitSignal(model.controller.refused):
        drag(qtbot, view, 2000, 5000)  # the body onto the next cue
    assert region_ms(view, 1) == (1000, 3000)
    assert model.undo_stack.count() == 0


def test_a_refused_drag_keeps_the_redo_history(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    drag(qtbot, view, 3000, 3500)
    model.undo_stack.undo()
    drag(qtbot, view, 3000, 5600)  # refused
    assert model.undo_stack.canRedo()


def test_clicking_a_region_emits_its_cue_and_empty_space_a_seek(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    with qtbot.waitSignal(view.seek_requested) as seek, qtbot.assertNotEmitted(view.cue_clicked):
        QTest.mouseClick(viewport, LEFT, NO_MOD, pixel(view, 4000))  # no cue selected: a seek only
    assert seek.args[0] == pytest.approx(4000, abs=TOLERANCE_MS)
    with qtbot.waitSignal(view.cue_clicked) as clicked, qtbot.assertNotEmitted(view.seek_requested):
        QTest.mouseClick(viewport, LEFT, NO_MOD, pixel(view, 6000, -0.5))
    assert clicked.args == [2]
    assert view.selected_cue() == 2
    with qtbot.waitSignal(view.seek_requested) as seek, qtbot.assertNotEmitted(view.cue_clicked):
        QTest.mouseClick(viewport, Qt.MouseButton.MiddleButton, NO_MOD, pixel(view, 4000))
    assert seek.args[0] == pytest.approx(4000, abs=TOLERANCE_MS)
    assert model.undo_stack.count() == 0  # these clicks change nothing


def test_select_cue_scrolls_it_into_view_and_highlights_it(view) -> None:  # type: ignore[no-untyped-def]
    model = make_model(*((i * 3000, i * 3000 + 2000, f"cue {i}") for i in range(100)))
    view.set_model(model)
    view.set_visible_range_ms(0, 10_000)
    target = model.cue_id_at(80)  # 240 s, far off screen
    assert view.region_for(target) is None
    view.select_cue(target)
    start, end = view.visible_range_ms()
    assert start <= 240_000 and 242_000 <= end and end - start == pytest.approx(10_000, abs=10)
    assert region_ms(view, target) == (240_000, 242_000)
    region = view.region_for(target)
    assert region is not None and region.zValue() > view.region_for(model.cue_id_at(79)).zValue()
    view.select_cue(model.cue_id_at(81))  # already visible: the view stays
    assert view.visible_range_ms() == (start, end)


def test_select_cue_zooms_out_for_a_cue_longer_than_the_view(view) -> None:  # type: ignore[no-untyped-def]
    model = make_model((100_000, 160_000, "a long one"))
    view.set_model(model)
    view.select_cue(1)
    start, end = view.visible_range_ms()
    assert start <= 100_000 and 160_000 <= end


def test_regions_follow_streamed_inserts_edits_and_undo(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    (new_id,) = LiveFeed(model).send_ids([Cue(0, 8000, 9500, "streamed in")])
    assert region_ms(view, new_id) == (8000, 9500)
    model.setData(model.index(model.row_of(new_id), END), "9.000")
    assert region_ms(view, new_id) == (8000, 9000)
    model.undo_stack.undo()
    assert region_ms(view, new_id) == (8000, 9500)

    model.controller.edit("Delete", lambda doc: doc.delete([1]))
    assert view.region_for(1) is None
    model.undo_stack.undo()
    assert region_ms(view, 1) == (1000, 3000)


def test_a_drag_after_streaming_retimes_the_right_cue(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    LiveFeed(model).send([Cue(0, 3200, 4000, "squeezed in")])
    drag(qtbot, view, 5000, 4600)  # the start of cue 2, now the third row
    assert model.document.get(2).start_ms == pytest.approx(4600, abs=TOLERANCE_MS)


def test_reset_document_and_no_model(view, model) -> None:  # type: ignore[no-untyped-def]
    model.reset_document(Document([Cue(7, 2000, 2500, "other file")]))
    assert view.region_count() == 1 and region_ms(view, 7) == (2000, 2500)
    view.set_model(None)
    assert view.region_count() == 0
    LiveFeed(model).send([Cue(0, 4000, 4500, "ignored now")])
    assert view.region_count() == 0


def test_two_thousand_cues_keep_the_number_of_items_small(view) -> None:  # type: ignore[no-untyped-def]
    model = make_model(*((i * 3600, i * 3600 + 3000, f"line {i}") for i in range(2000)))  # two hours
    view.set_model(model)
    for span_ms in (10_000, 60_000, 400_000, 7_200_000):
        view.set_visible_range_ms(3_000_000, 3_000_000 + span_ms)
        visible = span_ms // 3600
        assert view.region_count() <= 2 * MAX_REGIONS
        assert view.overview_shown() == (visible > MAX_REGIONS)
        if visible <= MAX_REGIONS:
            assert view.region_count() >= visible
    view.set_visible_range_ms(0, 7_200_000)
    assert view.overview_shown() and view.region_count() == 0
    far = model.cue_id_at(1900)
    view.select_cue(far)  # zoomed all the way out: the selected cue still gets its region
    assert region_ms(view, far) == (1900 * 3600, 1900 * 3600 + 3000)


def test_the_wheel_zooms_time_only(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    where = pixel(view, 5000)
    event = QWheelEvent(
        QPointF(where),
        QPointF(viewport.mapToGlobal(where)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        NO_MOD,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    assert x1 - x0 < 9.5 and x0 < 5.0 < x1
    assert (y0, y1) == pytest.approx((-1.0, 1.0))


def test_screenshot_shows_the_waveform(view, model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view.set_playhead(4000)
    assert view.playhead_ms() == 4000
    shot = tmp_path / "waveform.png"
    assert view.grab().save(str(shot))
    image = view.grab().toImage()
    wave = QColor(110, 190, 255)

    def wave_pixels(ms_from: int, ms_to: int) -> int:
        count = 0
        top, bottom = pixel(view, ms_from, 0.5), pixel(view, ms_from, -0.5)
        for x in range(pixel(view, ms_from).x(), pixel(view, ms_to).x(), 5):
            for y in range(top.y(), bottom.y(), 5):
                c = image.pixelColor(x, y)
                count += (
                    abs(c.red() - wave.red()) + abs(c.green() - wave.green()) + abs(c.blue() - wave.blue())
                    < 80
                )
        return count

    assert wave_pixels(1200, 2800) > 100  # the burst under cue 1 is drawn...
    assert wave_pixels(3300, 4800) == 0  # ...and the silence after it is not
    background = image.pixelColor(pixel(view, 4300, 0.8))
    assert background != image.pixelColor(pixel(view, 2000, 0.8))  # cue region tinted


def red_pixels(view: WaveformView, ms_from: int, ms_to: int) -> int:
    image = view.grab().toImage()
    count = 0
    top, bottom = pixel(view, ms_from, 0.9), pixel(view, ms_from, -0.9)
    for x in range(pixel(view, ms_from).x(), pixel(view, ms_to).x(), 2):
        for y in range(top.y(), bottom.y(), 2):
            c = image.pixelColor(x, y)
            count += c.red() > 150 and c.green() < 110 and c.blue() < 110
    return count


def test_a_failed_stretch_is_a_red_hatched_band_that_is_not_a_cue(qtbot, view, model) -> None:  # type: ignore[no-untyped-def]
    assert red_pixels(view, 7_600, 9_400) == 0
    model.add_failed_stretches([FailedStretch(7_500, 9_500, "RuntimeError: boom")])
    (band,) = view.failed_bands()
    assert band.toolTip() == "Not transcribed: RuntimeError: boom\n0:00:07.500 - 0:00:09.500"
    viewport, where = view.plot.viewport(), pixel(view, 8_500)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, where, viewport.mapToGlobal(where)))
    assert QToolTip.text() == band.toolTip()  # what the pointer shows over the band
    QToolTip.hideText()
    assert red_pixels(view, 7_600, 9_400) > 200  # drawn, over the whole height...
    assert red_pixels(view, 3_300, 4_800) == 0  # ...and only there
    assert view.region_count() == 2 and len(model.document.cues) == 2  # no cue, no cue region
    with qtbot.waitSignal(view.seek_requested) as seek, qtbot.assertNotEmitted(view.cue_clicked):
        QTest.mouseClick(view.plot.viewport(), LEFT, NO_MOD, pixel(view, 8_500))  # a click seeks
    assert seek.args[0] == pytest.approx(8_500, abs=TOLERANCE_MS)
    assert model.undo_stack.count() == 0

    view.set_model(make_model((1000, 3000, "another file")))
    assert view.failed_bands() == [] and red_pixels(view, 7_600, 9_400) == 0
    view.set_model(model)
    assert [b.stretch.reason for b in view.failed_bands()] == ["RuntimeError: boom"]
