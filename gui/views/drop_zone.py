"""What an empty window shows: where to drop files, and an Open button.

A newcomer's first sight used to be an empty file list over a black video box and a blank cue
grid, with nothing saying where to start. Until the first file is queued the window shows this
page instead (gui.main_window switches back to it when the last row is removed).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

__all__ = ["DropZone"]


class DropZone(QFrame):
    """A framed page: "Drop video, audio or subtitle files here", and Open and Import buttons."""

    files_dropped = Signal(list)  # list[Path], local files only, in the order dropped
    open_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self.tr("Drop video or audio files here to transcribe them"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title.setFont(font)
        self.hint = QLabel(
            self.tr(
                "Subtitles (.srt, .ass, .vtt …) can be dropped too, to edit and re-time them;"
                " a saved project (.wfsproj) opens as it was left."
            )
        )
        self.hint.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open files…"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_requested)
        self.import_button = QPushButton(self.tr("Import subtitles…"))
        self.import_button.clicked.connect(self.import_requested)
        # One column at most 560 px wide, centred by stretches: a word-wrapped label given an
        # alignment in a box layout gets its one-line size hint's width and the height of one
        # line (Qt does not ask heightForWidth then), which cut the hint to a sliver.
        column = QVBoxLayout()
        for widget in (self.title, self.hint):
            column.addWidget(widget)
        for button in (self.open_button, self.import_button):
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        for label in (self.title, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder, 100)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accepted as a copy: accepting a move would let a file manager delete the source."""
        if event.mimeData().hasUrls() and event.possibleActions() & Qt.DropAction.CopyAction:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.files_dropped.emit([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
