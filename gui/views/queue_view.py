"""The file queue table: progress bars, cancel/remove, and files dropped from outside.

The view holds no engine logic: it only turns user gestures into ``cancel_requested``,
``remove_requested``, ``audio_stream_requested`` and ``files_dropped``; the window decides what
they mean.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.models.queue_model import (
    AUDIO_STREAMS_ROLE,
    PROGRESS_ROLE,
    STATUS_ROLE,
    Column,
    Status,
    describe_stream,
)

log = logging.getLogger(__name__)

MIN_VISIBLE_ROWS = 4  # the file list never shows fewer (minimumSizeHint)
MEDIA_EXTENSIONS = frozenset(
    ".wav .flac .mp3 .m4a .aac .ogg .opus .wma .mp4 .mkv .mov .avi .webm .m4v .ts .mts".split()
)

_DIGITS = re.compile(r"(\d+)")


def is_media_file(path: Path) -> bool:
    return path.suffix.lower() in MEDIA_EXTENSIONS


def _natural_key(path: Path) -> tuple[tuple[tuple[int, str | int], ...], ...]:
    """Case-insensitive, numbers by value: "Episode 2" sorts before "Episode 10"."""
    return tuple(
        tuple(
            (1, int(piece)) if piece.isdecimal() else (0, piece)
            for piece in _DIGITS.split(part.casefold())
            if piece
        )
        for part in path.parts
    )


def media_files(paths: Iterable[Path]) -> list[Path]:
    """The media files among ``paths`` in the order given, each folder expanded in place to its
    media files (recursively, naturally sorted: "Episode 2" before "Episode 10"); duplicates and
    other files are dropped.

    Hidden files and folders inside an expanded folder are skipped (mostly junk such as macOS
    "._name.mp4" resource forks that would only fail); symlinked folders are not followed, so a
    link loop cannot hang the drop.
    """
    found: dict[str, Path] = {}

    def keep(path: Path) -> None:
        if is_media_file(path):
            found.setdefault(os.path.normcase(os.path.abspath(path)), path)

    for path in paths:
        if path.is_dir():
            inside: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                inside += (Path(root) / name for name in files if not name.startswith("."))
            for file in sorted(inside, key=_natural_key):
                keep(file)
        elif path.is_file():
            keep(path)
    return list(found.values())


class ProgressDelegate(QStyledItemDelegate):
    """Draws the Progress column as the platform's progress bar (value from ``PROGRESS_ROLE``)."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = index.data(PROGRESS_ROLE)
        if not isinstance(value, float):
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The cell background first, so selection and alternating colours stay under the bar.
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)

        bar = QStyleOptionProgressBar()
        if widget is not None:
            bar.initFrom(widget)
        bar.rect = option.rect.adjusted(3, 3, -3, -3)
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(min(max(value, 0.0), 1.0) * 1000)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = bool(bar.text)
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class QueueView(QTableView):
    """The queue table of ``QueueModel`` (or any model with the same columns and roles).

    Cancel and Remove are actions on the selected rows, offered in a context menu and, for
    Remove, on the Delete (or Backspace) key. Buttons painted in every row were the other
    choice; actions were picked because they work on many rows at once, are reachable from the
    keyboard, can be reused in a toolbar (``cancel_action``, ``remove_action``), and are tested
    with real key and mouse events rather than pixel positions inside a painted cell. Rows in the
    signals are the model's rows, sorted ascending.
    """

    cancel_requested = Signal(int)  # row of a queued or running file
    remove_requested = Signal(list)  # list[int], rows to drop from the queue
    audio_stream_requested = Signal(int, int)  # row, 1-based audio stream to transcribe instead
    files_dropped = Signal(list)  # list[Path], media files dropped from outside, folders expanded

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # file names differ at the end
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self._progress_delegate = ProgressDelegate(self)
        self.setItemDelegateForColumn(Column.PROGRESS, self._progress_delegate)

        self.cancel_action = QAction(self.tr("Cancel"), self)
        self.cancel_action.setToolTip(self.tr("Stop transcribing the selected files"))
        self.cancel_action.triggered.connect(self._on_cancel_action_triggered)
        self.remove_action = QAction(self.tr("Remove"), self)
        self.remove_action.setToolTip(self.tr("Remove the selected files from the queue"))
        # Shown in the menu; the key itself is handled in keyPressEvent so it works without an
        # active window. WidgetShortcut: put in a toolbar, Delete must not remove files while
        # the user edits a cue elsewhere in the window.
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.setShortcutVisibleInContextMenu(True)
        self.remove_action.triggered.connect(self._on_remove_action_triggered)
        self._update_actions()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Tall enough for the header and MIN_VISIBLE_ROWS rows: a list that shows one file at a
        time hides that there are others (the window's splitter cannot squeeze it below this)."""
        hint = super().minimumSizeHint()
        rows = MIN_VISIBLE_ROWS * self.verticalHeader().defaultSectionSize()
        frame = 2 * self.frameWidth()
        height = self.horizontalHeader().sizeHint().height() + rows + frame
        if self.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            height += self.horizontalScrollBar().sizeHint().height()
        return QSize(hint.width(), max(hint.height(), height))

    # ------------------------------------------------------------ model and selection

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            for signal in (old.dataChanged, old.rowsRemoved, old.modelReset):
                try:
                    signal.disconnect(self._on_model_changed)
                except (RuntimeError, TypeError):
                    pass
        super().setModel(model)
        if model is None:
            self._update_actions()
            return
        model.dataChanged.connect(self._on_model_changed)
        model.rowsRemoved.connect(self._on_model_changed)
        model.modelReset.connect(self._on_model_changed)
        self.selectionModel().selectionChanged.connect(self._on_selection_changed)
        header = self.horizontalHeader()
        if model.columnCount() == len(Column):
            header.setSectionResizeMode(Column.FILE, QHeaderView.ResizeMode.Stretch)
            for column, width in (
                (Column.DURATION, 80),
                (Column.STATUS, 330),  # room for "Done (12 cues) — not transcribed: 0:01:02–0:01:30"
                (Column.PROGRESS, 120),
                (Column.SPEED, 70),
                (Column.ETA, 70),
            ):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(column, width)
        self._update_actions()

    def selected_rows(self) -> list[int]:
        selection = self.selectionModel()
        if selection is None:
            return []
        return sorted(index.row() for index in selection.selectedRows())

    def _cancellable_rows(self) -> list[int]:
        model = self.model()
        return [
            row
            for row in self.selected_rows()
            if isinstance(status := model.index(row, Column.STATUS).data(STATUS_ROLE), Status)
            and status.is_active
        ]

    def _update_actions(self) -> None:
        self.remove_action.setEnabled(bool(self.selected_rows()))
        self.cancel_action.setEnabled(bool(self._cancellable_rows()))

    def _on_selection_changed(self, *_: object) -> None:
        self._update_actions()

    def _on_model_changed(self, *_: object) -> None:
        self._update_actions()

    # ------------------------------------------------------------ cancel and remove

    def _on_cancel_action_triggered(self) -> None:
        for row in self._cancellable_rows():
            self.cancel_requested.emit(row)

    def _on_remove_action_triggered(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.remove_requested.emit(rows)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        is_delete = event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace
        if is_delete and self.selected_rows():
            self._on_remove_action_triggered()
            event.accept()
            return
        super().keyPressEvent(event)

    def context_menu(self) -> QMenu:
        """The menu for the current selection (public so the window can extend it)."""
        self._update_actions()
        menu = QMenu(self)
        menu.addAction(self.cancel_action)
        menu.addAction(self.remove_action)
        streams = self._audio_stream_menu(menu)
        if streams is not None:
            menu.addSeparator()
            menu.addMenu(streams)
        return menu

    def _audio_stream_menu(self, parent: QMenu) -> QMenu | None:
        """The "Audio stream ▸" menu of one selected file with several streams: each stream, the one in
        use checked; picking another asks for the file to be transcribed again with it."""
        rows = self.selected_rows()
        if len(rows) != 1 or self.model() is None:
            return None
        known = self.model().index(rows[0], Column.FILE).data(AUDIO_STREAMS_ROLE)
        if not known:
            return None
        streams, used = known
        menu = QMenu(self.tr("Audio stream"), parent)
        menu.setToolTipsVisible(True)
        for stream in streams:
            action = menu.addAction(describe_stream(stream))
            action.setCheckable(True)
            action.setChecked(stream.number == used)
            action.setToolTip(
                self.tr("Transcribe this file again from this audio stream ({0}, {1})").format(
                    stream.layout or "?", stream.codec or "?"
                )
            )
            action.triggered.connect(
                lambda _=False, row=rows[0], number=stream.number: self.audio_stream_requested.emit(
                    row, number
                )
            )
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if not self.selected_rows():
            return
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    # ------------------------------------------------------------ drops from outside

    @staticmethod
    def _accept_as_copy(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        """Accept local files as a copy (or link), never a move: after an accepted move some
        file managers delete the source. A drag offering only a move is refused."""
        mime = event.mimeData()
        if not (mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())):
            event.ignore()
            return False
        for action in (Qt.DropAction.CopyAction, Qt.DropAction.LinkAction):
            if event.possibleActions() & action:
                event.setDropAction(action)
                event.accept()
                return True
        event.ignore()
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept_as_copy(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_as_copy(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accept_as_copy(event):
            return
        dropped = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        files = media_files(dropped)
        if files:
            self.files_dropped.emit(files)
        else:
            log.info("no media files in the drop: %s", ", ".join(map(str, dropped)))

    # ------------------------------------------------------------ empty state

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(
            self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Drop media files or folders here")
        )
        painter.end()
