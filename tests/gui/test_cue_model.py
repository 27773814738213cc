"""The cue table model: cells, parsing of edits, quality colours, frames and failed-stretch marks.

Streamed inserts and the signals that keep views in step are in test_cue_model_streaming.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.failed_stretches import FailedStretch
from gui.models.cue_model import (
    CPS,
    CUE_ID_ROLE,
    DURATION,
    END,
    FAILED_STRETCHES_ROLE,
    NUMBER,
    START,
    TEXT,
    CueTableModel,
    parse_time,
)
from tests.gui.cue_model_helpers import NETFLIX, ROLE, SignalLog, cue, make_model, texts
from tests.gui.live_feed import LiveFeed

# ---------------------------------------------------------------------- cells


def test_empty_model_passes_the_model_tester(qtmodeltester) -> None:
    model = make_model()
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.columnCount() == 7
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "#",
        "Start",
        "End",
        "Duration",
        "CPS",
        "Text",
        "Translation",
    ]


def test_cells_show_times_duration_cps_and_joined_lines() -> None:
    model = make_model((1_500, 3_750, "Hello there,\nGeneral Kenobi."), (3_661_001, 3_663_001, "Later"))
    row = [model.data(model.index(0, c)) for c in range(6)]
    assert row == ["1", "0:00:01.500", "0:00:03.750", "2.250", "12.0", "Hello there, / General Kenobi."]
    assert model.data(model.index(1, START)) == "1:01:01.001"
    assert model.data(model.index(0, TEXT), ROLE.EditRole) == "Hello there,\nGeneral Kenobi."
    assert model.data(model.index(1, NUMBER)) == "2"
    assert model.data(model.index(1, TEXT), CUE_ID_ROLE) == 2


def test_only_start_end_and_text_are_editable() -> None:
    model = make_model((0, 1000, "a"))
    editable = [bool(model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable) for c in range(6)]
    assert editable == [False, True, True, False, False, True]


def test_row_of_and_cue_id_at() -> None:
    model = make_model((0, 1000, "a"), (2000, 3000, "b"))
    assert [model.cue_id_at(r) for r in range(2)] == [1, 2]
    assert model.row_of(2) == 1
    with pytest.raises(LookupError):
        model.row_of(99)
    with pytest.raises(IndexError):
        model.cue_id_at(2)


# ---------------------------------------------------------------------- time edits


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("1:02:03.456", 3_723_456),
        ("0:00:01.5", 1_500),
        ("02:03.450", 123_450),
        ("02:03,45", 123_450),
        ("75.25", 75_250),
        ("1500", 1_500),
        (" 12 ", 12),
        ("1:30", 90_000),
        (2500, 2500),
    ],
)
def test_parse_time_accepts_the_usual_forms(text: object, ms: int) -> None:
    assert parse_time(text) == ms


@pytest.mark.parametrize(
    "text", ["", "abc", "1:2:3:4", "1:60.000", "1:75:00.000", "1.2345", "-5", "1.5s", -1, 1.5, None, True]
)
def test_parse_time_refuses_everything_else(text: object) -> None:
    assert parse_time(text) is None


def test_time_edits_in_every_form_push_one_step_each() -> None:
    model = make_model((1_000, 3_000, "a"), (10_000, 12_000, "b"))
    assert model.setData(model.index(0, START), "0:00:01.250")
    assert model.setData(model.index(0, END), "00:04.5")
    assert model.setData(model.index(1, START), "9.75")
    assert model.setData(model.index(1, END), "12500")
    assert [(c.start_ms, c.end_ms) for c in model.document] == [(1_250, 4_500), (9_750, 12_500)]
    assert model.undo_stack.count() == 4
    model.undo_stack.undo()
    assert model.document.get(2).end_ms == 12_000


@pytest.mark.parametrize(
    ("column", "value"),
    [
        (START, "soon"),
        (END, "1:2:3:4"),
        (END, "0.5"),
        (START, "3000"),
        (END, "10.5"),
        (START, -1),
        (END, None),
    ],
)
def test_invalid_time_edits_are_refused_and_change_nothing(qtbot, column: int, value: object) -> None:
    # invalid text, end before start, start after end, overlapping the next cue, wrong types
    model = make_model((1_000, 3_000, "a"), (10_000, 12_000, "b"))
    model.setData(model.index(0, TEXT), "edited")
    model.undo_stack.undo()  # a redo step that a refused edit must not cost
    before, log = model.document.cues, SignalLog(model)
    assert model.setData(model.index(0, column), value) is False
    assert model.document.cues == before
    assert (model.undo_stack.count(), model.undo_stack.canRedo()) == (1, True)
    assert log.changed == [] and log.inserted == []


def test_unchanged_edits_push_nothing() -> None:
    model = make_model((1_000, 3_000, "a\nb"))
    assert model.setData(model.index(0, START), "1.000")
    assert model.setData(model.index(0, TEXT), "a\r\nb")
    assert model.undo_stack.count() == 0


def test_a_time_edit_that_moves_a_cue_keeps_its_selection(qtmodeltester) -> None:
    model = make_model((1_000, 2_000, "a"), (3_000, 4_000, "b"), (5_000, 6_000, "c"))
    qtmodeltester.check(model)
    held = QPersistentModelIndex(model.index(0, TEXT))  # what a selection holds on to
    model.controller.edit("Move", lambda d: d.set_times(1, 7_000, 8_000))
    assert [model.cue_id_at(r) for r in range(3)] == [2, 3, 1]
    assert (held.row(), held.data(CUE_ID_ROLE)) == (2, 1)
    assert model.data(model.index(0, NUMBER)) == "1"
    model.undo_stack.undo()
    assert held.row() == 0 and model.data(model.index(0, START)) == "0:00:01.000"


# ---------------------------------------------------------------------- quality


def test_a_cue_read_too_fast_gets_a_red_cps_cell_with_the_rule_in_its_tooltip() -> None:
    model = make_model((0, 1_000, "x" * 24), (5_000, 7_000, "fine"))
    cps_cell = model.index(0, CPS)
    assert model.data(cps_cell) == "24.0"
    assert model.data(cps_cell, ROLE.ToolTipRole) == "Reading speed 24.0 characters/s (limit 20)"
    background = model.data(cps_cell, ROLE.BackgroundRole)
    assert background is not None and background.color().red() > background.color().blue()
    assert model.data(cps_cell, ROLE.ForegroundRole) is not None
    # other cells of the row, and the fine cue, stay plain
    for index in (model.index(0, TEXT), model.index(1, CPS)):
        assert model.data(index, ROLE.ToolTipRole) is None
        assert model.data(index, ROLE.BackgroundRole) is None


def test_a_figure_that_counts_full_width_characters_two_says_so() -> None:
    model = make_model((0, 4_000, "我們今天要討論的是這個軟件在不同平台上的表現"), (4_040, 8_000, "ok"))
    assert "a line of 44 characters (limit 42; full-width characters count two)" in model.data(
        model.index(0, TEXT), ROLE.ToolTipRole
    )


def test_line_length_and_short_gap_colour_their_own_cells() -> None:
    model = make_model((0, 4_000, "y" * 50), (4_040, 8_000, "ok"))
    assert "Line too long: a line of 50 characters (limit 42)" in model.data(
        model.index(0, TEXT), ROLE.ToolTipRole
    )
    assert (
        model.data(model.index(0, END), ROLE.ToolTipRole)
        == "Gap too short: 40 ms before the next cue (minimum 83 ms)"
    )
    assert model.data(model.index(0, DURATION), ROLE.ToolTipRole) is None


def test_colours_follow_edits_and_the_preset(qtbot) -> None:
    model = make_model((0, 1_000, "short"))
    cell = model.index(0, CPS)
    assert model.data(cell, ROLE.BackgroundRole) is None
    with qtbot.waitSignal(model.dataChanged):
        model.setData(model.index(0, TEXT), "now a much longer line of text")
    assert "Reading speed 30.0" in model.data(cell, ROLE.ToolTipRole)
    model.set_preset(NETFLIX.replace(max_cps=40.0))
    assert model.data(cell, ROLE.ToolTipRole) is None


def test_times_show_and_take_frames_at_a_chosen_rate(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.models.cue_model import format_frames, parse_frames

    assert format_frames(3_723_500, 24.0) == "1:02:03:12"
    assert parse_frames("1:02:03:12", 24.0) == 3_723_500
    assert parse_frames("0:00:01:25", 25.0) is None  # frame 25 does not exist at 25 fps
    for ms in (0, 41, 42, 1_000, 59_958):
        frame_start = parse_frames(format_frames(ms, 24.0), 24.0)
        assert frame_start is not None and frame_start <= ms < frame_start + 42
    model = CueTableModel(Document([Cue(1, 1_000, 2_500, "a")]), PRESETS["netflix-en"])
    model.set_frame_rate(25.0)
    assert model.data(model.index(0, 2)) == "0:00:02:12"
    assert model.setData(model.index(0, 2), "0:00:03:05", Qt.ItemDataRole.EditRole)
    assert model.document.get(1).end_ms == 3_200
    assert model.setData(model.index(0, 2), "0:00:03.400", Qt.ItemDataRole.EditRole)  # ms still accepted
    assert model.document.get(1).end_ms == 3_400
    model.set_frame_rate(None)
    assert model.data(model.index(0, 2)) == "0:00:03.400"


# ---------------------------------------------------------------------- failed stretches


def test_a_failed_stretch_marks_the_cue_after_the_hole_and_is_not_a_row(qtmodeltester) -> None:
    model = make_model((1_000, 2_000, "before"), (95_000, 96_000, "after"), (99_000, 99_500, "later"))
    log = SignalLog(model)
    hole = FailedStretch(62_000, 90_000, "RuntimeError: boom")
    assert model.add_failed_stretches([hole])
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and texts(model) == ["before", "after", "later"]
    assert [model.data(model.index(r, NUMBER)) for r in range(3)] == ["1", "2", "3"]
    marked = [model.data(model.index(r, NUMBER), FAILED_STRETCHES_ROLE) for r in range(3)]
    assert marked == [None, (hole,), None]
    tip = model.data(model.index(1, NUMBER), ROLE.ToolTipRole)
    assert tip == "Not transcribed, before this cue: 0:01:02.000 - 0:01:30.000\nReason: RuntimeError: boom"
    assert model.data(model.index(1, NUMBER), ROLE.BackgroundRole) is not None
    assert model.data(model.index(1, NUMBER), ROLE.DecorationRole) is not None
    assert model.data(model.index(1, NUMBER), ROLE.TextAlignmentRole) is not None  # still right-aligned
    assert model.data(model.index(1, TEXT), ROLE.ToolTipRole) is None  # only the "#" cell
    assert (0, 2, NUMBER, NUMBER) in log.changed  # the views were told
    assert model.undo_stack.count() == 0 and len(model.document.cues) == 3  # not an edit, not a cue

    # The same span again (JobFinished repeats it, without the reason): kept once, with its reason.
    assert not model.add_failed_stretches([FailedStretch(62_000, 90_000)])
    assert model.failed_stretches == (hole,)
    # Told first without a reason, then with one: the reason is not lost.
    assert model.add_failed_stretches([FailedStretch(20_000, 30_000)])
    assert model.add_failed_stretches([FailedStretch(20_000, 30_000, "late reason")])
    assert model.failed_stretches == (FailedStretch(20_000, 30_000, "late reason"), hole)


def test_the_mark_follows_the_cues_around_the_hole() -> None:
    model = make_model((1_000, 2_000, "before"))
    model.add_failed_stretches([FailedStretch(30_000, 60_000, "")])
    assert (
        model.data(model.index(0, NUMBER), ROLE.ToolTipRole)
        == "Not transcribed, after this cue: 0:00:30.000 - 0:01:00.000"
    )  # no cue after the hole yet
    log = SignalLog(model)
    LiveFeed(model).send([cue(61_000, 62_000, "after")])  # the chunk after the hole arrives
    assert model.data(model.index(0, NUMBER), FAILED_STRETCHES_ROLE) is None
    assert model.data(model.index(1, NUMBER), FAILED_STRETCHES_ROLE) == (FailedStretch(30_000, 60_000),)
    assert (0, 1, NUMBER, NUMBER) in log.changed  # the first row's mark went away visibly
    after_id = model.cue_id_at(1)
    model.controller.edit("Delete", lambda doc: doc.delete([after_id]))
    assert model.data(model.index(0, NUMBER), FAILED_STRETCHES_ROLE) == (FailedStretch(30_000, 60_000),)
    model.undo_stack.undo()
    assert model.data(model.index(1, NUMBER), FAILED_STRETCHES_ROLE) == (FailedStretch(30_000, 60_000),)
