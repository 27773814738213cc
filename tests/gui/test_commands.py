"""Undo commands: round trips, merging of typing, refusals, and undo after streamed changes."""

from __future__ import annotations

from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.models.cue_model import TEXT, CueTableModel
from tests.gui.live_feed import LiveFeed


def make_model(*cues: tuple[int, int, str]) -> CueTableModel:
    return CueTableModel(
        Document(Cue(i, s, e, t) for i, (s, e, t) in enumerate(cues, 1)), PRESETS["netflix-en"]
    )


def type_text(model: CueTableModel, cue_id: int, text: str) -> bool:
    return model.setData(model.index(model.row_of(cue_id), TEXT), text)


def test_text_edit_undo_redo_round_trip(qtmodeltester) -> None:
    model = make_model((0, 2_000, "first"), (3_000, 5_000, "second"))
    qtmodeltester.check(model)
    assert type_text(model, 2, "two\nlines")
    assert model.document.get(2).text == "two\nlines"
    assert model.data(model.index(1, TEXT)) == "two / lines"
    assert model.undo_stack.undoText() == "Edit text"
    model.undo_stack.undo()
    assert [c.text for c in model.document] == ["first", "second"]
    model.undo_stack.redo()
    assert model.document.get(2).text == "two\nlines"


def test_consecutive_typing_in_one_cue_is_one_undo_step() -> None:
    model = make_model((0, 2_000, "h"))
    for text in ("he", "hel", "hell", "hello"):
        assert type_text(model, 1, text)
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert model.document.get(1).text == "h"
    model.undo_stack.redo()
    assert model.document.get(1).text == "hello"


def test_typing_merges_only_with_the_same_cue_and_the_command_just_pushed() -> None:
    model = make_model((0, 2_000, "a"), (3_000, 5_000, "b"))
    type_text(model, 1, "a1")
    type_text(model, 2, "b1")  # another cue: a new step
    assert model.undo_stack.count() == 2
    model.undo_stack.undo()  # back on cue 1's step, but typing there again is a new step
    type_text(model, 1, "a2")
    assert model.undo_stack.count() == 2
    model.undo_stack.undo()
    assert model.document.get(1).text == "a1"
    # a time change between two text edits of the same cue also ends the merge
    type_text(model, 1, "x")
    model.controller.set_times(1, 0, 1_500)
    type_text(model, 1, "xy")
    assert model.undo_stack.count() == 4


def test_typing_back_to_the_original_text_leaves_no_step() -> None:
    model = make_model((0, 2_000, "same"))
    type_text(model, 1, "samex")
    type_text(model, 1, "same")
    assert model.undo_stack.count() == 0 and model.document.get(1).text == "same"


def test_set_times_round_trip_and_mergeable_drags() -> None:
    model = make_model((1_000, 2_000, "a"), (5_000, 6_000, "b"))
    stack = model.undo_stack
    model.controller.set_times(1, 1_200, 2_500)
    assert (model.document.get(1).start_ms, model.document.get(1).end_ms) == (1_200, 2_500)
    stack.undo()
    assert (model.document.get(1).start_ms, model.document.get(1).end_ms) == (1_000, 2_000)
    stack.redo()
    for end in (2_600, 2_700, 2_800):  # a drag of the end edge
        model.controller.set_times(1, 1_200, end, mergeable=True)
    assert stack.count() == 2 and model.document.get(1).end_ms == 2_800
    stack.undo()
    assert model.document.get(1).end_ms == 2_500


def test_document_edit_command_split_and_merge_with_row_signals(qtbot, qtmodeltester) -> None:
    model = make_model((0, 4_000, "left half right half"), (5_000, 6_000, "next"))
    qtmodeltester.check(model)
    stack = model.undo_stack
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.controller.edit("Split", lambda d: d.split(1, 10))
    assert inserted.args[1:] == [1, 1]
    assert [c.text for c in model.document] == ["left half", "right half", "next"]
    right = model.cue_id_at(1)
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        stack.undo()
    assert removed.args[1:] == [1, 1] and model.rowCount() == 2
    stack.redo()
    assert model.cue_id_at(1) == right  # redo re-creates the cue with its old id
    model.controller.edit("Merge", lambda d: d.merge([right, 2]))
    assert [c.text for c in model.document] == ["left half", "right half\nnext"]
    assert stack.undoText() == "Merge"
    stack.undo()
    stack.undo()
    assert [c.text for c in model.document] == ["left half right half", "next"]


def test_an_operation_that_changes_nothing_leaves_no_step() -> None:
    model = make_model((0, 1_000, "a"))
    model.controller.edit("Nothing", lambda d: Edit())
    assert model.undo_stack.count() == 0


def test_a_refused_operation_is_dropped_and_reported(qtbot) -> None:
    model = make_model((0, 1_000, "a"), (2_000, 3_000, "b"), (4_000, 5_000, "c"))
    with qtbot.waitSignal(model.controller.refused) as failed:
        assert model.controller.edit("Merge", lambda d: d.merge([1, 3])) is None
    assert "Merge" in failed.args[0] and "neighbouring" in failed.args[0]
    assert model.undo_stack.count() == 0 and len(model.document) == 3


def test_undo_and_redo_of_a_move_beside_streamed_cues(qtbot) -> None:
    model = make_model((1_000, 2_000, "moved"), (10_000, 11_000, "other"))
    feed = LiveFeed(model)
    stack = model.undo_stack
    model.controller.edit("Shift", lambda d: d.shift([1], 5_000))
    feed.send([Cue(0, 6_500, 8_000, "streamed")])  # fitted after the moved cue, which stays 6-7 s
    assert model.document.get(1).end_ms == 7_000
    stack.undo()
    assert (model.document.get(1).start_ms, model.document.get(1).end_ms) == (1_000, 2_000)
    assert [c.text for c in model.document] == ["moved", "streamed", "other"]
    feed.send([Cue(0, 6_000, 7_000, "later")])  # lands where the move would put the cue again
    # redoing would now overlap the streamed cue: refused and reported, nothing changes
    with qtbot.waitSignal(model.controller.refused):
        stack.redo()
    assert model.document.get(1).start_ms == 1_000 and len(model.document) == 4


def test_undo_of_times_beside_a_streamed_cue() -> None:
    model = make_model((1_000, 5_000, "a"))
    feed = LiveFeed(model)
    model.controller.set_times(1, 2_000, 5_000)
    feed.send([Cue(0, 4_000, 6_000, "streamed")])  # fitted after A: 5.0-6.0 s
    model.undo_stack.undo()
    assert (model.document.get(1).start_ms, model.document.get(1).end_ms) == (1_000, 5_000)
    assert [(c.start_ms, c.end_ms) for c in model.document][1:] == [(5_000, 6_000)]


def test_commands_address_cues_by_id_not_row() -> None:
    model = make_model((5_000, 6_000, "target"))
    feed = LiveFeed(model)
    assert model.controller.set_text(1, "changed")
    feed.send([Cue(0, 1_000, 2_000, "x"), Cue(0, 2_000, 3_000, "y")])  # target now row 2
    model.undo_stack.undo()
    assert [c.text for c in model.document] == ["x", "y", "target"]
    model.undo_stack.redo()
    assert model.data(model.index(2, TEXT)) == "changed"
