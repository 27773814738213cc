"""The window's side of the engine: one supervisor for the app's lifetime, drained from a QTimer.

No thread and no blocking call: every tick reads whatever the supervisor has sent, for at most
``budget_ms``, and re-emits it as Qt signals on the GUI thread. Segments are batched per job per
tick (one ``segments_received`` per job per tick, each chunk's segments with its index, a chunk
with none included so the window knows it is back), so a flood of results becomes one model
update instead of hundreds (the Picard pattern). If the supervisor dies, every job still in flight gets
a ``job_failed`` with the cause, the cues already received stay where they are, and the next
``submit`` starts a new engine.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from engine.client import EngineClient, EngineGone
from engine.protocol import (
    EngineConfig,
    EngineFailed,
    EngineReady,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobOptions,
    JobPlanned,
    JobProgress,
    JobStarted,
    LanguageDetected,
    ModelDownload,
    Segment,
    SegmentsReady,
    StretchFailed,
    WorkerStatus,
)

log = logging.getLogger(__name__)

ClientFactory = Callable[[EngineConfig], EngineClient]


class EngineController(QObject):
    engine_ready = Signal(object)  # EngineReady
    engine_failed = Signal(object)  # EngineFailed (also when the supervisor process died)
    worker_status = Signal(object)  # WorkerStatus
    model_download = Signal(object)  # ModelDownload
    job_started = Signal(object)  # JobStarted
    job_planned = Signal(object)  # JobPlanned
    language_detected = Signal(object)  # LanguageDetected
    # job_id, [(chunk_index, tuple[Segment, ...]), ...]: the chunks back in one tick, in arrival order
    segments_received = Signal(str, list)
    stretch_failed = Signal(object)  # StretchFailed: one chunk failed alone; the job goes on
    job_progress = Signal(object)  # JobProgress (the latest per job per tick)
    job_finished = Signal(object)  # JobFinished
    job_failed = Signal(object)  # JobFailed
    job_cancelled = Signal(object)  # JobCancelled

    def __init__(
        self,
        config: EngineConfig,
        parent: QObject | None = None,
        interval_ms: int = 30,
        budget_ms: float = 15.0,
        client_factory: ClientFactory = EngineClient,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.budget_s = budget_ms / 1000
        self._factory = client_factory
        self._client: EngineClient | None = None
        self._in_flight: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self._client is not None and self._client.alive

    @property
    def jobs_in_flight(self) -> frozenset[str]:
        return frozenset(self._in_flight)

    def memory_mb(self) -> float:
        """Resident memory of the supervisor and its workers, 0 when no engine runs."""
        if self._client is None:
            return 0.0
        import psutil

        try:
            root = psutil.Process(self._client.process.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0.0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        return total / 2**20

    def start(self) -> None:
        """Start the supervisor (workers load the model in the background)."""
        if self._client is None:
            self._client = self._factory(self.config)
            self._timer.start()

    def submit(self, path: str, options: JobOptions, job_id: str | None = None) -> str:
        self.start()
        assert self._client is not None
        try:
            job = self._client.submit(path, options, job_id)
        except EngineGone:
            self._engine_died(self.tr("The transcription engine had stopped; it was started again."))
            self.start()
            assert self._client is not None
            job = self._client.submit(path, options, job_id)
        self._in_flight.add(job)
        return job

    def cancel(self, job_id: str) -> None:
        if self._client is not None and job_id in self._in_flight:
            try:
                self._client.cancel(job_id)
            except EngineGone:
                self._engine_died(self.tr("The transcription engine stopped."))

    def configure(self, config: EngineConfig) -> None:
        """New model or devices: the supervisor restarts its workers; queued work is kept."""
        self.config = config
        if self._client is not None:
            try:
                self._client.configure(config)
            except EngineGone:
                self._engine_died(self.tr("The transcription engine stopped."))

    def shutdown(self) -> None:
        self._timer.stop()
        if self._client is not None:
            client, self._client = self._client, None
            client.close(timeout=5)
        self._in_flight.clear()

    # ---------------------------------------------------------------- draining

    def _on_timer_timeout(self) -> None:
        if self._client is None:
            return
        deadline = time.monotonic() + self.budget_s
        segments: dict[str, list[tuple[int, tuple[Segment, ...]]]] = {}
        progress: dict[str, JobProgress] = {}
        died: EngineFailed | None = None
        while time.monotonic() < deadline:
            events = self._client.poll(0.0, max_events=32)
            if not events:
                break
            for event in events:
                if isinstance(event, SegmentsReady):
                    segments.setdefault(event.job_id, []).append((event.chunk_index, event.segments))
                elif isinstance(event, JobProgress):
                    progress[event.job_id] = event
                elif isinstance(event, EngineFailed) and event.error_type == "EngineDied":
                    died = event
                else:
                    self._flush(segments, progress)  # keep order: cues before a job's end
                    self._dispatch(event)
        self._flush(segments, progress)
        if died is not None:
            self._engine_died(died.message)

    def _flush(
        self, segments: dict[str, list[tuple[int, tuple[Segment, ...]]]], progress: dict[str, JobProgress]
    ) -> None:
        for job_id, batch in segments.items():
            self.segments_received.emit(job_id, batch)
        for event in progress.values():
            self.job_progress.emit(event)
        segments.clear()
        progress.clear()

    def _dispatch(self, event: object) -> None:
        if isinstance(event, (JobFinished, JobFailed, JobCancelled)):
            self._in_flight.discard(event.job_id)
        signal = {
            EngineReady: self.engine_ready,
            EngineFailed: self.engine_failed,
            WorkerStatus: self.worker_status,
            ModelDownload: self.model_download,
            JobStarted: self.job_started,
            JobPlanned: self.job_planned,
            LanguageDetected: self.language_detected,
            StretchFailed: self.stretch_failed,
            JobFinished: self.job_finished,
            JobFailed: self.job_failed,
            JobCancelled: self.job_cancelled,
        }.get(type(event))
        if signal is None:
            log.warning("ignoring unknown engine event %r", type(event).__name__)
            return
        signal.emit(event)

    def _engine_died(self, message: str) -> None:
        """Fail what was in flight (cues received stay with the window) and forget the client."""
        self._timer.stop()
        if self._client is not None:
            client, self._client = self._client, None
            try:
                client.close(timeout=1)
            except Exception:  # it is already gone; nothing more to clean up
                log.debug("closing a dead engine failed", exc_info=True)
        for job_id in sorted(self._in_flight):
            self.job_failed.emit(JobFailed(job_id, "EngineDied", message))
        self._in_flight.clear()
        self.engine_failed.emit(EngineFailed("EngineDied", message))
