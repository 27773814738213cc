"""A worker's messages: ready, could not load, and the answer to the chunk it holds.

A message that answers no chunk it holds, or segments that are not Segments of Words, mean
the worker is broken: it is killed and its sentinel gives the chunk back. A chunk's segments
are cleaned (engine.filters), put on the file's timeline, stripped of a word repeated across a
seam with a finished neighbour (engine.seams), and sent as SegmentsReady, even when empty.
"""

from __future__ import annotations

import logging
import time

from engine.filters import clean_segment
from engine.jobs import Job
from engine.onsets import rise_in
from engine.planner import Chunk
from engine.protocol import (
    ChunkCancelled,
    ChunkDone,
    ChunkFailed,
    Heartbeat,
    LanguageVote,
    Segment,
    SegmentsReady,
    Word,
    WorkerLoadFailed,
    WorkerReady,
    WorkerState,
    WorkerStatus,
)
from engine.seams import drop_first_word, drop_last_word, first_word, is_seam_repeat, last_word
from engine.supervisor.startup import WorkerStartup
from engine.workers import WorkerHandle

log = logging.getLogger(__name__)


class WorkerResults(WorkerStartup):
    """What workers send: readiness, load failures, and each chunk's answer."""

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

    def _on_chunk_done(self, job: Job, message: ChunkDone) -> None:
        if message.chunk_index in job.done:
            return
        chunk = job.chunks[message.chunk_index]
        kept: list[Segment] = []
        speech = chunk.speech_in_chunk()
        rise = rise_in(job.buffer.slice_ms)  # where a word's speech rose before silero's region
        for raw in message.segments:
            cleaned = clean_segment(raw, speech)
            before = raw.end_ms - raw.start_ms
            after = 0 if cleaned is None else cleaned.end_ms - cleaned.start_ms
            if raw.text.strip() and before > after:
                job.dropped_ms += before - after
                job.dropped += chunk.file_spans(raw.start_ms, raw.end_ms)
            if cleaned is not None:
                kept.append(chunk.segment_to_file(cleaned, rise))
        segments = self._without_seam_repeats(job, chunk, tuple(kept))
        job.edges[message.chunk_index] = (first_word(segments), last_word(segments))
        job.done.add(message.chunk_index)
        job.interruptions.clear()  # the file moves on: earlier kills were not about one chunk
        job.done_ms += chunk.duration_ms
        # Sent even with no segments: a listener (the window's live cues) must know the chunk is back.
        job.seq += 1
        job.segment_count += len(segments)
        self._emit(
            SegmentsReady(job.job_id, job.seq, message.chunk_index, segments, (chunk.start_ms, chunk.end_ms))
        )
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
