"""Per-job bookkeeping and the one shared queue of chunks that every idle worker pulls from.

The queue orders by job (first submitted first) and, within a job, longest chunk first: long
chunks started late are what leaves workers idle at the end (the earlier static 4-GPU split
reached only ~3x for that reason). The exception is a file's first ``TIME_ORDER_CHUNKS`` chunks,
taken first and in time order, so that the first cues appear within a second or two, at the top
of the list, and go on from there (:func:`ramped_batch` lets the first batches grow from one). A job that is still waiting for its language holds back its
transcription chunks, but not other jobs' chunks.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from engine.audio import AudioBuffer
from engine.planner import Chunk, join_spans
from engine.protocol import JobOptions, JobProgress, Word

LANGUAGE_VOTES = 3  # chunks whose language probabilities are summed to pick the file's language


class JobAudio(AudioBuffer):
    """A job's decoded audio, dropped by ``release()`` when the job ends.

    The preparation thread keeps its last request (and so this buffer) until the next file
    arrives, so ending a job empties the buffer itself rather than hoping every holder lets go.
    A block the preparation thread appends after that is dropped too.
    """

    def __init__(self) -> None:
        self._release_lock = threading.Lock()
        self.released = False
        super().__init__()

    def append(self, block: npt.NDArray[np.float32]) -> None:
        with self._release_lock:
            if not self.released:
                super().append(block)

    def release(self) -> None:
        with self._release_lock:
            self.released = True
            AudioBuffer.__init__(self)  # no blocks: the decoded audio is freed


DROPPED_JOIN_MS = 2_000  # removed text this close together is one place to check


@dataclass
class Job:
    job_id: str
    path: str
    options: JobOptions
    order: int
    buffer: JobAudio = field(default_factory=JobAudio)
    cancelled: threading.Event = field(default_factory=threading.Event)
    chunks: dict[int, Chunk] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)
    # By (QueueEntry.kind, chunk index): a chunk's language detection and its transcription are
    # separate tasks, each with its own tally.
    attempts: dict[tuple[int, int], int] = field(default_factory=dict)  # failures of the task's own
    # Kills and hangs since a chunk of the job finished.
    interruptions: dict[tuple[int, int], int] = field(default_factory=dict)
    # Tasks given back after a fault of any kind, for the rest of the job: unlike
    # ``interruptions`` this is never cleared, so such a task keeps running alone.
    returned: set[tuple[int, int]] = field(default_factory=set)
    failed: dict[int, str] = field(default_factory=dict)  # chunks that failed alone, with the reason
    failed_own: set[int] = field(default_factory=set)  # those of them that used up their attempts
    last_error: dict[int, str] = field(default_factory=dict)
    language: str | None = None
    votes: dict[int, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    vote_chunks: list[int] = field(default_factory=list)
    planned: bool = False
    duration_ms: int = 0
    done_ms: int = 0
    seq: int = 0
    segment_count: int = 0
    dropped_ms: int = 0  # text the filters removed as not speech
    dropped: list[tuple[int, int]] = field(default_factory=list)  # where (file ms, each segment's span)
    edges: dict[int, tuple[Word | None, Word | None]] = field(default_factory=dict)  # first, last word
    started: float = field(default_factory=time.monotonic)
    dispatched: bool = False

    def mark_dispatched(self) -> None:
        """Speed and ETA count from the first chunk a worker takes, not from queueing."""
        if not self.dispatched:
            self.dispatched = True
            self.started = time.monotonic()

    @property
    def total_ms(self) -> int:
        return sum(c.duration_ms for c in self.chunks.values())

    @property
    def speech_ms(self) -> int:
        """What VAD found to be speech in the chunks planned so far."""
        return sum(c.speech_ms for c in self.chunks.values())

    @property
    def complete(self) -> bool:
        """Every chunk transcribed or failed alone, and planning is over."""
        return self.planned and len(self.done) + len(self.failed) == len(self.chunks)

    @property
    def failed_stretches(self) -> tuple[tuple[int, int], ...]:
        """The file-time spans of the chunks that failed alone, in time order."""
        return tuple(sorted((self.chunks[i].start_ms, self.chunks[i].end_ms) for i in self.failed))

    @property
    def dropped_spans(self) -> tuple[tuple[int, int], ...]:
        """Where the filters removed text (file ms), in time order, spans closer than
        DROPPED_JOIN_MS joined: the places a user should listen to again."""
        return tuple(join_spans(self.dropped, DROPPED_JOIN_MS))

    def given_back(self, entry: QueueEntry) -> bool:
        """Whether this task was given back before (its worker failed, died or hung on it or on its
        batch): it then runs alone, so that a fault is blamed on the chunk that causes it."""
        return (entry.kind, entry.chunk_index) in self.returned

    def wants_votes(self) -> bool:
        return self.language is None and len(self.vote_chunks) < LANGUAGE_VOTES

    def decide_language(self) -> str | None:
        """Pick the language once enough votes are in (or planning ended with fewer chunks): the
        highest sum of probabilities, each chunk's weighted by its speech (ms)."""
        if self.language is not None:
            return None
        enough = len(self.votes) >= LANGUAGE_VOTES
        all_in = self.planned and len(self.votes) == len(self.vote_chunks)
        if not (enough or all_in):
            return None
        # Each vote counts by the speech its chunk holds: the file's first chunk is packed shorter
        # (planner.first_chunk_ms) and may be mostly an intro; ten seconds of it should not
        # outvote two thirty-second chunks of dialogue.
        totals: dict[str, float] = {}
        for index, probabilities in self.votes.items():
            chunk = self.chunks.get(index)
            weight = max(1, chunk.speech_ms) if chunk is not None else 1
            for code, p in probabilities:
                totals[code] = totals.get(code, 0.0) + p * weight
        self.language = max(totals, key=lambda code: totals[code]) if totals else "en"
        return self.language

    @property
    def expected_total_ms(self) -> int:
        """What ``done_ms`` will reach: the planned chunks' length, and while the planner still
        reads the file, the part of the media after the last planned chunk as if it were all
        speech. Counting only the chunks planned so far made the bar run ahead and then go back
        (14.7 % shown, then "stopped at 8 %" on a 10-minute file); this way it can only be low,
        and it becomes exact when planning ends.
        """
        total = self.total_ms
        if self.planned or not self.duration_ms:
            return total
        planned_to = max((c.end_ms for c in self.chunks.values()), default=0)
        return total + max(0, self.duration_ms - planned_to)

    def progress(self) -> JobProgress:
        elapsed = time.monotonic() - self.started
        total = self.expected_total_ms
        fraction = self.done_ms / total if total else 0.0
        media_done_ms = fraction * (self.duration_ms or total)
        speed = media_done_ms / 1000 / elapsed if elapsed > 0 else 0.0
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 and self.planned else None
        return JobProgress(self.job_id, self.done_ms, total, elapsed, speed, eta)


@dataclass(frozen=True, order=True)
class QueueEntry:
    job_order: int
    kind: int  # 0: language detection (runs first), 1: transcription
    later: int  # the chunk's index up to TIME_ORDER_CHUNKS: a file's first chunks go first, in time order
    neg_length: int
    chunk_index: int
    job_id: str = field(compare=False)


# Chunks a worker decodes as one batch when EngineConfig.batch_size is None. CPU: measured on
# lj_300s (tiny.en int8, one thread, the engine's 12 chunks, with engine.one_window's
# continuation on, as it then was): 27.4 CPU-s one at a time, 24.4 in twos, 21.4 in fours, with
# the same text. GPU: faster-whisper's BatchedInferencePipeline default;
# published figures (large-v3-turbo, RTX 3090) give 43x realtime unbatched and 108x at batch 16.
CPU_BATCH = 4
GPU_BATCH = 8
# A file's first chunks run in time order before the longest-first rest (QueueEntry.later), and
# its batches grow from one chunk, doubling with each chunk done (ramped_batch): with batches of 4
# from the start, a 3-minute file showed its first cue and then nothing until every batch ended
# together near the end (user test 7: first cue at 8 s, the other 29 lines at 24-26 s).
TIME_ORDER_CHUNKS = 3


def ramped_batch(most: int, chunks_done: int) -> int:
    """The batch a worker may take for a job with ``chunks_done`` chunks back: 1, 2, 4 ... up to
    ``most``, so a file's first cues come back one chunk at a time before batches fill."""
    return max(1, min(most, 1 << min(chunks_done, 16)))


def batch_size(device: str, configured: int | None) -> int:
    """How many chunks a worker on ``device`` ("cpu" or "cuda") takes at once (>= 1)."""
    if configured is not None:
        return max(1, configured)
    return GPU_BATCH if device == "cuda" else CPU_BATCH


class ChunkQueue:
    def __init__(self) -> None:
        self._heap: list[QueueEntry] = []

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, job: Job, chunk: Chunk, detect: bool = False) -> None:
        entry = QueueEntry(
            job.order,
            0 if detect else 1,
            min(chunk.index, TIME_ORDER_CHUNKS),
            -chunk.duration_ms,
            chunk.index,
            job.job_id,
        )
        heapq.heappush(self._heap, entry)

    def pop(self, jobs: dict[str, Job]) -> QueueEntry | None:
        """The next entry a worker may run now; entries of ended jobs are dropped."""
        held: list[QueueEntry] = []
        found = None
        while self._heap:
            entry = heapq.heappop(self._heap)
            job = jobs.get(entry.job_id)
            if job is None or job.cancelled.is_set():
                continue
            if entry.kind == 1 and job.language is None:
                held.append(entry)  # waits for the language vote
                continue
            found = entry
            break
        for entry in held:
            heapq.heappush(self._heap, entry)
        return found

    def pop_more(
        self,
        first: QueueEntry,
        workers: int,
        most: int,
        alone: Callable[[QueueEntry], bool] = lambda e: False,
    ) -> list[QueueEntry]:
        """Chunks to send with ``first`` in one batch (engine.worker's TranscribeBatch).

        Only transcription entries of ``first``'s job go together (one language and options),
        and never with the file's first chunk, whose cues should appear at once. So that the
        last chunks of a file spread over every worker rather than queue behind one, a batch
        takes at most its share of what is waiting: ``waiting // workers`` chunks, in all at
        most ``most`` (the worker's batch size). Entries ``alone`` says must go by themselves
        are left. Returns the extra entries, in queue order.
        """
        if first.kind != 1 or first.later == 0 or most <= 1:
            return []
        waiting = sum(1 for e in self._heap if e.job_id == first.job_id and e.kind == 1)
        share = min(most, max(1, (waiting + 1) // max(1, workers)))
        if share <= 1:
            return []
        mine = sorted(e for e in self._heap if e.job_id == first.job_id and e.kind == 1 and not alone(e))
        more = mine[: share - 1]
        if more:
            taken = {id(e) for e in more}
            self._heap = [e for e in self._heap if id(e) not in taken]
            heapq.heapify(self._heap)
        return more

    def drop_job(self, job_id: str) -> None:
        self._heap = [e for e in self._heap if e.job_id != job_id]
        heapq.heapify(self._heap)
