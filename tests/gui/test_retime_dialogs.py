"""Shift and two-point sync: the dialogs' parameters and their application as one exact undo step."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QTableView

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_actions import EditorActions, apply_shift, apply_two_point_sync
from gui.models.cue_model import CueTableModel
from gui.views.retime_dialogs import (
    ShiftDialog,
    ShiftParams,
    ShiftScope,
    SyncDialog,
    SyncParams,
    format_hms,
    parse_frame_rate,
)

ALL, SELECTED, FROM_CURRENT = ShiftScope.ALL, ShiftScope.SELECTED, ShiftScope.FROM_CURRENT


def make_model() -> CueTableModel:
    cues = [
        Cue(1, 1_000, 2_000, "one", (Word(1_100, 1_900, "one", 0.9),)),
        Cue(2, 3_000, 4_000, "two"),
        Cue(3, 5_000, 6_000, "three"),
        Cue(4, 7_000, 8_000, "four"),
    ]
    return CueTableModel(Document(cues), PRESETS["netflix-en"])


def spans(model: CueTableModel) -> list[tuple[int, int]]:
    return [(c.start_ms, c.end_ms) for c in model.document.cues]


def round_trip(model: CueTableModel, apply) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    before, count = model.document.cues, model.undo_stack.count()
    apply()
    after = model.document.cues
    assert model.undo_stack.count() == count + 1
    model.undo_stack.undo()
    assert model.document.cues == before
    model.undo_stack.redo()
    assert model.document.cues == after
    return spans(model)


# ---------------------------------------------------------------------------- shift


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (ShiftParams(ALL, ms=-250), [(750, 1_750), (2_750, 3_750), (4_750, 5_750), (6_750, 7_750)]),
        (ShiftParams(SELECTED, ms=333), [(1_000, 2_000), (3_333, 4_333), (5_000, 6_000), (7_000, 8_000)]),
        (
            ShiftParams(FROM_CURRENT, ms=1_001),
            [(1_000, 2_000), (3_000, 4_000), (6_001, 7_001), (8_001, 9_001)],
        ),
        # 24 frames at 23.976 (24000/1001) fps are exactly 1001 ms; 1 frame at 25 fps is 40 ms
        (
            ShiftParams(ALL, frames=24, frame_rate=24000 / 1001),
            [(2_001, 3_001), (4_001, 5_001), (6_001, 7_001), (8_001, 9_001)],
        ),
        (
            ShiftParams(SELECTED, frames=-1, frame_rate=25.0),
            [(1_000, 2_000), (2_960, 3_960), (5_000, 6_000), (7_000, 8_000)],
        ),
        (
            ShiftParams(FROM_CURRENT, frames=3, frame_rate=24.0),
            [(1_000, 2_000), (3_000, 4_000), (5_125, 6_125), (7_125, 8_125)],
        ),
    ],
)
def test_shift_is_one_exact_undo_step(params: ShiftParams, expected: list[tuple[int, int]]) -> None:
    model = make_model()
    assert round_trip(model, lambda: apply_shift(model, params, selected=[2], current=3)) == expected


def test_shift_moves_the_words_too() -> None:
    model = make_model()
    apply_shift(model, ShiftParams(ALL, ms=500))
    assert [(x.start_ms, x.end_ms) for x in model.document.get(1).words] == [(1_600, 2_400)]


def test_shift_before_the_start_is_refused_without_an_undo_step(qtbot) -> None:
    model = make_model()
    before = model.document.cues
    with qtbot.waitSignal(model.controller.refused) as refused:
        assert apply_shift(model, ShiftParams(ALL, ms=-1_001)) is None
    assert "row 1" in refused.args[0] and "before the beginning" in refused.args[0]
    with qtbot.waitSignal(model.controller.refused) as refused:
        assert apply_shift(model, ShiftParams(SELECTED, ms=1_500), selected=[2]) is None
    assert "row 3 (from 0:00:05.000) would overlap row 2" in refused.args[0]
    with pytest.raises(ValueError, match="amount is 0"):
        apply_shift(model, ShiftParams(ALL, ms=0))
    assert model.document.cues == before and model.undo_stack.count() == 0


def test_shift_dialog_parameters(qtbot) -> None:
    dialog = ShiftDialog(25.0, has_selection=False, has_current=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.all_radio.isChecked() and not dialog.selected_radio.isEnabled()
    assert dialog.rate_combo.currentText() == "25"  # the preset's rate
    assert not ok.isEnabled()  # 0 ms moves nothing
    dialog.ms_spin.setValue(-1_234)
    assert dialog.parameters() == ShiftParams(ALL, ms=-1_234) and ok.isEnabled()
    assert "-1.234 s" in dialog.result_label.text()
    dialog.from_current_radio.setChecked(True)
    dialog.frames_radio.setChecked(True)
    dialog.frames_spin.setValue(48)
    dialog.rate_combo.setCurrentText("23.976")
    params = dialog.parameters()
    assert params == ShiftParams(FROM_CURRENT, frames=48, frame_rate=24000 / 1001)
    assert params.delta_ms == 2_002 and "+2.002 s" in dialog.result_label.text()
    dialog.rate_combo.setCurrentText("fast")
    assert dialog.parameters() is None and not ok.isEnabled()


def test_frame_rates() -> None:
    assert parse_frame_rate("29.97") == 30000 / 1001
    assert parse_frame_rate("24000/1001") == 24000 / 1001
    assert parse_frame_rate("25") == 25.0
    assert parse_frame_rate("0") is None and parse_frame_rate("x") is None


# ---------------------------------------------------------------------------- two-point sync


def test_two_point_sync_stretches_linearly_to_the_millisecond() -> None:
    model = make_model()
    # cue 1 should start at 1.5 s and cue 4 at 10.5 s: factor 9000/6000 = 1.5, offset 0
    result = round_trip(model, lambda: apply_two_point_sync(model, SyncParams(1, 1_500, 4, 10_500)))
    assert result == [(1_500, 3_000), (4_500, 6_000), (7_500, 9_000), (10_500, 12_000)]
    assert [(x.start_ms, x.end_ms) for x in model.document.get(1).words] == [(1_650, 2_850)]
    assert model.undo_stack.undoText() == "Two-point sync"


def test_two_point_sync_rounds_each_time_to_the_nearest_millisecond() -> None:
    model = make_model()
    apply_two_point_sync(model, SyncParams(1, 1_000, 4, 7_002))  # factor 6002/6000
    # t' = 1000 + (t - 1000) * 6002/6000: 2000 -> 2000.33, 3000 -> 3000.67, 6000 -> 6002, 8000 -> 8002.33
    assert spans(model) == [(1_000, 2_000), (3_001, 4_001), (5_001, 6_002), (7_002, 8_002)]


def test_two_point_sync_refuses_a_reversal(qtbot) -> None:
    model = make_model()
    with qtbot.waitSignal(model.controller.refused) as refused:
        assert apply_two_point_sync(model, SyncParams(1, 5_000, 4, 1_000)) is None
    assert "reverse" in refused.args[0]
    assert model.undo_stack.count() == 0


def test_sync_dialog_shows_factor_and_offset(qtbot) -> None:
    model = make_model()
    dialog = SyncDialog(model.document.cues, 2, 3)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.a_combo.currentData() == 2 and dialog.b_combo.currentData() == 3
    assert dialog.a_edit.text() == "00:00:03.000" and dialog.b_edit.text() == "00:00:05.000"
    dialog.a_edit.setText("00:00:04.000")
    dialog.b_edit.setText("00:00:08.000")  # old 3 s, 5 s -> new 4 s, 8 s: factor 2, offset -2 s
    assert dialog.result_label.text() == "Factor 2.000000, offset -2.000 s"
    assert dialog.mapping() == (2.0, -2_000.0) and ok.isEnabled()
    assert dialog.parameters() == SyncParams(2, 4_000, 3, 8_000)
    dialog.b_edit.setText("00:00:02.000")
    assert not ok.isEnabled() and "reverse" in dialog.result_label.text()
    dialog.b_edit.setText("soon")
    assert not ok.isEnabled() and dialog.parameters() is None
    dialog.b_edit.setText("00:00:08.000")
    dialog.a_edit.setText("00:00:00.500")  # factor 3.75: cue 1 at 1 s would land before 0
    assert not ok.isEnabled() and "before the beginning" in dialog.result_label.text()
    assert format_hms(3_723_004) == "01:02:03.004"


def test_sync_dialog_defaults_to_first_and_last_cue() -> None:
    model = make_model()
    dialog = SyncDialog(model.document.cues)
    assert (dialog.a_combo.currentData(), dialog.b_combo.currentData()) == (1, 4)


# ---------------------------------------------------------------------------- through the actions


@pytest.fixture
def table(qtbot):  # type: ignore[no-untyped-def]
    model = make_model()
    view = QTableView()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setModel(model)
    qtbot.addWidget(view)
    return view, model, EditorActions(view)


def test_shift_action_uses_the_dialog_and_keeps_the_selection(table, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view, model, actions = table
    actions.select_ids([2, 3], current=3)

    def exec_(dialog: ShiftDialog) -> int:
        assert dialog.selected_radio.isChecked()  # a selection: shift it by default
        dialog.ms_spin.setValue(-500)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ShiftDialog, "exec", exec_)
    actions.shift_action.trigger()
    assert spans(model) == [(1_000, 2_000), (2_500, 3_500), (4_500, 5_500), (7_000, 8_000)]
    assert actions.selected_ids() == [2, 3] and model.undo_stack.count() == 1


def test_sync_action_defaults_to_the_first_and_last_selected(table, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view, model, actions = table
    actions.select_ids([2, 3, 4])

    def exec_(dialog: SyncDialog) -> int:
        assert (dialog.a_combo.currentData(), dialog.b_combo.currentData()) == (2, 4)
        dialog.a_edit.setText("00:00:04.000")
        dialog.b_edit.setText("00:00:12.000")  # old 3 s and 7 s: factor 2, offset -2 s
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SyncDialog, "exec", exec_)
    actions.sync_action.trigger()
    assert spans(model) == [(0, 2_000), (4_000, 6_000), (8_000, 10_000), (12_000, 14_000)]
    assert model.undo_stack.count() == 1


def test_refused_shift_from_the_dialog_is_reported(table, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, model, actions = table
    actions.select_ids([1])

    def exec_(dialog: ShiftDialog) -> int:
        dialog.all_radio.setChecked(True)
        dialog.ms_spin.setValue(-5_000)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ShiftDialog, "exec", exec_)
    with qtbot.waitSignal(model.controller.refused) as blocker:
        actions.shift_action.trigger()
    assert "before the beginning" in blocker.args[0] and model.undo_stack.count() == 0
