"""The workers' side of the engine's conversation: the tasks the supervisor sends a worker
process, and what the worker answers.

::

    supervisor  --TranscribeChunk/TranscribeBatch/DetectLanguage/CancelChunk-->  worker (one per slot)
    supervisor  <--WorkerReady/ChunkDone/LanguageVote/ChunkFailed/...--  worker

Audio payloads are the one place numpy arrays travel (float32 mono 16 kHz); segment times in
ChunkDone are on the chunk's own timeline, which the supervisor maps onto the file's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.protocol.values import JobOptions, Segment, WorkerInfo

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    AudioArray = npt.NDArray[np.float32]
else:
    AudioArray = object

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
