"""A chunk given back after its worker gave no result, and a chunk that fails alone.

Faults, and what each costs the chunk a worker held (figures in EngineConfig):

- The chunk's own failures use an attempt: the model raises, the worker exits with a code or a
  crash signal on it, sends garbage, or runs past ``chunk_timeout_s``. After
  ``max_chunk_attempts`` (3) the chunk fails *alone*: StretchFailed gives its file-time span and
  reason, the rest of the file is transcribed, and JobFinished lists the failed stretches.
- Interruptions use no attempt: a kill from outside (any other signal, e.g. the OOM killer's
  SIGKILL) or a hang (a busy worker silent for ``hang_timeout_s``, 30 s: its heartbeat comes
  every second however slow the model, so silence means stopped or frozen; it is killed and
  restarted). They are bounded all the same, so nothing loops for ever: a chunk interrupted
  ``max_chunk_interruptions`` (10) times in a row while no other chunk of its job finished
  fails alone. Kills that hit whatever runs (memory pressure, a soak test) are forgiven as the
  file moves on; kills that hit only this chunk are not.
- A task given back after a fault of either kind runs alone for the rest of its job
  (``Job.given_back``): a fault is then blamed on the chunk that causes it, and a chunk that
  kills its worker cannot take a batch of others down with it.
- When a job fails as a whole rather than chunk by chunk: engine.supervisor.finish.
"""

from __future__ import annotations

import logging

from engine.jobs import Job, QueueEntry
from engine.protocol import (
    StretchFailed,
)
from engine.supervisor.language import LanguageChoice

log = logging.getLogger(__name__)


class ChunkFaults(LanguageChoice):
    """A chunk given back after a fault, and a chunk that fails alone."""

    def _requeue(self, entry: QueueEntry, reason: str | None, own_fault: bool = True) -> None:
        """Put a chunk back after its worker gave no result (rules in the module docstring).

        ``reason`` None: the supervisor took it back itself (reconfiguring), which costs nothing;
        ``own_fault`` True uses one of ``max_chunk_attempts``, False one of ``max_chunk_interruptions``.
        """
        job = self.jobs.get(entry.job_id)
        if job is None or (entry.kind == 1 and entry.chunk_index in job.done):
            return
        chunk = job.chunks[entry.chunk_index]
        if reason is not None:
            job.last_error[entry.chunk_index] = reason
            counts = job.attempts if own_fault else job.interruptions
            key = (entry.kind, entry.chunk_index)  # detecting a chunk's language is another task
            count = counts[key] = counts.get(key, 0) + 1
            job.returned.add(key)  # from now on it runs alone (Job.given_back)
            limit = self.config.max_chunk_attempts if own_fault else self.config.max_chunk_interruptions
            if count >= limit:
                what = "failed" if own_fault else "was interrupted"
                self._fail_chunk(job, entry, f"{what} {count} times (last: {reason})", own_fault)
                return
        self.queue.push(job, chunk, detect=entry.kind == 0)

    def _fail_chunk(self, job: Job, entry: QueueEntry, reason: str, own_fault: bool) -> None:
        """A chunk fails alone: the rest of the file goes on without it."""
        chunk = job.chunks[entry.chunk_index]
        if entry.kind == 0:  # a language vote: decide from the others (more may be planned yet)
            job.vote_chunks.remove(chunk.index)
            self._maybe_decide_language(job)
            return
        log.info(
            "%s: the audio at %.1f-%.1f s %s", job.path, chunk.start_ms / 1000, chunk.end_ms / 1000, reason
        )
        job.failed[chunk.index] = reason
        if own_fault:
            job.failed_own.add(chunk.index)
        job.done_ms += chunk.duration_ms  # dealt with: progress still reaches the end
        self._emit(StretchFailed(job.job_id, chunk.index, chunk.start_ms, chunk.end_ms, reason))
        self._emit(job.progress())
        self._maybe_finish(job)
