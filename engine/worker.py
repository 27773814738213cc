"""A worker process: loads the model once, then transcribes chunks until its pipe closes.

The worker is deliberately simple: one task at a time, a reply for each, and no knowledge of
files or jobs beyond the ids it echoes. Between segments it looks at its pipe for a CancelChunk.
A GPU worker pins its GPU through CUDA_VISIBLE_DEVICES before any CUDA library loads.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import Any

from engine.devices import WorkerSpec
from engine.protocol import (
    CancelChunk,
    ChunkCancelled,
    ChunkDone,
    ChunkFailed,
    DetectLanguage,
    LanguageVote,
    Segment,
    Task,
    TranscribeChunk,
    WorkerInfo,
    WorkerLoadFailed,
    WorkerReady,
)
from engine.recheck import (
    UNHEARD_MS,
    content_chars,
    decode_by_stretch,
    lacks_punctuation,
    repeats_a_phrase,
    style_prompt,
    unheard_ms,
    word_count,
)

log = logging.getLogger(__name__)


def import_string(path: str) -> Callable[..., Any]:
    """``"package.module:attribute"`` -> the attribute (how tests inject a fake model)."""
    module, _, attribute = path.partition(":")
    if not attribute:
        raise ValueError(f"expected 'module:function', got {path!r}")
    return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]


def worker_main(
    spec: WorkerSpec, model_path: str, factory: str, conn: Connection, log_level: int
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the caller's to handle, not ours
    logging.basicConfig(level=log_level, format="%(processName)s %(levelname)s %(message)s")
    if spec.device == "cuda":
        os.environ["CUDA_VISIBLE_DEVICES"] = str(spec.device_index)  # before any CUDA library loads
        from engine.devices import preload_cuda_libraries

        preload_cuda_libraries()
    started = time.monotonic()
    try:
        model = import_string(factory)(
            model_path, spec.device, 0, spec.compute_type, spec.cpu_threads
        )
        if hasattr(model, "warm_up"):
            model.warm_up()
    except BaseException as error:
        conn.send(
            WorkerLoadFailed(spec.worker_id, type(error).__name__, str(error), traceback.format_exc())
        )
        return
    info = WorkerInfo(
        spec.worker_id,
        spec.device,
        spec.device_index,
        spec.device_name,
        spec.compute_type,
        bool(getattr(model, "multilingual", True)),
    )
    try:
        conn.send(WorkerReady(spec.worker_id, info, time.monotonic() - started))
    except (BrokenPipeError, OSError):
        return  # the supervisor ended while the model loaded: nothing to report to
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the supervisor closed our pipe: shut down quietly
        if isinstance(message, TranscribeChunk):
            conn.send(_transcribe(model, message, conn))
        elif isinstance(message, DetectLanguage):
            conn.send(_detect(model, message))
        # A CancelChunk arriving between tasks is stale: nothing to stop.


class _Cancelled(Exception):
    pass


def _transcribe(model: Any, task: TranscribeChunk, conn: Connection) -> object:
    started = time.monotonic()

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

    def transcribe_stretch(audio: Any) -> Iterable[Segment]:
        check_cancel()  # a stretch may give no segment at all: look for a cancel before each
        return model.transcribe(audio, task.language, task.options)  # type: ignore[no-any-return]

    def second_looks(segments: list[Segment]) -> list[Segment]:
        """See engine.recheck: merged repetitions, then style."""
        by_stretch = False
        if task.speech and (repeats_a_phrase(segments) or unheard_ms(segments, task.speech) >= UNHEARD_MS):
            again = run(decode_by_stretch(transcribe_stretch, task.audio, task.speech))
            if word_count(again) > word_count(segments):
                segments, by_stretch = again, True
        prompt = style_prompt(task.language) if task.options.task is Task.TRANSCRIBE else None
        if (prompt and not by_stretch and task.options.initial_prompt is None
                and lacks_punctuation(segments, task.language)):
            styled = dataclasses.replace(task.options, initial_prompt=prompt)
            again = run(model.transcribe(task.audio, task.language, styled))
            if (not lacks_punctuation(again, task.language) and word_count(again) >= word_count(segments)
                    and content_chars(again) >= 0.9 * content_chars(segments)):
                segments = again
        return segments

    try:
        segments = run(model.transcribe(task.audio, task.language, task.options))
        if all(isinstance(s, Segment) for s in segments):  # malformed output goes back as it is
            segments = second_looks(segments)  # for the supervisor to judge (and restart us)
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
