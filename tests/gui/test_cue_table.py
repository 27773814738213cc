"""The cue table never moves under the user while cues stream in (issue 15, point 1): the edited
row keeps its place on screen, its open editor stays on it and open, and the selection stays on
its cues; "Follow new cues" scrolls to the newest one instead, for those who want to watch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.models.cue_model import TEXT, CueTableModel
from gui.views.cue_delegate import CueTextDelegate
from gui.views.cue_table import CueTable


def make_table(qtbot: QtBot, count: int = 60) -> tuple[CueTable, CueTableModel]:
    # Cues every 2 s with a 1 s hole after each: room to stream new cues in anywhere.
    doc = Document(Cue(i, i * 2000, i * 2000 + 1000, f"cue {i}") for i in range(1, count + 1))
    model = CueTableModel(doc, PRESETS["netflix-en"])
    table = CueTable()
    table.setItemDelegateForColumn(TEXT, CueTextDelegate(table))
    qtbot.addWidget(table)
    table.resize(500, 300)
    table.setModel(model)
    table.show()
    qtbot.waitExposed(table)
    return table, model


def stream(model: CueTableModel, *starts_ms: int) -> None:
    """One streamed update adding a cue at each start (400 ms long, inside a hole)."""
    added = tuple(Cue(model.document.new_id(), s, s + 400, f"new at {s}") for s in starts_ms)
    assert model.apply_streamed(Edit(added=added))


def row_top(table: CueTable, model: CueTableModel, cue_id: int) -> int:
    return table.visualRect(model.index(model.row_of(cue_id), TEXT)).top()


def selected_ids(table: CueTable, model: CueTableModel) -> list[int]:
    return sorted({model.cue_id_at(i.row()) for i in table.selectionModel().selectedIndexes()})


@pytest.mark.parametrize("where", ["above", "inside above", "inside below", "below", "all at once"])
def test_streamed_cues_move_neither_the_edited_row_its_editor_nor_the_selection(
    qtbot: QtBot, where: str
) -> None:
    table, model = make_table(qtbot)
    table.scrollTo(model.index(29, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    edited = model.cue_id_at(32)  # cue 33, a few rows into the view
    table.selectRow(32)
    table.edit(model.index(32, TEXT))
    editor = table.findChild(QPlainTextEdit)
    assert editor is not None and editor.isVisible()
    QTest.keyClicks(editor, " typed")
    top, editor_top = row_top(table, model, edited), editor.geometry().top()
    first_visible = table.rowAt(0)
    assert first_visible > 20 and table.rowAt(table.viewport().height() - 1) < 50
    starts = {
        "above": [5 * 2000 + 1200],  # far above the view
        "inside above": [31 * 2000 + 1200],  # between two visible rows above the edited one
        "inside below": [33 * 2000 + 1200],
        "below": [58 * 2000 + 1200],
        "all at once": [5 * 2000 + 1200, 31 * 2000 + 1200, 33 * 2000 + 1200, 58 * 2000 + 1200],
    }[where]
    stream(model, *starts)
    QTest.qWait(0)  # the view's delayed layout runs
    assert row_top(table, model, edited) == top
    assert table.state() == QAbstractItemView.State.EditingState
    assert table.findChild(QPlainTextEdit) is editor and editor.isVisible()
    assert editor.geometry().top() == editor_top
    assert selected_ids(table, model) == [edited]
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert model.document.get(edited).text == "cue 33 typed"


def test_cues_streamed_above_keep_the_current_row_still_without_an_editor(qtbot: QtBot) -> None:
    table, model = make_table(qtbot)
    table.scrollTo(model.index(29, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    table.selectRow(30)
    top = row_top(table, model, model.cue_id_at(30))
    stream(model, 3 * 2000 + 1200, 4 * 2000 + 1200)
    QTest.qWait(0)
    assert row_top(table, model, 31) == top and selected_ids(table, model) == [31]


def test_follow_new_cues_is_off_by_default_and_scrolls_to_the_newest_when_on(qtbot: QtBot) -> None:
    table, model = make_table(qtbot)
    assert not table.follow_action.isChecked()
    table.scrollToTop()
    stream(model, 59 * 2000 + 1200)
    QTest.qWait(0)
    assert table.rowAt(0) == 0
    table.follow_action.setChecked(True)
    stream(model, 60 * 2000 + 1200)
    QTest.qWait(0)
    newest = model.row_of(max(c.id for c in model.document.cues))
    assert table.rowAt(table.viewport().height() - 1) == newest


def test_the_row_under_the_pointer_stays_put_when_cues_stream_in_above_it(qtbot: QtBot) -> None:
    table, model = make_table(qtbot)
    table.scrollTo(model.index(29, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    table.selectRow(29)  # the current row is the top one; the pointer is further down
    hovered = model.cue_id_at(34)
    rect = table.visualRect(model.index(34, 0))
    was = QCursor.pos()
    QCursor.setPos(table.viewport().mapToGlobal(rect.center()))
    try:
        if table.viewport().mapFromGlobal(QCursor.pos()) != rect.center():
            pytest.skip("this platform cannot place the pointer")
        top = row_top(table, model, hovered)
        stream(model, 31 * 2000 + 1200, 32 * 2000 + 1200)  # inside the view, between the two
        QTest.qWait(0)
    finally:
        QCursor.setPos(was)  # later tests find the pointer where it was
    assert row_top(table, model, hovered) == top
    assert selected_ids(table, model) == [30]


@pytest.mark.parametrize("replaced", [6, 31, 34])  # above the view, in it above and below the edit
def test_cues_streamed_again_in_place_of_others_keep_the_edited_row_still(
    qtbot: QtBot, replaced: int
) -> None:
    # Live cues re-segment their tail: an update removes cues and adds others in their place.
    table, model = make_table(qtbot)
    table.scrollTo(model.index(29, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    edited = model.cue_id_at(32)
    table.selectRow(32)
    table.edit(model.index(32, TEXT))
    editor = table.findChild(QPlainTextEdit)
    assert editor is not None
    QTest.keyClicks(editor, " typed")
    top = row_top(table, model, edited)
    old = model.document.get(replaced)
    parts = (
        Cue(model.document.new_id(), old.start_ms, old.start_ms + 400, "first half"),
        Cue(model.document.new_id(), old.start_ms + 500, old.end_ms, "second half"),
    )
    assert model.apply_streamed(Edit(removed=(old,), added=parts))
    QTest.qWait(0)
    assert row_top(table, model, edited) == top
    assert table.findChild(QPlainTextEdit) is editor and editor.isVisible()
    assert selected_ids(table, model) == [edited]
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert model.document.get(edited).text == "cue 33 typed"
