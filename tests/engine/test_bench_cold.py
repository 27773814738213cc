"""bench.cold's pure parts: medians, run order, ratios and the CLI's first-cue line; no timings."""

from __future__ import annotations

from pathlib import Path

from bench.cold import (
    BATCHED,
    DISPATCH_LINE,
    OURS,
    SEQUENTIAL,
    ColdRow,
    ColdRun,
    command_for,
    first_cue_from_stderr,
    interleaved,
    median,
    ratio_rows,
)


def _row(name: str, walls: list[float], cpus: list[float], wers: list[float | None]) -> ColdRow:
    runs = [ColdRun(w, c, 100.0 + i, 90.0, 0.1, wer=e) for i, (w, c, e) in enumerate(zip(walls, cpus, wers))]
    return ColdRow(name, "lj.wav", 180.0, runs)


def test_median_skips_missing_values_and_averages_the_middle_two() -> None:
    assert median([3.0, None, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([None, None]) is None


def test_runs_are_interleaved_round_by_round() -> None:
    assert interleaved(["A", "B", "C"], 2) == [(0, "A"), (0, "B"), (0, "C"), (1, "A"), (1, "B"), (1, "C")]


def test_rows_show_medians_and_the_highest_memory_peak() -> None:
    row = _row(OURS, [10.0, 30.0, 20.0], [5.0, 9.0, 7.0], [0.01, 0.03, 0.02])
    assert (row.wall_s, row.cpu_s, row.median("wer")) == (20.0, 7.0, 0.02)
    assert row.peak_rss_mb == 102.0


def test_ratios_are_their_time_over_ours() -> None:
    rows = [
        _row(OURS, [10.0], [8.0], [0.01]),
        _row(SEQUENTIAL, [30.0], [28.0], [0.02]),
        _row(BATCHED, [5.0], [4.0], [0.05]),
    ]
    table = {r[0]: r for r in ratio_rows(rows)}
    assert table[f"ours / {BATCHED}"][2:] == ["0.50x", "0.50x", "0.010 vs 0.050"]  # batched twice as fast
    assert table[f"ours / {SEQUENTIAL}"][2:] == ["3.00x", "3.50x", "0.010 vs 0.020"]
    assert list(table) == [f"ours / {BATCHED}", f"ours / {SEQUENTIAL}"]


def test_the_first_cue_is_the_first_verbose_cue_line() -> None:
    lines = [
        (0.4, "lj.wav: starting"),
        (1.75, "wfs-supervisor DEBUG worker 1 (cpu) takes chunk 0 (28000 ms) of 3f2a"),
        (2.5, "lj.wav                           [------------------------]   0.0%   transcribing"),
        (3.25, "lj.wav [00:00:00.500 --> 00:00:09.120] Printing, in the only sense"),
        (3.5, "lj.wav [00:00:10.000 --> 00:00:12.000] with which we are"),
    ]
    assert first_cue_from_stderr(lines) == 3.25
    assert first_cue_from_stderr(lines[:3]) is None
    assert first_cue_from_stderr(lines, DISPATCH_LINE) == 1.75


def test_ours_is_run_as_a_user_runs_the_cli(tmp_path: Path) -> None:
    command = command_for("cli", Path("/a/lj.wav"), tmp_path, tmp_path / "r.json", "tiny.en")
    assert command[1].endswith("main.py")
    assert command[2:] == [
        "transcribe",
        "--model",
        "tiny.en",
        "--language",
        "en",
        "--output-dir",
        str(tmp_path),
        "--verbose",
        "/a/lj.wav",
    ]
    peer = command_for("batched", Path("/a/lj.wav"), tmp_path, tmp_path / "r.json", "tiny.en")
    assert peer[1:4] == ["-m", "bench.cold_run", "batched"]
    assert peer[5] == str(tmp_path / "lj.srt")
