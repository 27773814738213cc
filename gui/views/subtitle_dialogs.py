"""The dialogs of subtitle files: which encoding an unsure file is in, which frame rate a
MicroDVD file without one was made for, what the reader noted, and how to export.

Layout only: the formats, encodings and line endings come from engine.subtitles (io's
writable_formats() and default_line_ending(), encodings' EXPORT_ENCODINGS); reading and
writing stay with the main window and engine.subtitles.io.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.subtitles.encodings import EXPORT_ENCODINGS, EncodingGuess
from engine.subtitles.io import FormatInfo, default_line_ending, writable_formats
from engine.subtitles.translation import ExportText
from gui.views.retime_dialogs import frame_rate_name, parse_frame_rate

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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "{0}: the text encoding is not certain. Pick the reading whose text looks right."
                ).format(file_name)
            )
        )
        layout.addWidget(self.list)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self.resize(640, 420)

    def _on_list_current_changed(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self.preview.setPlainText(
            self._previews.get(item.data(_ENCODING_ROLE), "") if item is not None else ""
        )

    def encodings(self) -> list[str]:
        """The readings offered, in the order shown (the guess first)."""
        return [self.list.item(row).data(_ENCODING_ROLE) for row in range(self.list.count())]

    def chosen(self) -> str:
        item = self.list.currentItem()
        return str(item.data(_ENCODING_ROLE)) if item is not None else self.encodings()[0]


# The rates films and video are made at (23.976 and 29.97 are exactly 24000/1001 and 30000/1001).
COMMON_FRAME_RATES: tuple[float, ...] = tuple(
    rate for name in ("23.976", "24", "25", "29.97", "30", "50", "59.94") if (rate := parse_frame_rate(name))
)


class FrameRateDialog(QDialog):
    """The frame rate a MicroDVD file that declares none was timed at: its times are frame
    numbers, so every cue's time depends on it. ``preselected`` is the video's own rate when
    one is open, else the preset's; a rate not among the common ones is added to the list."""

    def __init__(
        self, file_name: str, preselected: float, from_video: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose the frame rate"))
        self.box = QComboBox()
        rates = list(COMMON_FRAME_RATES)
        if not any(abs(r - preselected) < 0.0005 for r in rates):
            rates = sorted([*rates, preselected])
        for rate in rates:
            self.box.addItem(self.tr("{0} fps").format(frame_rate_name(rate)), rate)
        self.box.setCurrentIndex(next(n for n, r in enumerate(rates) if abs(r - preselected) < 0.0005))
        source = self.tr("the video's rate") if from_video else self.tr("the preset's rate")
        text = self.tr(
            "{0} counts time in frames but does not say at which frame rate. Choose the rate of "
            "the video it was made for ({1} is selected)."
        ).format(file_name, source)
        label = QLabel(text, wordWrap=True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Frame rate:"), self.box)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def rates(self) -> list[float]:
        """The rates offered, in frames per second, in the order shown."""
        return [float(self.box.itemData(row)) for row in range(self.box.count())]

    def chosen(self) -> float:
        """The selected rate in frames per second."""
        return float(self.box.currentData())


class ImportNotesDialog(QDialog):
    """What the reader changed or left out of a file (LoadedFile.warnings), every note in full
    in a list the user can scroll and copy. Not modal: the imported file is already open, and
    the notes may be read beside it (Subtitle Edit shows them in a message box after loading)."""

    def __init__(
        self, file_name: str, notes: tuple[str, ...] | list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Imported with notes"))
        self.setModal(False)
        self.summary = QLabel(
            self.tr("{0} was imported; {1} note(s) on what was changed or left out:").format(
                file_name, len(notes)
            ),
            wordWrap=True,
        )
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.addItems(list(notes))
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(self._on_copy_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def notes(self) -> list[str]:
        """The notes shown, in order."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _on_copy_clicked(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText("\n".join(self.notes()))


@dataclass(frozen=True)
class ExportOptions:
    """What the Export dialog asked for; the arguments of engine.subtitles.io.save.
    ``karaoke``: a ``\\k`` tag before each timed word (ASS and SSA only). ``text``: the original,
    the translation, or both in one cue (:func:`engine.subtitles.translation.export_cues`)."""

    format: FormatInfo
    encoding: str = "utf-8"
    line_ending: str = "\n"
    frame_rate: float | None = None
    karaoke: bool = False
    text: ExportText = ExportText.ORIGINAL


# The formats whose writer puts karaoke \k tags (engine.subtitles.subtitle_save refuses others).
KARAOKE_FORMATS = ("ass", "ssa")


class ExportDialog(QDialog):
    """Format (every one the engine writes, by name), frame rate for frame-based formats,
    text encoding (UTF-8 first; UTF-8 only for WebVTT, which the WebVTT specification requires,
    UTF-8 or UTF-16 for TTML, as XML readers read no other),
    line ending (the format's usual one on this system), which text (the original, the
    translation, or both in one cue) and, for ASS and SSA and the original text, karaoke."""

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
        self._encoding = "utf-8"  # the user's pick, kept while WebVTT narrows the list
        self._refilling = False
        self.encoding_box.currentIndexChanged.connect(self._on_encoding_box_changed)
        self.line_ending_box = QComboBox()
        self.line_ending_box.addItem(self.tr("LF (Linux, macOS)"), "\n")
        self.line_ending_box.addItem(self.tr("CRLF (Windows)"), "\r\n")
        self.text_box = QComboBox()
        self.text_box.addItem(self.tr("Original"), ExportText.ORIGINAL.value)
        self.text_box.addItem(self.tr("Translation"), ExportText.TRANSLATION.value)
        self.text_box.addItem(self.tr("Both: the original above the translation"), ExportText.BOTH.value)
        self.text_box.setToolTip(
            self.tr(
                "Translation writes the translation column alone, at the same times (cues with no"
                " translation are left out). Both puts each cue's translation under its original"
                " text, for bilingual subtitles."
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Text:"), self.text_box)
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow(self.fps_label, self.fps)
        form.addRow(self.tr("Encoding:"), self.encoding_box)
        form.addRow(self.tr("Line ending:"), self.line_ending_box)
        self.karaoke = QCheckBox(self.tr("Karaoke: highlight each word as it is said (\\k)"))
        self.karaoke.setToolTip(
            self.tr(
                "Puts an ASS \\k tag before each word that has a time (from the "
                "transcription, or a WebVTT file's inline times), so players sweep "
                "the highlight across the line as the words are said."
            )
        )
        form.addRow(self.karaoke)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)
        self.text_box.currentIndexChanged.connect(self._on_text_box_changed)
        self.set_format(fmt)
        self._on_format_box_changed()

    def set_format(self, name: str) -> None:
        row = self.format_box.findData(name)
        self.format_box.setCurrentIndex(max(row, 0))

    def set_text(self, which: ExportText) -> None:
        self.text_box.setCurrentIndex(max(self.text_box.findData(ExportText(which).value), 0))

    def _text(self) -> ExportText:
        return ExportText(str(self.text_box.currentData()))

    def _karaoke_offered(self) -> bool:
        # the word times are the original's words: a translation has none to sweep across
        info = self.formats[self.format_box.currentIndex()]
        return info.name in KARAOKE_FORMATS and self._text() is ExportText.ORIGINAL

    def _on_text_box_changed(self, _row: int) -> None:
        self.karaoke.setVisible(self._karaoke_offered())

    def _on_format_box_changed(self, *_: object) -> None:
        info = self.formats[self.format_box.currentIndex()]
        self.fps.setVisible(info.needs_fps)
        self.fps_label.setVisible(info.needs_fps)
        self.karaoke.setVisible(self._karaoke_offered())
        ending = self.line_ending_box.findData(default_line_ending(info.name))
        self.line_ending_box.setCurrentIndex(max(ending, 0))
        allowed = info.encodings  # WebVTT: UTF-8 only; TTML: UTF-8 or UTF-16 (FormatInfo says why)
        choices = [(c, label) for c, label in EXPORT_ENCODINGS if allowed is None or c in allowed]
        self._refilling = True
        self.encoding_box.clear()
        for codec, label in choices:
            self.encoding_box.addItem(label, codec)
        self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(self._encoding), 0))
        self._refilling = False
        tips = {
            "vtt": self.tr(
                "The WebVTT specification requires UTF-8 (a byte order mark is "
                "allowed); players read any other encoding as garbled text."
            ),
            "ttml": self.tr(
                "TTML is XML, which every XML reader reads in UTF-8 or UTF-16; "
                "other encodings are not offered."
            ),
        }
        self.encoding_box.setToolTip(tips.get(info.name, ""))

    def _on_encoding_box_changed(self, _row: int) -> None:
        if not self._refilling:
            self._encoding = str(self.encoding_box.currentData())

    def options(self) -> ExportOptions:
        info = self.formats[self.format_box.currentIndex()]
        return ExportOptions(
            info,
            self.encoding_box.currentData(),
            self.line_ending_box.currentData(),
            self.fps.value() if info.needs_fps else None,
            self._karaoke_offered() and self.karaoke.isChecked(),
            self._text(),
        )
