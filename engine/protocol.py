"""Every message that crosses a process boundary in the engine.

Data flow (all pipes are ``multiprocessing.Pipe`` created from the spawn context)::

    caller (CLI / GUI)  --SubmitJob/CancelJob/Configure/Shutdown-->  supervisor
    caller              <--EngineReady/Job*/SegmentsReady/WorkerStatus--  supervisor
    supervisor  --TranscribeChunk/TranscribeBatch/DetectLanguage/CancelChunk-->  worker (one per slot)
    supervisor  <--WorkerReady/ChunkDone/LanguageVote/ChunkFailed/...--  worker

Rules: every message is a frozen dataclass of plain fields (no exception objects, no Qt, numpy
only for audio payloads); times are int milliseconds; each job ends with exactly one terminal
event (JobFinished, JobCancelled or JobFailed). Importing this module must stay cheap: no
faster_whisper, ctranslate2, torch or Qt here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    AudioArray = npt.NDArray[np.float32]
else:
    AudioArray = object

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


@dataclass(frozen=True)
class JobOptions:
    language: str | None = None  # None: detect once per file
    task: Task = Task.TRANSCRIBE
    beam_size: int = 5
    vad_threshold: float = 0.5
    max_chunk_ms: int = 30_000
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


# ---------------------------------------------------------------- caller -> supervisor


@dataclass(frozen=True)
class SubmitJob:
    job_id: str
    path: str
    options: JobOptions = field(default_factory=JobOptions)


@dataclass(frozen=True)
class CancelJob:
    job_id: str


@dataclass(frozen=True)
class Configure:
    config: EngineConfig


@dataclass(frozen=True)
class Shutdown:
    pass


ClientMessage = SubmitJob | CancelJob | Configure | Shutdown


# ---------------------------------------------------------------- supervisor -> caller


@dataclass(frozen=True)
class EngineReady:
    model: str
    workers: tuple[WorkerInfo, ...]


@dataclass(frozen=True)
class ModelDownload:
    """Download progress of the configured model (only when it is not on disk yet)."""

    model: str
    done_bytes: int
    total_bytes: int  # 0 when unknown


@dataclass(frozen=True)
class WorkerStatus:
    worker_id: int
    state: WorkerState
    message: str


@dataclass(frozen=True)
class JobStarted:
    job_id: str
    path: str
    duration_ms: int
    audio_streams: tuple[AudioStreamInfo, ...] = ()  # every audio stream of the file; () when unknown
    audio_stream: int = 0  # the number of the stream being transcribed; 0 when unknown


@dataclass(frozen=True)
class JobPlanned:
    """VAD is done: the amount of speech to transcribe is now known."""

    job_id: str
    speech_ms: int
    chunk_count: int
    duration_ms: int = 0  # the decoded audio's length: what a cue may not end after


@dataclass(frozen=True)
class LanguageDetected:
    """The language of the job's text, once, before its first segments: detected (``probability``
    the vote's mean), or chosen by the caller or implied by an English-only model (``probability``
    1.0). When Whisper translates, ``language`` is "en" and ``spoken`` the language heard."""

    job_id: str
    language: str
    probability: float
    spoken: str = ""


@dataclass(frozen=True)
class SegmentsReady:
    """The segments of one finished chunk, on the file's timeline. Chunks may finish out of order."""

    job_id: str
    seq: int
    chunk_index: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class JobProgress:
    job_id: str
    done_ms: int  # speech transcribed so far
    total_ms: int  # speech planned so far (grows until JobPlanned)
    elapsed_s: float
    speed: float  # media seconds per wall second ("x realtime")
    eta_s: float | None


@dataclass(frozen=True)
class JobFinished:
    job_id: str
    language: str
    duration_ms: int
    segment_count: int
    elapsed_s: float
    # What VAD found to be speech, and how much of the model's text the filters removed as not
    # speech (no-speech segments, loop repetitions), both in ms: a file that ends with no cues
    # says whether it had no speech at all or speech that gave no text.
    speech_ms: int = 0
    dropped_ms: int = 0
    # Stretches of the file (start_ms, end_ms) that could not be transcribed (see StretchFailed):
    # the job finished without them, and they hold no cues.
    failed_stretches: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class StretchFailed:
    """One chunk of a job failed for reasons of its own; the rest of the file goes on.

    ``start_ms``/``end_ms`` are file time (the chunk's span). The stretch gets no cues; the
    caller shows it (CLI: a warning with the times; window: a marked gap on the waveform and
    in the table). Kills from outside (e.g. the OOM killer) do not make a stretch fail.
    """

    job_id: str
    chunk_index: int
    start_ms: int
    end_ms: int
    reason: str


@dataclass(frozen=True)
class JobCancelled:
    job_id: str


@dataclass(frozen=True)
class JobFailed:
    job_id: str
    error_type: str
    message: str
    traceback: str = ""


@dataclass(frozen=True)
class EngineFailed:
    """The supervisor cannot go on (e.g. no worker could load the model)."""

    error_type: str
    message: str
    traceback: str = ""


TERMINAL_EVENTS = (JobFinished, JobCancelled, JobFailed)

EngineEvent = (
    EngineReady
    | ModelDownload
    | WorkerStatus
    | JobStarted
    | JobPlanned
    | LanguageDetected
    | SegmentsReady
    | StretchFailed
    | JobProgress
    | JobFinished
    | JobCancelled
    | JobFailed
    | EngineFailed
)


# ---------------------------------------------------------------- supervisor -> worker


@dataclass(frozen=True, eq=False)
class TranscribeChunk:
    job_id: str
    chunk_index: int
    audio: AudioArray  # float32 mono 16 kHz, the chunk's pieces joined
    language: str | None
    options: JobOptions
    speech: tuple[tuple[int, int], ...] = ()  # VAD regions, ms on the chunk's own timeline


@dataclass(frozen=True, eq=False)
class TranscribeBatch:
    """Several chunks for one worker, decoded as one batch where the model can (see
    engine.one_window); the worker answers each with its own ChunkDone (or ChunkFailed /
    ChunkCancelled) as soon as that chunk is finished, in the order given."""

    tasks: tuple[TranscribeChunk, ...]


@dataclass(frozen=True, eq=False)
class DetectLanguage:
    job_id: str
    chunk_index: int
    audio: AudioArray


@dataclass(frozen=True)
class CancelChunk:
    job_id: str


# ---------------------------------------------------------------- worker -> supervisor


@dataclass(frozen=True)
class WorkerReady:
    worker_id: int
    info: WorkerInfo
    load_s: float


@dataclass(frozen=True)
class WorkerLoadFailed:
    worker_id: int
    error_type: str
    message: str
    traceback: str = ""


@dataclass(frozen=True)
class Heartbeat:
    """A busy worker is alive (sent every second while it works; see EngineConfig.hang_timeout_s)."""

    worker_id: int


@dataclass(frozen=True)
class ChunkDone:
    """Segments with times relative to the chunk's own audio."""

    job_id: str
    chunk_index: int
    segments: tuple[Segment, ...]
    language: str
    elapsed_s: float


@dataclass(frozen=True)
class ChunkCancelled:
    job_id: str
    chunk_index: int


@dataclass(frozen=True)
class ChunkFailed:
    job_id: str
    chunk_index: int
    error_type: str
    message: str
    traceback: str = ""


@dataclass(frozen=True)
class LanguageVote:
    job_id: str
    chunk_index: int
    probabilities: tuple[tuple[str, float], ...]


WorkerMessage = (
    WorkerReady | WorkerLoadFailed | Heartbeat | ChunkDone | ChunkCancelled | ChunkFailed | LanguageVote
)
