"""Issue 15, point 2: Preferences › Shortcuts lists every command, the editor panel's Next and
Previous unsure word (F8 / Shift+F8) and the table's Follow new cues too, under names that do
not depend on the registry having run (they are the keys of the saved choices), each one
re-assignable: a key typed on the page works after OK, a taken one is refused, and the saved
choice is applied at the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.project import save_project
from gui.editor_panel import EditorPanel
from gui.main_window import MainWindow
from gui.settings import AppSettings
from gui.shortcuts import current_keys, format_choices
from gui.views.settings_dialog import SettingsDialog
from tests.gui.main_window_helpers import window_maker

NAMES = {
    "next_unsure_action": ("Next unsure word", ["F8"]),
    "previous_unsure_action": ("Previous unsure word", ["Shift+F8"]),
    "follow_action": ("Follow new cues", []),
}
CUES = (
    Cue(1, 0, 1000, "all sure", (Word(0, 400, " all", 0.9), Word(500, 900, " sure", 0.9))),
    Cue(2, 2000, 3000, "not sure", (Word(2000, 2400, " not", 0.2), Word(2500, 2900, " sure", 0.9))),
)


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    yield from window_maker(qtbot, tmp_path)


def open_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    project = tmp_path / "speech.wfsproj"
    save_project(project, Document(CUES), overwrite=True)
    assert window.load_project_file(project) is not None
    window.queue_view.setCurrentIndex(window.queue_model.index(0, 0))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.cue_view.setFocus()
    window.cue_view.setCurrentIndex(window.editor.model().index(0, 0))  # type: ignore[union-attr]
    QApplication.processEvents()


def test_the_editor_commands_have_stable_names(qtbot: QtBot) -> None:
    panel = EditorPanel()  # no registry has run: the names are the actions' own
    qtbot.addWidget(panel)
    actions = [panel.next_unsure_action, panel.previous_unsure_action, panel.cue_view.follow_action]
    assert [a.objectName() for a in actions] == list(NAMES)


def test_the_page_lists_them_and_reassigns_them(qtbot: QtBot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_file(qtbot, window, tmp_path)
    dialog = SettingsDialog(window.settings, window, gpus=[])
    qtbot.addWidget(dialog)
    page = dialog.shortcuts
    rows = {
        page.table.item(r, 0).data(Qt.ItemDataRole.UserRole): (
            page.table.item(r, 0).text(),
            page.keys(page.table.item(r, 0).data(Qt.ItemDataRole.UserRole)),
        )
        for r in range(page.table.rowCount())
    }
    for name, (label, keys) in NAMES.items():
        assert rows[name] == (label, keys)

    def press_on_page(name: str, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
        page.table.setCurrentCell(list(rows).index(name), 0)
        QTest.mouseClick(page.key_edit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.key_edit.hasFocus)
        with qtbot.waitSignal(page.key_edit.editingFinished):
            QTest.keyClick(page.key_edit, key, modifiers)

    dialog.show()
    dialog.tabs.setCurrentWidget(page)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    press_on_page("follow_action", Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert "“Previous unsure word”" in page.message.text()  # taken: refused, owner named
    assert page.keys("follow_action") == []
    press_on_page(
        "follow_action", Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    press_on_page("next_unsure_action", Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier)
    assert page.keys("follow_action") == ["Ctrl+Shift+F"] and page.keys("next_unsure_action") == ["F9"]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    window.apply_settings(dialog.settings())  # what MainWindow.edit_settings does after exec()
    assert current_keys(window.editor.next_unsure_action) == ["F9"]

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.cue_view.setFocus()
    QTest.keyClick(window.cue_view, Qt.Key.Key_F9)  # the new key goes to the unsure word
    assert window.cue_view.currentIndex().row() == 1
    assert window.editor.text_box.editor.textCursor().selectedText() == "not"
    window.cue_view.setCurrentIndex(window.editor.model().index(0, 0))  # type: ignore[union-attr]
    QTest.keyClick(window.cue_view, Qt.Key.Key_F8)  # the old one no longer does
    assert window.cue_view.currentIndex().row() == 0
    assert not window.cue_view.follow_action.isChecked()
    QTest.keyClick(
        window.cue_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.cue_view.follow_action.isChecked()

    restarted = make_window(settings=window.settings)  # the saved choices, at the next start
    assert current_keys(restarted.editor.next_unsure_action) == ["F9"]
    assert current_keys(restarted.cue_view.follow_action) == ["Ctrl+Shift+F"]
    assert current_keys(restarted.editor.previous_unsure_action) == ["Shift+F8"]


def test_saved_keys_for_them_apply_at_start(make_window) -> None:  # type: ignore[no-untyped-def]
    choices = {"previous_unsure_action": ["Ctrl+F8"], "follow_action": ["F12"]}
    window = make_window(settings=AppSettings(shortcuts=format_choices(choices)))
    assert current_keys(window.editor.previous_unsure_action) == ["Ctrl+F8"]
    assert current_keys(window.cue_view.follow_action) == ["F12"]
