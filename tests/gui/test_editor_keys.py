"""Issue 15, point 2: every editing key works wherever the focus is in the editor (the table,
the waveform, the video, a cell editor), while a text field keeps its own editing keys."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_panel import EditorPanel
from gui.models.cue_model import TEXT, CueTableModel
from gui.views import retime_dialogs

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
PRESET = PRESETS["netflix-en"].replace(frame_rate=25.0)


def make_panel(qtbot: QtBot, tmp_path: Path, video: bool = False) -> tuple[EditorPanel, CueTableModel]:
    audio = np.zeros(16000 * 10, np.float32)
    path = tmp_path / "clip.wav"
    soundfile.write(str(path), audio, 16000)
    if video:
        from tests.conftest import write_silent_video

        path = write_silent_video(tmp_path / "clip.mp4")
    model = CueTableModel(
        Document([Cue(1, 0, 1_000, "a b"), Cue(2, 2_000, 3_000, "c d"), Cue(3, 5_000, 6_000, "e f")]), PRESET
    )
    panel = EditorPanel(peaks_cache=tmp_path / "peaks")
    panel.actions.edit_after_insert = False
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(panel.isActiveWindow)
    panel.show_file(path, model)
    QApplication.processEvents()  # the actions follow the table's new selection model, queued
    return panel, model


def focus(qtbot: QtBot, widget: QWidget) -> QWidget:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    return widget


def times(model: CueTableModel) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in model.document.cues]


KEYS = [
    (Qt.Key.Key_Delete, NONE, [(0, 1_000, "a b"), (5_000, 6_000, "e f")]),
    (
        Qt.Key.Key_Insert,
        NONE,
        [(0, 1_000, "a b"), (2_000, 3_000, "c d"), (3_083, 4_083, ""), (5_000, 6_000, "e f")],
    ),
    (Qt.Key.Key_J, CTRL, [(0, 1_000, "a b"), (2_000, 6_000, "c d\ne f")]),
    (
        Qt.Key.Key_Return,
        CTRL,
        [(0, 1_000, "a b"), (2_000, 2_333, "c"), (2_333, 3_000, "d"), (5_000, 6_000, "e f")],
    ),
    (Qt.Key.Key_Right, ALT, [(0, 1_000, "a b"), (2_040, 3_000, "c d"), (5_000, 6_000, "e f")]),
    (Qt.Key.Key_Down, ALT, [(0, 1_000, "a b"), (2_040, 3_040, "c d"), (5_000, 6_000, "e f")]),
]


@pytest.mark.parametrize("where", ["table", "waveform"])
@pytest.mark.parametrize(("key", "modifier", "expected"), KEYS)
def test_editing_keys_work_from_the_table_and_the_waveform(
    qtbot: QtBot, tmp_path: Path, where: str, key: Qt.Key, modifier: Qt.KeyboardModifier, expected: list
) -> None:
    panel, model = make_panel(qtbot, tmp_path)
    panel.actions.select_ids([2])
    target = panel.cue_view if where == "table" else panel.waveform.plot
    focus(qtbot, target)
    before = model.document.cues
    QTest.keyClick(target, key, modifier)
    assert times(model) == expected
    model.undo_stack.undo()
    assert model.document.cues == before


def test_a_click_on_the_waveform_leaves_the_keys_working(qtbot: QtBot, tmp_path: Path) -> None:
    """The fault of the issue: after clicking the waveform, Del did nothing."""
    panel, model = make_panel(qtbot, tmp_path)
    panel.actions.select_ids([2])
    viewport = panel.waveform.plot.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.MiddleButton, NONE, viewport.rect().center())
    qtbot.waitUntil(lambda: panel.isAncestorOf(QApplication.focusWidget()))
    assert not panel.cue_view.hasFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert [c.id for c in model.document.cues] == [1, 3]


def test_editing_keys_work_from_the_video(qtbot: QtBot, tmp_path: Path) -> None:
    panel, model = make_panel(qtbot, tmp_path, video=True)
    assert panel.video is not None and panel.video.isVisible()
    panel.actions.select_ids([2])
    focus(qtbot, panel.video)
    QTest.keyClick(panel.video, Qt.Key.Key_J, CTRL)
    assert times(model) == [(0, 1_000, "a b"), (2_000, 6_000, "c d\ne f")]
    QTest.keyClick(panel.video, Qt.Key.Key_Delete)
    assert times(model) == [(0, 1_000, "a b")]


@pytest.mark.parametrize("where", ["table", "waveform"])
def test_ctrl_i_opens_shift_and_ctrl_h_replace_from_anywhere(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    opened: list[str] = []

    def fake_exec(dialog: QDialog) -> int:
        opened.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(retime_dialogs.ShiftDialog, "exec", fake_exec)
    panel, _ = make_panel(qtbot, tmp_path)
    panel.actions.select_ids([2])
    target = focus(qtbot, panel.cue_view if where == "table" else panel.waveform.plot)
    QTest.keyClick(target, Qt.Key.Key_I, CTRL)
    assert opened == ["ShiftDialog"]
    focus(qtbot, target)
    QTest.keyClick(target, Qt.Key.Key_H, CTRL)
    dialog = panel.actions._find_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.replace_edit.hasFocus)


def open_text_editor(qtbot: QtBot, panel: EditorPanel, model: CueTableModel, row: int) -> QPlainTextEdit:
    index = model.index(row, TEXT)
    panel.cue_view.setCurrentIndex(index)
    panel.cue_view.edit(index)
    editor = panel.cue_view.findChild(QPlainTextEdit)
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    return editor


def test_a_text_field_keeps_delete_home_and_ctrl_z(qtbot: QtBot, tmp_path: Path) -> None:
    """Decided: inside a text being typed, its own editing keys win (Delete deletes a character,
    Ctrl+Z undoes the typing there, Alt+arrows do nothing to it); keys a text field has no use
    for (Ctrl+J, Ctrl+Return, Ins) run the editor's commands."""
    panel, model = make_panel(qtbot, tmp_path)
    undo = panel.model().undo_stack.createUndoAction(panel)  # the window's Undo, as MainWindow has it
    undo.setShortcut("Ctrl+Z")
    panel.addAction(undo)
    editor = open_text_editor(qtbot, panel, model, 1)
    QTest.keyClick(editor, Qt.Key.Key_Home)
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.toPlainText() == " d"
    assert [c.id for c in model.document.cues] == [1, 2, 3]  # no cue deleted
    QTest.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == "c d"  # the typing undone, in the field
    assert model.undo_stack.count() == 0
    QTest.keyClick(editor, Qt.Key.Key_J, CTRL)  # a command key: merges, the typing committed first
    assert times(model) == [(0, 1_000, "a b"), (2_000, 6_000, "c d\ne f")]


@pytest.mark.parametrize("where", ["table", "waveform"])
def test_the_playhead_timing_keys_work_from_the_table_and_the_waveform(
    qtbot: QtBot, tmp_path: Path, where: str
) -> None:
    panel, model = make_panel(qtbot, tmp_path)
    panel.actions.select_ids([2], current=2)
    target = focus(qtbot, panel.cue_view if where == "table" else panel.waveform.plot)
    panel.waveform.set_playhead(1_800)
    QTest.keyClick(target, Qt.Key.Key_1, CTRL)  # start at the playhead
    panel.waveform.set_playhead(3_400)
    QTest.keyClick(target, Qt.Key.Key_2, CTRL)  # end at the playhead
    assert times(model)[1] == (1_800, 3_400, "c d")
