"""The bar above the editor that shows, and lets the user change, the current file's rules:
its preset and its frame rate (gui.file_rules says how each is chosen when the user does not),
and the language of its translation (the Translation column's rules, issue 15 point 7).

A view only: it shows what :meth:`FileRulesBar.show_rules` and
:meth:`FileRulesBar.show_translation_language` are given and reports a choice on
``preset_chosen`` / ``frame_rate_chosen`` / ``translation_language_chosen``; the window applies
it to the file (the translation language: gui.translation_language).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from engine.languages import LANGUAGE_NAMES
from engine.subtitles.presets import LANGUAGE_PRESETS, PRESETS
from engine.subtitles.timecode import frame_rate_name
from engine.subtitles.translation import translation_preset
from gui.preset_names import language_label, preset_label, preset_name_label
from gui.views.subtitle_dialogs import COMMON_FRAME_RATES

__all__ = ["TRANSLATION_LANGUAGES", "FileRulesBar", "ShownRules"]

# The translation languages offered: each language with a style guide of its own
# (engine.subtitles.presets.LANGUAGE_PRESETS; "zh" is checked as Traditional Chinese) and
# Simplified Chinese, as (code, English name). Another code kept in a project is shown as it is.
TRANSLATION_LANGUAGES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(code, LANGUAGE_NAMES.get(code, code)) for code in LANGUAGE_PRESETS]
        + [("zh-Hans", "Chinese, Simplified")],
        key=lambda item: item[1],
    )
)


@dataclass(frozen=True)
class ShownRules:
    """What the bar shows for one file. ``preset_choice`` / ``rate_choice``: the file's own
    choice, None for automatic; ``auto_preset_name``: the preset automatic gives (its name);
    ``auto_rate`` (frames/s) and ``rate_source`` ("video", "subtitles" or "preset"): the rate
    automatic gives and where it comes from; ``preset_by_language``: whether automatic follows
    the file's language (the Preferences' preset is "auto") or is the Preferences' fixed one."""

    preset_choice: str | None
    auto_preset_name: str
    rate_choice: float | None
    auto_rate: float
    rate_source: str
    preset_by_language: bool = True  # automatic follows the file's language (Preferences: auto)


class FileRulesBar(QWidget):
    """Three combo boxes: "Rules" (automatic, or one of engine.subtitles.presets.PRESETS),
    "Frame rate" (automatic, or one of the common rates 23.976 … 59.94) and "Translation"
    (none, or one of :data:`TRANSLATION_LANGUAGES`)."""

    preset_chosen = Signal(object)  # a PRESETS id, or None for automatic
    frame_rate_chosen = Signal(object)  # frames/s as float, or None for automatic
    translation_language_chosen = Signal(object)  # a language code ("fr"), or None for none
    rules_shown = Signal()  # show_rules ran: another file (or none) is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preset_box = QComboBox()
        self.preset_box.addItem("", None)  # automatic; its text names what it gives (show_rules)
        for preset_id in PRESETS:
            self.preset_box.addItem(preset_label(preset_id), preset_id)  # named in the interface's language
        self.preset_box.setToolTip(self.tr("The reading-speed and line rules this file is checked against"))
        self.rate_box = QComboBox()
        self.rate_box.addItem("", None)
        for rate in COMMON_FRAME_RATES:
            self.rate_box.addItem(self.tr("{0} fps").format(frame_rate_name(rate)), rate)
        self.rate_box.setToolTip(
            self.tr("Frames per second of this file: for times typed as h:mm:ss:ff and frame-based exports")
        )
        self.translation_box = QComboBox()
        self.translation_box.addItem(self.tr("None"), None)
        limits = self.tr("{0}: {1} characters a line, {2} characters a second")
        for code, _name in TRANSLATION_LANGUAGES:
            self._add_language(code, language_label(code))
            preset = translation_preset(code)
            self.translation_box.setItemData(
                self.translation_box.count() - 1,
                limits.format(
                    preset_name_label(preset.name), preset.max_chars_per_line, f"{preset.max_cps:g}"
                ),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.translation_box.setToolTip(
            self.tr(
                "The language of this file's translation: its column is checked with that language's rules"
            )
        )
        self.file_label = QLabel()
        for box in (self.preset_box, self.rate_box):  # "From the language: Netflix English" shown whole
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.file_label, 1)
        rules_label = QLabel(self.tr("&Rules:"))
        rules_label.setBuddy(self.preset_box)
        rate_label = QLabel(self.tr("&Frame rate:"))
        rate_label.setBuddy(self.rate_box)
        translation_label = QLabel(self.tr("Tr&anslation:"))  # Alt+T opens the Timing menu
        translation_label.setBuddy(self.translation_box)
        for widget in (
            rules_label,
            self.preset_box,
            rate_label,
            self.rate_box,
            translation_label,
            self.translation_box,
        ):
            layout.addWidget(widget)
        self.preset_box.activated.connect(
            lambda index: self.preset_chosen.emit(self.preset_box.itemData(index))
        )
        self.rate_box.activated.connect(
            lambda index: self.frame_rate_chosen.emit(self.rate_box.itemData(index))
        )
        self.translation_box.activated.connect(
            lambda index: self.translation_language_chosen.emit(self.translation_box.itemData(index))
        )
        self.show_rules(None)

    def show_rules(self, rules: ShownRules | None, file_name: str = "") -> None:
        """Show a file's rules (disabled, with nothing chosen, when no file is open)."""
        self.file_label.setText(file_name)
        self.setEnabled(rules is not None)
        if rules is None:
            self.preset_box.setItemText(0, self.tr("Automatic"))
            self.rate_box.setItemText(0, self.tr("Automatic"))
            self.preset_box.setCurrentIndex(0)
            self.rate_box.setCurrentIndex(0)
            self.translation_box.setCurrentIndex(0)
            self.rules_shown.emit()
            return
        auto = (
            self.tr("From the language: {0}")
            if rules.preset_by_language
            else self.tr("As in Preferences: {0}")
        )
        self.preset_box.setItemText(0, auto.format(preset_name_label(rules.auto_preset_name)))
        source = {
            "video": self.tr("From the video: {0} fps"),
            "subtitles": self.tr("From the subtitle file: {0} fps"),
        }.get(rules.rate_source, self.tr("From the rules: {0} fps"))
        self.rate_box.setItemText(0, source.format(frame_rate_name(rules.auto_rate)))
        self.preset_box.setCurrentIndex(max(self.preset_box.findData(rules.preset_choice), 0))
        self.rate_box.setCurrentIndex(self._rate_index(rules.rate_choice))
        self.rules_shown.emit()

    def show_translation_language(self, code: str | None) -> None:
        """Show the file's translation language (None: none); a code not in the list (a
        project's own) is added as it is."""
        if code is None:
            self.translation_box.setCurrentIndex(0)
            return
        index = self.translation_box.findData(code)
        if index < 0:
            index = self._add_language(code, language_label(code))
        self.translation_box.setCurrentIndex(index)

    def _add_language(self, code: str, name: str) -> int:
        self.translation_box.addItem(f"{name} ({code})", code)
        return self.translation_box.count() - 1

    def _rate_index(self, rate: float | None) -> int:
        if rate is None:
            return 0
        for index in range(1, self.rate_box.count()):
            if abs(float(self.rate_box.itemData(index)) - rate) < 0.0005:
                return index
        # a rate chosen elsewhere (a project from a newer version): shown as it is
        self.rate_box.addItem(self.tr("{0} fps").format(frame_rate_name(rate)), rate)
        return self.rate_box.count() - 1
