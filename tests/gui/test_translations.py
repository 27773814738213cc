"""The zh_TW translation: complete, in step with the sources, compiled, and chosen from the locale."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from pytestqt.qtbot import QtBot

from gui.i18n import choose_language, install_translators
from gui.settings import AppSettings

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "resources" / "translations"
TS = FOLDER / "whisper_for_subs_zh_TW.ts"
QM = FOLDER / "whisper_for_subs_zh_TW.qm"
SOURCES = sorted(str(p.relative_to(REPO)) for p in (REPO / "gui").rglob("*.py"))

# What must survive translation: str.format fields, %-style fields, and one accelerator.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[sd]")


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found (it comes with PySide6)")
    return found


def _lupdate(ts: Path) -> str:
    done = subprocess.run(
        [_tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", *SOURCES, "-ts", str(ts)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout + done.stderr


def _messages(ts: Path) -> Iterator[tuple[str, str, ET.Element]]:
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            yield name, message.findtext("source") or "", translation


def test_lupdate_over_the_sources_leaves_nothing_unfinished(tmp_path: Path) -> None:
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    report = _lupdate(ts)
    assert "0 new" in report, report
    messages = list(_messages(ts))
    assert len(messages) > 200  # the whole interface, not a handful
    unfinished = [(c, s) for c, s, t in messages if t.get("type") in ("unfinished", "vanished", "obsolete")]
    empty = [(c, s) for c, s, t in messages if not (t.text or "").strip()]
    assert unfinished == [] and empty == []


def test_committed_ts_has_exactly_the_source_strings(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    _lupdate(fresh)
    in_sources = {(c, s) for c, s, _ in _messages(fresh)}
    committed = {(c, s) for c, s, t in _messages(TS) if t.get("type") not in ("vanished", "obsolete")}
    assert in_sources - committed == set(), "new strings: run resources/translations/update.sh and translate"
    assert committed - in_sources == set(), (
        "strings gone from the sources: run resources/translations/update.sh"
    )


def test_translations_keep_placeholders_and_accelerators() -> None:
    for context, source, translation in _messages(TS):
        text = translation.text or ""
        assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(source)), (
            context,
            source,
            text,
        )
        assert text.count("&") == source.count("&"), (context, source, text)


def test_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    qm = tmp_path / QM.name
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(qm)], capture_output=True, timeout=60, check=True
    )
    assert qm.read_bytes() == QM.read_bytes(), "run resources/translations/update.sh"


def test_qm_loads_and_translates(qtbot: QtBot) -> None:
    translator = QTranslator()
    assert translator.load(QM.stem, str(FOLDER))
    assert translator.translate("MainWindow", "&File") == "檔案(&F)"
    assert translator.translate("QueueModel", "Done ({0})").format("7 句字幕") == "完成（7 句字幕）"


def test_installed_translation_reaches_the_widgets(qtbot: QtBot) -> None:
    from gui.models.queue_model import QueueModel
    from gui.views.queue_view import QueueView

    app = QCoreApplication.instance()
    assert app is not None
    model = QueueModel()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "File"  # English without a translator
    translators = install_translators(app, "zh_TW")
    try:
        assert translators, "the zh_TW translation did not load"
        assert model.headerData(0, Qt.Orientation.Horizontal) == "檔案"
        view = QueueView()
        qtbot.addWidget(view)
        assert view.remove_action.text() == "移除"
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "File"
    assert install_translators(app, "en") == []


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh_TW", "zh_TW"),
        ("zh_Hant_TW", "zh_TW"),
        ("zh_HK", "zh_TW"),
        ("zh_MO", "zh_TW"),
        ("zh_CN", "en"),
        ("zh_Hans_SG", "en"),
        ("en_US", "en"),
        ("de_DE", "en"),
        ("C", "en"),
    ],
)
def test_automatic_language_follows_the_locale(locale: str, expected: str) -> None:
    assert choose_language("auto", locale) == expected
    assert choose_language("auto", QLocale(locale)) == expected


def test_a_chosen_language_overrides_the_locale() -> None:
    assert choose_language("en", "zh_TW") == "en"
    assert choose_language("zh_TW", "de_DE") == "zh_TW"
    assert choose_language("klingon", "zh_HK") == "zh_TW"  # unknown values count as automatic
    assert AppSettings().ui_language == "auto"


def test_settings_dialog_offers_the_interface_language(qtbot: QtBot) -> None:
    from gui.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppSettings(ui_language="zh_TW"), gpus=[])
    qtbot.addWidget(dialog)
    combo = dialog.ui_language
    assert [combo.itemData(i) for i in range(combo.count())] == ["auto", "en", "zh_TW"]
    assert combo.currentText() == "繁體中文 (台灣)" and "next time" in combo.toolTip()
    assert dialog.settings().ui_language == "zh_TW"
    combo.setCurrentIndex(combo.findData("auto"))
    assert dialog.settings().ui_language == "auto"


def test_interface_language_is_persisted(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from gui.settings import load_settings, save_settings

    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    save_settings(AppSettings(ui_language="zh_TW"), store)
    assert (
        load_settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)).ui_language
        == "zh_TW"
    )


def test_qt_own_dialogs_speak_traditional_chinese(qtbot: QtBot) -> None:
    """Qt's standard buttons (and file dialogs) come from qtbase_zh_TW, installed with ours."""
    from PySide6.QtWidgets import QMessageBox

    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app, "zh_TW")
    try:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "",
            "",
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        qtbot.addWidget(box)
        ok = box.button(QMessageBox.StandardButton.Ok).text()
        cancel = box.button(QMessageBox.StandardButton.Cancel).text()
        assert (ok, cancel) == ("確定", "取消"), (ok, cancel)
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_preferences_say_a_language_change_applies_at_the_next_start(qtbot: QtBot) -> None:
    from gui.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppSettings(), gpus=[])
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.language_note
    assert note.isVisible() and "next time" in note.text()  # seen without hovering
