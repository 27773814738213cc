"""Preferences › Vocabulary: names and terms for the model (hotwords), a prompt, and a glossary
file of ``wrong → right`` replacements applied to the cues (engine.subtitles.glossary).

A view only: it shows :class:`~gui.settings.AppSettings`' three fields and gives them back; the
main window loads the glossary when it hands a file to the engine.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from engine.subtitles.glossary import GlossaryError, load_glossary
from gui.settings import AppSettings


class VocabularyFields(QWidget):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)

        self.hotwords = QLineEdit(settings.hotwords)
        self.hotwords.setPlaceholderText(self.tr("e.g. Mikael, Kubernetes"))
        self.hotwords.setToolTip(
            self.tr("Names and terms the model should spell as written, separated by commas")
        )
        form.addRow(self.tr("Names and terms"), self.hotwords)

        self.prompt = QLineEdit(settings.initial_prompt)
        self.prompt.setPlaceholderText(self.tr("none"))
        self.prompt.setToolTip(
            self.tr(
                "Text the model reads as if it was said just before each part of the file: "
                "names, terms, and the punctuation and spelling to follow"
            )
        )
        form.addRow(self.tr("Prompt"), self.prompt)

        row = QHBoxLayout()
        self.glossary = QLineEdit(settings.glossary)
        self.glossary.setPlaceholderText(self.tr("none"))
        self.glossary.setToolTip(
            self.tr(
                "A UTF-8 text file with one replacement a line, e.g. Kubernetis → Kubernetes "
                "(-> and => work too; # starts a comment). Whole words, case as written."
            )
        )
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._on_choose_clicked)
        row.addWidget(self.glossary)
        row.addWidget(choose)
        form.addRow(self.tr("Glossary"), row)
        self.glossary_note = QLabel()
        self.glossary_note.setWordWrap(True)
        self.glossary_note.setStyleSheet("color: #b00020")
        self.glossary_note.hide()
        form.addRow(self.glossary_note)
        # The file is read when the user is done with the field (Return, or focus elsewhere),
        # not on every keystroke; while typing, a note about the old path is hidden.
        self.glossary.editingFinished.connect(self._show_problem)
        self.glossary.textEdited.connect(self.glossary_note.hide)
        self._show_problem()

    def problem(self) -> str | None:
        """What is wrong with the glossary file as it is now (read again each call), or None."""
        path = self.glossary.text().strip()
        if not path:
            return None
        try:
            load_glossary(path)
        except GlossaryError as error:
            return str(error)
        return None

    def apply_to(self, settings: AppSettings) -> AppSettings:
        """``settings`` with the three vocabulary fields as shown."""
        return replace(
            settings,
            hotwords=self.hotwords.text().strip(),
            initial_prompt=self.prompt.text().strip(),
            glossary=self.glossary.text().strip(),
        )

    def _show_problem(self, *_: object) -> None:
        problem = self.problem()
        self.glossary_note.setText(problem or "")
        self.glossary_note.setVisible(bool(problem))

    def _on_choose_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Glossary"), self.glossary.text(), self.tr("Text files (*.txt);;All files (*)")
        )
        if path:
            self.glossary.setText(path)
            self._show_problem()
