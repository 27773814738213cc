"""A worker process: loads the model once, then transcribes chunks until its pipe closes.

The worker is deliberately simple: one task at a time, a reply for each, and no knowledge of
files or jobs beyond the ids it echoes. Between segments it looks at its pipe for a CancelChunk.
A GPU worker pins its GPU through CUDA_VISIBLE_DEVICES before any CUDA library loads.

Faults from outside: SIGINT is ignored (Ctrl+C in a terminal reaches the whole process group;
the caller decides). While it loads its model and while it works on a task a heartbeat thread
sends a Heartbeat every ``HEARTBEAT_S`` (1 s), so the supervisor tells a slow model (minutes for
a chunk of large-v3 on one thread, or for 3 GB read from a slow disk: heartbeats go on) from a
hung or stopped worker (silence). The worker never outlives
its supervisor: on Linux the kernel kills it when the supervisor dies (PR_SET_PDEATHSIG, which
also reaches a stopped worker); elsewhere the heartbeat thread exits the process once its parent
changes or its pipe is broken, and an idle worker exits on EOF.
"""

from __future__ import annotations

import ctypes
import dataclasses
import importlib
import logging
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from engine.devices import WorkerSpec
from engine.filters import keep_segment
from engine.onsets import SEARCH_BACK_MS, TRANSLATE_SEARCH_BACK_MS, refine_onsets
from engine.own_language import decode_by_language
from engine.protocol import (
    SAMPLE_RATE,
    CancelChunk,
    ChunkCancelled,
    ChunkDone,
    ChunkFailed,
    DetectLanguage,
    Heartbeat,
    JobOptions,
    LanguageVote,
    Segment,
    Task,
    TranscribeBatch,
    TranscribeChunk,
    WorkerInfo,
    WorkerLoadFailed,
    WorkerReady,
)
from engine.recheck import (
    STRETCHED_WORD_MS,
    UNHEARD_MS,
    amount_said,
    content_chars,
    decode_by_stretch,
    lacks_punctuation,
    repeats_a_phrase,
    stretched_ms,
    style_prompt,
    unheard_ms,
)

log = logging.getLogger(__name__)

# glibc's mallopt parameters (<malloc.h>), and what a worker sets (see keep_freed_memory)
M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
MALLOC_SETTINGS = {
    M_MMAP_THRESHOLD: 32 << 20,  # blocks under 32 MB come from the heap
    M_TRIM_THRESHOLD: 2**31 - 1,  # and the heap is never shrunk,
    M_TOP_PAD: 64 << 20,  # but grown 64 MB at a time
}
HEARTBEAT_S = 1.0  # a busy worker's sign of life; EngineConfig.hang_timeout_s must be well above it
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def import_string(path: str) -> Callable[..., Any]:
    """``"package.module:attribute"`` -> the attribute (how tests inject a fake model)."""
    module, _, attribute = path.partition(":")
    if not attribute:
        raise ValueError(f"expected 'module:function', got {path!r}")
    return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]


def worker_main(
    spec: WorkerSpec,
    model_path: str,
    factory: str,
    conn: Connection,
    log_level: int,
    parent_pid: int | None = None,
) -> None:
    """A worker process's life (the target of its spawn). When it ends normally (its pipe
    closed, its model would not load) the process leaves with ``os._exit``: the interpreter's
    normal exit runs C++ static destructors while CTranslate2's threads may still be busy with a
    cancelled decode, and std::terminate then printed "terminate called without an active
    exception" on the user's terminal after a Ctrl+C (3 runs in 7). Nothing is left to flush."""
    _serve(spec, model_path, factory, conn, log_level, parent_pid)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(0)


def _serve(
    spec: WorkerSpec,
    model_path: str,
    factory: str,
    conn: Connection,
    log_level: int,
    parent_pid: int | None,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the caller's to handle, not ours
    _die_with_parent(parent_pid)
    keep_freed_memory()
    logging.basicConfig(level=log_level, format="%(processName)s %(levelname)s %(message)s")
    pipe = _Pipe(conn)
    heartbeat = _Heartbeat(pipe, spec.worker_id, parent_pid)
    heartbeat.busy.set()  # loading: a stopped or frozen load must be told from a slow one
    heartbeat.start()
    _no_named_semaphores()
    if spec.device == "cuda":
        os.environ["CUDA_VISIBLE_DEVICES"] = str(spec.device_index)  # before any CUDA library loads
        from engine.devices import preload_cuda_libraries

        preload_cuda_libraries()
    started = time.monotonic()
    try:
        model = import_string(factory)(model_path, spec.device, 0, spec.compute_type, spec.cpu_threads)
        if hasattr(model, "warm_up"):
            model.warm_up()
    except BaseException as error:
        pipe.send(WorkerLoadFailed(spec.worker_id, type(error).__name__, str(error), traceback.format_exc()))
        return
    heartbeat.busy.clear()
    info = WorkerInfo(
        spec.worker_id,
        spec.device,
        spec.device_index,
        spec.device_name,
        spec.compute_type,
        bool(getattr(model, "multilingual", True)),
    )
    if not pipe.send(WorkerReady(spec.worker_id, info, time.monotonic() - started)):
        return  # the supervisor ended while the model loaded: nothing to report to
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the supervisor closed our pipe: shut down quietly
        reply: object = None
        heartbeat.busy.set()
        if isinstance(message, TranscribeChunk):
            reply = _transcribe(model, message, conn)
        elif isinstance(message, TranscribeBatch):
            for reply in _transcribe_batch(model, message, conn):
                if not pipe.send(reply):
                    return  # the supervisor is gone
            reply = None
        elif isinstance(message, DetectLanguage):
            reply = _detect(model, message)
        # A CancelChunk arriving between tasks is stale: nothing to stop.
        del message  # the task's audio is not kept while idle
        heartbeat.busy.clear()
        if reply is not None and not pipe.send(reply):
            return  # the supervisor is gone


def _die_with_parent(parent_pid: int | None) -> None:
    """On Linux, have the kernel SIGKILL us when the supervisor dies, even while we are stopped.

    The signal follows the *thread* that started us: the supervisor starts workers from its main
    loop only. A parent that died before the call is caught by the pid check after it.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError) as error:
        log.debug("prctl(PR_SET_PDEATHSIG) unavailable: %s", error)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def keep_freed_memory() -> None:
    """Have glibc keep the memory a decode frees for the next one, instead of handing it back to
    the kernel and faulting it in again.

    Each window's encoder and beam search allocate and free buffers of a few MB; by default glibc
    returns freed heap and mmap'd blocks to the kernel, and the next window faults them in again.
    Measured (lj_600s, tiny.en, two CPU workers, whole ``main.py transcribe``, three interleaved
    pairs): system time 4.5-5.9 -> 3.0 s, wall 18.4-20.5 -> 17.8-18.5 s; a worker's peak RSS
    540 -> 585 MB, and still flat in file length (576 MB on 600 s and on 1200 s). Without the
    64 MB top pad the system time did not fall. Linux (glibc) only; elsewhere nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return  # not glibc (musl has no mallopt)
    for parameter, value in MALLOC_SETTINGS.items():
        if mallopt(parameter, value) != 1:  # glibc answers 1 when it takes a setting
            log.debug("glibc refused mallopt(%d, %d)", parameter, value)


def _no_named_semaphores() -> None:
    """Give tqdm a thread lock before faster-whisper makes its (disabled) progress bar.

    Otherwise tqdm creates a multiprocessing RLock: a named semaphore registered with the
    caller's resource tracker, which a worker killed from outside never unregisters, so the
    command ended with "There appear to be N leaked semaphore objects". A worker writes no bars
    that other processes share, so a lock across processes guards nothing here.
    """
    try:
        from tqdm import tqdm
    except ImportError:
        return
    tqdm.set_lock(threading.RLock())


class _Pipe:
    """The worker's end of its pipe, shared by the main thread and the heartbeat thread."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._lock = threading.Lock()  # a message must never be interleaved with a heartbeat

    def send(self, message: object) -> bool:
        """False when the supervisor is gone."""
        try:
            with self._lock:
                self.conn.send(message)
        except (BrokenPipeError, OSError):
            return False
        return True


class _Heartbeat(threading.Thread):
    """Sends a Heartbeat every HEARTBEAT_S while ``busy`` is set; exits the process if orphaned."""

    def __init__(self, pipe: _Pipe, worker_id: int, parent_pid: int | None) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.pipe = pipe
        self.worker_id = worker_id
        self.parent_pid = parent_pid
        self.busy = threading.Event()

    def run(self) -> None:
        while True:
            time.sleep(HEARTBEAT_S)
            # Portable fallback for PR_SET_PDEATHSIG: a busy worker is not reading its pipe, so
            # it would not see EOF; its parent changing or a broken pipe means the supervisor died.
            if self.parent_pid is not None and os.getppid() != self.parent_pid:
                os._exit(1)
            if self.busy.is_set() and not self.pipe.send(Heartbeat(self.worker_id)):
                os._exit(1)


class _Cancelled(Exception):
    pass


def _transcribe_batch(model: Any, batch: TranscribeBatch, conn: Connection) -> Iterator[object]:
    """Each task's reply, in order, as soon as it is ready.

    Tasks of one language and options have their first decodes run as one batch when the model
    can (``transcribe_batch``: engine.one_window), and so do their word times and the sentences
    they leave unsaid (one batched decode, when the first chunk is read); the rest of each
    decode (fallbacks, the rests packed with the other chunks' in engine.rest_pack), second
    looks, onsets and cancel checks run per chunk, so that a chunk is answered as soon as it is
    done and an error fails only its own chunk. A cancel seen for a job cancels its chunks not
    yet answered. If the batched decode fails, each chunk is decoded alone, so that a failure is
    the failing chunk's own.
    """
    cancelled: set[str] = set()
    groups: dict[tuple[str | None, JobOptions], list[TranscribeChunk]] = {}
    for task in batch.tasks:
        groups.setdefault((task.language, task.options), []).append(task)
    first: dict[int, Iterable[Segment]] = {}
    started = time.monotonic()
    for (language, options), tasks in groups.items():
        if len(tasks) < 2 or not hasattr(model, "transcribe_batch"):
            continue
        try:
            decoded = model.transcribe_batch([t.audio for t in tasks], language, options)
        except Exception:
            log.debug("batched decode failed; decoding its chunks one by one", exc_info=True)
            continue
        first.update((id(t), segments) for t, segments in zip(tasks, decoded))
    for task in batch.tasks:
        if task.job_id in cancelled:
            yield ChunkCancelled(task.job_id, task.chunk_index)
            continue
        reply = _transcribe(model, task, conn, first.get(id(task)), started)
        started = time.monotonic()  # the next chunk's time: its own work after the batch
        if isinstance(reply, ChunkCancelled):
            cancelled.add(task.job_id)
        yield reply


def kept(segments: list[Segment], speech: tuple[tuple[int, int], ...]) -> list[Segment]:
    """The segments engine.filters keeps, as the supervisor will judge them (with the chunk's VAD
    ``speech``, ms)."""
    return [s for s in segments if keep_segment(s, speech)]


def _transcribe(
    model: Any,
    task: TranscribeChunk,
    conn: Connection,
    first: Iterable[Segment] | None = None,
    started: float | None = None,
) -> object:
    """One chunk's reply; ``first`` is its first decode when a batch began it (segments, read
    lazily), and ``started`` when its time began (the batch's start for a batch's first chunk)."""
    started = time.monotonic() if started is None else started

    def check_cancel() -> None:
        if conn.poll():
            message = conn.recv()
            if isinstance(message, CancelChunk) and message.job_id == task.job_id:
                raise _Cancelled

    def run(segments: Iterable[Segment]) -> list[Segment]:
        out: list[Segment] = []
        for segment in segments:
            out.append(segment)
            check_cancel()
        return out

    def second_looks(
        segments: list[Segment],
        audio: Any = task.audio,
        speech: tuple[tuple[int, int], ...] = task.speech,
        spoken: str | None = None,
    ) -> list[Segment]:
        """See engine.recheck: merged repetitions and skipped words, then style. A chunk the
        first decode wrote in its own language (engine.own_language) is looked at again in that
        language, every part of it (a 1.5 s stretch of German alone was heard as English).
        ``audio`` and ``speech``: the chunk's, or a run of it (``by_language``) in the language
        ``spoken`` ("": the file's; None: the one its segments were written in)."""
        if spoken is None:
            spoken = next((s.language for s in segments if s.language), "")
        language = spoken or task.language
        # Decoded in that language without asking again: a short stretch may sound like another.
        options = dataclasses.replace(task.options, language=language)

        def tagged(out: list[Segment]) -> list[Segment]:
            return [dataclasses.replace(s, language=spoken) for s in out] if spoken else out

        def transcribe_stretch(audio: Any) -> Iterable[Segment]:
            check_cancel()  # a stretch may give no segment at all: look for a cancel before each
            return model.transcribe(audio, language, options)  # type: ignore[no-any-return]

        def said(segments: list[Segment]) -> int:
            """How much the segments say that the supervisor's filters will keep: a line the
            model marks as invented must not make a decode that lost a real one look longer."""
            return amount_said(kept(segments, speech), language)

        by_stretch = False
        if speech and (
            repeats_a_phrase(segments)
            or unheard_ms(segments, speech) >= UNHEARD_MS
            or (task.options.task is Task.TRANSCRIBE and stretched_ms(segments, speech) >= STRETCHED_WORD_MS)
        ):
            again = tagged(run(decode_by_stretch(transcribe_stretch, audio, speech)))
            if said(again) > said(segments):
                segments, by_stretch = again, True
        prompt = style_prompt(language) if task.options.task is Task.TRANSCRIBE else None
        if (
            prompt
            and not by_stretch
            and task.options.initial_prompt is None
            and lacks_punctuation(kept(segments, speech), language)
        ):
            styled = dataclasses.replace(options, initial_prompt=prompt)
            again = tagged(run(model.transcribe(audio, language, styled)))
            if (
                not lacks_punctuation(kept(again, speech), language)
                and said(again) >= said(segments)
                and content_chars(kept(again, speech)) >= 0.9 * content_chars(kept(segments, speech))
            ):
                segments = again
        return segments

    def by_language(source: Iterable[Segment], decoded_in: str) -> list[Segment] | None:
        """A chunk that seems to hold the file's language and another (engine.own_language
        .mixed_with), decoded again in runs of one language each; None when every stretch is
        heard in ``decoded_in``, the language it was decoded in."""
        others = tuple(getattr(source, "mixed_with", ()))
        if not others or not task.speech or not task.language:
            return None
        file_language = task.language

        def detect(audio: Any) -> Any:
            check_cancel()
            return model.detect_language(audio)

        def transcribe_run(audio: Any, language: str, speech: tuple[tuple[int, int], ...]) -> list[Segment]:
            """A run decoded in its language, then looked at again as a chunk would be (a line
            said three times in a Chinese run came back once)."""
            check_cancel()
            options = dataclasses.replace(task.options, language=language)
            decoded = run(model.transcribe(audio, language, options))
            return second_looks(decoded, audio, speech, "" if language == file_language else language)

        return decode_by_language(
            transcribe_run, detect, task.audio, task.speech, file_language, others, decoded_in
        )

    try:
        source = first if first is not None else model.transcribe(task.audio, task.language, task.options)
        segments = run(source)
        if all(isinstance(s, Segment) for s in segments):  # malformed output goes back as it is
            # A chunk redone in runs of one language is looked at again run by run: the second
            # looks take one language for what they decode.
            written_in = getattr(source, "written_in", None) or task.language
            split = by_language(source, written_in) if written_in else None
            # A decode moved to another language that said nothing is looked at in that one.
            moved = written_in if task.language and written_in != task.language else None
            segments = split if split is not None else second_looks(segments, spoken=moved)
            back = TRANSLATE_SEARCH_BACK_MS if task.options.task is Task.TRANSLATE else SEARCH_BACK_MS
            segments = refine_onsets(
                segments, task.audio, SAMPLE_RATE, task.speech, back
            )  # starts on the speech
    except _Cancelled:
        return ChunkCancelled(task.job_id, task.chunk_index)
    except Exception as error:
        return ChunkFailed(
            task.job_id, task.chunk_index, type(error).__name__, str(error), traceback.format_exc()
        )
    return ChunkDone(
        task.job_id, task.chunk_index, tuple(segments), task.language or "", time.monotonic() - started
    )


def _detect(model: Any, task: DetectLanguage) -> object:
    try:
        probabilities = model.detect_language(task.audio)
    except Exception as error:
        return ChunkFailed(
            task.job_id, task.chunk_index, type(error).__name__, str(error), traceback.format_exc()
        )
    return LanguageVote(task.job_id, task.chunk_index, tuple((str(c), float(p)) for c, p in probabilities))
