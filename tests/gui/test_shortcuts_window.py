"""Issue 15, point 2, in the real window: Redo answers both Ctrl+Shift+Z and Ctrl+Y (no
"Ambiguous shortcut overload"), the editing keys work after clicking the waveform, and
Preferences › Shortcuts lists the window's commands (Undo, Redo, playback ones too)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.settings import AppSettings
from gui.shortcuts import can_clash, current_keys, format_choices, registered
from gui.views.settings_dialog import SettingsDialog
from tests.gui.main_window_helpers import window_maker

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    yield from window_maker(qtbot, tmp_path)


@pytest.fixture
def window(qtbot: QtBot, make_window, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    srt = tmp_path / "episode.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\none\n\n2\n00:00:03,000 --> 00:00:04,000\ntwo\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nthree\n",
        encoding="utf-8",
    )
    win: MainWindow = make_window()
    assert win.import_subtitle_file(srt) is not None
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    QApplication.processEvents()
    return win


@pytest.fixture
def qt_warnings() -> Iterator[list[str]]:
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, text: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            seen.append(text)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)


def texts(window: MainWindow) -> list[str]:
    return [c.text for c in window.cue_view.model().document.cues]


def test_redo_answers_ctrl_shift_z_and_ctrl_y(
    qtbot: QtBot, window: MainWindow, qt_warnings: list[str]
) -> None:
    window.editor.actions.select_ids([2])
    table = window.cue_view
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert texts(window) == ["one", "three"]
    for redo_key, modifiers in ((Qt.Key.Key_Z, CTRL | SHIFT), (Qt.Key.Key_Y, CTRL)):
        QTest.keyClick(table, Qt.Key.Key_Z, CTRL)
        assert texts(window) == ["one", "two", "three"]
        QTest.keyClick(table, redo_key, modifiers)
        assert texts(window) == ["one", "three"], f"redo by {redo_key.name}"
    assert not [w for w in qt_warnings if "Ambiguous" in w]


def test_keys_work_after_clicking_the_waveform(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.actions.select_ids([2])
    viewport = window.editor.waveform.plot.viewport()
    QTest.mouseClick(
        viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, viewport.rect().center()
    )
    qtbot.waitUntil(lambda: window.editor.waveform.isAncestorOf(QApplication.focusWidget()))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_J, CTRL)
    assert texts(window) == ["one", "two\nthree"]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert texts(window) == ["one", "two", "three"]


def test_preferences_list_the_windows_commands(window: MainWindow) -> None:
    actions = {a.objectName(): a for a in registered(window)}
    assert current_keys(actions["redo_action"]) == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert current_keys(actions["undo_action"]) == ["Ctrl+Z"]
    assert current_keys(actions["play_cue_action"]) == ["Ctrl+P"]
    assert current_keys(actions["merge_next_action"]) == ["Ctrl+J"]
    assert actions["remove_action"].shortcuts() == actions["delete_action"].shortcuts()
    assert not can_clash(actions["remove_action"], actions["delete_action"])  # queue vs editor
    for a in actions.values():
        for b in actions.values():
            shared = set(current_keys(a)) & set(current_keys(b))
            assert a is b or not shared or not can_clash(a, b), (a.objectName(), b.objectName(), shared)


def test_preferences_refuse_a_key_live_beside_it_and_name_the_owner(window: MainWindow) -> None:
    dialog = SettingsDialog(window.settings, window, gpus=[])
    page = dialog.shortcuts
    assert not page.assign("merge_next_action", ["Ctrl+Z"])  # Undo, window-wide
    assert "“Undo”" in page.message.text()
    assert not page.assign("merge_next_action", ["Ctrl+P"])  # Play cue, in the editor too
    assert "“Play cue”" in page.message.text()
    assert page.assign("remove_action", ["Ctrl+J"])  # the queue's: never live beside the editor's
    dialog.reject()


def test_saved_keys_are_applied_at_start(make_window) -> None:  # type: ignore[no-untyped-def]
    settings = AppSettings(shortcuts=format_choices({"merge_next_action": ["Ctrl+M"]}))
    window = make_window(settings=settings)
    assert current_keys(window.editor.actions.merge_next_action) == ["Ctrl+M"]
