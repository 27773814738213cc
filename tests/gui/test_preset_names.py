"""Preset and language names shown in zh_TW: the rules bar and Preferences name them in Chinese."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from pytestqt.qtbot import QtBot

from engine.languages import LANGUAGE_NAMES
from engine.subtitles.presets import PRESETS
from gui.preset_names import LANGUAGE_LABELS, PRESET_NAMES, language_label, preset_label, preset_name_label


def test_the_tables_follow_the_engines_names() -> None:
    from gui.views.file_rules_bar import TRANSLATION_LANGUAGES

    assert set(PRESET_NAMES) == set(PRESETS)
    assert {key: PRESETS[key].name for key in PRESETS} == PRESET_NAMES
    offered = dict(TRANSLATION_LANGUAGES)
    assert set(LANGUAGE_LABELS) == set(offered)
    assert {code: offered[code] for code in offered} == LANGUAGE_LABELS
    assert all(LANGUAGE_NAMES.get(code, name) == name for code, name in LANGUAGE_LABELS.items())


def test_names_in_english_without_a_translation(qapp: QCoreApplication) -> None:
    assert preset_label("netflix-zh-tw") == "Netflix Traditional Chinese"
    assert preset_name_label("Netflix French") == "Netflix French"
    assert preset_name_label("My own rules") == "My own rules"
    assert language_label("fr") == "French"


def test_names_in_traditional_chinese(zh_tw: list[QTranslator]) -> None:
    assert preset_label("netflix-zh-tw") == "Netflix 繁體中文"
    assert preset_name_label("Netflix French") == "Netflix 法文"
    assert preset_name_label("My own rules") == "My own rules"
    assert language_label("fr") == "法文"
    assert language_label("zh-Hans") == "中文（簡體）"


def test_the_rules_bar_names_presets_and_languages_in_chinese(zh_tw: list[QTranslator], qtbot: QtBot) -> None:
    from gui.views.file_rules_bar import FileRulesBar, ShownRules

    bar = FileRulesBar()
    qtbot.addWidget(bar)
    presets = [bar.preset_box.itemText(i) for i in range(1, bar.preset_box.count())]
    assert "Netflix 繁體中文" in presets and "BBC" in presets and "自訂" in presets
    bar.show_rules(ShownRules(None, "Netflix English", None, 24.0, "preset"), "film.wav")
    assert bar.preset_box.itemText(0) == "依語言：Netflix 英文"
    french = bar.translation_box.findData("fr")
    assert bar.translation_box.itemText(french) == "法文 (fr)"
    assert bar.translation_box.itemData(french, Qt.ItemDataRole.ToolTipRole).startswith("Netflix 法文：")


def test_preferences_name_presets_in_chinese(zh_tw: list[QTranslator], qtbot: QtBot) -> None:
    from gui.settings import AppSettings
    from gui.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppSettings(), gpus=[])
    qtbot.addWidget(dialog)
    names = [dialog.preset.itemText(i) for i in range(dialog.preset.count())]
    assert "Netflix 日文" in names and "Netflix Japanese" not in names
