"""Find and Replace over the cue texts of a table view (whichever model it shows at the time).

Searching walks the cues in table order from the current cue, remembering the last match as
(cue id, start, end) so "find next" continues inside the same cue. Replacing asks the model's
EditController (gui.edit_controller): one undo step per cue, and Replace All is one macro. With a regular
expression the replacement may use ``\\1`` or ``\\g<name>``; otherwise it is literal text.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.models.cue_model import TEXT, CueTableModel
from gui.rich_text import overlaps_a_tag

log = logging.getLogger(__name__)


class FindReplaceDialog(QDialog):
    """A non-modal Find and Replace window for the cues shown in ``view``."""

    message = Signal(str)  # the outcome of the last search or replacement, in words

    def __init__(self, view: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find and replace"))
        self.setModal(False)
        self._view = view
        self._match: tuple[int, int, int] | None = None  # cue id, start, end of the last match

        self.find_edit, self.replace_edit = QLineEdit(), QLineEdit()
        self.case_box = QCheckBox(self.tr("Match &case"))
        self.words_box = QCheckBox(self.tr("&Whole words"))
        self.regex_box = QCheckBox(self.tr("Regular e&xpression"))
        self.wrap_box = QCheckBox(self.tr("Wra&p around"))
        self.wrap_box.setChecked(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Find:"), self.find_edit)
        form.addRow(self.tr("Replace &with:"), self.replace_edit)
        buttons = QDialogButtonBox()
        self.next_button = QPushButton(self.tr("Find &next"))
        self.previous_button = QPushButton(self.tr("Find pre&vious"))
        self.replace_button = QPushButton(self.tr("&Replace"))
        self.replace_all_button = QPushButton(self.tr("Replace &all"))
        for button in (self.next_button, self.previous_button, self.replace_button, self.replace_all_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.next_button.setDefault(True)  # Enter in the find field
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.find_next)
        QShortcut(QKeySequence.StandardKey.FindPrevious, self, self.find_previous)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (
            self.case_box,
            self.words_box,
            self.regex_box,
            self.wrap_box,
            self.status_label,
            buttons,
        ):
            layout.addWidget(widget)
        for box in (self.case_box, self.words_box, self.regex_box):
            box.toggled.connect(self._on_options_changed)
        self.find_edit.textChanged.connect(self._on_options_changed)
        self._on_options_changed()

    # ------------------------------------------------------------------ public API

    def pattern(self) -> re.Pattern[str] | None:
        """The search as a compiled pattern; None when empty or not a valid expression."""
        text = self.find_edit.text()
        if not text:
            return None
        source = text if self.regex_box.isChecked() else re.escape(text)
        if self.words_box.isChecked():
            source = rf"(?<!\w)(?:{source})(?!\w)"
        try:
            return re.compile(source, 0 if self.case_box.isChecked() else re.IGNORECASE)
        except re.error as error:
            self._say(self.tr("Not a valid regular expression: %s") % error)
            return None

    @property
    def last_match(self) -> tuple[int, int, int] | None:
        """(cue id, start, end) in the cue's text of the match last found, or None."""
        return self._match

    def find_next(self) -> bool:
        return self._find(forward=True)

    def find_previous(self) -> bool:
        return self._find(forward=False)

    def replace(self) -> bool:
        """Replace the match just found (if it is still there), then find the next one."""
        model, pattern = self._model(), self.pattern()
        if model is None or pattern is None:
            return False
        match = self._current_match(model, pattern)
        if match is None:
            return self.find_next()
        cue_id, found = match
        text = model.document.get(cue_id).text
        try:
            replacement = self._replacement(found)
        except (re.error, IndexError) as error:
            self._say(self.tr("Cannot use that replacement: %s") % error)
            return False
        new_text = text[: found.start()] + replacement + text[found.end() :]
        if new_text != text:
            model.controller.set_text(cue_id, new_text, mergeable=False)
        self._match = (cue_id, found.start(), found.start() + len(replacement))
        self.find_next()
        return True

    def replace_all(self) -> int:
        """Replace every match in every cue as one undo step; returns the number replaced."""
        model, pattern = self._model(), self.pattern()
        if model is None or pattern is None:
            return 0
        changes: list[tuple[int, str]] = []
        total = 0
        try:
            for cue in model.document.cues:
                count = 0

                def replace(found: re.Match[str], text: str = cue.text) -> str:
                    nonlocal count
                    if overlaps_a_tag(text, *found.span()):
                        return found.group(0)  # a styling tag is not the cue's words
                    count += 1
                    return self._replacement(found)

                new_text = pattern.sub(replace, cue.text)
                if count and new_text != cue.text:
                    changes.append((cue.id, new_text))
                    total += count
        except (re.error, IndexError) as error:
            self._say(self.tr("Cannot use that replacement: %s") % error)
            return 0
        if not changes:
            self._say(self.tr("Not found: %s") % self.find_edit.text())
            return 0
        with model.controller.macro(self.tr("Replace all “%s”") % self.find_edit.text()):
            for cue_id, new_text in changes:
                model.controller.set_text(cue_id, new_text, mergeable=False)
        self._match = None
        self._say(self.tr("Replaced %d in %d cues") % (total, len(changes)))
        return total

    # ------------------------------------------------------------------ internals

    def _model(self) -> CueTableModel | None:
        model = self._view.model()
        if not isinstance(model, CueTableModel):
            self._say(self.tr("No subtitles to search"))
            return None
        return model

    def _replacement(self, found: re.Match[str]) -> str:
        text = self.replace_edit.text()
        return found.expand(text) if self.regex_box.isChecked() else text

    def _current_match(
        self, model: CueTableModel, pattern: re.Pattern[str]
    ) -> tuple[int, re.Match[str]] | None:
        """The last match, when it is still the text there and its cue is still the current one."""
        if self._match is None:
            return None
        cue_id, start, end = self._match
        row = self._view.currentIndex().row()
        if row < 0 or row >= model.rowCount() or model.cue_id_at(row) != cue_id:
            return None
        found = pattern.match(model.document.get(cue_id).text, start)
        return (cue_id, found) if found is not None and found.end() == end else None

    def _find(self, forward: bool) -> bool:
        model, pattern = self._model(), self.pattern()
        if model is None or pattern is None:
            return False
        cues = model.document.cues
        if not cues:
            self._say(self.tr("Not found: %s") % self.find_edit.text())
            return False
        row = self._view.currentIndex().row()
        row = row if 0 <= row < len(cues) else (0 if forward else len(cues) - 1)
        offset: int | None = None  # where in the starting cue to go on from; None: the whole cue
        if self._match is not None and self._match[0] == cues[row].id:
            offset = self._match[2] if forward else self._match[1]
        order = (
            list(range(row, len(cues))) + list(range(row))
            if forward
            else list(range(row, -1, -1)) + list(range(len(cues) - 1, row, -1))
        )
        order.append(row)  # the starting cue again, its part before (after) the offset
        for step, r in enumerate(order):
            wrapped = (r < row if forward else r > row) or step == len(order) - 1
            if wrapped and not self.wrap_box.isChecked():
                break
            text = cues[r].text
            spans = [
                m.span()
                for m in pattern.finditer(text)
                if m.end() > m.start() and not overlaps_a_tag(text, *m.span())
            ]
            if step == 0 and offset is not None:
                spans = [s for s in spans if (s[0] >= offset if forward else s[1] <= offset)]
            elif step == len(order) - 1 and offset is not None:
                spans = [s for s in spans if (s[0] < offset if forward else s[1] > offset)]
            elif step == len(order) - 1:
                continue
            if spans:
                start, end = spans[0] if forward else spans[-1]
                self._show(model, cues[r].id, start, end, wrapped)
                return True
        self._match = None
        self._say(self.tr("Not found: %s") % self.find_edit.text())
        return False

    def _show(self, model: CueTableModel, cue_id: int, start: int, end: int, wrapped: bool) -> None:
        self._match = (cue_id, start, end)
        index = model.index(model.row_of(cue_id), TEXT)
        flags = QItemSelectionModel.SelectionFlag
        self._view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self._view.scrollTo(index)
        text = model.document.get(cue_id).text.replace("\n", " / ")
        note = self.tr(" (wrapped around)") if wrapped else ""
        self._say(
            self.tr("Cue %d: …%s[%s]%s…%s")
            % (
                model.row_of(cue_id) + 1,
                text[max(0, start - 20) : start],
                text[start:end],
                text[end : end + 20],
                note,
            )
        )

    def _say(self, text: str) -> None:
        self.status_label.setText(text)
        self.message.emit(text)

    def _on_options_changed(self, *_: object) -> None:
        self._match = None
        self.status_label.clear()
        has_text = bool(self.find_edit.text())
        for button in (self.next_button, self.previous_button, self.replace_button, self.replace_all_button):
            button.setEnabled(has_text)
