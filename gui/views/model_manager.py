"""The model manager: which Whisper models are here, their size; download (with a Cancel that really
stops), delete, add a folder or a Hugging Face id, and pick one.

A download runs in a spawned process (engine.model_store.download_main, gui.views.model_jobs) that
inherits this process's environment (HF_ENDPOINT, HF_HUB_CACHE, ...); a QTimer drains its pipe, so
the window never blocks and no thread is involved. Cancel terminates the process. A transformers
fine-tune is converted once afterwards by a second process (convert_main). Running that process
and showing its progress is gui.views.model_runner's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import model_store
from engine.model_store import (
    ModelEntry,
    check_ct2_folder,
    delete_model,
    list_models,
)
from engine.models import ModelError
from gui.i18n import QT_TRANSLATE_NOOP
from gui.views.model_jobs import (
    ModelJob,
    format_size,
    state_shown,
)
from gui.views.model_runner import JobRunner

log = logging.getLogger(__name__)

# Column titles, translated when shown (context "ModelManagerDialog").
COLUMNS = (
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Model"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "State"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Size"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Location"),
)


class ModelManagerDialog(QDialog):
    """Lists the models with state and size; downloads, cancels, deletes, adds, and picks one."""

    model_chosen = Signal(str)
    folders_changed = Signal()  # extra_folders() or extra_repos() changed: the caller may persist them

    def __init__(
        self,
        parent: QWidget | None = None,
        extra_folders: Sequence[str] = (),
        extra_repos: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self.resize(760, 420)
        self._folders = list(extra_folders)
        self._repos = list(extra_repos)
        self._entries: list[ModelEntry] = []
        self.jobs = JobRunner(self)  # the download or conversion running now, if any

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self.choose_selected)

        self.download_button = QPushButton(self.tr("Download"))
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_hub_button = QPushButton(self.tr("Add Hugging Face id…"))
        self.use_button = QPushButton(self.tr("Use this model"))
        self.close_button = QPushButton(self.tr("Close"))
        self.use_button.setDefault(True)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.add_folder_button.clicked.connect(self._on_add_folder_clicked)
        self.add_hub_button.clicked.connect(self._on_add_hub_clicked)
        self.use_button.clicked.connect(self.choose_selected)
        self.close_button.clicked.connect(self.reject)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for button in (
            self.download_button,
            self.cancel_button,
            self.delete_button,
            self.add_folder_button,
            self.add_hub_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    @property
    def _job(self) -> ModelJob | None:
        """The download or conversion running now (JobRunner.job)."""
        return self.jobs.job

    # -- what is shown --------------------------------------------------------------------------------

    def extra_folders(self) -> list[str]:
        return list(self._folders)

    def extra_repos(self) -> list[str]:
        return list(self._repos)

    def entries(self) -> list[ModelEntry]:
        return list(self._entries)

    def refresh(self) -> None:
        """Read the disk again and redraw, keeping the selected model selected."""
        current = self.selected_entry()
        self._entries = list_models(self._folders, self._repos)
        self.table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            cells = (
                entry.name,
                self.tr(state_shown(entry, self._job)),
                format_size(entry.size_bytes),
                entry.path or entry.repo_id or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if current is not None:
            self.select(current.spec)
        self._update_buttons()

    def row_of(self, spec: str) -> int:
        return next((r for r, e in enumerate(self._entries) if spec in (e.spec, e.name, e.repo_id)), -1)

    def select(self, spec: str) -> None:
        row = self.row_of(spec)
        if row >= 0:
            self.table.selectRow(row)

    def selected_entry(self) -> ModelEntry | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._entries):
            return None
        return self._entries[rows[0].row()]

    def state_of(self, spec: str) -> str:
        item = self.table.item(self.row_of(spec), 1) if self.row_of(spec) >= 0 else None
        return item.text() if item is not None else ""

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        busy = self._job is not None
        self.download_button.setEnabled(
            not busy and entry is not None and entry.repo_id is not None and entry.state == "not downloaded"
        )
        self.delete_button.setEnabled(not busy and entry is not None and entry.deletable)
        self.use_button.setEnabled(entry is not None and entry.state != "not downloaded")
        self.cancel_button.setEnabled(busy)
        self.add_hub_button.setEnabled(not busy)

    # -- actions --------------------------------------------------------------------------------------

    def choose_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.state == "not downloaded":
            return
        self.model_chosen.emit(entry.spec)
        self.accept()

    def start_download(self, name: str, repo_id: str) -> None:
        """Fetch ``repo_id`` in a spawned process; progress and the result arrive through the timer."""
        if self._job is not None:
            return
        self.jobs.start(name, repo_id, "download", model_store.download_main, (repo_id,))
        self.status.setText(self.tr("Downloading {0}…").format(name))

    def cancel_download(self) -> None:
        """Stop the running download now: the process is terminated, its partial file removed."""
        self.jobs.cancel()

    def delete_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        question = self.tr("Delete {0} ({1}) from this computer?").format(
            entry.name, format_size(entry.size_bytes)
        )
        if not self._confirm(self.tr("Delete model"), question):
            return
        try:
            delete_model(entry)
        except (ModelError, OSError) as error:
            self.status.setText(str(error))
        else:
            self.status.setText(self.tr("Deleted {0}.").format(entry.name))
        self.refresh()

    def add_folder(self, path: str) -> bool:
        try:
            folder = str(check_ct2_folder(path))
        except ModelError as error:
            self.status.setText(str(error))
            return False
        if folder not in self._folders:
            self._folders.append(folder)
            self.folders_changed.emit()
        self.status.setText(self.tr("Added {0}.").format(folder))
        self.refresh()
        self.select(folder)
        return True

    def add_hub_id(self, repo_id: str) -> None:
        """Add a Hugging Face repository and download it (converting a transformers fine-tune once)."""
        repo_id = repo_id.strip().strip("/")
        if repo_id.count("/") != 1 or " " in repo_id:
            self.status.setText(
                self.tr("A Hugging Face id looks like owner/name, e.g. Systran/faster-whisper-small.")
            )
            return
        if repo_id not in self._repos:
            self._repos.append(repo_id)
            self.folders_changed.emit()
        self.refresh()
        self.select(repo_id)
        entry = self._entries[self.row_of(repo_id)] if self.row_of(repo_id) >= 0 else None
        if entry is not None and entry.state == "not downloaded" and entry.repo_id is not None:
            self.start_download(entry.name, entry.repo_id)

    # -- dialogs, separate so tests can answer them -----------------------------------------------------

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("A CTranslate2 Whisper model folder"))

    def _ask_hub_id(self) -> str:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Hugging Face model"),
            self.tr("Repository id (a CTranslate2 model, or a transformers Whisper fine-tune to convert):"),
        )
        return text if ok else ""

    def _on_download_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.repo_id is not None:
            self.start_download(entry.name, entry.repo_id)

    def _on_delete_clicked(self) -> None:
        self.delete_selected()

    def _on_add_folder_clicked(self) -> None:
        path = self._ask_folder()
        if path:
            self.add_folder(path)

    def _on_add_hub_clicked(self) -> None:
        repo_id = self._ask_hub_id()
        if repo_id:
            self.add_hub_id(repo_id)

    def done(self, result: int) -> None:
        """Closing the window stops a running download rather than leaving an orphan process."""
        self.cancel_download()
        super().done(result)
