"""A chunk whose speech all goes (the model invented it) still reports: SegmentsReady with no
segments, so a listener can tell the chunk is back (the window's live cues, issue 11); and what
the filters remove is placed for the user, what they keep is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.protocol import JobFinished, JobOptions, SegmentsReady
from tests.engine.engine_helpers import Recorder, fake_engine


def finished(script: str, wav: Path, max_chunk_ms: int) -> tuple[Recorder, str, JobFinished]:
    """One job of the fake model ``script`` run to its end: the recorder, the job and its JobFinished."""
    with fake_engine(script) as client:
        rec = Recorder(client)
        job = client.submit(wav, JobOptions(max_chunk_ms=max_chunk_ms))
        rec.finished(job)
    (terminal,) = rec.terminal(job)
    assert isinstance(terminal, JobFinished), terminal
    return rec, job, terminal


@pytest.mark.slow
def test_a_chunk_with_nothing_kept_still_says_it_is_back_and_where_text_went(speech_wav: Path) -> None:
    rec, job, terminal = finished("invent=1", speech_wav, 8_000)
    assert terminal.segment_count == 0
    assert sorted(rec.chunk_indexes(job)) == list(range(rec.chunk_count(job)))
    assert all(e.segments == () for e in rec.of(SegmentsReady, job))
    seqs = [e.seq for e in rec.of(SegmentsReady, job)]
    assert seqs == list(range(1, len(seqs) + 1))
    spans = terminal.dropped_spans  # where the removed text was, on the file's timeline
    assert spans and all(0 <= s < e <= terminal.duration_ms for s, e in spans), spans
    assert list(spans) == sorted(spans) and sum(e - s for s, e in spans) >= terminal.dropped_ms * 0.9


@pytest.mark.slow
def test_lines_of_an_unsure_window_over_vad_speech_are_kept(speech_wav: Path) -> None:
    """A hard window's figures (no-speech 0.45, log-probability -1.85) are shared by all its
    lines: over VAD speech, with likely words, they are kept, not dropped as "not speech"."""
    _, _, terminal = finished("unsure=1", speech_wav, 20_000)
    # Loud bits VAD did not call speech may still go; the lines over speech stay.
    assert terminal.segment_count > 0 and terminal.dropped_ms < terminal.speech_ms / 10
