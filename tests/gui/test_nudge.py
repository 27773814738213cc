"""Issue 15, point 3: keyboard nudges of a cue's start, end or whole span by a frame of the
file's rate (its preset's frame_rate) and by 100 ms, with exact values, undo and refusals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.edit_requests import frame_step
from gui.editor_actions import EditorActions
from gui.models.cue_model import CueTableModel

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
K = Qt.Key


def make(
    qtbot: QtBot, rate: float, *spans: tuple[int, int]
) -> tuple[QTableView, CueTableModel, EditorActions]:
    model = CueTableModel(
        Document(Cue(i, s, e, f"cue {i}") for i, (s, e) in enumerate(spans, 1)),
        PRESETS["netflix-en"].replace(frame_rate=rate),
    )
    view = QTableView()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setModel(model)
    qtbot.addWidget(view)
    actions = EditorActions(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.setFocus()
    return view, model, actions


def span(model: CueTableModel, cue_id: int) -> tuple[int, int]:
    cue = model.document.get(cue_id)
    return cue.start_ms, cue.end_ms


@pytest.mark.parametrize(
    ("key", "modifier", "expected"),
    [
        (K.Key_Left, ALT, (2_960, 5_000)),  # start a frame (40 ms at 25 fps) earlier
        (K.Key_Right, ALT, (3_040, 5_000)),
        (K.Key_Left, ALT | SHIFT, (2_900, 5_000)),  # start 100 ms earlier
        (K.Key_Right, ALT | SHIFT, (3_100, 5_000)),
        (K.Key_PageUp, ALT, (3_000, 4_960)),  # end a frame earlier
        (K.Key_PageDown, ALT, (3_000, 5_040)),
        (K.Key_PageUp, ALT | SHIFT, (3_000, 4_900)),
        (K.Key_PageDown, ALT | SHIFT, (3_000, 5_100)),
        (K.Key_Up, ALT, (2_960, 4_960)),  # the whole cue a frame earlier
        (K.Key_Down, ALT, (3_040, 5_040)),
        (K.Key_Up, ALT | SHIFT, (2_900, 4_900)),
        (K.Key_Down, ALT | SHIFT, (3_100, 5_100)),
    ],
)
def test_each_nudge_key_at_25_fps(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier, expected) -> None:  # type: ignore[no-untyped-def]
    view, model, actions = make(qtbot, 25.0, (0, 1_000), (3_000, 5_000), (8_000, 9_000))
    actions.select_ids([2])
    QTest.keyClick(view, key, modifier)
    assert span(model, 2) == expected
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert span(model, 2) == (3_000, 5_000)


def test_a_frame_is_the_files_rate_and_lands_on_its_grid(qtbot: QtBot) -> None:
    # 23.976 fps: frame 72 starts at 3003 ms, 73 at 3045 ms, 71 at 2962 ms (ceil of n*1001/24)
    view, model, actions = make(qtbot, 24000 / 1001, (3_003, 5_000))
    actions.select_ids([1])
    QTest.keyClick(view, K.Key_Right, ALT)
    assert span(model, 1) == (3_045, 5_000)
    QTest.keyClick(view, K.Key_Left, ALT)
    QTest.keyClick(view, K.Key_Left, ALT)
    assert span(model, 1) == (2_962, 5_000)
    # a time inside a frame goes back to that frame's start first
    assert frame_step(3_020, -1, 24000 / 1001) == 3_003
    assert frame_step(3_020, +1, 24000 / 1001) == 3_045


def test_nudging_several_cues_is_one_step(qtbot: QtBot) -> None:
    view, model, actions = make(qtbot, 25.0, (0, 1_000), (2_000, 3_000), (5_000, 6_000))
    actions.select_ids([1, 2, 3])
    QTest.keyClick(view, K.Key_Down, ALT | SHIFT)
    assert [span(model, i) for i in (1, 2, 3)] == [(100, 1_100), (2_100, 3_100), (5_100, 6_100)]
    assert model.undo_stack.count() == 1


def test_a_nudge_into_the_next_cue_or_before_zero_is_refused(qtbot: QtBot) -> None:
    view, model, actions = make(qtbot, 25.0, (0, 1_000), (1_050, 2_000))
    actions.select_ids([1])
    with qtbot.waitSignal(model.controller.refused) as refused:
        QTest.keyClick(view, K.Key_PageDown, ALT | SHIFT)
    assert "overlap" in refused.args[0] and "row 1" in refused.args[0]
    with qtbot.waitSignal(model.controller.refused) as refused:
        QTest.keyClick(view, K.Key_Left, ALT)
    assert "before the beginning" in refused.args[0]
    assert span(model, 1) == (0, 1_000) and model.undo_stack.count() == 0


def test_nothing_selected_says_so(qtbot: QtBot) -> None:
    view, model, actions = make(qtbot, 25.0, (0, 1_000))
    assert not any(a.isEnabled() for a in actions.nudge_actions)
    with pytest.raises(ValueError, match="No cues selected to move"):
        actions.nudge("start", +1, True, "Start a frame later")
