"""The cue table view: it never moves under the user while cues stream in (issue 15, point 1).

Rows inserted or removed by a streamed update (CueTableModel.apply_streamed) shift every row
below them. Before each such change the view remembers one *anchor* cue and its row's top in
viewport pixels, and afterwards scrolls by the difference, so the anchor row, and every visible
row on its side of the change, stays where it was on screen. The anchor is, first that applies:

1. the row of the open cell editor (the editor follows its cue; it is neither moved nor closed);
2. the row under the mouse pointer;
3. the current row, when it is in view;
4. the top row in view.

The selection follows its cues by itself (the model's fine-grained signals, gui.models.cue_rows).

Columns, as in Subtitle Edit: #, Start, End, Duration and CPS as wide as their contents, and
Text and Translation sharing the width left, so no line however long pushes the times or the
Translation out of view (user test 6). Their text wraps in the cell; each row is as tall as its
wrapped text (CueTextDelegate.height_for_width, at most MAX_LINES lines), fitted when rows come
in or change (before the anchor is put back, so the rows in view stay still) and when the
columns' width changes.
"Follow new cues" (:attr:`CueTable.follow_action`, off by default) scrolls to the newest cue of
each streamed batch instead, for those who want to watch; never while a cell is being edited.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyleOptionViewItem, QTableView, QWidget

from engine.subtitles.document import CueNotFoundError
from gui.models.cue_columns import TEXT, TRANSLATION
from gui.models.cue_model import CueTableModel
from gui.views.cue_delegate import CueTextDelegate

__all__ = ["MIN_ROWS", "CueTable"]

MIN_ROWS = 5  # rows the table keeps in view however small the editor gets


class CueTable(QTableView):
    """A table of cues (one row each) that keeps the rows the user looks at still on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        # By pixel: an anchor row is put back to the exact pixel, not to the nearest row's top.
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Always there: a bar that comes and goes would change the width Text and Translation
        # share, so the rows' wrapped heights, so whether the bar is needed.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.follow_action = QAction(self.tr("Follow new cues"), self)
        self.follow_action.setObjectName("follow_action")  # its name in the saved keys (gui.shortcuts)
        self.follow_action.setCheckable(True)
        self.follow_action.setToolTip(
            self.tr("Scroll to each new cue as it is transcribed. Off: the table stays where you are.")
        )
        self._watched: CueTableModel | None = None
        self._anchor: tuple[int, int] | None = None  # (cue id, its row's top in viewport pixels)
        self._refit = QTimer(self)  # every row's height again, once the columns' widths settle
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_rows)
        self.horizontalHeader().sectionResized.connect(self._on_header_section_resized)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Tall enough for the header and MIN_ROWS one-line rows: the editor's splitter squeezes
        the text box under the table to its two lines before the table goes under this (user
        test 6 found it starved to two rows)."""
        hint = super().minimumSizeHint()
        rows = MIN_ROWS * self.verticalHeader().defaultSectionSize()
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        height += self.horizontalScrollBar().sizeHint().height()
        return QSize(hint.width(), max(hint.height(), height))

    def edit(self, index: QModelIndex, *args: object) -> bool:  # type: ignore[override]
        """Qt's edit (both overloads); an editor that opens on a cue tells the model, so that
        the live cues keep that cue while the user types (CueTableModel.begin_editing)."""
        if not args:  # the public overload: Qt calls the virtual one below, which tells the model
            super().edit(index)
            return True
        opened = bool(super().edit(index, *args))
        if opened and self.state() == QAbstractItemView.State.EditingState and self._watched is not None:
            text_editor = isinstance(self.itemDelegateForColumn(index.column()), CueTextDelegate)
            if index.isValid() and 0 <= index.row() < self._watched.rowCount() and not text_editor:
                # A time cell: held from the start (a text cell is held once typed in: the delegate)
                self._watched.begin_editing(self._watched.cue_id_at(index.row()))
        return opened

    def setModel(self, model: QAbstractItemModel | None) -> None:
        if self._watched is not None:
            try:
                for signal, slot in self._connections(self._watched):
                    signal.disconnect(slot)
            except (RuntimeError, TypeError):  # the old model is gone already
                pass
        super().setModel(model)
        # Connected after the view and its header: ours run once they have taken the change.
        self._watched = model if isinstance(model, CueTableModel) else None
        self._anchor = None
        if self._watched is not None:
            for signal, slot in self._connections(self._watched):
                signal.connect(slot)
            header = self.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(False)
            for column in (TEXT, TRANSLATION):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            self.fit_rows()

    def _connections(self, model: CueTableModel) -> list:  # type: ignore[type-arg]
        return [  # the rows' heights first: the anchor is measured after them
            (model.rowsInserted, self._on_model_rows_inserted),
            (model.dataChanged, self._on_model_data_changed),
            (model.layoutChanged, self.fit_rows),
            (model.modelReset, self.fit_rows),
            (model.rowsAboutToBeInserted, self._remember_anchor),
            (model.rowsAboutToBeRemoved, self._remember_anchor_before_removal),
            (model.layoutAboutToBeChanged, self._remember_anchor),
            (model.rowsInserted, self._restore_anchor),
            (model.rowsRemoved, self._restore_anchor),
            (model.layoutChanged, self._restore_anchor),
            (model.cues_appended, self._on_model_cues_appended),
        ]

    # ------------------------------------------------------------------ rows as tall as their text

    def fit_rows(self, first: int = 0, last: int | None = None) -> None:
        """Give rows ``first``..``last`` (all by default) the height of their wrapped text."""
        model = self._watched
        if model is None:
            return
        last = model.rowCount() - 1 if last is None else min(last, model.rowCount() - 1)
        if last < first:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        base = self.verticalHeader().defaultSectionSize()
        delegates = [
            (column, delegate, self.columnWidth(column))
            for column in (TEXT, TRANSLATION)
            if isinstance(delegate := self.itemDelegateForColumn(column), CueTextDelegate)
            and not self.isColumnHidden(column)
        ]
        for row in range(first, last + 1):
            height = base
            for column, delegate, width in delegates:
                needed = delegate.height_for_width(option, model.index(row, column), width) + 2
                height = max(height, needed)
            if self.rowHeight(row) != height:
                self.setRowHeight(row, height)

    def _on_model_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.fit_rows(first, last)

    def _on_model_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: object) -> None:
        if top_left.column() <= TRANSLATION and bottom_right.column() >= TEXT:
            self.fit_rows(top_left.row(), bottom_right.row())

    def _on_header_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column in (TEXT, TRANSLATION):
            self._refit.start()

    # ------------------------------------------------------------------ the anchor

    def anchor_row(self, leaving: range = range(0)) -> int | None:
        """The row to keep still (see the module's order), not one of the rows ``leaving``."""
        model = self._watched
        if model is None or model.rowCount() == 0:
            return None
        height = self.viewport().height()

        def in_view(row: int) -> bool:
            if row < 0 or row in leaving:
                return False
            rect = self.visualRect(model.index(row, 0))
            return rect.bottom() >= 0 and rect.top() < height

        current = self.currentIndex().row()
        if self.state() == QAbstractItemView.State.EditingState and current >= 0 and current not in leaving:
            return current
        pointer = self.viewport().mapFromGlobal(QCursor.pos())
        if self.viewport().rect().contains(pointer) and in_view(row := self.rowAt(pointer.y())):
            return row
        if in_view(current):
            return current
        top = self.rowAt(0)
        while top >= 0 and top in leaving:
            top = top + 1 if top + 1 < model.rowCount() else -1
        return top if top >= 0 else None

    def _remember_anchor_before_removal(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._remember_anchor(leaving=range(first, last + 1))  # the anchor must survive the change

    def _remember_anchor(self, *_: object, leaving: range = range(0)) -> None:
        model = self._watched
        if model is None:
            return
        row = self.anchor_row(leaving)
        if row is None:
            self._anchor = None
            return
        self._anchor = (model.cue_id_at(row), self.visualRect(model.index(row, 0)).top())

    def _restore_anchor(self, *_: object) -> None:
        model, anchor = self._watched, self._anchor
        self._anchor = None
        if model is None or anchor is None:
            return
        cue_id, top = anchor
        try:
            row = model.row_of(cue_id)
        except CueNotFoundError:
            return
        self.updateGeometries()  # the scroll range for the new row count (Qt delays it)
        moved = self.visualRect(model.index(row, 0)).top() - top
        if moved:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + moved)

    def _on_model_cues_appended(self, rows: list[int]) -> None:
        model = self._watched
        if not rows or model is None or not self.follow_action.isChecked():
            return
        if self.state() == QAbstractItemView.State.EditingState:
            return  # the user's edit wins over watching
        self.updateGeometries()  # the scroll range must reach the new rows already
        self.scrollTo(model.index(max(rows), 0), QAbstractItemView.ScrollHint.EnsureVisible)
