"""Find and Replace: search options, wrapping, the found cue selected, replacements undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QTableView

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_actions import EditorActions
from gui.models.cue_model import CueTableModel
from gui.views.find_replace import FindReplaceDialog

TEXTS = ("The cat sat.", "A category\nof cats", "No match here", "CAT and cat")


@pytest.fixture
def search(qtbot):  # type: ignore[no-untyped-def]
    cues = [Cue(i, i * 2_000, i * 2_000 + 1_500, text) for i, text in enumerate(TEXTS, 1)]
    model = CueTableModel(Document(cues), PRESETS["netflix-en"])
    view = QTableView()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setModel(model)
    qtbot.addWidget(view)
    dialog = FindReplaceDialog(view)
    qtbot.addWidget(dialog)
    return view, model, dialog


def found(view: QTableView, dialog: FindReplaceDialog) -> tuple[int, int, int] | None:
    """(row, start, end) of the last match, checking the view selected that row."""
    match = dialog.last_match
    if match is None:
        return None
    rows = {index.row() for index in view.selectionModel().selectedIndexes()}
    row = view.model().row_of(match[0])
    assert rows == {row} and view.currentIndex().row() == row
    return row, match[1], match[2]


def test_find_next_walks_the_matches_and_wraps(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    dialog.find_edit.setText("cat")
    hits, wrapped = [], []
    for _ in range(7):
        assert dialog.find_next()
        hits.append(found(view, dialog))
        wrapped.append("wrapped" in dialog.status_label.text())
    # case-insensitive by default: "cat", "cat"egory, "cat"s, "CAT", "cat", then round again
    assert hits == [(0, 4, 7), (1, 2, 5), (1, 14, 17), (3, 0, 3), (3, 8, 11), (0, 4, 7), (1, 2, 5)]
    assert wrapped == [False] * 5 + [True, False]
    assert dialog.status_label.text().startswith("Cue 2: …A [cat]egory / of cats")


def test_find_previous_goes_backwards(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    dialog.find_edit.setText("cat")
    dialog.find_next()
    dialog.find_next()  # row 1, "category"
    assert dialog.find_previous() and found(view, dialog) == (0, 4, 7)
    assert dialog.find_previous() and found(view, dialog) == (3, 8, 11)  # wrapped to the end
    assert "wrapped" in dialog.status_label.text()


def test_match_case_whole_words_and_no_wrap(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    dialog.find_edit.setText("cat")
    dialog.case_box.setChecked(True)
    dialog.words_box.setChecked(True)
    assert dialog.find_next() and found(view, dialog) == (0, 4, 7)
    assert dialog.find_next() and found(view, dialog) == (3, 8, 11)  # not "category", "cats" nor "CAT"
    dialog.wrap_box.setChecked(False)
    assert not dialog.find_next()
    assert dialog.status_label.text() == "Not found: cat"


def test_regular_expression_and_an_invalid_one(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    dialog.regex_box.setChecked(True)
    dialog.find_edit.setText(r"cat\w+")
    assert dialog.find_next() and found(view, dialog) == (1, 2, 10)  # "category"
    assert dialog.find_next() and found(view, dialog) == (1, 14, 18)  # "cats"
    dialog.find_edit.setText("cat(")
    assert not dialog.find_next() and "Not a valid regular expression" in dialog.status_label.text()


def test_replace_one_then_the_next(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    dialog.find_edit.setText("cat")
    dialog.replace_edit.setText("dog")
    dialog.words_box.setChecked(True)
    assert dialog.replace()  # nothing found yet: finds first
    assert model.undo_stack.count() == 0 and found(view, dialog) == (0, 4, 7)
    assert dialog.replace()  # replaces it and moves on
    assert model.document.get(1).text == "The dog sat."
    assert found(view, dialog) == (3, 0, 3)
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert model.document.get(1).text == "The cat sat."


def test_replace_all_is_one_undo_step(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    before = model.document.cues
    dialog.find_edit.setText("cat")
    dialog.replace_edit.setText("dog")
    assert dialog.replace_all() == 5
    assert [c.text for c in model.document.cues] == [
        "The dog sat.",
        "A dogegory\nof dogs",
        "No match here",
        "dog and dog",
    ]
    assert model.undo_stack.count() == 1 and dialog.status_label.text() == "Replaced 5 in 3 cues"
    after = model.document.cues
    model.undo_stack.undo()
    assert model.document.cues == before
    model.undo_stack.redo()
    assert model.document.cues == after


def test_replace_all_with_regex_groups(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    dialog.regex_box.setChecked(True)
    dialog.case_box.setChecked(True)
    dialog.find_edit.setText(r"(\w+) and (\w+)")
    dialog.replace_edit.setText(r"\2 & \1")
    assert dialog.replace_all() == 1
    assert model.document.get(4).text == "cat & CAT"
    dialog.find_edit.setText("zebra")
    assert dialog.replace_all() == 0 and model.undo_stack.count() == 1


def test_literal_replacement_keeps_backslashes(search) -> None:  # type: ignore[no-untyped-def]
    view, model, dialog = search
    dialog.find_edit.setText("sat.")
    dialog.replace_edit.setText(r"\1 sat")
    assert dialog.replace_all() == 1
    assert model.document.get(1).text == r"The cat \1 sat"


def test_find_shortcut_opens_the_dialog_and_f3_finds_next(qtbot) -> None:  # type: ignore[no-untyped-def]
    cues = [Cue(i, i * 2_000, i * 2_000 + 1_500, text) for i, text in enumerate(TEXTS, 1)]
    model = CueTableModel(Document(cues), PRESETS["netflix-en"])
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    actions = EditorActions(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = actions._find_dialog
    assert isinstance(dialog, FindReplaceDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    dialog.find_edit.setText("match")
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F3)
    assert view.currentIndex().row() == 2


def test_styling_tags_are_not_searched_or_replaced(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Cue text keeps <i>/<font color=...> tags (issue 12): 'color' in a tag is not the cue's words."""
    cues = [Cue(1, 0, 1_500, '<font color="#ff0000">red</font> color'), Cue(2, 2_000, 3_500, "<i>italic</i>")]
    model = CueTableModel(Document(cues), PRESETS["netflix-en"])
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    dialog = FindReplaceDialog(view)
    qtbot.addWidget(dialog)
    dialog.find_edit.setText("color")
    assert dialog.find_next() and dialog.last_match == (1, 33, 38)  # the word, not the attribute
    dialog.replace_edit.setText("colour")
    assert dialog.replace_all() == 1
    assert model.document.cues[0].text == '<font color="#ff0000">red</font> colour'
