"""The text box under the cue table: the selected cue's text in a multi-line editor, as in
Subtitle Edit (issue 15, point 4).

It shows the styles, not the tags (gui.rich_text), and commits on focus-out or Ctrl+Return:
each commit is one undo step through the cue model's EditController (the single edit path), so
an undo takes back one committed change, not a keystroke. While typing, the counters beside it
count as the preset counts (engine.subtitles.presets.line_lengths for each line,
engine.subtitles.quality.cps for the reading speed: styling tags and line breaks not counted),
red when over the preset's limits. With several cues selected it is read-only and says so.
Words Whisper was unsure of (gui.confidence) are underlined as in the table.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from engine.subtitles.cue import Cue
from engine.subtitles.document import CueNotFoundError
from engine.subtitles.presets import counts_full_width_twice, line_lengths
from engine.subtitles.quality import cps
from gui.confidence import unsure_spans
from gui.models.cue_model import CueTableModel
from gui.rich_text import load_markup, markup_of, tagged_position
from gui.views.cue_delegate import unsure_format

__all__ = ["CueTextBox"]

_RED = "#c62828"


def _is_commit_key(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
        event.modifiers() & Qt.KeyboardModifier.ControlModifier
    )


def _cue(model: CueTableModel | None, cue_id: int | None) -> Cue | None:
    if model is None or cue_id is None:
        return None
    try:
        return model.document.get(cue_id)
    except CueNotFoundError:
        return None


class _TextEdit(QPlainTextEdit):
    """A plain-text editor that asks for a commit on focus-out and on Ctrl+Return."""

    commit_requested = Signal()
    composing = Signal()  # an input method's composition began (Chinese, Japanese: not text yet)

    def event(self, event: QEvent) -> bool:
        # Ctrl+Return is the table's "Split at cursor" shortcut elsewhere; here it commits.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _is_commit_key(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if event.preeditString():  # the cue must stay while the user composes
            self.composing.emit()
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_commit_key(event):
            self.commit_requested.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit_requested.emit()


class CueTextBox(QWidget):
    """The text of the cues shown (:meth:`show_cues`), editable when there is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = _TextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(self.tr("Select a cue to edit its text here."))
        self.editor.setMaximumHeight(6 * self.editor.fontMetrics().lineSpacing())
        # Two lines at least, and no more when the editor is small: the table above keeps its
        # rows first (gui.views.cue_table.MIN_ROWS).
        chrome = 2 * (self.editor.frameWidth() + int(self.editor.document().documentMargin()))
        self.editor.setMinimumHeight(2 * self.editor.fontMetrics().lineSpacing() + chrome)
        self.note = QLabel()  # why the box is read-only, when it is
        self.note.setWordWrap(True)
        self.lines_label = QLabel()
        self.cps_label = QLabel()
        for label in (self.lines_label, self.cps_label):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setProperty("over", False)
        counters = QVBoxLayout()
        counters.addWidget(self.lines_label)
        counters.addWidget(self.cps_label)
        counters.addWidget(self.note)
        counters.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addLayout(counters)
        self._model: CueTableModel | None = None
        self._cue_id: int | None = None  # the one cue shown and editable; None: none or several
        self._loaded = ""  # the cue text last put in the box
        self._held: int | None = None  # the cue held for typing (see _on_typed)
        self.editor.commit_requested.connect(self.commit)
        self.editor.textChanged.connect(self._update_counters)
        self.editor.textChanged.connect(self._on_typed)  # loading blocks signals: only typing
        self.editor.composing.connect(lambda: self._hold_shown())
        self.show_cues([])

    # ------------------------------------------------------------------ what is shown

    @property
    def cue_id(self) -> int | None:
        """The cue whose text the box edits; None when it shows none or several."""
        return self._cue_id

    def set_model(self, model: CueTableModel | None) -> None:
        """Edit ``model``'s cues; shows none until :meth:`show_cues`."""
        self._release()
        if self._model is not None:
            try:
                self._model.dataChanged.disconnect(self._on_model_data_changed)
                self._model.modelReset.disconnect(self._on_model_reset)
            except (RuntimeError, TypeError):  # the old model is gone already
                pass
        self._model = model
        self._cue_id = None
        if model is not None:
            model.dataChanged.connect(self._on_model_data_changed)
            model.modelReset.connect(self._on_model_reset)
        self.show_cues([])

    def show_cues(self, ids: list[int]) -> None:
        """Show the selected cues: one is edited here (what was typed for the previous one is
        committed first); several are shown read-only, with a note that says so."""
        if self._cue_id is not None and ids != [self._cue_id]:
            self.commit()
            self._release()
        model = self._model
        cues = [c for c in (_cue(model, i) for i in ids) if c is not None]
        if len(cues) == 1:
            if self._cue_id != cues[0].id or not self.editor.document().isModified():
                self._cue_id = cues[0].id
                self._load(cues[0].text)
            self.editor.setReadOnly(False)
            self.note.setText("")
        else:
            self._cue_id = None
            self._load("")
            self.editor.setReadOnly(True)
            self.note.setText(
                self.tr("{0} cues selected: select one cue to edit its text.").format(len(cues))
                if cues
                else ""
            )
        self._update_counters()

    def commit(self) -> bool:
        """Hand what was typed to the controller as one undo step; False when it refused (the
        refusal is reported on its signal and the typed text stays in the box)."""
        model, cue_id, doc = self._model, self._cue_id, self.editor.document()
        if model is None or cue_id is None or not doc.isModified():
            return True
        if _cue(model, cue_id) is None:
            return False  # deleted meanwhile: nothing to commit to
        try:
            if not model.controller.set_text(cue_id, markup_of(doc), mergeable=False):
                return False
        except RuntimeError:  # the file's model was closed under the box (focus-out at close)
            return False
        self._load(model.document.get(cue_id).text, keep_cursor=True)
        return True

    def commit_for_command(self) -> tuple[int, int] | None:
        """Before a command acts on the cue shown (split at the cursor, say): commit what was
        typed and give (the cue's id, the text cursor as a position in its tagged text, as
        Document.split takes it); None when the box edits no cue or the commit was refused."""
        cue_id = self._cue_id
        if cue_id is None or not self.commit():
            return None
        cue = _cue(self._model, cue_id)
        if cue is None:
            return None
        return cue_id, tagged_position(cue.text, self.editor.textCursor().position())

    def refresh(self) -> None:
        """Count and mark again (the preset or the unsure threshold changed)."""
        self._update_counters()

    def select_span(self, start: int, end: int) -> None:
        """Select characters [start, end) of the text shown and put the focus in the box."""
        cursor = self.editor.textCursor()
        cursor.setPosition(min(start, len(self.editor.toPlainText())))
        cursor.setPosition(min(end, len(self.editor.toPlainText())), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def marked_spans(self) -> list[tuple[int, int]]:
        """The spans shown as unsure words (the box's extra selections), in text order."""
        return sorted(
            (s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self.editor.extraSelections()
        )

    # ------------------------------------------------------------------ internals

    def _load(self, text: str, keep_cursor: bool = False) -> None:
        position = self.editor.textCursor().position()
        self._loaded = text
        self.editor.blockSignals(True)  # no textChanged: loading is not typing
        load_markup(self.editor.document(), text)
        self.editor.blockSignals(False)
        if keep_cursor:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(position, len(self.editor.toPlainText())))
            self.editor.setTextCursor(cursor)
        self._update_counters()

    def _shown_cue(self) -> Cue | None:
        return _cue(self._model, self._cue_id)

    def _on_model_data_changed(self, *_: object) -> None:
        # Undo, redo, a streamed update or an edit elsewhere: show the cue as it is now, unless
        # the user is typing in it (that text is committed, or refused, as it stands).
        cue = self._shown_cue()
        if cue is None:
            if self._cue_id is not None:  # deleted: the selection moves on and tells us
                self._cue_id = None
                self.show_cues([])
            return
        if not self.editor.document().isModified() and cue.text != self._loaded:
            self._load(cue.text, keep_cursor=True)
        else:
            self._update_counters()

    def _on_typed(self) -> None:
        # The live cues keep the cue being typed in (or composed in, with an input method) from
        # then on, as an edit: CueTableModel.begin_editing, LiveCues.hold.
        if self.editor.document().isModified():
            self._hold_shown()

    def _hold_shown(self) -> None:
        if self._model is not None and self._cue_id is not None and self._held != self._cue_id:
            self._release()
            self._held = self._cue_id
            self._model.begin_editing(self._cue_id)

    def _release(self) -> None:
        self._held = None  # the next cue shown is held afresh when typed in

    def _on_model_reset(self, *_: object) -> None:
        self._cue_id = None
        self.show_cues([])

    def _update_counters(self) -> None:
        model, cue = self._model, self._shown_cue()
        if model is None or cue is None:
            for label in (self.lines_label, self.cps_label):
                label.setText("")
                label.setProperty("over", False)
            self.editor.setExtraSelections([])
            return
        preset, doc = model.preset, self.editor.document()
        typed = dataclasses.replace(cue, text=markup_of(doc)) if doc.isModified() else cue
        lengths = line_lengths(self.editor.toPlainText(), preset)
        limit = preset.max_chars_per_line
        too_many = len(lengths) > preset.max_lines
        shown = " / ".join(
            f'<span style="color:{_RED}">{n:g}</span>' if n > limit else f"{n:g}" for n in lengths
        )
        if too_many:
            shown = f'<span style="color:{_RED}">{shown}</span>'
        wide = ""
        if counts_full_width_twice(self.editor.toPlainText(), preset):  # a Chinese line, English preset
            wide = self.tr(" (full-width characters count two)")
        self.lines_label.setText(self.tr("Characters per line: {0} (limit {1})").format(shown, limit) + wide)
        self.lines_label.setProperty("over", too_many or max(lengths) > limit)
        speed = cps(typed, preset)
        over = speed > preset.max_cps + 1e-9
        figure = f'<span style="color:{_RED}">{speed:.1f}</span>' if over else f"{speed:.1f}"
        self.cps_label.setText(
            self.tr("Reading speed: {0} characters/s (limit {1})").format(figure, f"{preset.max_cps:g}")
            + wide
        )
        self.cps_label.setProperty("over", over)
        self._mark_unsure(typed)

    def _mark_unsure(self, cue: Cue) -> None:
        model = self._model
        below = model.unsure_threshold if model is not None else 0.0
        marks = []
        for start, end in unsure_spans(cue.text, cue.words, below):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.editor.document())
            selection.cursor.setPosition(start)
            selection.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.format = unsure_format()
            marks.append(selection)
        self.editor.setExtraSelections(marks)
