"""The process behind a model download or conversion, for the model manager (gui.views.model_manager).

A job is a spawned process (engine.model_store.download_main or convert_main) writing
DownloadProgress messages and then one DownloadFinished or DownloadFailed into a one-way pipe;
the dialog drains the pipe from a QTimer every ``POLL_MS``, so nothing blocks and no thread is
involved. The child holds the only writer, so its exit means EOF here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QProgressBar

from engine.model_store import DownloadFailed, DownloadFinished, DownloadProgress, ModelEntry
from gui.i18n import QT_TRANSLATE_NOOP

POLL_MS = 100
CONVERT_QUANTIZATION = "float16"  # half the size of float32; CTranslate2 re-quantizes at load as asked

translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls

# The states a model's row shows, translated by the dialog (context "ModelManagerDialog").
STATES = (  # engine.model_store.ModelState, and the states of a running job
    QT_TRANSLATE_NOOP("ModelManagerDialog", "offline package"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "downloaded"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "local folder"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "not downloaded"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "partly downloaded"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "converting…"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "downloading…"),
)


def state_shown(entry: ModelEntry, job: ModelJob | None) -> str:
    """The (untranslated) state of ``entry``'s row: its own, or that of the job running for it."""
    if job is not None and job.repo_id == entry.repo_id:
        return "converting…" if job.kind == "convert" else "downloading…"
    if entry.state == "not downloaded" and entry.size_bytes:
        return "partly downloaded"
    return entry.state


def format_size(size: int) -> str:
    """Bytes as kB, MB or GB (powers of 1000, as download sites count); empty for 0."""
    if size <= 0:
        return ""
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    if size < 1_000_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1_000_000_000:.2f} GB"


@dataclass
class ModelJob:
    """A running download or conversion process and the end of its pipe."""

    name: str
    repo_id: str
    kind: str  # "download" | "convert"
    process: BaseProcess
    conn: Connection

    @classmethod
    def start(
        cls,
        spawn: SpawnContext,
        name: str,
        repo_id: str,
        kind: str,
        target: Callable[..., None],
        args: tuple[object, ...],
    ) -> ModelJob:
        """Run ``target(*args, sender)`` in a spawned process named ``model-<kind>``."""
        receiver, sender = spawn.Pipe(duplex=False)
        process = spawn.Process(target=target, args=(*args, sender), name=f"model-{kind}", daemon=True)
        process.start()
        sender.close()  # the child holds the only writer: its exit means EOF here
        return cls(name, repo_id, kind, process, receiver)

    def drain(self) -> tuple[DownloadProgress | None, DownloadFinished | DownloadFailed | None]:
        """What the pipe holds now: the last progress message, and the result if it came."""
        last: DownloadProgress | None = None
        try:
            while self.conn.poll():
                message = self.conn.recv()
                if isinstance(message, DownloadProgress):
                    last = message
                elif isinstance(message, DownloadFinished | DownloadFailed):
                    return last, message
        except (EOFError, OSError):
            pass
        return last, None

    def ended_unexpectedly(self) -> bool:
        """The process is gone and left nothing more to read (no result was sent)."""
        if self.process.is_alive():
            return False
        try:
            return not self.conn.poll()
        except (EOFError, OSError):
            return True

    def stop(self) -> None:
        """Terminate the process now (killed if it does not go within 3 s)."""
        self.process.terminate()
        self.process.join(3)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(3)

    def close(self) -> None:
        self.conn.close()


def show_progress(bar: QProgressBar, message: DownloadProgress, *, converting: bool) -> None:
    """Bytes done of the total on ``bar``; busy (no total known) while a conversion runs."""
    if message.total_bytes <= 0:
        bar.setRange(0, 0)
        bar.setFormat(translate("ModelManagerDialog", "Converting…") if converting else "")
        return
    bar.setRange(0, 1000)
    bar.setValue(min(1000, message.done_bytes * 1000 // message.total_bytes))
    bar.setFormat(
        translate("ModelManagerDialog", "{0} of {1}").format(
            format_size(message.done_bytes) or "0 kB", format_size(message.total_bytes)
        )
    )
