"""The engine under faults from outside (issue 10): a chunk that fails by itself fails alone,
and kills from outside do not count against it (real processes, the scripted fake model).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.protocol import (
    JobFinished,
    JobOptions,
    JobProgress,
    SegmentsReady,
    StretchFailed,
)
from tests.engine.engine_helpers import Recorder, fake_engine
from tests.engine.fault_helpers import restarts
from tests.engine.test_supervisor import SMALL_CHUNKS, assert_complete

# ---------------------------------------------------------------- a chunk fails alone (item 4)


@pytest.mark.parametrize(
    "mode, cause",
    [("exit", "exited with code 3"), ("raise", "RuntimeError: fake model failure"), ("segv", "SIGSEGV")],
)
def test_a_chunk_that_fails_by_itself_fails_alone(
    mode: str, cause: str, speech_wav: Path, tmp_path: Path
) -> None:
    """Before: the job failed and the rest of the file was never transcribed."""
    with fake_engine(f"poison={tmp_path}&poison_mode={mode}") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job, timeout=120)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFinished), terminal
        (failed,) = rec.of(StretchFailed, job)
        assert "failed 3 times" in failed.reason and cause in failed.reason
        assert terminal.failed_stretches == ((failed.start_ms, failed.end_ms),)
        assert 0 <= failed.start_ms < failed.end_ms <= terminal.duration_ms
        others = set(range(rec.chunk_count(job))) - {failed.chunk_index}
        assert sorted(rec.chunk_indexes(job)) == sorted(others)  # every other chunk's cues, once
        assert terminal.segment_count == sum(len(e.segments) for e in rec.of(SegmentsReady, job))
        assert rec.of(JobProgress, job)[-1].done_ms == rec.of(JobProgress, job)[-1].total_ms


def test_failed_language_detection_does_not_use_the_transcriptions_attempts(
    short_wav: Path, tmp_path: Path
) -> None:
    """Detection fails twice on the file's only chunk, then its transcription fails once.

    Before: both counted on one tally per chunk, so the third failure failed the chunk and,
    the file having one chunk, the job.
    """
    (tmp_path / "detect").mkdir()
    (tmp_path / "poison").mkdir()
    script = (
        f"detect_raise={tmp_path / 'detect'}&detect_raise_times=2"
        f"&poison={tmp_path / 'poison'}&poison_n=0&poison_times=1&poison_mode=raise"
    )
    with fake_engine(script, workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav, JobOptions())  # the language is detected first
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert rec.chunk_count(job) == 1
        assert len(list((tmp_path / "detect").iterdir())) == 3
        assert len(list((tmp_path / "poison").glob("hit-*"))) == 2  # failed once, then transcribed
        assert not rec.of(StretchFailed, job)


def test_kills_from_outside_do_not_count_against_the_chunk(speech_wav: Path, tmp_path: Path) -> None:
    """The OOM killer's SIGKILL three times on one chunk: before, the whole file failed."""
    with fake_engine(f"poison={tmp_path}&poison_mode=sigkill&poison_times=3") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert not rec.of(StretchFailed, job)
        messages = restarts(rec)
        assert len(messages) == 3 and all("killed from outside (SIGKILL)" in m for m in messages)


def test_kills_from_outside_are_bounded_too(speech_wav: Path, tmp_path: Path) -> None:
    """A chunk that is always killed fails alone after max_chunk_interruptions, not the file."""
    with fake_engine(f"poison={tmp_path}&poison_mode=sigkill", max_chunk_interruptions=4) as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job, timeout=60)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFinished), terminal
        (failed,) = rec.of(StretchFailed, job)
        assert "interrupted 4 times" in failed.reason and "SIGKILL" in failed.reason
        assert len(rec.chunk_indexes(job)) == rec.chunk_count(job) - 1


def test_stretches_lost_to_kills_do_not_fail_the_file_fast(speech_wav: Path, tmp_path: Path) -> None:
    """The first three chunks to end are each lost to a kill from outside; the rest of the file is fine.

    Before: FAIL_FAST_CHUNKS counted them as proof of a broken model and failed the whole file
    ("3 stretches failed and none was transcribed"), with nothing kept.
    """
    script = f"poison={tmp_path}&poison_mode=sigkill&poison_n=0&poison_count=3"
    with fake_engine(script, workers=1, max_chunk_interruptions=1) as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job, timeout=90)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFinished), terminal
        failed = rec.of(StretchFailed, job)
        assert len(failed) == 3 and all("interrupted 1 times" in f.reason for f in failed)
        assert len(rec.chunk_indexes(job)) == rec.chunk_count(job) - 3 > 0
