"""Decode, VAD and plan each submitted file on one background thread of the supervisor.

Files are prepared one after another in submission order, while the workers transcribe: the next
file's chunks are ready by the time the previous file's last chunks finish. Each step posts its
result to the supervisor loop through ``post`` (which also wakes the loop); the loop owns all
job state. A cancelled job stops at the next block.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from engine.audio import AudioBuffer, choose_audio_stream, iter_decode, probe_audio_streams, probe_duration_ms
from engine.planner import Chunk, ChunkPlanner
from engine.protocol import AudioStreamInfo, JobOptions
from engine.vad import BlockVad, Vad

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrepStarted:
    job_id: str
    duration_ms: int  # from the container; 0 when unknown
    audio_streams: tuple[AudioStreamInfo, ...] = ()  # () when the container could not be probed
    audio_stream: int = 0  # the number of the stream being decoded; 0 when unknown


@dataclass(frozen=True)
class ChunksPlanned:
    job_id: str
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True)
class PrepDone:
    job_id: str
    duration_ms: int


@dataclass(frozen=True)
class PrepFailed:
    job_id: str
    error_type: str
    message: str
    traceback: str


PrepEvent = PrepStarted | ChunksPlanned | PrepDone | PrepFailed


@dataclass
class PrepRequest:
    job_id: str
    path: str
    options: JobOptions
    buffer: AudioBuffer
    cancelled: threading.Event
    # The longest chunk (ms) for the file's length in ms (engine.planner.chunk_limit_ms);
    # None: ``options.max_chunk_ms``.
    chunk_limit: Callable[[int], int] | None = None


# The longest the VAD waits for ``load_after`` before loading anyway (a model resolution that
# hangs must not hold the files back).
LOAD_AFTER_MAX_S = 2.0


class Preparer:
    """The prep thread. ``load_after``: the VAD loads once it is set (the supervisor sets it when
    the workers are spawned), or after LOAD_AFTER_MAX_S; files wait for the VAD either way."""

    def __init__(
        self,
        vad_factory: Callable[[], Vad],
        post: Callable[[PrepEvent], None],
        load_after: threading.Event | None = None,
    ) -> None:
        self._vad_factory = vad_factory
        self._vad: Vad | None = None
        self._post = post
        self._load_after = load_after
        self._requests: queue.Queue[PrepRequest | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="prep", daemon=True)
        self._thread.start()

    def submit(self, request: PrepRequest) -> None:
        self._requests.put(request)

    def stop(self) -> None:
        self._requests.put(None)

    def _run(self) -> None:
        if self._load_after is not None:
            self._load_after.wait(LOAD_AFTER_MAX_S)
        if self._requests.empty():  # idle: warm up now rather than on the first file
            try:
                self._vad = self._vad_factory()
            except Exception:
                log.exception("VAD failed to load; retrying per file")
        while (request := self._requests.get()) is not None:
            if request.cancelled.is_set():
                continue
            try:
                self._prepare(request)
            except Exception as error:
                from engine.audio import MediaError

                message = str(error) if isinstance(error, MediaError) else f"{request.path}: {error}"
                self._post(PrepFailed(request.job_id, type(error).__name__, message, traceback.format_exc()))

    def _prepare(self, request: PrepRequest) -> None:
        buffer = request.buffer
        options = request.options
        blocks = iter_decode(request.path, audio_stream=options.audio_stream, language=options.language)
        first = next(blocks)  # raises the whole-file errors (no such stream too) before anything is announced
        streams = probe_audio_streams(request.path)
        number = choose_audio_stream(streams, options.language, options.audio_stream) if streams else 0
        # Announced before the VAD loads: the file's length tells the supervisor how many
        # workers it needs (a short file, one).
        duration_ms = probe_duration_ms(request.path)
        self._post(PrepStarted(request.job_id, duration_ms, streams, number))
        if self._vad is None:
            self._vad = self._vad_factory()
        buffer.append(first)
        vad = BlockVad(self._vad, request.options.vad_threshold, quiet_speech=request.options.quiet_speech)
        planner = ChunkPlanner(
            buffer.slice_ms,
            max_chunk_ms=request.chunk_limit(duration_ms) if request.chunk_limit else options.max_chunk_ms,
            first_chunk_ms=_first_chunk_ms(options, duration_ms),
        )

        def plan(final: bool) -> None:
            chunks: list[Chunk] = []
            for region in vad.feed(buffer.duration_ms, buffer.slice_ms, final=final):
                chunks += planner.add(region)
            if final:
                chunks += planner.finish(buffer.duration_ms)
            chunks = [chunk.with_lines(vad.quiet_lines) for chunk in chunks]
            if chunks:
                self._post(ChunksPlanned(request.job_id, tuple(chunks)))

        plan(final=False)
        for block in blocks:
            if request.cancelled.is_set():
                return
            buffer.append(block)
            plan(final=False)
        if request.cancelled.is_set():
            return
        plan(final=True)
        self._post(PrepDone(request.job_id, buffer.duration_ms))


def stream_options(options: JobOptions, model: str) -> JobOptions:
    """The options the audio stream is chosen with: an English-only model (``tiny.en`` ...
    ``medium.en``, ``distil-*.en``: Whisper's naming) with no language given prefers a stream
    tagged English, as ``--language en`` would; a film with a Japanese and an English track and
    no default stream gave tiny.en the Japanese one and an empty subtitle (user test)."""
    if options.language or options.audio_stream is not None or not model.lower().endswith(".en"):
        return options
    return dataclasses.replace(options, language="en")


def _first_chunk_ms(options: JobOptions, duration_ms: int) -> int | None:
    """How long the file's first chunk may be packed: ``options.first_chunk_ms`` for a file
    longer than one chunk, so its first cues come back sooner; a file that fits one chunk (or of
    unknown length, 0) stays one chunk: cutting it would only add a decode."""
    if options.first_chunk_ms and duration_ms > options.max_chunk_ms:
        return options.first_chunk_ms
    return None
