"""Preferences: model, devices (each GPU by name), language, VAD, subtitle rules per language and
their limits, Chinese script, vocabulary (names, prompt, glossary), auto-export (the General
tab), where the workers run (this computer or a Ray cluster: the Engine tab,
gui.views.engine_page), and every command's keys (the Shortcuts tab, gui.views.shortcuts_page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.devices import Discovery, GpuInfo, discover_gpus
from engine.models import HUB_MODELS, english_only, offline_models
from engine.subtitles.presets import PRESETS
from gui.preset_names import preset_label  # re-exported: Preferences name presets with it
from gui.settings import AppSettings
from gui.shortcuts import registered
from gui.views.engine_page import EnginePage
from gui.views.shortcuts_page import ShortcutsPage
from gui.views.vocabulary_fields import VocabularyFields

LANGUAGES = ["auto", "en", "zh", "ja", "ko", "yue", "fr", "de", "es", "it", "pt", "ru", "vi", "th", "id"]
FORMATS = ("srt", "ass", "vtt")


def model_choices() -> list[tuple[str, str]]:
    """(name, label) for every known model, saying which work offline."""
    offline = set(offline_models())
    names = list(dict.fromkeys([*offline, *(n for n in HUB_MODELS if n not in ("large", "turbo"))]))
    available = QCoreApplication.translate("SettingsDialog", "{0} (available offline)")
    downloads = QCoreApplication.translate("SettingsDialog", "{0} (downloads once)")
    # An English-only model writes any other language as English words: say so where it is chosen.
    english = QCoreApplication.translate("SettingsDialog", "{0}, English only")
    return [
        (n, (available if n in offline else downloads).format(english.format(n) if english_only(n) else n))
        for n in names
    ]


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: AppSettings,
        parent: QWidget | None = None,
        gpus: Sequence[GpuInfo] | None = None,
        actions: Sequence[QAction] | None = None,
    ) -> None:
        """``actions``: the commands whose keys the Shortcuts tab lists (None: every named action
        of ``parent``, the window; gui.shortcuts.registered)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._initial = settings
        general = QWidget()
        form = QFormLayout(general)

        self.model = QComboBox(editable=True)
        for name, label in model_choices():
            self.model.addItem(label, name)
        self._select(self.model, settings.model)
        self.model.setToolTip(self.tr("A model name, a CTranslate2 folder or a Hugging Face id"))
        form.addRow(self.tr("Model"), self.model)

        self.device = QComboBox()
        for value, label in (
            ("auto", self.tr("Automatic (GPUs if usable)")),
            ("cpu", "CPU"),
            ("cuda", "GPU (CUDA)"),
        ):
            self.device.addItem(label, value)
        self._select(self.device, settings.device)
        form.addRow(self.tr("Device"), self.device)

        self.gpus = QLineEdit(settings.gpus)
        self.gpus.setPlaceholderText(self.tr("all GPUs, or e.g. 0,1"))
        self.gpu_boxes: dict[int, QCheckBox] = {}
        discovery = discover_gpus() if gpus is None else Discovery(tuple(gpus), None)
        if discovery.gpus:
            chosen_gpus = {int(g) for g in settings.gpus.split(",") if g.strip().isdigit()}
            column = QVBoxLayout()
            for gpu in discovery.gpus:
                memory = f" ({gpu.memory_mb / 1024:.0f} GB)" if gpu.memory_mb else ""
                box = QCheckBox(f"GPU {gpu.index}: {gpu.name}{memory}")
                box.setChecked(not chosen_gpus or gpu.index in chosen_gpus)
                box.setEnabled(discovery.problem is None)  # the engine will not use it: not offered
                self.gpu_boxes[gpu.index] = box
                column.addWidget(box)
            if discovery.problem:  # e.g. CUDA 12 cuBLAS missing: the engine falls back to the CPU
                problem = QLabel(discovery.problem)
                problem.setWordWrap(True)
                column.addWidget(problem)
            form.addRow(self.tr("GPUs"), column)
        else:
            form.addRow(self.tr("GPUs"), QLabel(self.tr("No usable CUDA GPU found: the CPU is used.")))

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
        self.language.setToolTip(
            self.tr(
                "detect: the file's language is found from its first speech, and a stretch clearly "
                "in another language is written in its own. A language chosen here is used for every line."
            )
        )
        form.addRow(self.tr("Language"), self.language)

        self.task = QComboBox()
        self.task.addItem(self.tr("Transcribe"), "transcribe")
        self.task.addItem(self.tr("Translate to English"), "translate")
        self._select(self.task, settings.task)
        form.addRow(self.tr("Task"), self.task)

        self.vad = QDoubleSpinBox(minimum=0.1, maximum=0.9, singleStep=0.05, value=settings.vad_threshold)
        self.vad.setToolTip(self.tr("Lower finds quieter speech; higher ignores more noise"))
        form.addRow(self.tr("Speech detection threshold"), self.vad)
        self.quiet_speech = QCheckBox(self.tr("Find quiet speech beside loud speech"))
        self.quiet_speech.setChecked(settings.quiet_speech)
        self.quiet_speech.setToolTip(
            self.tr(
                "A line spoken far under the lines beside it (a whisper after a shout) is looked "
                "for and raised before the model hears it; quiet sound all through a pause is "
                "taken for background and left as it is. Turn it off to transcribe the audio at "
                "its own levels."
            )
        )
        form.addRow("", self.quiet_speech)

        self.unsure_below = QDoubleSpinBox(
            minimum=0.0, maximum=1.0, singleStep=0.05, decimals=2, value=settings.unsure_word_below
        )
        self.unsure_below.setSpecialValueText(self.tr("mark none"))
        self.unsure_below.setToolTip(
            self.tr(
                "Words the model gave a lower probability are underlined in the editor (F8 goes to "
                "the next one). Higher marks more words; 0 marks none."
            )
        )
        form.addRow(self.tr("Mark words below this probability:"), self.unsure_below)

        self.preset = QComboBox()
        self.preset.addItem(self.tr("Automatic (the Netflix guide of each file's language)"), "auto")
        self.preset.setItemData(
            0,
            self.tr(
                "Chinese gets the Traditional Chinese (Taiwan) guide; "
                "languages without a guide of their own get the English one"
            ),
            Qt.ItemDataRole.ToolTipRole,
        )
        limits = self.tr("{0} characters a line, {1} characters a second")
        for key, preset in PRESETS.items():
            self.preset.addItem(preset_label(key), key)
            self.preset.setItemData(
                self.preset.count() - 1,
                limits.format(preset.max_chars_per_line, f"{preset.max_cps:g}"),
                Qt.ItemDataRole.ToolTipRole,
            )
        self._select(self.preset, settings.preset)
        form.addRow(self.tr("Subtitle rules"), self.preset)

        self.chinese = QComboBox()
        for value, label in (
            ("auto", self.tr("Automatic")),
            ("s2twp", self.tr("Traditional, Taiwan (s2twp)")),
            ("s2t", self.tr("Traditional (s2t)")),
            ("t2s", self.tr("Simplified (t2s)")),
            ("none", self.tr("Leave as transcribed")),
        ):
            self.chinese.addItem(label, value)
        self._select(self.chinese, settings.chinese)
        form.addRow(self.tr("Chinese script"), self.chinese)
        self.verbatim = QCheckBox(self.tr("Keep every word (verbatim)"))
        self.verbatim.setChecked(settings.verbatim)
        self.verbatim.setToolTip(
            self.tr(
                "Without it, a cue that still reads faster than the rules allow loses its fillers "
                '("um", a "you know" set off by commas; English only), as the Netflix style guides '
                "allow, and the status bar says which."
            )
        )
        form.addRow("", self.verbatim)

        self.custom = self._custom_limits(settings)
        form.addRow(self.tr("Custom limits"), self.custom)
        self.preset.currentIndexChanged.connect(self._on_preset_current_index_changed)
        self._on_preset_current_index_changed()

        self.vocabulary = VocabularyFields(settings)
        form.addRow(self.tr("Vocabulary"), self.vocabulary)

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

        self.ui_language = QComboBox()
        # Each language is named in itself, so it can be found whatever the interface shows now.
        for value, label in (
            ("auto", self.tr("Automatic (system)")),
            ("en", "English"),
            ("zh_TW", "繁體中文 (台灣)"),
        ):
            self.ui_language.addItem(label, value)
        self._select(self.ui_language, settings.ui_language)
        next_start = self.tr("Takes effect the next time Whisper for Subs starts")
        self.ui_language.setToolTip(next_start)
        self.language_note = QLabel(next_start)  # seen without hovering
        self.language_note.setWordWrap(True)
        language_column = QVBoxLayout()
        language_column.addWidget(self.ui_language)
        language_column.addWidget(self.language_note)
        form.addRow(self.tr("Interface language"), language_column)

        if actions is None:
            actions = registered(parent) if parent is not None else []
        self.shortcuts = ShortcutsPage(actions, settings.shortcuts)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(general)
        self.tabs = QTabWidget()
        self.engine_page = EnginePage(settings.cluster_address)
        self.tabs.addTab(scroll, self.tr("General"))
        self.tabs.addTab(self.engine_page, self.tr("Engine"))
        self.tabs.addTab(self.shortcuts, self.tr("Shortcuts"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(max(self.sizeHint().width(), 640), 640)

    def accept(self) -> None:
        """OK: the chosen keys and the unsure-word threshold take effect at once in the window
        (the parent; they are saved with the settings)."""
        self.shortcuts.apply()
        editor = getattr(self.parent(), "editor", None)  # the window's EditorPanel
        if editor is not None and hasattr(editor, "set_unsure_threshold"):
            editor.set_unsure_threshold(self.settings().unsure_word_below)
        super().accept()

    def done(self, result: int) -> None:
        """OK or Cancel: a connection test still running is ended with the dialog."""
        self.engine_page.stop()
        super().done(result)

    def _custom_limits(self, settings: AppSettings) -> QWidget:
        """The "Custom" preset's limits, editable only when Custom is chosen."""
        box = QWidget()
        grid = QFormLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.custom_chars = QSpinBox(minimum=8, maximum=80, value=settings.custom_chars_per_line)
        self.custom_lines = QSpinBox(minimum=1, maximum=4, value=settings.custom_lines)
        self.custom_cps = QDoubleSpinBox(minimum=5, maximum=40, singleStep=0.5, value=settings.custom_cps)
        self.custom_min = QSpinBox(
            minimum=200, maximum=5000, singleStep=100, suffix=" ms", value=settings.custom_min_duration_ms
        )
        self.custom_max = QSpinBox(
            minimum=1000, maximum=20000, singleStep=500, suffix=" ms", value=settings.custom_max_duration_ms
        )
        self.custom_gap = QSpinBox(minimum=0, maximum=1000, suffix=" ms", value=settings.custom_gap_ms)
        self.custom_cjk = QCheckBox(self.tr("Full-width characters count 1, half-width 0.5"))
        self.custom_cjk.setChecked(settings.custom_cjk_width)
        grid.addRow(self.tr("Characters per line"), self.custom_chars)
        grid.addRow(self.tr("Lines"), self.custom_lines)
        grid.addRow(self.tr("Characters per second"), self.custom_cps)
        grid.addRow(self.tr("Shortest cue"), self.custom_min)
        grid.addRow(self.tr("Longest cue"), self.custom_max)
        grid.addRow(self.tr("Gap between cues"), self.custom_gap)
        grid.addRow(self.custom_cjk)
        return box

    def _gpu_choice(self) -> str:
        """ "" for every GPU (also when none is found), else the checked indexes."""
        if not self.gpu_boxes:
            return self.gpus.text().strip()
        checked = [i for i, box in self.gpu_boxes.items() if box.isChecked()]
        return "" if len(checked) == len(self.gpu_boxes) else ",".join(map(str, checked))

    def _on_preset_current_index_changed(self, *_: object) -> None:
        self.custom.setEnabled(self._value(self.preset) == "custom")

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
        return self.vocabulary.apply_to(
            replace(
                self._initial,
                model=self._value(self.model),
                device=self._value(self.device),
                gpus=self._gpu_choice(),
                workers=self.workers.value(),
                compute_type=self._value(self.compute_type),
                language=self._value(self.language),
                task=self._value(self.task),
                vad_threshold=round(self.vad.value(), 2),
                quiet_speech=self.quiet_speech.isChecked(),
                preset=self._value(self.preset),
                chinese=self._value(self.chinese),
                auto_export=",".join(f for f, box in self.export_formats.items() if box.isChecked()),
                export_folder=self.export_folder.text().strip(),
                custom_chars_per_line=self.custom_chars.value(),
                custom_lines=self.custom_lines.value(),
                custom_cps=round(self.custom_cps.value(), 1),
                custom_min_duration_ms=self.custom_min.value(),
                custom_max_duration_ms=self.custom_max.value(),
                custom_gap_ms=self.custom_gap.value(),
                custom_cjk_width=self.custom_cjk.isChecked(),
                ui_language=self._value(self.ui_language),
                shortcuts=self.shortcuts.choices_text(),
                unsure_word_below=round(self.unsure_below.value(), 2),
                cluster_address=self.engine_page.cluster_address(),
                verbatim=self.verbatim.isChecked(),
            )
        )
