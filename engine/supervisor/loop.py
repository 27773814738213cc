"""The supervisor's event loop: the top layer of ``engine.supervisor.Supervisor``.

Each step waits on one ``wait()`` over the caller's pipe, the wake pipe, and every worker's
pipe and sentinel (for at most 1 s, or until the next deadline), then handles what is ready:
helper threads' events, worker results before worker deaths (a dying worker may have replied),
the caller's messages; then the timers (restarts due, workers past a deadline:
engine.supervisor.deadlines); then gives queued chunks to idle workers.

- Cancellation: queued work is dropped at once; a worker running the job's chunks is sent
  CancelChunk and killed if it does not stop within its grace.
- Silence proves nothing while the supervisor itself was stopped (Ctrl+Z, a suspended laptop):
  a loop step that comes back ``STALL_S`` (5 s) later than the wait it asked for (a second at
  most) restarts the silence clocks.
- SIGINT is ignored here and in workers: the caller decides what Ctrl+C means.
"""

from __future__ import annotations

import logging
import signal
import time
import traceback
from multiprocessing.connection import Connection, wait
from typing import Any

from engine.jobs import Job, QueueEntry, batch_size, ramped_batch
from engine.levels import raise_quiet_speech
from engine.planner import WINDOW_MS, chunk_limit_ms, windows_in
from engine.prep import (
    ChunksPlanned,
    PrepDone,
    PrepEvent,
    PrepFailed,
    PrepRequest,
    PrepStarted,
    stream_options,
)
from engine.protocol import (
    CancelChunk,
    CancelJob,
    Configure,
    DetectLanguage,
    EngineConfig,
    EngineFailed,
    JobCancelled,
    JobFailed,
    JobPlanned,
    JobStarted,
    ModelDownload,
    Shutdown,
    SubmitJob,
    TranscribeBatch,
    TranscribeChunk,
)
from engine.supervisor.deadlines import cancel_grace_s, deadlines, overdue
from engine.supervisor.results import WorkerResults
from engine.supervisor.state import ModelResolved
from engine.vad import raise_quiet_for_whisper
from engine.workers import stop_workers

log = logging.getLogger(__name__)

STALL_S = 5.0  # a longer gap between two loop steps means the supervisor itself was stopped


def supervisor_main(conn: Connection, config: EngineConfig, log_level: int = logging.WARNING) -> None:
    """The supervisor process's entry point (engine.client spawns it): runs until Shutdown or EOF."""
    # Ctrl+C in a terminal signals the whole process group: only the caller decides what it
    # means (the caller then shuts us down). Workers inherit the ignored SIGINT across spawn.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="%(processName)s %(levelname)s %(message)s")
    Supervisor(conn, config, log_level).run()


class Supervisor(WorkerResults):
    """The supervisor process's one event loop (layers: see engine.supervisor)."""

    def run(self) -> None:
        try:
            self._configure(self.config)
            while self.running:
                self._step()
        except Exception as error:
            log.exception("supervisor failed")
            self._emit(EngineFailed(type(error).__name__, str(error), traceback.format_exc()))
        finally:
            self._shutdown()

    def _step(self) -> None:
        handles = list(self.workers.values())
        waitables: list[Any] = [self.client, self._wake_r]
        waitables += [h.conn for h in handles] + [h.process.sentinel for h in handles]
        timeout = self._timeout()
        ready = set(wait(waitables, timeout=timeout))
        if self._wake_r in ready:
            while self._wake_r.poll():
                self._wake_r.recv_bytes()
            while not self._events.empty():
                self._on_internal(self._events.get_nowait())
        for handle in handles:  # results before deaths: a dying worker may have replied
            if handle.conn in ready or handle.process.sentinel in ready:
                self._drain_worker(handle)
            if handle.process.sentinel in ready:
                self._on_worker_exit(handle)
        if self.client in ready:
            self._drain_client()
        self._check_timers(timeout)
        self._dispatch()

    def _timeout(self) -> float:
        """How long the loop may wait (s): until the next restart or worker deadline
        (engine.supervisor.deadlines), and never over 1 s."""
        due = [t for t, _ in self.restarts]
        due += [d.at for handle in self.workers.values() for d in deadlines(handle, self.config)]
        if not due:
            return 1.0
        return min(1.0, max(0.0, min(due) - time.monotonic()) + 0.01)

    def _check_timers(self, waited_s: float = 1.0) -> None:
        """Start due restarts; kill workers past a deadline. ``waited_s``: the wait just asked for."""
        now = time.monotonic()
        if now - self._last_check > waited_s + STALL_S:
            # We were stopped ourselves (Ctrl+Z, a suspended laptop): the workers' silence proves nothing.
            for handle in self.workers.values():
                handle.last_heard = now
        self._last_check = now
        due = [s for t, s in self.restarts if t <= now]
        self.restarts = [(t, s) for t, s in self.restarts if t > now]
        for spec in due:
            if self.model_path is not None:
                self._start(spec)
        for handle in list(self.workers.values()):
            late = overdue(handle, self.config, now)  # None for one killed already
            if late is None:
                continue
            if late.kind == "cancel":
                for entry in handle.holds():  # chunks of jobs still running go back, free
                    if entry.job_id in self.jobs:
                        self._requeue(entry, None)
                handle.task, handle.queued = None, []
            handle.kill(late.reason, blames_chunk=late.blames_chunk)

    def _drain_client(self) -> None:
        while self.running:
            try:
                if not self.client.poll():
                    return
                message = self.client.recv()
            except (EOFError, OSError):
                self.running = False
                return
            if isinstance(message, SubmitJob):
                self._submit(message)
            elif isinstance(message, CancelJob):
                self._cancel(message.job_id)
            elif isinstance(message, Configure):
                self._configure(message.config)
            elif isinstance(message, Shutdown):
                self.running = False
            else:
                log.error("ignoring unknown message from caller: %r", type(message))

    def _submit(self, message: SubmitJob) -> None:
        if message.job_id in self.jobs:
            self._emit(JobFailed(message.job_id, "ValueError", "duplicate job id"))
            return
        job = Job(message.job_id, message.path, message.options, self._order)
        self._order += 1
        if message.options.language:
            job.language = message.options.language
        self.jobs[job.job_id] = job
        if self.model_error is not None:
            self._fail_job(job, "ModelError", self.model_error)
            return
        options = stream_options(job.options, self.config.model)  # an English-only model: English track

        def chunk_limit(duration_ms: int) -> int:
            """On the prep thread: the file's longest chunk, for the workers planned. A file
            whose chunks could grow, prepared while the model downloads (or after a slow GPU or
            cluster query), waits for the plan until PLAN_WAIT_S after the engine was configured,
            then keeps one-window chunks; no worker could start before the plan anyway."""
            most, longest = options.max_chunk_ms, self.config.cpu_chunk_ms
            if chunk_limit_ms(most, duration_ms, 1, longest) > most:  # could grow: ask the plan
                self.workers_planned.wait(max(0.0, self.plan_wait_until - time.monotonic()))
            return chunk_limit_ms(most, duration_ms, self.cpu_workers, longest)

        self.preparer.submit(
            PrepRequest(job.job_id, job.path, options, job.buffer, job.cancelled, chunk_limit)
        )
        self._start_for_demand()

    def _cancel(self, job_id: str) -> None:
        job = self.jobs.pop(job_id, None)
        self.expected.pop(job_id, None)
        if job is None:
            return  # already ended: its terminal event was sent
        job.cancelled.set()
        job.buffer.release()
        self.queue.drop_job(job_id)
        now = time.monotonic()
        for handle in self.workers.values():
            if any(entry.job_id == job_id for entry in handle.holds()):
                handle.cancel_sent = now
                handle.cancel_grace_s = cancel_grace_s(self.config, len(handle.holds()))
                self._send(handle, CancelChunk(job_id))
        self._emit(JobCancelled(job_id))

    def _on_internal(self, event: PrepEvent | ModelResolved | ModelDownload) -> None:
        if isinstance(event, ModelResolved):
            self._on_model_resolved(event)
            return
        if isinstance(event, ModelDownload):
            self._workers_started.set()  # a download takes minutes: prepare the files meanwhile
            self._emit(event)
            return
        job = self.jobs.get(event.job_id)
        if job is None:
            return
        if isinstance(event, PrepStarted):
            job.duration_ms = event.duration_ms
            unknown = len(self.deferred) + len(self.workers) + 1  # a length not given: every slot
            chunks = (
                -(-event.duration_ms // max(1, job.options.max_chunk_ms)) if event.duration_ms else unknown
            )
            self.expected[job.job_id] = max(1, chunks)
            self._start_for_demand()
            self._emit(
                JobStarted(job.job_id, job.path, event.duration_ms, event.audio_streams, event.audio_stream)
            )
            if job.language:  # chosen by the caller: said once, as a detected one is, so that the
                self._say_language(job, job.language, 1.0)  # window picks its rules
        elif isinstance(event, ChunksPlanned):
            for chunk in event.chunks:
                self._add_chunk(job, chunk)
            self._emit(job.progress())
            self._start_for_demand()  # more chunks than the length suggested
        elif isinstance(event, PrepDone):
            job.planned = True
            job.duration_ms = event.duration_ms
            self._emit(JobPlanned(job.job_id, job.total_ms, len(job.chunks), event.duration_ms))
            self._maybe_decide_language(job)
            self._maybe_finish(job)
        elif isinstance(event, PrepFailed):
            self._fail_job(job, event.error_type, event.message, event.traceback)

    def _dispatch(self) -> None:
        for handle in self.workers.values():
            if not handle.idle or handle.kill_reason is not None:
                continue
            entry = self.queue.pop(self.jobs)
            if entry is None:
                return
            most = ramped_batch(
                batch_size(handle.spec.device, self.config.batch_size), len(self.jobs[entry.job_id].done)
            )
            entries = [entry]
            # After a fault a chunk goes alone; so does one longer than a window (only windows
            # share a batch's decode, engine.one_window: batched, it would only wait in line).
            if not self._alone(entry):
                ready = sum(1 for h in self.workers.values() if h.info is not None and h.kill_reason is None)
                entries += self.queue.pop_more(entry, ready, most, self._alone)
            job = self.jobs[entry.job_id]
            tasks = [self._task(job, e) for e in entries]
            handle.task, handle.queued = entries[0], entries[1:]
            handle.task_started = time.monotonic()
            # Its deadline grows with the windows it decodes (engine.supervisor.deadlines): a
            # chunk longer than one window (engine.planner.chunk_limit_ms) counts each.
            handle.task_scale = sum(windows_in(job.chunks[e.chunk_index].duration_ms) for e in entries)
            log.debug(
                "%s takes chunk %s (%d ms) of %s",
                handle.describe(),
                ", ".join(str(e.chunk_index) for e in entries),
                sum(job.chunks[e.chunk_index].duration_ms for e in entries),
                job.job_id,
            )
            if entry.kind == 1:  # language detection can run while an earlier file still transcribes
                job.mark_dispatched()
            # Only transcriptions are batched (pop_more), so a batch holds TranscribeChunks only.
            self._send(handle, tasks[0] if len(tasks) == 1 else TranscribeBatch(tuple(tasks)))  # type: ignore[arg-type]

    def _alone(self, entry: QueueEntry) -> bool:
        """Whether ``entry`` must go to a worker by itself: given back after a fault, or longer
        than one window."""
        job = self.jobs.get(entry.job_id)
        return job is not None and (
            job.given_back(entry) or job.chunks[entry.chunk_index].duration_ms > WINDOW_MS
        )

    def _task(self, job: Job, entry: QueueEntry) -> DetectLanguage | TranscribeChunk:
        chunk = job.chunks[entry.chunk_index]
        # Whisper does not hear very quiet speech whole (-55 dB RMS: the last word was lost), nor
        # a line spoken 30-40 dB under the loud ones beside it (engine.levels).
        audio = raise_quiet_for_whisper(chunk.audio(job.buffer.slice_ms))
        if job.options.quiet_speech and chunk.lines:
            audio = raise_quiet_speech(audio, chunk.speech_in_chunk(), chunk.lines_in_chunk())
        if entry.kind == 0:
            return DetectLanguage(job.job_id, chunk.index, audio)
        return TranscribeChunk(
            job.job_id, chunk.index, audio, job.language, job.options, chunk.speech_in_chunk()
        )

    def _shutdown(self) -> None:
        self._stopped.set()
        self.preparer.stop()
        for job in list(self.jobs.values()):
            job.cancelled.set()
            self._emit(JobCancelled(job.job_id))
        self.jobs.clear()
        stop_workers(list(self.workers.values()))
        self.workers.clear()
        try:
            self.client.close()
        except OSError:
            pass
