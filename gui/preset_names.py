"""Preset and language names in the interface's language (context "PresetNames").

engine.subtitles.presets names its presets in English ("Netflix Traditional Chinese") and
engine.languages its languages ("French"): the CLI prints them so. The window translates them
where it shows them (the rules bar above the editor, Preferences) through these tables; a
preset or language added to the engine and not listed here shows its English name.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.languages import LANGUAGE_NAMES
from engine.subtitles.presets import PRESETS
from gui.i18n import QT_TRANSLATE_NOOP

__all__ = ["language_label", "preset_label", "preset_name_label"]

# engine.subtitles.presets.PRESETS keys -> their names, marked for lupdate.
PRESET_NAMES: dict[str, str] = {
    "netflix-en": QT_TRANSLATE_NOOP("PresetNames", "Netflix English"),
    "netflix-zh-tw": QT_TRANSLATE_NOOP("PresetNames", "Netflix Traditional Chinese"),
    "netflix-zh-hans": QT_TRANSLATE_NOOP("PresetNames", "Netflix Simplified Chinese"),
    "netflix-ja": QT_TRANSLATE_NOOP("PresetNames", "Netflix Japanese"),
    "netflix-ko": QT_TRANSLATE_NOOP("PresetNames", "Netflix Korean"),
    "netflix-es": QT_TRANSLATE_NOOP("PresetNames", "Netflix Spanish"),
    "netflix-fr": QT_TRANSLATE_NOOP("PresetNames", "Netflix French"),
    "netflix-de": QT_TRANSLATE_NOOP("PresetNames", "Netflix German"),
    "netflix-it": QT_TRANSLATE_NOOP("PresetNames", "Netflix Italian"),
    "netflix-pt": QT_TRANSLATE_NOOP("PresetNames", "Netflix Portuguese"),
    "netflix-vi": QT_TRANSLATE_NOOP("PresetNames", "Netflix Vietnamese"),
    "netflix-ru": QT_TRANSLATE_NOOP("PresetNames", "Netflix Russian"),
    "netflix-ar": QT_TRANSLATE_NOOP("PresetNames", "Netflix Arabic"),
    "netflix-th": QT_TRANSLATE_NOOP("PresetNames", "Netflix Thai"),
    "bbc": QT_TRANSLATE_NOOP("PresetNames", "BBC"),
    "custom": QT_TRANSLATE_NOOP("PresetNames", "Custom"),
}

# Language codes the rules bar offers for a translation -> their English names, marked for lupdate.
LANGUAGE_LABELS: dict[str, str] = {
    "ar": QT_TRANSLATE_NOOP("PresetNames", "Arabic"),
    "yue": QT_TRANSLATE_NOOP("PresetNames", "Cantonese"),
    "zh": QT_TRANSLATE_NOOP("PresetNames", "Chinese"),
    "zh-Hans": QT_TRANSLATE_NOOP("PresetNames", "Chinese, Simplified"),
    "en": QT_TRANSLATE_NOOP("PresetNames", "English"),
    "fr": QT_TRANSLATE_NOOP("PresetNames", "French"),
    "de": QT_TRANSLATE_NOOP("PresetNames", "German"),
    "it": QT_TRANSLATE_NOOP("PresetNames", "Italian"),
    "ja": QT_TRANSLATE_NOOP("PresetNames", "Japanese"),
    "ko": QT_TRANSLATE_NOOP("PresetNames", "Korean"),
    "pt": QT_TRANSLATE_NOOP("PresetNames", "Portuguese"),
    "ru": QT_TRANSLATE_NOOP("PresetNames", "Russian"),
    "es": QT_TRANSLATE_NOOP("PresetNames", "Spanish"),
    "th": QT_TRANSLATE_NOOP("PresetNames", "Thai"),
    "vi": QT_TRANSLATE_NOOP("PresetNames", "Vietnamese"),
}


def preset_label(key: str) -> str:
    """The name of preset ``key`` (a PRESETS key) in the interface's language."""
    if key in PRESET_NAMES:
        return QCoreApplication.translate("PresetNames", PRESET_NAMES[key])
    return PRESETS[key].name


def preset_name_label(name: str) -> str:
    """A preset's English ``name`` (Preset.name, as gui.window_rules passes it) in the interface's
    language; a name no preset has comes back as it is."""
    for key, english in PRESET_NAMES.items():
        if english == name or (key in PRESETS and PRESETS[key].name == name):
            return preset_label(key)
    return name


def language_label(code: str) -> str:
    """Language ``code``'s name in the interface's language (engine.languages' English name, or
    the code itself, for a language not listed)."""
    if code in LANGUAGE_LABELS:
        return QCoreApplication.translate("PresetNames", LANGUAGE_LABELS[code])
    return LANGUAGE_NAMES.get(code, code)
