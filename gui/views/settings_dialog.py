"""Preferences: model, devices, language, VAD, subtitle rules, Chinese script, auto-export."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.models import HUB_MODELS, offline_models
from engine.subtitles.presets import PRESETS
from gui.settings import AppSettings

LANGUAGES = ["auto", "en", "zh", "ja", "ko", "yue", "fr", "de", "es", "it", "pt", "ru", "vi", "th", "id"]
FORMATS = ("srt", "ass", "vtt")


def model_choices() -> list[tuple[str, str]]:
    """(name, label) for every known model, saying which work offline."""
    offline = set(offline_models())
    names = list(dict.fromkeys([*offline, *(n for n in HUB_MODELS if n not in ("large", "turbo"))]))
    return [(n, f"{n} (available offline)" if n in offline else f"{n} (downloads once)") for n in names]


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._initial = settings
        form = QFormLayout(self)

        self.model = QComboBox(editable=True)
        for name, label in model_choices():
            self.model.addItem(label, name)
        self._select(self.model, settings.model)
        self.model.setToolTip(self.tr("A model name, a CTranslate2 folder or a Hugging Face id"))
        form.addRow(self.tr("Model"), self.model)

        self.device = QComboBox()
        for value, label in (("auto", self.tr("Automatic (GPUs if usable)")), ("cpu", "CPU"), ("cuda", "GPU (CUDA)")):
            self.device.addItem(label, value)
        self._select(self.device, settings.device)
        form.addRow(self.tr("Device"), self.device)

        self.gpus = QLineEdit(settings.gpus)
        self.gpus.setPlaceholderText(self.tr("all GPUs, or e.g. 0,1"))
        form.addRow(self.tr("GPUs"), self.gpus)

        self.workers = QSpinBox(minimum=0, maximum=32, value=settings.workers)
        self.workers.setSpecialValueText(self.tr("automatic"))
        self.workers.setToolTip(self.tr("CPU worker processes, or workers per GPU"))
        form.addRow(self.tr("Workers"), self.workers)

        self.compute_type = QComboBox()
        for value in ("", "int8", "int8_float16", "float16", "float32"):
            self.compute_type.addItem(value or self.tr("automatic"), value)
        self._select(self.compute_type, settings.compute_type)
        form.addRow(self.tr("Compute type"), self.compute_type)

        self.language = QComboBox(editable=True)
        for code in LANGUAGES:
            self.language.addItem(self.tr("detect") if code == "auto" else code, code)
        self._select(self.language, settings.language)
        form.addRow(self.tr("Language"), self.language)

        self.task = QComboBox()
        self.task.addItem(self.tr("Transcribe"), "transcribe")
        self.task.addItem(self.tr("Translate to English"), "translate")
        self._select(self.task, settings.task)
        form.addRow(self.tr("Task"), self.task)

        self.vad = QDoubleSpinBox(minimum=0.1, maximum=0.9, singleStep=0.05, value=settings.vad_threshold)
        self.vad.setToolTip(self.tr("Lower finds quieter speech; higher ignores more noise"))
        form.addRow(self.tr("Speech detection threshold"), self.vad)

        self.preset = QComboBox()
        for key, preset in PRESETS.items():
            self.preset.addItem(preset.name, key)
        self._select(self.preset, settings.preset)
        form.addRow(self.tr("Subtitle rules"), self.preset)

        self.chinese = QComboBox()
        for value, label in (("auto", self.tr("Automatic")), ("s2twp", self.tr("Traditional, Taiwan (s2twp)")),
                             ("s2t", self.tr("Traditional (s2t)")), ("t2s", self.tr("Simplified (t2s)")),
                             ("none", self.tr("Leave as transcribed"))):
            self.chinese.addItem(label, value)
        self._select(self.chinese, settings.chinese)
        form.addRow(self.tr("Chinese script"), self.chinese)

        chosen = {f.strip() for f in settings.auto_export.split(",") if f.strip()}
        row = QHBoxLayout()
        self.export_formats = {fmt: QCheckBox(fmt.upper()) for fmt in FORMATS}
        for fmt, box in self.export_formats.items():
            box.setChecked(fmt in chosen)
            row.addWidget(box)
        form.addRow(self.tr("Export when a file finishes"), row)

        folder_row = QHBoxLayout()
        self.export_folder = QLineEdit(settings.export_folder)
        self.export_folder.setPlaceholderText(self.tr("next to the media file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._on_browse_clicked)
        folder_row.addWidget(self.export_folder)
        folder_row.addWidget(browse)
        form.addRow(self.tr("Export folder"), folder_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
        elif combo.isEditable():
            combo.setEditText(value)

    @staticmethod
    def _value(combo: QComboBox) -> str:
        data = combo.currentData()
        text = combo.currentText()
        if combo.isEditable() and combo.itemText(combo.currentIndex()) != text:
            return text.strip()  # typed by hand (a folder or a language code)
        return str(data) if data is not None else text.strip()

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export folder"), self.export_folder.text())
        if folder:
            self.export_folder.setText(folder)

    def settings(self) -> AppSettings:
        return replace(
            self._initial,
            model=self._value(self.model),
            device=self._value(self.device),
            gpus=self.gpus.text().strip(),
            workers=self.workers.value(),
            compute_type=self._value(self.compute_type),
            language=self._value(self.language),
            task=self._value(self.task),
            vad_threshold=round(self.vad.value(), 2),
            preset=self._value(self.preset),
            chinese=self._value(self.chinese),
            auto_export=",".join(f for f, box in self.export_formats.items() if box.isChecked()),
            export_folder=self.export_folder.text().strip(),
        )
