"""The supervisor process: owns the workers, the jobs and the one shared chunk queue.

::

    caller --Pipe--> [main loop: multiprocessing.connection.wait() over
                        caller pipe, worker pipes, worker sentinels, wake pipe]
                        |  ^ ChunksPlanned / PrepDone / ModelResolved (via wake pipe)
                        v  |
                     [prep thread: decode -> VAD -> planner]   [model thread: resolve/download]
    worker i <--Pipe--> TranscribeChunk / DetectLanguage -> ChunkDone / LanguageVote / ...

One wait() covers results *and* process sentinels, so a dead worker is noticed at once; its
chunk goes back on the queue and the worker restarts with backoff. Every job ends with exactly
one JobFinished, JobCancelled or JobFailed.

Faults, and what each costs the chunk a worker held (figures in EngineConfig):

- The chunk's own failures use an attempt: the model raises, the worker exits with a code or a
  crash signal on it, sends garbage, or runs past ``chunk_timeout_s``. After
  ``max_chunk_attempts`` (3) the chunk fails *alone*: StretchFailed gives its file-time span and
  reason, the rest of the file is transcribed, and JobFinished lists the failed stretches.
- Interruptions use no attempt: a kill from outside (any other signal, e.g. the OOM killer's
  SIGKILL) or a hang (a busy worker silent for ``hang_timeout_s``, 30 s: its heartbeat comes
  every second however slow the model, so silence means stopped or frozen; it is killed and
  restarted). They are bounded all the same, so nothing loops for ever: a chunk interrupted
  ``max_chunk_interruptions`` (10) times in a row while no other chunk of its job finished
  fails alone. Kills that hit whatever runs (memory pressure, a soak test) are forgiven as the
  file moves on; kills that hit only this chunk are not.
- A job fails as a whole only for reasons of the file (it cannot be decoded, its language
  cannot be detected), when every chunk failed, or when its first ``FAIL_FAST_CHUNKS`` (3)
  chunks to end all failed by their own faults (attempts, not interruptions): then the fault is
  not in the audio (a broken model or device), and trying every other chunk three times would
  only waste minutes. Stretches lost to kills or hangs say nothing about the model: the rest of
  the file goes on.
- A loading worker hangs when it is silent for ``hang_timeout_s``: it sends heartbeats while it
  loads, so a slow load (3 GB from a slow disk) goes on, and a stopped or frozen one is killed.
- A worker killed from outside (or hung) while loading its model is restarted with backoff
  (0.2 s to 10 s). Only WorkerLoadFailed or an exit with a code or a crash signal during load
  mean the model cannot be loaded, and, while no worker has loaded the model under the current
  configuration, ``LOAD_KILLS`` (5) kills in a row. Once one worker has loaded it, kills during
  load prove nothing about the model (memory pressure, a soak test): the worker is always
  restarted, at most once per 10 s, so the loop never spins and each restart waits on a kill.
- Sending a task to a stopped worker blocks once the pipe is full, and reading a reply that a
  worker stopped in the middle of writing blocks until the rest comes: a watchdog thread kills
  a worker that holds the loop so for ``hang_timeout_s``.
- Silence proves nothing while the supervisor itself was stopped (Ctrl+Z, a suspended laptop):
  a loop step that comes back ``STALL_S`` (5 s) later than the wait it asked for (a second at
  most) restarts the silence clocks.
- SIGINT is ignored here and in workers: the caller decides what Ctrl+C means.
- A job's decoded audio is released when the job ends, however it ends.

The module is over the usual size on purpose: every change of job and worker state happens in
this one event loop, so the invariants above can be checked in one file.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import signal
import threading
import time
import traceback
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from engine.devices import Discovery, WorkerSpec, cpu_workers, plan_workers
from engine.filters import clean_segment
from engine.jobs import ChunkQueue, Job, QueueEntry, batch_size
from engine.models import ModelError, resolve_model
from engine.planner import Chunk
from engine.prep import ChunksPlanned, Preparer, PrepDone, PrepEvent, PrepFailed, PrepRequest, PrepStarted
from engine.protocol import (
    CancelChunk,
    CancelJob,
    ChunkCancelled,
    ChunkDone,
    ChunkFailed,
    Configure,
    DetectLanguage,
    EngineConfig,
    EngineFailed,
    EngineReady,
    Heartbeat,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobPlanned,
    JobStarted,
    LanguageDetected,
    LanguageVote,
    ModelDownload,
    Segment,
    SegmentsReady,
    Shutdown,
    StretchFailed,
    SubmitJob,
    Task,
    TranscribeBatch,
    TranscribeChunk,
    Word,
    WorkerLoadFailed,
    WorkerReady,
    WorkerState,
    WorkerStatus,
)
from engine.seams import drop_first_word, drop_last_word, first_word, is_seam_repeat, last_word
from engine.vad import raise_quiet_for_whisper
from engine.worker import import_string
from engine.workers import WorkerHandle, backoff_s, start_worker, stop_workers

log = logging.getLogger(__name__)

LOAD_KILLS = 5  # kills from outside in a row, never loaded, before the model counts as unloadable
FAIL_FAST_CHUNKS = 3  # a job whose first chunks to end all failed fails as a whole
WATCHDOG_S = 0.5  # how often the send watchdog looks
STALL_S = 5.0  # a longer gap between two loop steps means the supervisor itself was stopped


@dataclasses.dataclass(frozen=True)
class ModelResolved:
    generation: int
    path: str | None
    error: str | None
    discovery: Discovery | None = None  # the GPUs found, looked for on the model thread


def supervisor_main(conn: Connection, config: EngineConfig, log_level: int = logging.WARNING) -> None:
    # Ctrl+C in a terminal signals the whole process group: only the caller decides what it
    # means (the caller then shuts us down). Workers inherit the ignored SIGINT across spawn.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="%(processName)s %(levelname)s %(message)s")
    Supervisor(conn, config, log_level).run()


class Supervisor:
    def __init__(self, conn: Connection, config: EngineConfig, log_level: int) -> None:
        self.ctx = get_context("spawn")
        self.client = conn
        self.config = config
        self.log_level = log_level
        self.jobs: dict[str, Job] = {}
        self.queue = ChunkQueue()
        self.workers: dict[int, WorkerHandle] = {}
        self.deferred: list[WorkerSpec] = []  # slots not started yet: see _start_for_demand
        self.expected: dict[str, int] = {}  # chunks a job's length suggests, from PrepStarted
        self.restarts: list[tuple[float, WorkerSpec]] = []
        self.failures: dict[int, int] = {}  # consecutive crashes per worker id
        self.model_path: str | None = None
        self.model_error: str | None = None
        self.multilingual: bool | None = None
        self.loaded = False  # whether any worker loaded the model under the current configuration
        self.generation = 0
        self.running = True
        self._order = 0
        self._events: queue.Queue[PrepEvent | ModelResolved | ModelDownload] = queue.Queue()
        self._wake_r, self._wake_w = self.ctx.Pipe(duplex=False)
        self._wake_lock = threading.Lock()
        vad_factory = import_string(config.vad_factory)
        # The VAD loads once the workers are on their way: their start (imports, the model) is
        # the longest step before the first chunk, so it goes first (see Preparer).
        self._workers_started = threading.Event()
        self.preparer = Preparer(vad_factory, self._post, load_after=self._workers_started)
        self._blocked_on: tuple[WorkerHandle, str] | None = None  # a pipe being written or read
        self._stopped = threading.Event()
        self._last_check = time.monotonic()
        threading.Thread(target=self._watch_pipes, name="pipe-watchdog", daemon=True).start()

    # ------------------------------------------------------------------ plumbing

    def _post(self, event: PrepEvent | ModelResolved | ModelDownload) -> None:
        """Called from helper threads: queue the event and wake the main loop."""
        self._events.put(event)
        with self._wake_lock:
            self._wake_w.send_bytes(b"!")

    def _emit(self, event: object) -> None:
        try:
            self.client.send(event)
        except (BrokenPipeError, OSError):
            self.running = False  # the caller is gone

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
        """How long the loop may wait: until the next deadline, and never over 1 s.

        A worker already killed has no deadline: only its sentinel is awaited (one that does not
        die at once, in uninterruptible sleep, must not make the loop spin).
        """
        deadlines = [t for t, _ in self.restarts]
        for h in self.workers.values():
            if h.kill_reason is not None:
                continue
            if h.loading:
                deadlines.append(max(h.started, h.last_heard) + self.config.hang_timeout_s)
            if h.cancel_sent is not None:
                deadlines.append(h.cancel_sent + h.cancel_grace_s)
            if h.task is not None and self.config.chunk_timeout_s:
                deadlines.append(h.task_started + self.config.chunk_timeout_s * h.task_scale)
            if h.task is not None:
                deadlines.append(max(h.task_started, h.last_heard) + self.config.hang_timeout_s)
        if not deadlines:
            return 1.0
        return min(1.0, max(0.0, min(deadlines) - time.monotonic()) + 0.01)

    # ------------------------------------------------------------------ configuration

    def _configure(self, config: EngineConfig) -> None:
        stopping = list(self.workers.values())
        for handle in stopping:
            for entry in handle.holds():
                self._requeue(entry, None)
        stop_workers(stopping)
        self.workers.clear()
        self.deferred.clear()
        self.restarts.clear()
        self.failures.clear()
        self.config = config
        self.generation += 1
        self.model_path = None
        self.model_error = None
        self.loaded = False
        generation = self.generation
        threading.Thread(
            target=self._resolve_model, args=(config.model, generation), name="model", daemon=True
        ).start()

    def _resolve_model(self, model: str, generation: int) -> None:
        def progress(done: int, total: int) -> None:
            self._post(ModelDownload(model, done, total))

        try:
            if self.config.model_factory != "engine.transcriber:load_model":
                path = model  # an injected factory (tests) interprets the model string itself
            else:
                path = resolve_model(model, progress=progress).path
            self._post(ModelResolved(generation, path, None, self._discover()))
        except ModelError as error:
            self._post(ModelResolved(generation, None, str(error)))
        except Exception as error:
            self._post(ModelResolved(generation, None, f"{type(error).__name__}: {error}"))

    def _discover(self) -> Discovery:
        """The GPUs, on the model thread (ctranslate2's import is not the loop's to wait for);
        none looked for when the CPU was chosen."""
        if self.config.device == "cpu":
            return Discovery((), None)
        try:
            discovery: Discovery = import_string(self.config.discovery)()
        except Exception as error:  # a broken driver must not stop a CPU transcription
            return Discovery((), f"could not query CUDA GPUs: {error}")
        return discovery

    def _on_model_resolved(self, event: ModelResolved) -> None:
        if event.generation != self.generation:
            return
        if event.path is None:
            self._engine_failed("ModelError", event.error or "model unavailable")
            return
        self.model_path = event.path
        specs, notes = plan_workers(self.config, event.discovery or Discovery((), None))
        for note in notes:
            self._emit(WorkerStatus(-1, WorkerState.FALLBACK, note))
        # Work submitted at once (the command line) starts one worker, and the others only when
        # its files turn out to need them: a second worker's start costs ~2 CPU-s, for nothing
        # on a short file. An engine started ahead of any work (the window) starts them all.
        submitting = bool(self.jobs) or self.client.poll()  # a SubmitJob may wait unread in the pipe
        first = specs[:1] if submitting else specs
        self.deferred = specs[len(first) :]
        for spec in first:
            self._start(spec)
        self._start_for_demand()
        self._workers_started.set()

    def _start_for_demand(self) -> None:
        """Start deferred worker slots while the known work has more chunks than started slots.

        A job counts its planned chunks not yet ended, or, until it is planned, at least the chunks
        its length suggests (``max_chunk_ms`` each; all slots for a length the container does not
        give); a job not yet opened counts one.
        """
        if not self.deferred or self.model_path is None:
            return
        wanted = 0
        for job in self.jobs.values():
            open_chunks = len(job.chunks) - len(job.done) - len(job.failed)
            if job.planned:
                wanted += open_chunks
            else:
                expected = self.expected.get(job.job_id, 1)
                wanted += max(open_chunks, expected - len(job.done) - len(job.failed))
        while self.deferred and len(self.workers) + len(self.restarts) < wanted:
            self._start(self.deferred.pop(0))

    def _start(self, spec: WorkerSpec) -> None:
        assert self.model_path is not None
        self.workers[spec.worker_id] = start_worker(
            self.ctx, spec, self.model_path, self.config.model_factory, self.log_level
        )

    def _engine_failed(self, error_type: str, message: str) -> None:
        """Nothing can be transcribed until the caller reconfigures: fail what is waiting."""
        self.model_error = message
        self._workers_started.set()  # none will start: the VAD need not wait
        self._emit(EngineFailed(error_type, message))
        for job in list(self.jobs.values()):
            self._fail_job(job, error_type, message)

    # ------------------------------------------------------------------ caller messages

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
        self.preparer.submit(PrepRequest(job.job_id, job.path, job.options, job.buffer, job.cancelled))
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
                # A batch's first decodes run as one call a cancel cannot interrupt: each chunk
                # the worker holds adds a grace period.
                handle.cancel_grace_s = self.config.cancel_grace_s * max(1, len(handle.holds()))
                self._send(handle, CancelChunk(job_id))
        self._emit(JobCancelled(job_id))

    # ------------------------------------------------------------------ internal events

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

    def _add_chunk(self, job: Job, chunk: Chunk) -> None:
        job.chunks[chunk.index] = chunk
        if job.language is None and self.multilingual is False:
            job.language = "en"
            self._say_language(job, "en", 1.0)  # an English-only model
        if job.wants_votes():
            job.vote_chunks.append(chunk.index)
            self.queue.push(job, chunk, detect=True)
        self.queue.push(job, chunk)

    # ------------------------------------------------------------------ worker messages

    def _drain_worker(self, handle: WorkerHandle) -> None:
        while True:
            try:
                if not handle.conn.poll():
                    return
                # Only the start of a message may be there (a worker stopped while writing it).
                self._blocked_on = (handle, "finish sending a message")
                message = handle.conn.recv()
            except (EOFError, OSError):
                return
            except Exception as error:  # unpicklable garbage: the worker is broken
                handle.kill(f"sent an unreadable message ({type(error).__name__})")
                return
            finally:
                self._blocked_on = None
            handle.last_heard = time.monotonic()
            if not isinstance(message, Heartbeat):
                self._on_worker_message(handle, message)

    def _on_worker_message(self, handle: WorkerHandle, message: object) -> None:
        if isinstance(message, WorkerReady):
            handle.info = message.info
            self.loaded = True
            self.multilingual = message.info.multilingual
            self.failures.pop(handle.spec.worker_id, None)
            self._emit(
                WorkerStatus(
                    handle.spec.worker_id,
                    WorkerState.READY,
                    f"{handle.describe()} ready in {message.load_s:.1f} s",
                )
            )
            self._maybe_engine_ready()
            return
        if isinstance(message, WorkerLoadFailed):
            handle.load_error = message.message
            return
        entry = handle.task
        matches = (
            isinstance(message, (ChunkDone, ChunkCancelled, ChunkFailed, LanguageVote))
            and entry is not None
            and message.job_id == entry.job_id
            and message.chunk_index == entry.chunk_index
        )
        if not matches:
            handle.kill(f"sent an unexpected message {type(message).__name__}")
            return
        if isinstance(message, ChunkDone) and not all(
            isinstance(s, Segment) and all(isinstance(w, Word) for w in s.words) for s in message.segments
        ):
            handle.kill("sent malformed segments")  # its sentinel requeues the chunk
            return
        assert entry is not None
        handle.next_task(time.monotonic())
        if not any(e.job_id not in self.jobs for e in handle.holds()):
            handle.cancel_sent = None  # nothing of a cancelled job left to answer
        job = self.jobs.get(entry.job_id)
        if job is None:
            return  # cancelled or failed meanwhile: discard
        if isinstance(message, ChunkDone):
            log.debug(
                "%s: chunk %d of %s took %.2f s",
                handle.describe(),
                message.chunk_index,
                job.job_id,
                message.elapsed_s,
            )
            self._on_chunk_done(job, message)
        elif isinstance(message, LanguageVote):
            job.votes[message.chunk_index] = message.probabilities
            self._maybe_decide_language(job)
        elif isinstance(message, ChunkFailed):
            self._requeue(entry, f"{message.error_type}: {message.message}", own_fault=True)

    def _maybe_engine_ready(self) -> None:
        if all(h.info is not None for h in self.workers.values()) and not self.restarts:
            infos = tuple(h.info for h in self.workers.values() if h.info is not None)
            self._emit(EngineReady(self.config.model, infos))

    def _on_chunk_done(self, job: Job, message: ChunkDone) -> None:
        if message.chunk_index in job.done:
            return
        chunk = job.chunks[message.chunk_index]
        kept: list[Segment] = []
        for raw in message.segments:
            cleaned = clean_segment(raw)
            before = raw.end_ms - raw.start_ms
            after = 0 if cleaned is None else cleaned.end_ms - cleaned.start_ms
            job.dropped_ms += max(0, before - after) if raw.text.strip() else 0
            if cleaned is not None:
                kept.append(chunk.segment_to_file(cleaned))
        segments = self._without_seam_repeats(job, chunk, tuple(kept))
        job.edges[message.chunk_index] = (first_word(segments), last_word(segments))
        job.done.add(message.chunk_index)
        job.interruptions.clear()  # the file moves on: earlier kills were not about one chunk
        job.done_ms += chunk.duration_ms
        # Sent even with no segments: a listener (the window's live cues) must know the chunk is back.
        job.seq += 1
        job.segment_count += len(segments)
        self._emit(SegmentsReady(job.job_id, job.seq, message.chunk_index, segments))
        self._emit(job.progress())
        self._maybe_finish(job)

    def _without_seam_repeats(
        self, job: Job, chunk: Chunk, segments: tuple[Segment, ...]
    ) -> tuple[Segment, ...]:
        """Drop a word this chunk shares with a finished neighbour across a seam (see engine.seams)."""
        before = job.chunks.get(chunk.index - 1)
        if before is not None and before.end_ms == chunk.start_ms and chunk.index - 1 in job.done:
            last, first = job.edges[chunk.index - 1][1], first_word(segments)
            if last is not None and first is not None and is_seam_repeat(last, first, chunk.start_ms):
                segments = drop_first_word(segments)
        after = job.chunks.get(chunk.index + 1)
        if after is not None and after.start_ms == chunk.end_ms and chunk.index + 1 in job.done:
            last, first = last_word(segments), job.edges[chunk.index + 1][0]
            if last is not None and first is not None and is_seam_repeat(last, first, chunk.end_ms):
                segments = drop_last_word(segments)
        return segments

    def _maybe_decide_language(self, job: Job) -> None:
        if job.language is None and job.planned and job.chunks and not job.vote_chunks:
            last = job.last_error[max(job.last_error)] if job.last_error else "no vote"
            self._fail_job(
                job,
                "LanguageError",
                f"{job.path}: the language could not be detected "
                f"(last error: {last}); choose the language and try again.",
            )
            return
        language = job.decide_language()
        if language is not None:
            probability = sum(dict(v).get(language, 0.0) for v in job.votes.values())
            self._say_language(job, language, probability / max(1, len(job.votes)))

    def _say_language(self, job: Job, spoken: str, probability: float) -> None:
        """LanguageDetected for the language of the job's text: English when translating, which
        picks the subtitle rules (a Japanese file translated is laid out as English, not in 13
        full-width characters a line); the spoken language goes with it."""
        text = _text_language(job, spoken)
        self._emit(LanguageDetected(job.job_id, text, probability, spoken=spoken if spoken != text else ""))

    def _maybe_finish(self, job: Job) -> None:
        if job.job_id not in self.jobs:
            return
        if job.failed and not job.done and (job.complete or len(job.failed_own) >= FAIL_FAST_CHUNKS):
            last = job.failed[max(job.failed)]
            stretches = "1 stretch" if len(job.failed) == 1 else f"{len(job.failed)} stretches"
            self._fail_job(
                job,
                "ChunkFailed",
                f"{job.path}: {stretches} failed and none was transcribed; the last {last}",
            )
            return
        if not job.complete:
            return
        self._end(job)
        elapsed = job.progress().elapsed_s
        self._emit(
            JobFinished(
                job.job_id,
                _text_language(job, job.language or ""),
                job.duration_ms,
                job.segment_count,
                elapsed,
                job.speech_ms,
                job.dropped_ms,
                job.failed_stretches,
            )
        )

    def _fail_job(self, job: Job, error_type: str, message: str, tb: str = "") -> None:
        if job.job_id not in self.jobs:
            return
        job.cancelled.set()
        self._end(job)
        self._emit(JobFailed(job.job_id, error_type, message, tb))

    def _end(self, job: Job) -> None:
        """Forget an ended job: its queue entries and its decoded audio go now, not with the next file."""
        del self.jobs[job.job_id]
        self.expected.pop(job.job_id, None)
        self.queue.drop_job(job.job_id)
        job.buffer.release()

    def _requeue(self, entry: QueueEntry, reason: str | None, own_fault: bool = True) -> None:
        """Put a chunk back after its worker gave no result (rules in the module docstring).

        ``reason`` None: the supervisor took it back itself (reconfiguring), which costs nothing;
        ``own_fault`` True uses one of ``max_chunk_attempts``, False one of ``max_chunk_interruptions``.
        """
        job = self.jobs.get(entry.job_id)
        if job is None or (entry.kind == 1 and entry.chunk_index in job.done):
            return
        chunk = job.chunks[entry.chunk_index]
        if reason is not None:
            job.last_error[entry.chunk_index] = reason
            counts = job.attempts if own_fault else job.interruptions
            key = (entry.kind, entry.chunk_index)  # detecting a chunk's language is another task
            count = counts[key] = counts.get(key, 0) + 1
            job.returned.add(key)  # from now on it runs alone (Job.given_back)
            limit = self.config.max_chunk_attempts if own_fault else self.config.max_chunk_interruptions
            if count >= limit:
                what = "failed" if own_fault else "was interrupted"
                self._fail_chunk(job, entry, f"{what} {count} times (last: {reason})", own_fault)
                return
        self.queue.push(job, chunk, detect=entry.kind == 0)

    def _fail_chunk(self, job: Job, entry: QueueEntry, reason: str, own_fault: bool) -> None:
        """A chunk fails alone: the rest of the file goes on without it."""
        chunk = job.chunks[entry.chunk_index]
        if entry.kind == 0:  # a language vote: decide from the others (more may be planned yet)
            job.vote_chunks.remove(chunk.index)
            self._maybe_decide_language(job)
            return
        log.info(
            "%s: the audio at %.1f-%.1f s %s", job.path, chunk.start_ms / 1000, chunk.end_ms / 1000, reason
        )
        job.failed[chunk.index] = reason
        if own_fault:
            job.failed_own.add(chunk.index)
        job.done_ms += chunk.duration_ms  # dealt with: progress still reaches the end
        self._emit(StretchFailed(job.job_id, chunk.index, chunk.start_ms, chunk.end_ms, reason))
        self._emit(job.progress())
        self._maybe_finish(job)

    # ------------------------------------------------------------------ worker lifecycle

    def _on_worker_exit(self, handle: WorkerHandle) -> None:
        worker_id = handle.spec.worker_id
        if self.workers.get(worker_id) is not handle:
            return
        del self.workers[worker_id]
        handle.process.join(0.1)
        handle.conn.close()
        reason, own_fault = handle.exit_cause()
        if handle.task is not None:
            self._requeue(handle.task, reason, own_fault)
        for entry in handle.queued:  # not begun: the rest of its batch goes back free
            self._requeue(entry, None)
        failures = self.failures.get(worker_id, 0)
        never_loaded = not self.loaded and failures + 1 >= LOAD_KILLS
        if handle.info is None and (handle.load_error is not None or own_fault or never_loaded):
            # It never finished loading the model, and not because something killed it.
            if handle.load_error is None and not own_fault:
                last = reason.removeprefix(f"{handle.describe()} ").removeprefix("was ")
                reason = (
                    f"{handle.describe()} was killed {failures + 1} times in a row while loading the "
                    f"model (out of memory?); the last time: {last}"
                )
            self._on_load_failure(handle, handle.load_error or reason)
            return
        self.failures[worker_id] = failures + 1
        delay = backoff_s(failures)
        self.restarts.append((time.monotonic() + delay, handle.spec))
        self._emit(WorkerStatus(worker_id, WorkerState.RESTARTING, f"{reason}; restarting in {delay:.1f} s"))

    def _on_load_failure(self, handle: WorkerHandle, reason: str) -> None:
        spec = handle.spec
        if spec.device == "cuda":
            # Replace failed GPU slots with CPU workers, up to what the CPU alone would get.
            slots = list(self.workers.values())
            specs = [h.spec for h in slots] + [s for _, s in self.restarts] + self.deferred
            cpu_now = sum(1 for s in specs if s.device == "cpu")
            cpu_max = len(cpu_workers(dataclasses.replace(self.config, workers=None)))
            note = f"GPU {spec.device_index} ({spec.device_name}) could not start: {reason}."
            if cpu_now < cpu_max:
                new_id = max([s.worker_id for s in specs] + [spec.worker_id]) + 1
                self._start(cpu_workers(dataclasses.replace(self.config, workers=1), first_id=new_id)[0])
                note += " Using a CPU worker instead."
            self._emit(WorkerStatus(spec.worker_id, WorkerState.FALLBACK, note))
            if not self.workers and not self.restarts and self.deferred:
                self._start(self.deferred.pop(0))  # another GPU may load it
            if not self.workers and not self.restarts:
                self._engine_failed("ModelError", f"No worker could start: {reason}")
            return
        named = reason if reason.startswith(handle.describe()) else f"{handle.describe()}: {reason}"
        self._emit(WorkerStatus(spec.worker_id, WorkerState.FAILED, named))
        if not self.workers and not self.restarts:
            self._engine_failed("ModelError", f"The model could not be loaded: {reason}")

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
            if handle.kill_reason is not None:
                continue  # killed already: its sentinel reports the end
            grace_s = handle.cancel_grace_s
            if handle.cancel_sent is not None and now - handle.cancel_sent > grace_s:
                for entry in handle.holds():  # chunks of jobs still running go back, free
                    if entry.job_id in self.jobs:
                        self._requeue(entry, None)
                handle.task, handle.queued = None, []
                handle.kill(f"did not stop within {grace_s:.0f} s of a cancel")
            elif handle.loading:
                if now - max(handle.started, handle.last_heard) > self.config.hang_timeout_s:
                    handle.kill(
                        f"{handle.describe()} hung while loading the model (no sign of life for "
                        f"{self.config.hang_timeout_s:.0f} s)",
                        blames_chunk=False,
                    )
            elif handle.task is None:
                continue
            elif handle.silent_s(now) > self.config.hang_timeout_s:
                handle.kill(
                    f"{handle.describe()} hung (no sign of life for {self.config.hang_timeout_s:.0f} s)",
                    blames_chunk=False,
                )
            elif (
                self.config.chunk_timeout_s
                and now - handle.task_started > self.config.chunk_timeout_s * handle.task_scale
            ):
                handle.kill(
                    f"{handle.describe()} hung for over {self.config.chunk_timeout_s:.0f} s on one chunk"
                )

    def _dispatch(self) -> None:
        for handle in self.workers.values():
            if not handle.idle or handle.kill_reason is not None:
                continue
            entry = self.queue.pop(self.jobs)
            if entry is None:
                return
            most = batch_size(handle.spec.device, self.config.batch_size)
            entries = [entry]
            if not self.jobs[entry.job_id].given_back(entry):  # after a fault, a chunk goes alone
                ready = sum(1 for h in self.workers.values() if h.info is not None and h.kill_reason is None)
                entries += self.queue.pop_more(entry, ready, most, self._given_back)
            job = self.jobs[entry.job_id]
            tasks = [self._task(job, e) for e in entries]
            handle.task, handle.queued = entries[0], entries[1:]
            handle.task_started = time.monotonic()
            handle.task_scale = len(entries)
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

    def _given_back(self, entry: QueueEntry) -> bool:
        job = self.jobs.get(entry.job_id)
        return job is not None and job.given_back(entry)

    def _task(self, job: Job, entry: QueueEntry) -> DetectLanguage | TranscribeChunk:
        chunk = job.chunks[entry.chunk_index]
        # Whisper does not hear very quiet speech whole (-55 dB RMS: the last word was lost).
        audio = raise_quiet_for_whisper(chunk.audio(job.buffer.slice_ms))
        if entry.kind == 0:
            return DetectLanguage(job.job_id, chunk.index, audio)
        return TranscribeChunk(
            job.job_id, chunk.index, audio, job.language, job.options, chunk.speech_in_chunk()
        )

    def _send(self, handle: WorkerHandle, message: object) -> None:
        self._blocked_on = (handle, "take its task")
        try:
            handle.conn.send(message)
        except (BrokenPipeError, OSError):
            pass  # its sentinel will report the death and requeue the task
        finally:
            self._blocked_on = None

    def _watch_pipes(self) -> None:
        """Kill a worker that holds the loop in a pipe: a stopped worker's full pipe blocks a send,
        and a reply it stopped in the middle of writing blocks the read."""
        seen: tuple[WorkerHandle, str] | None = None
        looks = 0  # counted, not timed: a stop of the whole engine (Ctrl+Z) must not look like a hang
        while not self._stopped.wait(WATCHDOG_S):
            blocked = self._blocked_on
            if blocked is None or blocked is not seen:
                seen, looks = blocked, 0
                continue
            looks += 1
            handle, what = blocked
            if looks * WATCHDOG_S >= self.config.hang_timeout_s and handle.kill_reason is None:
                handle.kill(
                    f"{handle.describe()} hung (did not {what} for {self.config.hang_timeout_s:.0f} s)",
                    blames_chunk=False,
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


def _text_language(job: Job, spoken: str) -> str:
    """The language of the job's segments: English when Whisper translates, else ``spoken``."""
    return "en" if job.options.task is Task.TRANSLATE and spoken else spoken
