"""Preferences › Keep every word (verbatim): ticked and OK'd, it is saved with the settings and
the files' rules no longer condense (engine.subtitles.condense, issue 13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from gui.settings import AppSettings, load_settings, save_settings
from gui.views.settings_dialog import SettingsDialog


def test_keep_every_word_is_saved_and_turns_condensing_off(qtbot: QtBot, user_settings: Path) -> None:
    settings = AppSettings()
    assert settings.rules("en").preset.condense_fillers  # the Netflix guides' default
    dialog = SettingsDialog(settings, None, gpus=[])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.verbatim.isChecked()
    qtbot.mouseClick(dialog.verbatim, Qt.MouseButton.LeftButton)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    chosen = dialog.settings()
    assert chosen.verbatim and not chosen.rules("en").preset.condense_fillers
    save_settings(chosen)
    assert load_settings().verbatim
