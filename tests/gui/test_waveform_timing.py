"""Issue 15, point 3: timing by hand on the waveform, as in Aegisub, with real mouse events:
edges grab within 6 px, left/right clicks set the selected cue's start/end, a drag on empty
waveform makes a cue, each file keeps its scroll and zoom, every selected cue is highlighted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from gui.editor_actions import EditorActions
from gui.models.cue_model import CueTableModel
from gui.peaks import compute_peaks
from gui.views.waveform import WaveformView
from gui.views.waveform_items import GRAB_PX
from tests.gui.test_waveform import drag, make_model, pixel, speechy_audio, time_at

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
NO_MOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def view(qtbot: QtBot) -> WaveformView:
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


def span(model: CueTableModel, cue_id: int) -> tuple[int, int]:
    cue = model.document.get(cue_id)
    return cue.start_ms, cue.end_ms


def at_px(view: WaveformView, ms: int, px: int) -> int:
    """The time ``px`` pixels right of ``ms``."""
    return time_at(view, pixel(view, ms) + QPoint(px, 0))


@pytest.mark.parametrize("px", [-GRAB_PX, -3, 3, GRAB_PX])
def test_an_end_edge_grabs_within_6_px_either_side(qtbot: QtBot, view, model, px: int) -> None:  # type: ignore[no-untyped-def]
    start_at = at_px(view, 3000, px)
    moved = drag(qtbot, view, start_at, start_at + 500)
    start, end = span(model, 1)
    assert start == 1000  # a near miss never moves the whole cue
    assert end == pytest.approx(3000 + moved, abs=10)
    assert model.undo_stack.count() == 1


@pytest.mark.parametrize("px", [-GRAB_PX, 4, GRAB_PX])
def test_a_start_edge_grabs_within_6_px_either_side(qtbot: QtBot, view, model, px: int) -> None:  # type: ignore[no-untyped-def]
    start_at = at_px(view, 5000, px)
    moved = drag(qtbot, view, start_at, start_at - 400)
    start, end = span(model, 2)
    assert end == 7000
    assert start == pytest.approx(5000 + moved, abs=10)


def test_further_inside_the_body_moves_and_further_out_draws(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    inside = at_px(view, 3000, -(GRAB_PX + 4))
    moved = drag(qtbot, view, inside, inside + 300)
    start, end = span(model, 1)
    assert start == pytest.approx(1000 + moved, abs=2) and end - start == 2000  # the body moved
    model.undo_stack.undo()
    outside = at_px(view, 3000, GRAB_PX + 4)
    drag(qtbot, view, outside, outside + 500)
    assert span(model, 1) == (1000, 3000)
    assert len(model.document.cues) == 3  # a new cue drawn on empty waveform


def test_left_click_sets_the_selected_cues_start_and_right_click_its_end(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    view.select_cue(1)
    with qtbot.waitSignal(view.seek_requested) as seek:
        QTest.mouseClick(viewport, LEFT, NO_MOD, pixel(view, 700))  # empty waveform before it
    assert span(model, 1) == (time_at(view, pixel(view, 700)), 3000)
    assert seek.args[0] == time_at(view, pixel(view, 700))  # the playhead goes there too
    QTest.mouseClick(viewport, RIGHT, NO_MOD, pixel(view, 3600))
    assert span(model, 1) == (time_at(view, pixel(view, 700)), time_at(view, pixel(view, 3600)))
    QTest.mouseClick(viewport, LEFT, NO_MOD, pixel(view, 2000, -0.5))  # inside the selected cue
    QTest.mouseClick(viewport, RIGHT, NO_MOD, pixel(view, 2500, -0.5))
    assert span(model, 1) == (time_at(view, pixel(view, 2000)), time_at(view, pixel(view, 2500)))
    assert model.undo_stack.count() == 4
    for _ in range(4):
        model.undo_stack.undo()
    assert span(model, 1) == (1000, 3000)


def test_a_click_past_the_other_edge_or_into_a_neighbour_is_refused(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    view.select_cue(1)
    with qtbot.waitSignal(model.controller.refused) as refused:
        QTest.mouseClick(viewport, LEFT, NO_MOD, pixel(view, 4000))  # start after its end
    assert "must be after its start" in refused.args[0]
    with qtbot.waitSignal(model.controller.refused) as refused:
        QTest.mouseClick(viewport, RIGHT, NO_MOD, pixel(view, 6000, -0.5))  # end inside cue 2
    assert "would overlap" in refused.args[0]
    assert span(model, 1) == (1000, 3000) and model.undo_stack.count() == 0
    assert view.selected_cue() == 1  # a right click in another cue does not select it


def test_a_drag_on_empty_waveform_makes_a_cue_in_one_undo_step(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.cue_clicked) as made:
        drag(qtbot, view, 3400, 4600)
    new = model.document.get(made.args[0])
    assert (new.start_ms, new.end_ms, new.text) == (
        time_at(view, pixel(view, 3400)),
        time_at(view, pixel(view, 4600)),
        "",
    )
    assert view.selected_cue() == new.id
    assert model.undo_stack.count() == 1 and model.undo_stack.undoText() == "Insert cue"
    model.undo_stack.undo()
    assert [c.id for c in model.document.cues] == [1, 2]


def test_a_drawn_cue_over_another_is_refused_with_a_message(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(model.controller.refused) as refused:
        drag(qtbot, view, 3400, 6000)  # into cue 2
    assert refused.args[0].startswith(
        "Cannot do “Insert cue”: row 2 (from 0:00:05.000) would overlap a new cue"
    )
    assert [c.id for c in model.document.cues] == [1, 2] and model.undo_stack.count() == 0


def test_each_file_keeps_its_scroll_and_zoom(view) -> None:  # type: ignore[no-untyped-def]
    first = make_model((1000, 3000, "a"), (60_000, 61_000, "b"))
    second = make_model((1000, 3000, "c"), (200_000, 201_000, "d"))
    view.set_model(first)
    view.set_visible_range_ms(2_000, 7_000)
    view.set_model(second)
    view.set_peaks(None)  # as the editor does while the new file's audio loads
    assert view.visible_range_ms() == (0, 5_000)  # a new file: from the start, at the same zoom
    view.set_visible_range_ms(40_000, 100_000)
    view.set_model(first)
    view.set_peaks(None)
    assert view.visible_range_ms() == (2_000, 7_000)
    view.set_model(second)
    assert view.visible_range_ms() == (40_000, 100_000)


def test_every_selected_cue_is_highlighted(qtbot: QtBot, view) -> None:  # type: ignore[no-untyped-def]
    model = make_model(*((i * 2000, i * 2000 + 1500, f"cue {i}") for i in range(5)))
    table = QTableView()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setModel(model)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    actions = EditorActions(table)
    actions.selection_changed.connect(view.set_selected_ids)  # as the editor panel wires them
    view.set_model(model)
    view.set_visible_range_ms(0, 10_000)

    def click_row(row: int, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
        rect = table.visualRect(model.index(row, 1))
        QTest.mouseClick(table.viewport(), LEFT, modifier, rect.center())

    click_row(0)
    click_row(2, Qt.KeyboardModifier.ControlModifier)
    click_row(3, Qt.KeyboardModifier.ControlModifier)
    assert view.highlighted_ids() == [model.cue_id_at(r) for r in (0, 2, 3)]
    click_row(1)
    assert view.highlighted_ids() == [model.cue_id_at(1)]


def test_a_middle_drag_scrolls_and_changes_no_cue(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    start, end = pixel(view, 6000), pixel(view, 4000)
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, NO_MOD, start)
    for step in range(1, 7):
        QTest.mouseMove(viewport, start + (end - start) * (step / 6))
        qtbot.wait(15)
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, NO_MOD, end)
    first, last = view.visible_range_ms()
    assert first == pytest.approx(2000, abs=30) and last - first == pytest.approx(10_000, abs=30)
    assert model.undo_stack.count() == 0 and len(model.document.cues) == 2


def test_the_editor_panel_highlights_the_tables_selection(qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from gui.editor_panel import EditorPanel

    model = make_model((1000, 3000, "a"), (5000, 7000, "b"), (8000, 9000, "c"))
    panel = EditorPanel(peaks_cache=tmp_path / "peaks")
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_file(None, model)
    QApplication.processEvents()
    panel.actions.select_ids([1, 3], current=1)
    assert panel.waveform.highlighted_ids() == [1, 3]


CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_left_click_in_another_cue_sets_the_selected_cues_start_as_in_aegisub(
    qtbot: QtBot, view, model
) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    view.select_cue(2)
    with qtbot.waitSignal(model.controller.refused) as refused:
        QTest.mouseClick(viewport, LEFT, NO_MOD, pixel(view, 2000, -0.5))  # inside cue 1
    assert "would overlap" in refused.args[0]  # cue 2's start there: refused, said why
    assert view.selected_cue() == 2, "the click selected the cue under it instead"
    assert span(model, 1) == (1000, 3000) and span(model, 2) == (5000, 7000)
    view.select_cue(1)
    with qtbot.waitSignal(model.controller.refused) as refused:
        QTest.mouseClick(viewport, LEFT, NO_MOD, pixel(view, 6000, -0.5))  # inside cue 2
    assert "must be after its start" in refused.args[0] and view.selected_cue() == 1
    assert model.undo_stack.count() == 0


def test_ctrl_left_click_selects_the_cue_under_the_pointer(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    view.select_cue(2)
    with qtbot.waitSignal(view.cue_clicked) as clicked:
        QTest.mouseClick(viewport, LEFT, CTRL, pixel(view, 2000, -0.5))
    assert clicked.args[0] == 1 and view.selected_cue() == 1
    refused: list[str] = []
    model.controller.refused.connect(refused.append)
    QTest.mouseClick(viewport, LEFT, CTRL, pixel(view, 4000))  # empty waveform: only the playhead
    assert span(model, 1) == (1000, 3000) and span(model, 2) == (5000, 7000)
    assert model.undo_stack.count() == 0 and refused == []


def test_with_no_cue_selected_a_left_click_in_a_cue_selects_it(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    assert view.selected_cue() is None
    with qtbot.waitSignal(view.cue_clicked) as clicked:
        QTest.mouseClick(view.plot.viewport(), LEFT, NO_MOD, pixel(view, 6000, -0.5))
    assert clicked.args[0] == 2 and view.selected_cue() == 2 and model.undo_stack.count() == 0


def test_a_click_refused_inside_another_cue_says_ctrl_click_selects(qtbot: QtBot, view, model) -> None:  # type: ignore[no-untyped-def]
    """User test 7: a newcomer clicking a cue meant to select it; the refusal now says how."""
    said: list[str] = []
    model.controller.refused.connect(said.append)
    view.select_cue(2)
    QTest.mouseClick(view.plot.viewport(), LEFT, NO_MOD, pixel(view, 2000, -0.5))  # inside cue 1
    assert "would overlap" in said[-1] and said[-1].endswith("Ctrl+click selects the cue under the pointer.")
    said.clear()
    QTest.mouseClick(
        view.plot.viewport(), LEFT, NO_MOD, pixel(view, 4000)
    )  # empty waveform: start set, no hint
    assert said == [] and span(model, 2)[1] == 7000 and span(model, 2)[0] < 5000
