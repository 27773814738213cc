"""The job's language is said once, before its first segments, however it became known.

A language chosen by the caller used to be said only in JobFinished: the window then gave the
file English rules (42 characters, no Chinese conversion) and the CLI's partial files too.
"""

from __future__ import annotations

from pathlib import Path

from engine.protocol import JobFinished, JobOptions, LanguageDetected, SegmentsReady
from tests.engine.engine_helpers import Recorder, fake_engine


def test_a_chosen_language_is_said_before_the_first_segments(short_wav: Path) -> None:
    with fake_engine(workers=1) as client:
        recorder = Recorder(client)
        recorder.ready()
        job = client.submit(short_wav, JobOptions(language="ja"))
        recorder.finished(job)
        mine = [e for e in recorder.events if getattr(e, "job_id", None) == job]
        said = [e for e in mine if isinstance(e, LanguageDetected)]
        assert [(e.language, e.probability) for e in said] == [("ja", 1.0)]
        first_segments = next(i for i, e in enumerate(mine) if isinstance(e, SegmentsReady))
        assert mine.index(said[0]) < first_segments
        assert isinstance(mine[-1], JobFinished) and mine[-1].language == "ja"


def test_a_translation_is_said_to_be_english_with_the_language_heard(short_wav: Path) -> None:
    """The subtitle rules follow the text's language: a Japanese file translated is English text."""
    from engine.protocol import Task

    with fake_engine(workers=1) as client:
        recorder = Recorder(client)
        recorder.ready()
        job = client.submit(short_wav, JobOptions(language="ja", task=Task.TRANSLATE))
        recorder.finished(job)
        said = recorder.of(LanguageDetected, job)
        assert [(e.language, e.spoken) for e in said] == [("en", "ja")]
        (finished,) = recorder.of(JobFinished, job)
        assert finished.language == "en"
