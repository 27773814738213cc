"""The language vote: which language a file is in, decided once, before its first segments.

The first ``LANGUAGE_VOTES`` (engine.jobs, 3) chunks planned are also queued as DetectLanguage
tasks, which run before any transcription; the probabilities are summed and the highest wins
(``Job.decide_language``). A job's transcription chunks wait in the queue until then, other
jobs' do not. A language the caller chose, or an English-only model, skips the vote; when no
vote could be had the job fails with a sentence that says to choose the language.
"""

from __future__ import annotations

import logging

from engine.jobs import Job
from engine.planner import Chunk
from engine.protocol import (
    LanguageDetected,
)
from engine.supervisor.finish import JobEnds, text_language

log = logging.getLogger(__name__)


class LanguageChoice(JobEnds):
    """The file's language: asked of its first chunks, decided once."""

    def _add_chunk(self, job: Job, chunk: Chunk) -> None:
        job.chunks[chunk.index] = chunk
        if job.language is None and self.multilingual is False:
            job.language = "en"
            self._say_language(job, "en", 1.0)  # an English-only model
        if job.wants_votes():
            job.vote_chunks.append(chunk.index)
            self.queue.push(job, chunk, detect=True)
        self.queue.push(job, chunk)

    def _maybe_decide_language(self, job: Job) -> None:
        if job.language is None and job.planned and job.chunks and not job.vote_chunks:
            last = job.last_error[max(job.last_error)] if job.last_error else "no vote"
            self._fail_job(
                job,
                "LanguageError",
                f"{job.path}: the language could not be detected "
                f"(last error: {last}); choose the language and try again.",
            )
            return
        language = job.decide_language()
        if language is not None:
            probability = sum(dict(v).get(language, 0.0) for v in job.votes.values())
            self._say_language(job, language, probability / max(1, len(job.votes)))

    def _say_language(self, job: Job, spoken: str, probability: float) -> None:
        """LanguageDetected for the language of the job's text: English when translating, which
        picks the subtitle rules (a Japanese file translated is laid out as English, not in 13
        full-width characters a line); the spoken language goes with it."""
        text = text_language(job, spoken)
        self._emit(LanguageDetected(job.job_id, text, probability, spoken=spoken if spoken != text else ""))
