"""EditorActions' quality fixes on the selection and word-edge snapping (split from
test_editor_actions.py, whose fixture and helpers these share)."""

from __future__ import annotations

from engine.subtitles import quality
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.edits import fix_selection
from tests.gui.editor_actions_helpers import PRESET, plain, round_trip, w

# ---------------------------------------------------------------------------- quality fixes


def test_min_gap_on_the_selection_only(editor) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a"), (1_050, 2_000, "b"), (2_010, 3_000, "c")))
    actions.select_ids([1])
    after, chosen = round_trip(actions, actions.min_gap_action.trigger)
    assert [(c.start_ms, c.end_ms) for c in after] == [
        (0, 967),
        (1_050, 2_000),
        (2_010, 3_000),
    ]  # cue 2 untouched


def test_extend_short_cues_on_the_selection_only(editor) -> None:
    view, model, actions = editor(*plain((1_000, 1_300, "Hi"), (5_000, 5_200, "Yo"), (9_000, 9_900, "x")))
    actions.select_ids([1])
    after, chosen = round_trip(actions, actions.extend_short_action.trigger)
    assert [(c.start_ms, c.end_ms) for c in after] == [(1_000, 1_833), (5_000, 5_200), (9_000, 9_900)]


def test_split_long_cues_on_the_selection_only(editor) -> None:
    text = "This sentence is long enough to need two lines on the screen, and then it goes on even further."
    view, model, actions = editor(*plain((0, 9_000, text), (10_000, 19_000, text)))
    actions.select_ids([1])
    after, chosen = round_trip(actions, actions.split_long_action.trigger)
    first = [c for c in after if c.end_ms <= 9_000]
    assert len(first) >= 2 and first[0].id == 1 and first[0].start_ms == 0 and first[-1].end_ms == 9_000
    assert " ".join(c.text.replace("\n", " ") for c in first) == text
    assert all(a.end_ms <= b.start_ms for a, b in zip(first, first[1:]))
    assert [(c.id, c.start_ms, c.end_ms, c.text) for c in after if c.start_ms >= 10_000] == [
        (2, 10_000, 19_000, text)
    ]
    assert set(chosen) == {c.id for c in first}


def test_merge_tiny_cues_on_the_selection_only(editor) -> None:
    view, model, actions = editor(
        *plain((1_000, 1_300, "Hi"), (1_400, 2_500, "there"), (6_000, 6_300, "Oh"), (6_400, 7_500, "well"))
    )
    actions.select_ids([1])
    after, chosen = round_trip(actions, actions.merge_tiny_action.trigger)
    assert [(c.id, c.start_ms, c.end_ms, c.text) for c in after] == [
        (1, 1_000, 2_500, "Hi there"),
        (3, 6_000, 6_300, "Oh"),
        (4, 6_400, 7_500, "well"),
    ]


def test_merge_tiny_ignores_a_chosen_cue_that_is_not_tiny() -> None:
    doc = Document(plain((1_000, 1_300, "Hi"), (1_400, 2_500, "there")))
    assert not fix_selection(doc, [2], quality.merge_tiny_cues, PRESET)  # the tiny one was not chosen


def test_a_fix_with_nothing_to_do_says_so(editor, qtbot) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a"), (5_000, 6_000, "b")))
    actions.select_ids([1, 2])
    with qtbot.waitSignal(actions.message) as blocker:
        actions.min_gap_action.trigger()
    assert "nothing to change" in blocker.args[0] and model.undo_stack.count() == 0


# ---------------------------------------------------------------------------- snap


def test_snap_start_and_end_to_the_nearest_word_edge(editor) -> None:
    cue = Cue(1, 900, 3_200, "hello there", (w(1_000, 1_400, "hello"), w(1_500, 3_050, " there")))
    other = Cue(2, 5_000, 6_000, "x", (w(5_100, 5_900, "x"),))
    view, model, actions = editor(cue, other)
    actions.select_ids([1, 2])
    after, chosen = round_trip(actions, actions.snap_start_action.trigger)
    assert [(c.start_ms, c.end_ms) for c in after] == [(1_000, 3_200), (5_100, 6_000)]
    assert model.undo_stack.command(0).childCount() == 2  # a macro over the rows
    after, chosen = round_trip(actions, actions.snap_end_action.trigger)
    assert [(c.start_ms, c.end_ms) for c in after] == [(1_000, 3_050), (5_100, 5_900)]
    assert chosen == [1, 2]


def test_snap_refuses_without_words(editor, qtbot) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a")))
    actions.select_ids([1])
    with qtbot.waitSignal(model.controller.refused) as blocker:
        actions.snap_start_action.trigger()
    assert "No word start" in blocker.args[0] and model.undo_stack.count() == 0
