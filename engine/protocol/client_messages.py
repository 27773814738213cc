"""The caller's side of the engine's conversation: what a front end (CLI, window) sends to the
supervisor, and every event the supervisor sends back.

::

    caller (CLI / GUI)  --SubmitJob/CancelJob/Configure/Shutdown-->  supervisor
    caller              <--EngineReady/Job*/SegmentsReady/WorkerStatus--  supervisor

Each job ends with exactly one terminal event (``TERMINAL_EVENTS``: JobFinished, JobCancelled or
JobFailed); streamed SegmentsReady carry a per-job ``seq``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.protocol.values import AudioStreamInfo, EngineConfig, JobOptions, Segment, WorkerInfo, WorkerState

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
    # The chunk's first and last moment on the file's timeline (ms), segments or none: with
    # chunks back out of order, what is not yet transcribed is what lies between these.
    span_ms: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class JobProgress:
    job_id: str
    done_ms: int  # speech transcribed so far
    total_ms: int  # speech planned so far (grows until JobPlanned)
    elapsed_s: float
    speed: float  # media seconds per wall second ("x realtime")
    eta_s: float | None


MAX_PLACES = 6  # places of removed text a message names (the CLI's warning, the window's tooltip)


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
    # Where the filters removed text (start_ms, end_ms on the file's timeline), for the user to
    # check: the segments that lost text, nearby ones joined. Messages name MAX_PLACES of them.
    dropped_spans: tuple[tuple[int, int], ...] = ()


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
