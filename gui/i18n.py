"""The interface language: English (the source strings) or Traditional Chinese as written in Taiwan.

The choice is made once at start-up, before any window exists: ``ui_language`` from the settings
("auto" follows the system locale), then a QTranslator for our strings and one for Qt's own
(standard buttons, file dialogs) is installed. Changing it in Preferences takes effect at the next
start, which avoids re-translating every open widget by hand.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from engine.resources import resource_path

log = logging.getLogger(__name__)

LANGUAGES = ("auto", "en", "zh_TW")  # the values of AppSettings.ui_language
TRANSLATION_NAME = "whisper_for_subs"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for lupdate in ``context`` and return it untranslated, to be translated
    when shown (PySide6's own QT_TRANSLATE_NOOP is typed as returning object)."""
    return source


def translations_folder() -> str:
    return str(resource_path("translations"))


def _is_traditional_chinese(locale: QLocale) -> bool:
    """Chinese written in Traditional script: zh_TW, zh_HK, zh_MO, zh_Hant_*."""
    if locale.language() != QLocale.Language.Chinese:
        return False
    if locale.script() == QLocale.Script.TraditionalChineseScript:
        return True
    if locale.script() == QLocale.Script.SimplifiedChineseScript:
        return False
    return locale.territory() in (QLocale.Country.Taiwan, QLocale.Country.HongKong, QLocale.Country.Macao)


def choose_language(setting: str, system: QLocale | str | None = None) -> str:
    """The interface language for ``setting`` ("auto", "en" or "zh_TW"): "zh_TW" or "en".

    "auto" follows ``system`` (default: the system locale): Traditional Chinese locales get
    zh_TW, everything else English. An unknown setting counts as "auto".
    """
    if setting in ("en", "zh_TW"):
        return setting
    locale = QLocale(system) if isinstance(system, str) else (system or QLocale.system())
    if _is_traditional_chinese(locale):
        return "zh_TW"
    # A system asking for several languages: the first one we have decides.
    for name in locale.uiLanguages():
        ui = QLocale(name.replace("-", "_"))
        if ui.language() == QLocale.Language.English:
            return "en"
        if _is_traditional_chinese(ui):
            return "zh_TW"
    return "en"


def install_translators(app: QCoreApplication, setting: str) -> list[QTranslator]:
    """Install the translators for ``setting`` on ``app``; returns them (keep them alive).

    Nothing is installed for English: the source strings are English.
    """
    language = choose_language(setting)
    if language == "en":
        return []
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(f"{TRANSLATION_NAME}_{language}", translations_folder()):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no %s translation in %s", language, translations_folder())
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", qt_folder):
        app.installTranslator(qt)
        installed.append(qt)
    else:
        log.info("no Qt translation qtbase_%s in %s", language, qt_folder)
    return installed
