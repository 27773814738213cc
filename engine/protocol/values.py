"""The plain values every engine message is made of: words, segments, the engine's and a job's options.

Times are int milliseconds; audio is float32 mono at ``SAMPLE_RATE`` (16 kHz). Every class is a
frozen dataclass of plain fields, so it crosses a process boundary as it is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

SAMPLE_RATE = 16_000


class Task(str, enum.Enum):
    TRANSCRIBE = "transcribe"
    TRANSLATE = "translate"


class WorkerState(str, enum.Enum):
    READY = "ready"
    RESTARTING = "restarting"
    FAILED = "failed"
    FALLBACK = "fallback"  # a GPU slot could not start and was replaced by a CPU worker


# ---------------------------------------------------------------- shared value types


@dataclass(frozen=True)
class Word:
    start_ms: int
    end_ms: int
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    """One timed piece of text as the model produced it (not yet a subtitle cue)."""

    start_ms: int
    end_ms: int
    text: str
    words: tuple[Word, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 1.0
    # The language its text is in when not the job's: a chunk clearly in another language than
    # the file's detected one is written in its own (engine.own_language); "" otherwise.
    language: str = ""


@dataclass(frozen=True)
class EngineConfig:
    """How the supervisor builds its workers; changing it restarts them."""

    model: str = "base"
    device: str = "auto"  # auto | cpu | cuda
    gpus: tuple[int, ...] | None = None  # None: every GPU found
    workers: int | None = None  # CPU workers (default: one per core) or workers per GPU
    cpu_threads: int = 1
    # Chunks one worker decodes as one batch (engine.jobs.batch_size); None: measured per device.
    batch_size: int | None = None
    # On CPU workers only, the longest a long file's chunks may grow past JobOptions.max_chunk_ms
    # (ms; engine.planner.chunk_limit_ms): fewer second windows, -13 % wall on 3-10 min tiny.en
    # files. OFF (0) by default, kept for measurement: decoded by faster-whisper's window-to-window
    # loop, such chunks lost and doubled lines that one-window chunks keep (user test, 2026-11-30:
    # base lost 3 of 18 Japanese lines and said a Chinese line twice; tiny.en lost "beautiful
    # form" at a window's seam; a --prompt added words mid-sentence).
    cpu_chunk_ms: int = 0
    compute_type: str | None = None  # None: float16 on GPU, int8 on CPU
    # Import string "module:function" building the model inside a worker; tests swap in a fake.
    model_factory: str = "engine.transcriber:load_model"
    vad_factory: str = "engine.vad:load_vad"
    discovery: str = "engine.devices:discover_gpus"  # import string, so tests can fake GPUs
    cancel_grace_s: float = 3.0  # a running chunk that ignores cancel this long is killed
    # A busy worker sends a Heartbeat every second; one silent this long is hung (stopped, or a
    # frozen driver): it is killed and restarted, and its chunk goes back without using an attempt.
    # A slow model is not hung: its heartbeats go on however long the chunk takes.
    hang_timeout_s: float = 30.0
    chunk_timeout_s: float | None = None  # optional cap on one chunk's time (uses an attempt); None: none
    # A chunk that fails this many times for reasons of its own (the model raises, the worker
    # exits or crashes on it, garbage, chunk_timeout_s) fails alone: its stretch is reported and
    # the rest of the file goes on.
    max_chunk_attempts: int = 3
    # Kills from outside (a signal the supervisor did not send, e.g. the OOM killer's SIGKILL)
    # and hangs do not use attempts, but a chunk interrupted this many times in a row, while no
    # other chunk of its file finished, fails alone too (nothing loops for ever).
    max_chunk_interruptions: int = 10
    # A Ray cluster's address ("auto", or the head's "host:port"): each worker is then a proxy for
    # one model actor on a node's GPU or CPU slot (engine.cluster); None: local worker processes.
    cluster: str | None = None


@dataclass(frozen=True)
class JobOptions:
    language: str | None = None  # None: detect once per file
    task: Task = Task.TRANSCRIBE
    beam_size: int = 5
    vad_threshold: float = 0.5
    # Speech far under the loud speech beside it (a whispered line after a shout) is looked for
    # again and raised before Whisper hears it (engine.levels, engine.vad.with_quiet_speech);
    # False: the audio as it is, and VAD's first look alone.
    quiet_speech: bool = True
    max_chunk_ms: int = 30_000
    # The first chunk of a file longer than max_chunk_ms is packed to this at most (ending at a
    # silence), so that its cues come back sooner; 0: as long as the others (engine.prep,
    # engine.planner.ChunkPlanner.first_chunk_ms). A file that fits one chunk stays one.
    first_chunk_ms: int = 10_000
    # Text the model reads as if said just before each chunk (faster-whisper's initial_prompt):
    # names, terms and style to follow. The engine's style re-decode (engine.recheck) never
    # replaces a prompt the user gave.
    initial_prompt: str | None = None
    # Names and terms, e.g. "Mikael, Kubernetes", given to faster-whisper's ``hotwords``: put
    # before every decode of the chunk, stretches and style re-decodes included.
    hotwords: str | None = None
    # 1-based number among the file's audio streams, as mpv's --aid counts; None: the stream
    # tagged with ``language`` if any, else the one flagged default, else the first.
    audio_stream: int | None = None


@dataclass(frozen=True)
class AudioStreamInfo:
    """One audio stream of a media file, as a subtitler picks it (and as mpv's --aid counts)."""

    number: int  # 1-based among the file's audio streams
    language: str = ""  # the container's tag as written (ISO 639-2 such as "eng"); "" when untagged
    title: str = ""
    channels: int = 0
    layout: str = ""  # FFmpeg's name, e.g. "stereo", "5.1(side)"
    codec: str = ""
    default: bool = False  # flagged default in the container


@dataclass(frozen=True)
class WorkerInfo:
    worker_id: int
    device: str  # "cpu" or "cuda"
    device_index: int | None
    device_name: str
    compute_type: str
    multilingual: bool = True
