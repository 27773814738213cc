"""Issue 15, point 2: Preferences › Shortcuts lists every command with its keys; a key another
command has is refused with a message naming it; a change applies at once, is saved in the
settings and comes back at the next start (gui.shortcuts.apply_choices)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_actions import EditorActions
from gui.models.cue_model import CueTableModel
from gui.settings import AppSettings, load_settings, save_settings
from gui.shortcuts import apply_choices, current_keys, format_choices, parse_choices, registered
from gui.views.settings_dialog import SettingsDialog
from gui.views.shortcuts_page import ShortcutsPage

CTRL = Qt.KeyboardModifier.ControlModifier


def make_editor(qtbot: QtBot) -> tuple[QTableView, CueTableModel, EditorActions]:
    model = CueTableModel(Document([Cue(1, 0, 1_000, "a"), Cue(2, 2_000, 3_000, "b")]), PRESETS["netflix-en"])
    view = QTableView()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setModel(model)
    qtbot.addWidget(view)
    return view, model, EditorActions(view)


def choose_row(qtbot: QtBot, page: ShortcutsPage, label: str) -> None:
    """Click the row of the command called ``label``."""
    labels = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    row = labels.index(label)
    page.table.scrollToItem(page.table.item(row, 0))
    rect = page.table.visualItemRect(page.table.item(row, 0))
    QTest.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    assert page.table.currentRow() == row


def press_new_key(qtbot: QtBot, page: ShortcutsPage, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    QTest.mouseClick(page.key_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.key_edit.hasFocus)
    with qtbot.waitSignal(page.key_edit.editingFinished):
        QTest.keyClick(page.key_edit, key, modifier)


def test_the_page_lists_every_command_with_its_keys(qtbot: QtBot) -> None:
    view, _, actions = make_editor(qtbot)
    page = ShortcutsPage(registered(view))
    qtbot.addWidget(page)
    rows = {page.table.item(r, 0).text(): page.table.item(r, 1).text() for r in range(page.table.rowCount())}
    assert rows["Merge with next"] == "Ctrl+J"
    assert rows["Replace…"] == "Ctrl+H"
    assert rows["Start a frame later"] == "Alt+Right"
    assert rows["Apply minimum gap"] == ""  # listed, with no key yet
    assert len(rows) == len(actions.edit_actions) + len(actions.timing_actions) + len(actions.nudge_actions)


def test_a_key_another_command_has_is_refused_naming_it(qtbot: QtBot) -> None:
    view, _, actions = make_editor(qtbot)
    page = ShortcutsPage(registered(view))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    choose_row(qtbot, page, "Merge with next")
    press_new_key(qtbot, page, Qt.Key.Key_Return, CTRL)  # Split at cursor's key
    assert page.message.text() == (
        "Ctrl+Return is already the shortcut of “Split at cursor”. Choose another key, or give "
        "“Split at cursor” another key first."
    )
    assert page.keys("merge_next_action") == ["Ctrl+J"]
    assert page.key_edit.keySequence() == QKeySequence("Ctrl+J")
    assert page.choices() == {}
    page.apply()
    assert current_keys(actions.merge_next_action) == ["Ctrl+J"]
    assert current_keys(actions.split_action) == ["Ctrl+Return"]


def test_a_changed_key_applies_at_once_is_saved_and_comes_back(qtbot: QtBot, tmp_path: Path) -> None:
    view, model, actions = make_editor(qtbot)
    dialog = SettingsDialog(AppSettings(), gpus=[], actions=registered(view))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.shortcuts)
    choose_row(qtbot, dialog.shortcuts, "Merge with next")
    press_new_key(qtbot, dialog.shortcuts, Qt.Key.Key_M, CTRL)
    assert dialog.shortcuts.message.text() == ""
    dialog.accept()
    assert current_keys(actions.merge_next_action) == ["Ctrl+M"]  # at once
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.setFocus()
    actions.select_ids([1])
    QTest.keyClick(view, Qt.Key.Key_M, CTRL)
    assert [c.text for c in model.document.cues] == ["a\nb"]

    chosen = dialog.settings()
    assert parse_choices(chosen.shortcuts) == {"merge_next_action": ["Ctrl+M"]}
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    save_settings(chosen, store)
    loaded = load_settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert loaded.shortcuts == chosen.shortcuts

    later_view, _, later = make_editor(qtbot)  # the next start: defaults, then the saved choices
    assert current_keys(later.merge_next_action) == ["Ctrl+J"]
    apply_choices(later_view, loaded.shortcuts)
    assert current_keys(later.merge_next_action) == ["Ctrl+M"]
    assert current_keys(later.merge_previous_action) == ["Ctrl+Shift+J"]


def test_a_saved_key_wins_over_another_commands_default(qtbot: QtBot) -> None:
    view, _, actions = make_editor(qtbot)
    apply_choices(view, format_choices({"merge_next_action": ["Ctrl+Return"]}))
    assert current_keys(actions.merge_next_action) == ["Ctrl+Return"]
    assert current_keys(actions.split_action) == []  # never one key on two commands


def test_damaged_or_unknown_choices_are_harmless(qtbot: QtBot) -> None:
    view, _, actions = make_editor(qtbot)
    apply_choices(view, "{not json")
    assert current_keys(actions.merge_next_action) == ["Ctrl+J"]
    page = ShortcutsPage(registered(view), format_choices({"a_newer_versions_action": ["F9"]}))
    qtbot.addWidget(page)
    assert page.choices() == {"a_newer_versions_action": ["F9"]}  # kept for that version


def test_no_key_and_default_buttons(qtbot: QtBot) -> None:
    view, _, actions = make_editor(qtbot)
    page = ShortcutsPage(registered(view))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    choose_row(qtbot, page, "Delete cues")
    QTest.mouseClick(page.none_button, Qt.MouseButton.LeftButton)
    assert page.keys("delete_action") == [] and page.key_edit.keySequence().isEmpty()
    assert page.choices() == {"delete_action": []}
    page.apply()
    assert current_keys(actions.delete_action) == []
    QTest.mouseClick(page.default_button, Qt.MouseButton.LeftButton)
    assert page.keys("delete_action") == ["Del"] and page.choices() == {}
