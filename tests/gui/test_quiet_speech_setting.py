"""Preferences › Find quiet speech beside loud speech: on by default; unticked and OK'd, it is
saved and the files' jobs leave the audio at its own levels (JobOptions.quiet_speech)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from gui.settings import AppSettings, load_settings, save_settings
from gui.views.settings_dialog import SettingsDialog


def test_the_quiet_speech_search_can_be_turned_off_and_stays_off(qtbot: QtBot, user_settings: Path) -> None:
    settings = AppSettings()
    assert settings.job_options().quiet_speech
    dialog = SettingsDialog(settings, None, gpus=[])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.quiet_speech.isChecked()
    qtbot.mouseClick(dialog.quiet_speech, Qt.MouseButton.LeftButton)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    chosen = dialog.settings()
    assert not chosen.quiet_speech and not chosen.job_options().quiet_speech
    save_settings(chosen)
    assert not load_settings().quiet_speech
