"""The dialogs of subtitle files: which encoding an unsure file is in, and how to export.

Layout only: the formats, encodings and line endings come from engine.subtitles (io's
writable_formats() and default_line_ending(), encodings' EXPORT_ENCODINGS); reading and
writing stay with the main window and engine.subtitles.io.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from engine.subtitles.encodings import EXPORT_ENCODINGS, EncodingGuess
from engine.subtitles.io import FormatInfo, default_line_ending, writable_formats

_ENCODING_ROLE = Qt.ItemDataRole.UserRole + 1


class EncodingDialog(QDialog):
    """The file's text read in each likely encoding (the guess first); the user picks the one
    that reads right, as Subtitle Edit asks."""

    def __init__(self, file_name: str, guess: EncodingGuess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose the text encoding"))
        self.list = QListWidget()
        readings = [(guess.encoding, guess.preview)] + [(c.encoding, c.preview) for c in guess.alternatives]
        for number, (encoding, preview) in enumerate(readings):
            label = self.tr("{0} (most likely)").format(encoding) if number == 0 else encoding
            item = QListWidgetItem(f"{label}: {preview[:60]}")
            item.setData(_ENCODING_ROLE, encoding)
            item.setData(Qt.ItemDataRole.ToolTipRole, preview)
            self.list.addItem(item)
        self.preview = QPlainTextEdit(readOnly=True)
        self._previews = dict(readings)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.list.itemDoubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("{0}: the text encoding is not certain. Pick the reading whose text "
                                        "looks right.").format(file_name)))
        layout.addWidget(self.list)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self.resize(640, 420)

    def _on_list_current_changed(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self.preview.setPlainText(self._previews.get(item.data(_ENCODING_ROLE), "") if item is not None else "")

    def encodings(self) -> list[str]:
        """The readings offered, in the order shown (the guess first)."""
        return [self.list.item(row).data(_ENCODING_ROLE) for row in range(self.list.count())]

    def chosen(self) -> str:
        item = self.list.currentItem()
        return str(item.data(_ENCODING_ROLE)) if item is not None else self.encodings()[0]


@dataclass(frozen=True)
class ExportOptions:
    """What the Export dialog asked for; the arguments of engine.subtitles.io.save."""

    format: FormatInfo
    encoding: str = "utf-8"
    line_ending: str = "\n"
    frame_rate: float | None = None


class ExportDialog(QDialog):
    """Format (every one the engine writes, by name), frame rate for frame-based formats,
    text encoding (UTF-8 first) and line ending (the format's usual one on this system)."""

    def __init__(self, frame_rate: float, fmt: str = "srt", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export subtitles"))
        self.formats = writable_formats()
        self.format_box = QComboBox()
        for info in self.formats:
            self.format_box.addItem(f"{info.label} (*{info.extension})", info.name)
        self.fps = QDoubleSpinBox(decimals=3, minimum=1.0, maximum=300.0, value=frame_rate)
        self.fps_label = QLabel(self.tr("Frame rate:"))
        self.encoding_box = QComboBox()
        for codec, label in EXPORT_ENCODINGS:
            self.encoding_box.addItem(label, codec)
        self.line_ending_box = QComboBox()
        self.line_ending_box.addItem(self.tr("LF (Linux, macOS)"), "\n")
        self.line_ending_box.addItem(self.tr("CRLF (Windows)"), "\r\n")
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow(self.fps_label, self.fps)
        form.addRow(self.tr("Encoding:"), self.encoding_box)
        form.addRow(self.tr("Line ending:"), self.line_ending_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)
        self.set_format(fmt)
        self._on_format_box_changed()

    def set_format(self, name: str) -> None:
        row = self.format_box.findData(name)
        self.format_box.setCurrentIndex(max(row, 0))

    def _on_format_box_changed(self, *_: object) -> None:
        info = self.formats[self.format_box.currentIndex()]
        self.fps.setVisible(info.needs_fps)
        self.fps_label.setVisible(info.needs_fps)
        ending = self.line_ending_box.findData(default_line_ending(info.name))
        self.line_ending_box.setCurrentIndex(max(ending, 0))

    def options(self) -> ExportOptions:
        info = self.formats[self.format_box.currentIndex()]
        return ExportOptions(info, self.encoding_box.currentData(), self.line_ending_box.currentData(),
                             self.fps.value() if info.needs_fps else None)  # fmt: skip
