"""Editor actions: every command's exact result, its undo/redo round trip, refusals, shortcuts
(the ``editor`` fixture: tests/gui/editor_actions_helpers.py, through conftest)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from gui.editor_actions import insertion_span, split_position
from gui.models.cue_model import TEXT, CueTableModel
from tests.gui.editor_actions_helpers import PRESET, SPOKEN, plain, round_trip, times, w

# ---------------------------------------------------------------------------- split


def test_split_at_the_middle_word_cuts_at_the_word_boundary_times(editor) -> None:
    cue = Cue(
        1,
        1_000,
        3_000,
        "well hello there world",
        (
            w(1_000, 1_300, "well"),
            w(1_350, 1_700, " hello"),
            w(2_100, 2_500, " there"),
            w(2_550, 3_000, " world"),
        ),
    )
    view, model, actions = editor(cue)
    actions.select_ids([1])
    after, chosen = round_trip(actions, actions.split_action.trigger)
    assert [(c.id, c.start_ms, c.end_ms, c.text) for c in after] == [
        (1, 1_000, 1_700, "well hello"),  # ends where "hello" ends
        (2, 2_100, 3_000, "there world"),  # starts where "there" starts
    ]
    assert [x.text for x in after[1].words] == [" there", " world"]
    assert chosen == [1, 2]


def test_split_position_prefers_a_line_break_then_the_middle_space() -> None:
    assert split_position(Cue(1, 0, 1_000, "one two\nthree")) == 7
    assert split_position(Cue(1, 0, 1_000, "a bb cc d")) == 4
    assert split_position(Cue(1, 0, 1_000, "word")) is None


def test_split_at_the_editor_cursor_with_the_shortcut(editor) -> None:
    view, model, actions = editor(SPOKEN, show=True)
    index = model.index(0, TEXT)
    view.setCurrentIndex(index)
    view.edit(index)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    line.setCursorPosition(len("hello"))
    before = model.document.cues
    QTest.keyClick(line, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert times(model) == [(1_000, 1_400, "hello"), (1_500, 3_000, "there world")]
    assert view.state() != QAbstractItemView.State.EditingState
    model.undo_stack.undo()
    assert model.document.cues == before


def test_split_refuses_one_word_without_an_undo_step(editor, qtbot) -> None:
    view, model, actions = editor(*plain((0, 1_000, "word")))
    actions.select_ids([1])
    with qtbot.waitSignal(model.controller.refused) as blocker:
        actions.split_action.trigger()
    assert "one word" in blocker.args[0]
    assert model.undo_stack.count() == 0


# ---------------------------------------------------------------------------- merge


def test_merge_with_next_and_previous(editor) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a"), (1_200, 2_000, "b"), (2_500, 3_000, "c")))
    actions.select_ids([2])
    after, chosen = round_trip(actions, actions.merge_next_action.trigger)
    assert [(c.id, c.start_ms, c.end_ms, c.text) for c in after] == [
        (1, 0, 1_000, "a"),
        (2, 1_200, 3_000, "b\nc"),
    ]
    assert chosen == [2]
    after, chosen = round_trip(actions, actions.merge_previous_action.trigger)
    assert [(c.id, c.start_ms, c.end_ms, c.text) for c in after] == [
        (1, 0, 3_000, "a b\nc")
    ]  # 2 lines: a space
    assert chosen == [1]
    assert not actions.merge_next_action.isEnabled() and not actions.merge_previous_action.isEnabled()


def test_merging_two_speakers_cues_says_the_merged_one_has_none(editor, qtbot) -> None:
    """User test 7, fault 4: an unvoiced dialogue merged with Narrator's cue became Narrator's."""
    view, model, actions = editor(
        Cue(1, 0, 1_000, "- Who's there?\n- It's me."), Cue(2, 1_200, 2_000, "Once", speaker="Narrator")
    )
    actions.select_ids([1])
    with qtbot.waitSignal(actions.message) as blocker:
        actions.merge_next_action.trigger()
    assert model.document.cues[0].speaker is None
    assert "no speaker" in blocker.args[0] and "Narrator" in blocker.args[0]


# ---------------------------------------------------------------------------- insert


def test_insert_after_takes_one_second_of_the_silence(editor) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a"), (5_000, 6_000, "b")))
    actions.select_ids([1])
    after, chosen = round_trip(actions, actions.insert_after_action.trigger)
    assert [(c.start_ms, c.end_ms) for c in after] == [(0, 1_000), (1_083, 2_083), (5_000, 6_000)]
    assert chosen == [3]


def test_insert_before_takes_what_fits(editor) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a"), (1_600, 2_000, "b")))
    actions.select_ids([2])
    after, chosen = round_trip(actions, actions.insert_before_action.trigger)
    assert [(c.start_ms, c.end_ms) for c in after] == [(0, 1_000), (1_083, 1_517), (1_600, 2_000)]
    assert chosen == [3]


def test_insert_refuses_when_there_is_no_room(editor, qtbot) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a"), (1_200, 2_000, "b")))
    actions.select_ids([1])
    before = model.document.cues
    with qtbot.waitSignal(model.controller.refused) as blocker:
        actions.insert_after_action.trigger()
    assert blocker.args[0].startswith("No room after the cue at 0:00:00.000: 200 ms of silence")
    assert model.document.cues == before and model.undo_stack.count() == 0
    with pytest.raises(ValueError, match="No room before"):
        insertion_span(model.document, 1, False, PRESET.replace(min_gap_ms=0))  # 0 ms before the first cue


def test_insert_into_an_empty_table(editor) -> None:
    view, model, actions = editor()
    assert actions.insert_after_action.isEnabled()
    actions.insert_after_action.trigger()
    assert times(model) == [(0, 1_000, "")]
    model.undo_stack.undo()
    assert model.document.cues == ()


# ---------------------------------------------------------------------------- delete


def test_delete_several_rows_is_one_macro(editor) -> None:
    view, model, actions = editor(
        *plain((0, 1_000, "a"), (1_500, 2_000, "b"), (2_500, 3_000, "c"), (3_500, 4_000, "d"))
    )
    actions.select_ids([1, 3])
    after, chosen = round_trip(actions, actions.delete_action.trigger)
    assert [c.id for c in after] == [2, 4]
    assert model.undo_stack.undoText() == "Delete 2 cues"
    assert chosen == [4]  # the cue after the last deleted one
    assert model.undo_stack.command(0).childCount() == 2


# ---------------------------------------------------------------------------- enabling, model swap, shortcuts


def test_actions_follow_the_selection_and_a_swapped_model(editor, qtbot) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a b"), (2_000, 3_000, "c d")))
    assert not actions.delete_action.isEnabled() and not actions.split_action.isEnabled()
    actions.select_ids([2])
    assert actions.delete_action.isEnabled() and actions.merge_previous_action.isEnabled()
    assert not actions.merge_next_action.isEnabled()
    other = CueTableModel(Document(plain((0, 500, "x"), (600, 900, "y"), (1_000, 2_000, "z"))), PRESET)
    view.setModel(other)
    qtbot.waitUntil(lambda: not actions.delete_action.isEnabled())  # new selection model: nothing selected
    actions.select_ids([1, 2])
    actions.delete_action.trigger()
    assert [c.text for c in other.document.cues] == ["z"]
    assert [c.text for c in model.document.cues] == ["a b", "c d"]


@pytest.mark.parametrize(
    ("key", "modifier", "expected"),
    [
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier, [(0, 1_000, "a b"), (5_000, 6_000, "e f")]),
        (Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier, [(0, 1_000, "a b"), (2_000, 6_000, "c d\ne f")]),
        (
            Qt.Key.Key_J,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            [(0, 3_000, "a b\nc d"), (5_000, 6_000, "e f")],
        ),
        (
            Qt.Key.Key_Insert,
            Qt.KeyboardModifier.NoModifier,
            [(0, 1_000, "a b"), (2_000, 3_000, "c d"), (3_083, 4_083, ""), (5_000, 6_000, "e f")],
        ),
        (
            Qt.Key.Key_Insert,
            Qt.KeyboardModifier.AltModifier,
            [(0, 1_000, "a b"), (1_083, 1_917, ""), (2_000, 3_000, "c d"), (5_000, 6_000, "e f")],
        ),
        (
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
            [(0, 1_000, "a b"), (2_000, 2_333, "c"), (2_333, 3_000, "d"), (5_000, 6_000, "e f")],
        ),
    ],
)
def test_shortcuts_trigger_the_actions(editor, key, modifier, expected) -> None:
    view, model, actions = editor(
        *plain((0, 1_000, "a b"), (2_000, 3_000, "c d"), (5_000, 6_000, "e f")), show=True
    )
    actions.select_ids([2])
    before = model.document.cues
    QTest.keyClick(view, key, modifier)
    assert times(model) == expected
    model.undo_stack.undo()
    assert model.document.cues == before


def test_snap_shortcuts(editor) -> None:
    cue = Cue(1, 900, 3_200, "hello there", (w(1_000, 1_400, "hello"), w(1_500, 3_050, " there")))
    view, model, actions = editor(cue, show=True)
    actions.select_ids([1])
    QTest.keyClick(view, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert times(model) == [(1_000, 3_050, "hello there")]
    assert model.undo_stack.count() == 2


def test_insert_opens_the_new_cues_text_for_typing(editor, qtbot) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a")), show=True)
    actions.edit_after_insert = True
    actions.select_ids([1])
    QTest.keyClick(view, Qt.Key.Key_Insert)
    assert view.state() == QAbstractItemView.State.EditingState
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    QTest.keyClicks(line, "new")
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, TEXT)
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: view.state() != QAbstractItemView.State.EditingState
    )  # the delegate commits queued
    assert times(model) == [(0, 1_000, "a"), (1_083, 2_083, "new")]
    assert model.undo_stack.count() == 2  # the insert, then the typing


def test_an_empty_macro_leaves_no_undo_step(editor) -> None:
    view, model, actions = editor(*plain((0, 1_000, "a")))
    with model.controller.macro("Nothing"):
        pass
    assert model.undo_stack.count() == 0 and not model.undo_stack.canUndo()


def test_split_position_uses_only_word_starts_of_timed_syllables() -> None:
    """Review 7, finding 5: karaoke syllables (won|der|ful) offered a split inside a Latin word;
    only a timed word with its leading space starts a word there. Unspaced text (Chinese) still
    splits at its timed word starts."""
    syllables = (w(0, 100, " won"), w(100, 200, "der"), w(200, 300, "ful"), w(300, 400, " day"))
    assert split_position(Cue(1, 0, 400, "wonderful day", syllables)) == 9
    chinese = (w(0, 100, "我们"), w(100, 200, "今天"), w(200, 300, "去"), w(300, 400, "公园"))
    assert split_position(Cue(1, 0, 400, "我们今天去公园", chinese)) == 4
