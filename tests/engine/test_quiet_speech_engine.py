"""The engine finds and raises a line spoken 30-40 dB under its neighbours (engine.levels,
engine.vad.with_quiet_speech), and leaves the audio as it is with JobOptions.quiet_speech off.

The fake model writes a segment over each stretch of its chunk's audio louder than -40 dBFS
(tests.engine.fake_model.loud_spans): the quiet line, at about -50 or -60 dBFS, gets one only when the
supervisor has raised it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from engine.protocol import JobOptions, SegmentsReady
from tests.conftest import TESTDATA
from tests.engine.engine_helpers import Recorder, fake_engine


@pytest.mark.parametrize("under_db", [30, 40])  # found by VAD's first look / only by its second
def test_a_line_far_under_its_neighbours_reaches_the_model_only_when_asked(
    tmp_path: Path, under_db: int
) -> None:
    from engine.audio import decode

    first, quiet, last = (decode(TESTDATA / "en" / f"LJ001-{n:04d}.flac") for n in (1, 2, 3))
    pause = np.zeros(12_000, np.float32)
    path = tmp_path / "whisper_after_loud.wav"
    soundfile.write(
        str(path),
        np.concatenate([first, pause, quiet * np.float32(10 ** (-under_db / 20)), pause, last]),
        16_000,
    )
    start_ms = (first.size + pause.size) // 16
    end_ms = start_ms + quiet.size // 16

    def overlapping(options: JobOptions) -> int:
        with fake_engine(workers=1) as client:
            rec = Recorder(client)
            job = client.submit(path, options)
            rec.finished(job)
        segments = [s for e in rec.of(SegmentsReady, job) for s in e.segments]
        assert segments, "the loud lines are heard either way"
        return sum(max(0, min(s.end_ms, end_ms) - max(s.start_ms, start_ms)) for s in segments)

    assert overlapping(JobOptions()) >= 0.6 * (end_ms - start_ms)
    assert overlapping(JobOptions(quiet_speech=False)) == 0
