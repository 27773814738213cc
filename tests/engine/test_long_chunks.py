"""With EngineConfig.cpu_chunk_ms set, a long file on CPU workers is cut into chunks longer than
one 30 s window (issue 14): fewer second windows. Off by default (a user test found lines lost
and doubled in such chunks). The rule (engine.planner.chunk_limit_ms), then a real supervisor and
workers running the fake model."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.planner import WINDOW_MS, chunk_limit_ms, windows_in
from engine.protocol import SegmentsReady
from tests.conftest import write_joined_speech
from tests.engine.engine_helpers import Recorder, fake_engine
from tests.engine.test_batches import batch_sizes


@pytest.mark.parametrize(
    ("duration_ms", "workers", "expected"),
    [
        (600_000, 2, 60_000),  # 10 minutes on 2 cores: as long as allowed
        (180_000, 2, 45_000),  # still 2 chunks per worker
        (100_000, 2, 30_000),  # short: one window each, as before
        (600_000, 8, 37_500),  # many workers: many chunks
        (600_000, 20, 30_000),
        (600_000, 0, 30_000),  # a GPU among the workers (or none planned yet)
        (0, 2, 30_000),  # length unknown
    ],
)
def test_chunk_limit(duration_ms: int, workers: int, expected: int) -> None:
    assert chunk_limit_ms(WINDOW_MS, duration_ms, workers, 60_000) == expected


def test_a_callers_own_limits_are_kept() -> None:
    assert chunk_limit_ms(4_000, 600_000, 2, 60_000) == 4_000  # small chunks asked for
    assert chunk_limit_ms(WINDOW_MS, 600_000, 2, 0) == WINDOW_MS  # growth turned off
    assert chunk_limit_ms(45_000, 600_000, 2, 30_000) == 45_000  # never shorter than asked


def test_a_long_chunk_counts_its_windows_for_its_deadline() -> None:
    assert [windows_in(ms) for ms in (0, 4_000, 30_000, 30_001, 45_000, 56_000, 60_000)] == [
        1,
        1,
        1,
        3,
        3,
        3,
        3,
    ]


@pytest.fixture(scope="module")
def long_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 150 s: the 16 LJSpeech sentences, 2 s apart (75 s chunks for one worker, 60 s allowed)."""
    return write_joined_speech(tmp_path_factory.mktemp("audio") / "long.wav", 16)


LONGER = 60_000


def run(path: Path, script: str, longer: bool = True, **config: object) -> tuple[int, int]:
    """The job's chunk count, and how many ms its cues cover; ``longer``: with
    ``cpu_chunk_ms=LONGER``, else the engine's default."""
    config.setdefault("device", "cpu")  # a machine with a GPU would keep one-window chunks
    if longer:
        config["cpu_chunk_ms"] = LONGER
    with fake_engine(script, workers=1, **config) as client:
        rec = Recorder(client)
        job = client.submit(path)
        rec.finished(job, timeout=90)
        spans = sorted((s.start_ms, s.end_ms) for e in rec.of(SegmentsReady, job) for s in e.segments)
        return rec.chunk_count(job), covered_ms(spans)


def covered_ms(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, 0
    for start, end in spans:
        total += max(0, end - max(start, reach))
        reach = max(reach, end)
    return total


def test_long_file_on_the_cpu_gets_longer_chunks_and_loses_nothing(long_wav: Path) -> None:
    windows, window_covered = run(long_wav, "", longer=False)
    longer, longer_covered = run(long_wav, "")
    assert longer < windows
    # The fake model gives a cue per loud stretch (100 ms frames), less the frames cut at a
    # chunk's edges: the same speech covered within a second (a lost sentence is 2-10 s).
    assert window_covered > 80_000 and abs(longer_covered - window_covered) < 1_000


def test_on_a_gpu_chunks_stay_one_window(long_wav: Path) -> None:
    windows, _ = run(long_wav, "", longer=False)
    gpu, _ = run(long_wav, "", device="auto", discovery="tests.engine.fake_model:two_gpus")
    assert gpu == windows


def test_chunks_longer_than_a_window_are_not_batched(long_wav: Path, tmp_path: Path) -> None:
    one_window, longer = tmp_path / "one_window", tmp_path / "longer"
    one_window.mkdir()
    longer.mkdir()
    run(long_wav, f"batch={one_window}", longer=False, batch_size=4)
    run(long_wav, f"batch={longer}", batch_size=4)
    assert max(batch_sizes(one_window), default=1) > 1  # the same file in windows does batch
    assert batch_sizes(longer) == []


def test_a_slow_worker_plan_still_gives_longer_chunks(long_wav: Path) -> None:
    """The planner waits for the workers' plan: a GPU query slower than the VAD's wait for the
    workers (2 s) left the file in one-window chunks (review)."""
    windows, _ = run(long_wav, "", longer=False)
    slow, _ = run(long_wav, "", device="auto", discovery="tests.engine.fake_model:no_gpus_slowly")
    assert slow < windows


def test_by_default_chunks_stay_one_window(long_wav: Path) -> None:
    default, _ = run(long_wav, "", longer=False)
    longer, _ = run(long_wav, "")
    assert default > longer
