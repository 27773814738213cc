"""How a job ends: exactly one JobFinished or JobFailed (JobCancelled is the loop's).

A job finishes when planning is over and every chunk is transcribed or failed alone
(JobFinished lists the failed stretches). It fails as a whole only for reasons of the file (it
cannot be decoded, its language cannot be detected), when every chunk failed, or when its
first ``FAIL_FAST_CHUNKS`` (3) chunks to end all failed by their own faults (attempts, not
interruptions): then the fault is not in the audio (a broken model or device), and trying
every other chunk three times would only waste minutes. Stretches lost to kills or hangs say
nothing about the model: the rest of the file goes on.

A job's queue entries and decoded audio are released when it ends, however it ends.
"""

from __future__ import annotations

import logging

from engine.jobs import Job
from engine.protocol import (
    JobFailed,
    JobFinished,
    Task,
)
from engine.supervisor.state import SupervisorState

log = logging.getLogger(__name__)

FAIL_FAST_CHUNKS = 3  # a job whose first chunks to end all failed fails as a whole


class JobEnds(SupervisorState):
    """Ending a job: finished, or failed as a whole."""

    def _maybe_finish(self, job: Job) -> None:
        if job.job_id not in self.jobs:
            return
        if job.failed and not job.done and (job.complete or len(job.failed_own) >= FAIL_FAST_CHUNKS):
            last = job.failed[max(job.failed)]
            stretches = "1 stretch" if len(job.failed) == 1 else f"{len(job.failed)} stretches"
            self._fail_job(
                job,
                "ChunkFailed",
                f"{job.path}: {stretches} failed and none was transcribed; the last {last}",
            )
            return
        if not job.complete:
            return
        self._end(job)
        elapsed = job.progress().elapsed_s
        self._emit(
            JobFinished(
                job.job_id,
                text_language(job, job.language or ""),
                job.duration_ms,
                job.segment_count,
                elapsed,
                job.speech_ms,
                job.dropped_ms,
                job.failed_stretches,
                job.dropped_spans,
            )
        )

    def _fail_job(self, job: Job, error_type: str, message: str, tb: str = "") -> None:
        if job.job_id not in self.jobs:
            return
        job.cancelled.set()
        self._end(job)
        self._emit(JobFailed(job.job_id, error_type, message, tb))

    def _end(self, job: Job) -> None:
        """Forget an ended job: its queue entries and its decoded audio go now, not with the next file."""
        del self.jobs[job.job_id]
        self.expected.pop(job.job_id, None)
        self.queue.drop_job(job.job_id)
        job.buffer.release()


def text_language(job: Job, spoken: str) -> str:
    """The language of the job's segments: English when Whisper translates, else ``spoken``."""
    return "en" if job.options.task is Task.TRANSLATE and spoken else spoken
