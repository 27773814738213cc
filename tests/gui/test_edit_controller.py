"""One owner for an edit: every request becomes an undo step in one place, each edit runs once,
the Document's time check is the only one, and every refusal reaches the status bar signal in the
user's words with the table's row numbers."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_panel import EditorPanel
from gui.i18n import install_translators
from gui.models.cue_model import END, START, TEXT, CueTableModel
from tests.gui.live_feed import LiveFeed


def shown(qtbot: QtBot, *cues: Cue) -> tuple[EditorPanel, CueTableModel, list[str]]:
    """An editor panel showing ``cues``, and the status bar's messages as they come."""
    model = CueTableModel(Document(cues), PRESETS["netflix-en"])
    panel = EditorPanel()
    qtbot.addWidget(panel)
    panel.show_file(None, model)
    QApplication.processEvents()  # the actions rebind to the new selection model
    messages: list[str] = []
    panel.message.connect(messages.append)
    return panel, model, messages


# Ids in the opposite order of the rows: cue 78 is row 1, cue 4 row 2 (ids survive re-timing).
CROSSED = (Cue(78, 1_000, 2_000, "first"), Cue(4, 3_000, 4_000, "second"), Cue(9, 6_000, 7_000, "third"))


def test_a_refused_cell_time_reaches_the_status_bar_with_row_numbers(qtbot: QtBot) -> None:
    panel, model, messages = shown(qtbot, *CROSSED)
    assert not model.setData(model.index(0, END), "0:00:03.500")  # row 1 would reach into row 2
    assert len(messages) == 1
    assert "row 1" in messages[0] and "row 2" in messages[0] and "cue 4" not in messages[0]
    assert "Move or shorten" in messages[0]  # says what to do
    assert model.undo_stack.count() == 0


def test_a_refused_shift_names_the_rows_the_table_shows(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.views.retime_dialogs import ShiftDialog, ShiftParams, ShiftScope

    panel, model, messages = shown(qtbot, *CROSSED)
    panel.actions.select_ids([78])
    monkeypatch.setattr(ShiftDialog, "exec", lambda self: ShiftDialog.DialogCode.Accepted)
    monkeypatch.setattr(ShiftDialog, "parameters", lambda self: ShiftParams(ShiftScope.SELECTED, ms=2_500))
    panel.actions.shift_action.trigger()  # cue 78 (row 1) onto cue 4 (row 2)
    assert len(messages) == 1
    assert "Shift times" in messages[0]
    assert "row 2" in messages[0] and "row 1" in messages[0]
    assert "cue 4" not in messages[0] and "cue 78" not in messages[0]
    assert [c.start_ms for c in model.document] == [1_000, 3_000, 6_000]


def test_a_refused_undo_reaches_the_status_bar(qtbot: QtBot) -> None:
    panel, model, messages = shown(qtbot, Cue(1, 1_000, 2_000, "moved"), Cue(2, 10_000, 11_000, "other"))
    feed = LiveFeed(model)
    assert model.setData(model.index(0, END), "0:00:07.000")
    assert model.setData(model.index(0, START), "0:00:06.000")
    feed.send([Cue(0, 1_500, 2_500, "streamed")])  # where cue 1 started
    model.undo_stack.undo()  # back to 1.0 s would overlap the streamed cue
    assert len(messages) == 1 and messages[0].startswith("Cannot undo “Change times”")
    assert "row 1" in messages[0] and "row 2" in messages[0]
    assert (model.document.get(1).start_ms, model.document.get(1).end_ms) == (6_000, 7_000)


def test_refusals_are_translated(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QCoreApplication)
    translators = install_translators(app, "zh_TW")
    try:
        assert translators
        panel, model, messages = shown(qtbot, *CROSSED)
        assert not model.setData(model.index(0, END), "0:00:03.500")
        assert messages and "Move or shorten" not in messages[0] and "row" not in messages[0]
        assert "1" in messages[0] and "2" in messages[0]
    finally:
        for translator in translators:
            app.removeTranslator(translator)


# ---------------------------------------------------------------------------- one path


@pytest.fixture
def pushes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The files that push undo commands, one entry per push."""
    callers: list[str] = []
    real = QUndoStack.push

    def push(stack: QUndoStack, command: object) -> None:
        callers.append(Path(inspect.stack()[1].filename).name)
        real(stack, command)  # type: ignore[arg-type]

    monkeypatch.setattr(QUndoStack, "push", push)
    yield callers


def test_every_edit_becomes_an_undo_step_in_one_place(qtbot: QtBot, pushes: list[str]) -> None:
    panel, model, _ = shown(qtbot, Cue(1, 1_000, 2_000, "one two"), Cue(2, 4_000, 5_000, "three"))
    model.setData(model.index(0, TEXT), "one two!")  # a cell's text
    model.setData(model.index(1, START), "0:00:03.900")  # a cell's time
    panel.actions.select_ids([1])
    panel.actions.split_action.trigger()  # a menu command
    panel.actions.delete_action.trigger()  # a macro
    panel.cue_view.selectRow(0)
    panel.waveform.seek_requested.emit(1_100)
    panel.set_edge("start")  # keyboard timing
    dialog = panel.actions.find_replace_dialog()
    dialog.find_edit.setText("three")
    dialog.replace_edit.setText("3")
    dialog.replace_all()  # find and replace
    assert len(pushes) >= 6
    assert set(pushes) == {"edit_controller.py"}


def test_a_menu_command_runs_its_edit_once(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    panel, model, _ = shown(qtbot, Cue(1, 1_000, 3_000, "one two"), Cue(2, 4_000, 5_000, "x"))
    calls: list[int] = []
    real = Document.split

    def split(doc: Document, cue_id: int, position: int) -> object:
        calls.append(cue_id)
        return real(doc, cue_id, position)

    monkeypatch.setattr(Document, "split", split)
    panel.actions.select_ids([1])
    panel.actions.split_action.trigger()
    assert [c.text for c in model.document] == ["one", "two", "x"]
    assert calls == [1]  # not once on a copy and once for real


def test_the_documents_time_check_is_the_only_one(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused time is refused by the Document (asked once), not by a copy of its rule."""
    panel, model, messages = shown(qtbot, *CROSSED)
    asked: list[tuple[int, int, int]] = []
    real = Document.set_times

    def set_times(doc: Document, cue_id: int, start_ms: int, end_ms: int) -> object:
        asked.append((cue_id, start_ms, end_ms))
        return real(doc, cue_id, start_ms, end_ms)

    monkeypatch.setattr(Document, "set_times", set_times)
    assert not model.setData(model.index(0, END), "0:00:03.500")  # the table
    panel.cue_view.selectRow(0)
    panel.waveform.seek_requested.emit(3_500)
    panel.set_edge("end")  # keyboard timing: into row 2 as well
    panel.waveform.seek_requested.emit(2_500)
    panel.set_edge("start")  # past its own end
    assert asked == [(78, 1_000, 3_500), (78, 1_000, 3_500), (78, 2_500, 2_000)]
    assert len(messages) == 3 and all("row 1" in m for m in messages)
    assert model.undo_stack.count() == 0
