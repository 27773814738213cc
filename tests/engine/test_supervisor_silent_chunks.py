"""A chunk whose speech all goes (the model invented it) still reports: SegmentsReady with no
segments, so a listener can tell the chunk is back (the window's live cues, issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.protocol import JobFinished, JobOptions, SegmentsReady
from tests.engine.engine_helpers import Recorder, fake_engine


@pytest.mark.slow
def test_a_chunk_with_nothing_kept_still_says_it_is_back(speech_wav: Path) -> None:
    with fake_engine("invent=1") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, JobOptions(max_chunk_ms=8_000))
        rec.finished(job)
    (terminal,) = rec.terminal(job)
    assert isinstance(terminal, JobFinished), terminal
    assert terminal.segment_count == 0
    assert sorted(rec.chunk_indexes(job)) == list(range(rec.chunk_count(job)))
    assert all(e.segments == () for e in rec.of(SegmentsReady, job))
    seqs = [e.seq for e in rec.of(SegmentsReady, job)]
    assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.slow
def test_lines_of_an_unsure_window_over_vad_speech_are_kept(speech_wav: Path) -> None:
    """A hard window's figures (no-speech 0.45, log-probability -1.85) are shared by all its
    lines: over VAD speech they are kept, not dropped as "not speech"."""
    with fake_engine("unsure=1") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, JobOptions(max_chunk_ms=20_000))
        rec.finished(job)
    (terminal,) = rec.terminal(job)
    assert isinstance(terminal, JobFinished), terminal
    # Loud bits VAD did not call speech may still go; the lines over speech stay.
    assert terminal.segment_count > 0 and terminal.dropped_ms < terminal.speech_ms / 10


@pytest.mark.slow
def test_removed_text_says_where(speech_wav: Path) -> None:
    with fake_engine("invent=1") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, JobOptions(max_chunk_ms=8_000))
        rec.finished(job)
    (terminal,) = rec.terminal(job)
    assert isinstance(terminal, JobFinished), terminal
    spans = terminal.dropped_spans
    assert spans and all(0 <= s < e <= terminal.duration_ms for s, e in spans), spans
    assert list(spans) == sorted(spans) and sum(e - s for s, e in spans) >= terminal.dropped_ms * 0.9
