"""Every message that crosses a process boundary in the engine: one protocol, in four parts.

Data flow (all pipes are ``multiprocessing.Pipe`` created from the spawn context)::

    caller (CLI / GUI)  --SubmitJob/CancelJob/Configure/Shutdown-->  supervisor
    caller              <--EngineReady/Job*/SegmentsReady/WorkerStatus--  supervisor
    supervisor  --TranscribeChunk/TranscribeBatch/DetectLanguage/CancelChunk-->  worker (one per slot)
    supervisor  <--WorkerReady/ChunkDone/LanguageVote/ChunkFailed/...--  worker
    model manager  <--DownloadProgress/DownloadFinished/DownloadFailed--  download process

- ``values``: the plain values messages are made of (Word, Segment, EngineConfig, JobOptions ...)
- ``client_messages``: caller <-> supervisor
- ``worker_messages``: supervisor <-> worker
- ``downloads``: a model download's process -> the window

Import the names from here (``from engine.protocol import Segment``); the parts are where each
is written. Rules: every message is a frozen dataclass of plain fields (no exception objects, no
Qt, numpy only for audio payloads); times are int milliseconds; each job ends with exactly one
terminal event (JobFinished, JobCancelled or JobFailed). Importing this package must stay cheap:
no numpy, faster_whisper, ctranslate2, torch or Qt here.
"""

from engine.protocol.client_messages import (
    MAX_PLACES,
    TERMINAL_EVENTS,
    CancelJob,
    ClientMessage,
    Configure,
    EngineEvent,
    EngineFailed,
    EngineReady,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobPlanned,
    JobProgress,
    JobStarted,
    LanguageDetected,
    ModelDownload,
    SegmentsReady,
    Shutdown,
    StretchFailed,
    SubmitJob,
    WorkerStatus,
)
from engine.protocol.downloads import (
    DownloadFailed,
    DownloadFinished,
    DownloadMessage,
    DownloadProgress,
)
from engine.protocol.values import (
    SAMPLE_RATE,
    AudioStreamInfo,
    EngineConfig,
    JobOptions,
    Segment,
    Task,
    Word,
    WorkerInfo,
    WorkerState,
)
from engine.protocol.worker_messages import (
    AudioArray,
    CancelChunk,
    ChunkCancelled,
    ChunkDone,
    ChunkFailed,
    DetectLanguage,
    Heartbeat,
    LanguageVote,
    TranscribeBatch,
    TranscribeChunk,
    WorkerLoadFailed,
    WorkerMessage,
    WorkerReady,
)

__all__ = [
    "MAX_PLACES",
    "AudioArray",
    "AudioStreamInfo",
    "CancelChunk",
    "CancelJob",
    "ChunkCancelled",
    "ChunkDone",
    "ChunkFailed",
    "ClientMessage",
    "Configure",
    "DetectLanguage",
    "DownloadFailed",
    "DownloadFinished",
    "DownloadMessage",
    "DownloadProgress",
    "EngineConfig",
    "EngineEvent",
    "EngineFailed",
    "EngineReady",
    "Heartbeat",
    "JobCancelled",
    "JobFailed",
    "JobFinished",
    "JobOptions",
    "JobPlanned",
    "JobProgress",
    "JobStarted",
    "LanguageDetected",
    "LanguageVote",
    "ModelDownload",
    "SAMPLE_RATE",
    "Segment",
    "SegmentsReady",
    "Shutdown",
    "StretchFailed",
    "SubmitJob",
    "TERMINAL_EVENTS",
    "Task",
    "TranscribeBatch",
    "TranscribeChunk",
    "Word",
    "WorkerInfo",
    "WorkerLoadFailed",
    "WorkerMessage",
    "WorkerReady",
    "WorkerState",
    "WorkerStatus",
]
