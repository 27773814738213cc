"""The cue table a command acts on: its model, its selection by cue id, and its open cell editor.

:class:`CueTableBinding` is the Qt plumbing under :class:`gui.editor_actions.EditorActions`:
it follows the view's model and selection model as they are swapped (``setModel`` makes a new
selection model), names the chosen cues by id in table order, puts the selection back on cues
after an edit, and commits an open cell editor so typing there becomes its own undo step first.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
)

from gui.models.cue_model import TEXT, CueTableModel
from gui.rich_text import tagged_position


class CueTableBinding(QObject):
    """A table view's cue model and selection, followed across model swaps; call :meth:`_bind`
    once the subclass's actions exist, and override :meth:`update_actions`."""

    def __init__(self, view: QTableView, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else view)
        self._view = view
        self._selection_model: QItemSelectionModel | None = None
        self._model: CueTableModel | None = None

    def _bind(self) -> None:
        self._view.installEventFilter(self)
        self._rebind()

    def update_actions(self, *_: object) -> None:
        """Called whenever the model, its rows or the selection change."""

    @property
    def model(self) -> CueTableModel | None:
        model = self._view.model()
        return model if isinstance(model, CueTableModel) else None

    def selected_ids(self) -> list[int]:
        """Ids of the rows with a selected cell, in table order."""
        model, selection = self.model, self._view.selectionModel()
        if model is None or selection is None:
            return []
        rows = sorted({index.row() for index in selection.selectedIndexes()})
        return [model.cue_id_at(row) for row in rows if row < model.rowCount()]

    def anchor_id(self) -> int | None:
        """The cue a one-cue command acts on: the current row when selected, else the first selected."""
        model, ids = self.model, self.selected_ids()
        if model is None or not ids:
            return None
        row = self._view.currentIndex().row()
        if 0 <= row < model.rowCount() and model.cue_id_at(row) in ids:
            return model.cue_id_at(row)
        return ids[0]

    def select_ids(self, ids: Iterable[int], current: int | None = None) -> None:
        """Select the rows of these cues (missing ones skipped) and make ``current`` the current row."""
        model, selection_model = self.model, self._view.selectionModel()
        if model is None or selection_model is None:
            return
        present = {c.id for c in model.document.cues}
        rows = sorted({model.row_of(i) for i in ids if i in present})
        selection = QItemSelection()
        for row in rows:
            selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag
        selection_model.select(selection, flags.ClearAndSelect)
        if current is None and rows:
            current = model.cue_id_at(rows[0])
        if current is not None and rows:
            column = max(self._view.currentIndex().column(), 0)
            index = model.index(model.row_of(current), column)
            selection_model.setCurrentIndex(index, flags.NoUpdate)
            self._view.scrollTo(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # setModel() gives the view a new selection model (a child of the view): rebind to it
        # once it is in place.
        if watched is self._view and event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self, self._rebind)
        return False

    def _rebind(self) -> None:
        selection_model, model = self._view.selectionModel(), self.model
        if selection_model is not self._selection_model:
            if self._selection_model is not None:
                try:
                    self._selection_model.selectionChanged.disconnect(self.update_actions)
                    self._selection_model.currentChanged.disconnect(self.update_actions)
                except (RuntimeError, TypeError):  # already gone with its model
                    pass
            self._selection_model = selection_model
            if selection_model is not None:
                selection_model.selectionChanged.connect(self.update_actions)
                selection_model.currentChanged.connect(self.update_actions)
        if model is not self._model:
            if self._model is not None:
                try:
                    for signal in self._model_signals(self._model):
                        signal.disconnect(self.update_actions)
                except (RuntimeError, TypeError):
                    pass
            self._model = model
            if model is not None:
                for signal in self._model_signals(model):
                    signal.connect(self.update_actions)
        self.update_actions()

    @staticmethod
    def _model_signals(model: CueTableModel) -> list:  # type: ignore[type-arg]
        return [model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged]

    def _need_model(self) -> CueTableModel:
        model = self.model
        if model is None:
            raise ValueError(self.tr("No subtitles to edit"))
        return model

    def _need_anchor(self, refusal: str) -> int:
        """The anchor cue; ValueError(``refusal``, already in words) when there is none."""
        cue_id = self.anchor_id()
        if cue_id is None:
            raise ValueError(refusal)
        return cue_id

    def _close_editor(self) -> tuple[int | None, int | None]:
        """Commit and close an open cell editor; (its cue id, the text cursor as a position in the
        cue's tagged text) for a Text cell."""
        view, model = self._view, self.model
        if view.state() != QAbstractItemView.State.EditingState or model is None:
            return None, None
        editor: QWidget | None = QApplication.focusWidget()
        if editor is None or not view.isAncestorOf(editor):
            candidates = [
                w
                for w in view.viewport().findChildren(QWidget)
                if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit)) and w.isVisible()
            ]
            editor = candidates[0] if len(candidates) == 1 else None
        if editor is None:
            return None, None
        while (parent := editor.parentWidget()) is not None and parent is not view.viewport():
            editor = parent  # the delegate's editor itself, not a child of it
        index = view.indexAt(editor.geometry().center())
        if not index.isValid():
            index = view.currentIndex()
        position: int | None = None
        if isinstance(editor, QLineEdit):
            text, position = editor.text(), editor.cursorPosition()
        elif isinstance(editor, (QTextEdit, QPlainTextEdit)):
            text, position = editor.toPlainText(), editor.textCursor().position()
        if position is not None:
            position -= text[:position].count("\r\n")  # the document folds CRLF
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if not index.isValid() or index.row() >= model.rowCount():
            return None, None
        cue_id = model.cue_id_at(index.row())
        if position is None or index.column() != TEXT:
            return cue_id, None
        # The editor shows styles, not tags: its cursor counts the text the user sees.
        return cue_id, tagged_position(model.document.get(cue_id).text, position)
