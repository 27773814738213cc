"""The editor panel: table and waveform in step, keyboard timing at the playhead, playback wiring."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_panel import EditorPanel
from gui.models.cue_model import CueTableModel


def make_panel(qtbot: QtBot, tmp_path: Path) -> tuple[EditorPanel, CueTableModel, Path]:
    audio = np.zeros(16000 * 10, np.float32)
    audio[16000:48000] = 0.5 * np.sin(np.arange(32000) / 5)
    path = tmp_path / "clip.wav"
    soundfile.write(str(path), audio, 16000)
    model = CueTableModel(
        Document([Cue(1, 1000, 3000, "one"), Cue(2, 5000, 7000, "two")]), PRESETS["netflix-en"]
    )
    panel = EditorPanel(peaks_cache=tmp_path / "peaks")
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()  # shortcuts reach the active window only
    panel.show_file(path, model)
    return panel, model, path


def test_table_and_waveform_select_the_same_cue(qtbot: QtBot, tmp_path: Path) -> None:
    panel, model, _ = make_panel(qtbot, tmp_path)
    panel.cue_view.selectRow(1)
    assert panel.waveform.selected_cue() == 2
    panel.waveform.cue_clicked.emit(1)
    assert panel.current_cue_id() == 1


def test_waveform_and_audio_load_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    panel, _, _ = make_panel(qtbot, tmp_path)
    qtbot.waitUntil(lambda: panel.player.duration_ms == 10_000, timeout=10_000)
    qtbot.waitUntil(lambda: panel.waveform.region_count() == 2, timeout=10_000)


def test_set_start_and_end_at_the_playhead_by_keyboard_with_undo(qtbot: QtBot, tmp_path: Path) -> None:
    panel, model, _ = make_panel(qtbot, tmp_path)
    panel.cue_view.selectRow(0)
    panel.cue_view.setFocus()
    qtbot.waitUntil(panel.cue_view.hasFocus)
    panel.waveform.seek_requested.emit(1250)
    QTest.keyClick(panel.cue_view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    panel.waveform.seek_requested.emit(3400)
    QTest.keyClick(panel.cue_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    cue = model.document.get(1)
    assert (cue.start_ms, cue.end_ms) == (1250, 3400)
    model.undo_stack.undo()
    model.undo_stack.undo()
    cue = model.document.get(1)
    assert (cue.start_ms, cue.end_ms) == (1000, 3000)


def test_an_edge_past_the_other_is_refused_with_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    panel, model, _ = make_panel(qtbot, tmp_path)
    panel.cue_view.selectRow(0)
    messages: list[str] = []
    panel.message.connect(messages.append)
    panel.waveform.seek_requested.emit(3500)
    panel.set_edge("start")
    assert model.document.get(1).start_ms == 1000 and messages


def test_commit_and_next_moves_to_the_next_cue(qtbot: QtBot, tmp_path: Path) -> None:
    panel, _, _ = make_panel(qtbot, tmp_path)
    panel.cue_view.selectRow(0)
    panel.commit_and_next()
    assert panel.current_cue_id() == 2


def test_video_files_show_a_muted_preview_with_the_cue_over_it(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.conftest import write_silent_video

    panel, model, audio_path = make_panel(qtbot, tmp_path)
    assert panel.video is not None and not panel.video.isVisible()  # audio file: no video pane
    video = write_silent_video(tmp_path / "clip.mp4")
    panel.show_file(video, model)
    assert panel.video.isVisible() and panel.video.is_video
    panel.waveform.seek_requested.emit(1500)  # inside cue 1
    shown = panel.video.grab().toImage()
    assert not shown.isNull()


def test_cue_text_is_edited_on_several_lines(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    panel, model, _ = make_panel(qtbot, tmp_path)
    index = model.index(0, 5)
    panel.cue_view.setCurrentIndex(index)
    panel.cue_view.edit(index)
    editor = panel.cue_view.findChild(QPlainTextEdit)
    assert editor is not None and editor.toPlainText() == "one"
    QTest.keyClicks(editor, " two")
    QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(editor, "three")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert model.document.get(1).text == "one two\nthree"
    model.undo_stack.undo()
    assert model.document.get(1).text == "one"


def test_split_at_the_text_cursor_while_editing(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    panel, model, _ = make_panel(qtbot, tmp_path)
    assert model.setData(model.index(0, 5), "first half second half", Qt.ItemDataRole.EditRole)
    index = model.index(0, 5)
    panel.cue_view.setCurrentIndex(index)
    panel.cue_view.edit(index)
    editor = panel.cue_view.findChild(QPlainTextEdit)
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    cursor = editor.textCursor()
    cursor.setPosition(len("first half"))
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    texts = [c.text for c in model.document.cues]
    assert texts[:2] == ["first half", "second half"]
