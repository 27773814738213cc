"""The process behind the model manager's Download, run and watched: one job at a time.

A :class:`JobRunner` starts a gui.views.model_jobs.ModelJob (a spawned download_main or
convert_main of engine.model_store), drains its pipe from a QTimer every ``POLL_MS`` (so the
dialog never blocks and no thread is involved), shows its progress in the dialog's bar and its
end in the dialog's status line; a transformers fine-tune is converted once after its download
by a second job. Cancel terminates the process and removes its partial files. Strings keep the
"ModelManagerDialog" translation context of gui.views.model_manager.ModelManagerDialog.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from engine import model_store
from engine.model_store import (
    DownloadFailed,
    DownloadFinished,
    DownloadProgress,
    converted_folder,
    remove_partial_files,
)
from gui.views.model_jobs import CONVERT_QUANTIZATION, POLL_MS, ModelJob, show_progress

if TYPE_CHECKING:
    from gui.views.model_manager import ModelManagerDialog

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls


class JobRunner:
    """The download or conversion (``job``) running for one ModelManagerDialog, if any."""

    def __init__(self, dialog: ModelManagerDialog) -> None:
        self.dialog = dialog
        self.job: ModelJob | None = None
        self._spawn = multiprocessing.get_context("spawn")
        self.timer = QTimer(dialog)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(
        self, name: str, repo_id: str, kind: str, target: Callable[..., None], args: tuple[object, ...]
    ) -> None:
        """Run ``target(*args)`` in a spawned process (engine.model_store.download_main or
        convert_main) for model ``name``; its progress and result arrive through the timer."""
        self.job = ModelJob.start(self._spawn, name, repo_id, kind, target, args)
        self.dialog.progress.setRange(0, 0)
        self.dialog.progress.setFormat(translate("ModelManagerDialog", "Starting…"))
        self.dialog.progress.show()
        self.timer.start()
        self.dialog.refresh()

    def cancel(self) -> None:
        """Stop the running download now: the process is terminated, its partial file removed."""
        job = self.job
        if job is None:
            return
        self.end()
        job.stop()
        remove_partial_files(job.repo_id)
        self.dialog.status.setText(translate("ModelManagerDialog", "Cancelled: {0}.").format(job.name))
        self.dialog.refresh()

    def _on_timer_timeout(self) -> None:
        job = self.job
        if job is None:
            return
        last, ended = job.drain()
        if last is not None:
            self._show_progress(last)
        if ended is not None:
            self._finish(job, ended)
            return
        if job.ended_unexpectedly():
            text = (
                translate("ModelManagerDialog", "The convert process ended unexpectedly (exit code {0}).")
                if job.kind == "convert"
                else translate(
                    "ModelManagerDialog", "The download process ended unexpectedly (exit code {0})."
                )
            )
            self._finish(job, DownloadFailed(text.format(job.process.exitcode), "ProcessError"))

    def _show_progress(self, message: DownloadProgress) -> None:
        show_progress(
            self.dialog.progress, message, converting=self.job is not None and self.job.kind == "convert"
        )

    def _finish(self, job: ModelJob, message: DownloadFinished | DownloadFailed) -> None:
        self.end()
        job.process.join(5)
        if isinstance(message, DownloadFailed):
            log.warning("%s of %s failed: %s\n%s", job.kind, job.repo_id, message.message, message.traceback)
            remove_partial_files(job.repo_id)
            self.dialog.status.setText(message.message)
        elif message.needs_conversion:
            self.dialog.status.setText(
                translate(
                    "ModelManagerDialog", "{0} is a transformers model; converting it to CTranslate2 once…"
                ).format(job.name)
            )
            output = str(converted_folder(job.repo_id))
            self.start(
                job.name,
                job.repo_id,
                "convert",
                model_store.convert_main,
                (job.repo_id, output, CONVERT_QUANTIZATION),
            )
            return
        else:
            self.dialog.status.setText(translate("ModelManagerDialog", "Ready: {0}.").format(job.name))
        self.dialog.refresh()
        self.dialog.select(
            message.path if isinstance(message, DownloadFinished) and job.kind == "convert" else job.name
        )

    def end(self) -> None:
        """No job any more: the timer stops, the progress bar hides, the pipe is closed."""
        job, self.job = self.job, None
        self.timer.stop()
        self.dialog.progress.hide()
        if job is not None:
            job.close()
