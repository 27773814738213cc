"""The window's rules per language (issue 13, point 3): the settings use presets.resolve, as the
CLI does, and the preferences list every language's preset by a translated name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from engine.subtitles.presets import PRESETS
from gui.settings import AppSettings
from gui.views.settings_dialog import SettingsDialog, preset_label
from tests.gui.test_translations import QM


def test_auto_gives_a_japanese_file_the_japanese_rules() -> None:
    auto = AppSettings()
    assert auto.subtitle_preset("ja") is PRESETS["netflix-ja"]
    assert auto.subtitle_preset("ko") is PRESETS["netflix-ko"] and auto.chinese_mode("ko") == "s2twp"
    assert auto.subtitle_preset("zh") is PRESETS["netflix-zh-tw"] and auto.chinese_mode("zh") == "s2twp"
    assert AppSettings(preset="netflix-en").subtitle_preset("ja") is PRESETS["netflix-en"]
    simplified = AppSettings(preset="netflix-zh-hans")
    assert (
        simplified.subtitle_preset("zh") is PRESETS["netflix-zh-hans"]
        and simplified.chinese_mode("zh") == "t2s"
    )


def test_a_stored_preset_this_version_does_not_know_counts_as_auto() -> None:
    odd = AppSettings(preset="netflix-xx", chinese="s2hk")
    assert odd.subtitle_preset("ja") is PRESETS["netflix-ja"] and odd.chinese_mode("zh") == "s2twp"


def test_custom_limits_are_read_only_when_custom_is_chosen() -> None:
    broken = AppSettings(preset="auto", custom_cps=0)  # a bad stored value cannot break other presets
    assert broken.subtitle_preset("fr") is PRESETS["netflix-fr"]
    assert (
        AppSettings(preset="custom", custom_chars_per_line=30).subtitle_preset("ja").max_chars_per_line == 30
    )


def test_the_dialog_lists_every_preset_and_keeps_the_choice(qtbot: QtBot) -> None:
    dialog = SettingsDialog(AppSettings(), gpus=[])
    qtbot.addWidget(dialog)
    keys = [dialog.preset.itemData(i) for i in range(dialog.preset.count())]
    assert keys == ["auto", *PRESETS]
    japanese = dialog.preset.findData("netflix-ja")
    assert dialog.preset.itemText(japanese) == "Netflix Japanese"
    assert "13" in dialog.preset.itemData(japanese, 3) and "4" in dialog.preset.itemData(
        japanese, 3
    )  # tooltip
    dialog.preset.setCurrentIndex(japanese)
    assert dialog.settings().preset == "netflix-ja"
    assert dialog.settings().subtitle_preset("en") is PRESETS["netflix-ja"]


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_has_a_label(key: str) -> None:
    assert preset_label(key) == PRESETS[key].name  # untranslated: the engine's own English name


def test_preset_names_are_translated(qtbot: QtBot) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        assert preset_label("netflix-ja") == "Netflix 日文"
        assert preset_label("netflix-zh-hans") == "Netflix 簡體中文"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_dialog_holds_the_vocabulary_fields(qtbot: QtBot) -> None:
    # issue 13 point 6 made gui/views/vocabulary_fields.py for Preferences; the dialog shows it
    dialog = SettingsDialog(AppSettings(hotwords="Mikael", glossary=""), gpus=[])
    qtbot.addWidget(dialog)
    assert dialog.vocabulary.hotwords.text() == "Mikael"
    dialog.vocabulary.prompt.setText("Kubernetes, Mikael.")
    result = dialog.settings()
    assert (result.hotwords, result.initial_prompt) == ("Mikael", "Kubernetes, Mikael.")
    assert result.job_options().hotwords == "Mikael"
