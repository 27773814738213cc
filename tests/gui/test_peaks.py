"""Waveform peaks: min/max levels of synthetic audio, envelopes, the disk cache, the loader thread."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import soundfile

import gui.peaks as peaks_module
from gui.peaks import RATES, PeaksLoader, cache_file, compute_peaks, load_peaks

SR = 16000


def burst(
    total_s: float = 6.0, start_s: float = 2.0, end_s: float = 3.5, amplitude: float = 0.8
) -> np.ndarray:
    """Silence with a 2 kHz sine between ``start_s`` and ``end_s`` (two periods per finest bin)."""
    audio = np.zeros(int(total_s * SR), np.float32)
    a, b = int(start_s * SR), int(end_s * SR)
    audio[a:b] = amplitude * np.sin(2 * np.pi * 2000 * np.arange(b - a) / SR)
    return audio


def loud_span(times: np.ndarray, maxs: np.ndarray, threshold: float = 0.5) -> tuple[float, float]:
    loud = times[maxs > threshold]
    return float(loud.min()), float(loud.max())


@pytest.mark.parametrize("rate", RATES)
def test_each_level_shows_the_burst_where_it_is(rate: int) -> None:
    peaks = compute_peaks(burst())
    level = peaks.level(rate)
    assert level.mins.size == level.maxs.size == int(np.ceil(6.0 * rate))
    maxs, mins = level.maxs / 32767, level.mins / 32767
    centres = (np.arange(level.maxs.size) + 0.5) / rate
    first, last = loud_span(centres, maxs)
    assert first == pytest.approx(2.0, abs=2 / rate)
    assert last == pytest.approx(3.5, abs=2 / rate)
    inside = (centres > 2.0 + 1 / rate) & (centres < 3.5 - 1 / rate)
    assert np.all(maxs[inside] == pytest.approx(0.8, abs=0.01)) and np.all(
        mins[inside] == pytest.approx(-0.8, abs=0.01)
    )
    outside = (centres < 2.0 - 1 / rate) | (centres > 3.5 + 1 / rate)
    assert np.all(maxs[outside] == 0) and np.all(mins[outside] == 0)


def test_blocks_of_any_size_give_the_same_peaks_as_the_whole() -> None:
    # not a whole number of bins: the last one is partial
    audio = burst(total_s=3.3301, start_s=1.0, end_s=2.5)
    whole = compute_peaks(audio)
    cuts = [0, 7, 1000, 1017, 16000, 30001, audio.size]
    blocks = compute_peaks(audio[a:b] for a, b in zip(cuts, cuts[1:]))
    assert blocks.samples == whole.samples == audio.size
    for a, b in zip(whole.levels, blocks.levels):
        np.testing.assert_array_equal(a.mins, b.mins)
        np.testing.assert_array_equal(a.maxs, b.maxs)


def test_envelope_picks_the_coarsest_level_with_enough_points() -> None:
    peaks = compute_peaks(burst(total_s=120.0, start_s=50.0, end_s=51.0))
    whole = peaks.envelope(0, 120, 1000)
    assert whole.rate == 10 and 1000 <= len(whole) <= 2000
    assert loud_span(whole.times_s, whole.maxs) == pytest.approx((50.0, 51.0), abs=0.2)
    close = peaks.envelope(49.5, 51.5, 1000)
    assert close.rate == 1000 and 1000 <= len(close) <= 2001
    assert loud_span(close.times_s, close.maxs) == pytest.approx((50.0, 51.0), abs=0.005)
    assert np.all(close.mins[close.maxs > 0.5] < -0.5)  # min and max of the same bins
    tiny = peaks.envelope(50.0, 50.1, 1000)  # closer than the finest level: all its bins
    assert tiny.rate == 1000 and len(tiny) == 100
    assert len(peaks.envelope(200, 300, 500)) == 0  # past the end


def test_cache_hit_on_second_load_and_miss_when_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[Path] = []
    real = peaks_module._decode_blocks
    monkeypatch.setattr(peaks_module, "_decode_blocks", lambda p, *rest: decoded.append(p) or real(p, *rest))
    wav, cache = tmp_path / "a.wav", tmp_path / "cache"
    soundfile.write(wav, burst(), SR)

    first = load_peaks(wav, cache)
    assert len(decoded) == 1 and cache_file(wav, cache).exists()
    again = load_peaks(wav, cache)
    assert len(decoded) == 1  # from the cache
    for a, b in zip(first.levels, again.levels):
        np.testing.assert_array_equal(a.maxs, b.maxs)
    assert again.samples == first.samples == 6 * SR

    soundfile.write(wav, burst(start_s=4.0, end_s=5.0), SR)  # same size: only the mtime tells
    stat = wav.stat()
    os.utime(wav, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    changed = load_peaks(wav, cache)
    assert len(decoded) == 2
    env = changed.envelope(0, 6, 600)
    assert loud_span(env.times_s, env.maxs) == pytest.approx((4.0, 5.0), abs=0.02)
    assert list(cache.iterdir()) == [cache_file(wav, cache)]  # replaced, not piled up
    load_peaks(wav, cache)
    assert len(decoded) == 2


def test_a_damaged_cache_entry_is_recomputed(tmp_path: Path) -> None:
    wav, cache = tmp_path / "a.wav", tmp_path / "cache"
    soundfile.write(wav, burst(), SR)
    cache.mkdir()
    cache_file(wav, cache).write_bytes(b"not a zip")
    assert load_peaks(wav, cache).samples == 6 * SR


def test_loader_delivers_on_the_gui_thread(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wav = tmp_path / "a.wav"
    soundfile.write(wav, burst(), SR)
    loader = PeaksLoader(tmp_path / "cache")
    with qtbot.waitSignal(loader.peaks_ready, timeout=20000) as blocker:
        loader.load(wav)
    path, peaks = blocker.args
    assert path == str(wav) and peaks.samples == 6 * SR
    assert loader.pending() == 0


def test_loader_reports_a_file_that_is_not_audio(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "notes.mp3"
    bad.write_text("this is not audio\n" * 50)
    loader = PeaksLoader(tmp_path / "cache")
    with (
        qtbot.assertNotEmitted(loader.peaks_ready),
        qtbot.waitSignal(loader.peaks_failed, timeout=20000) as blocker,
    ):
        loader.load(bad)
    assert blocker.args[0] == str(bad) and "notes.mp3" in blocker.args[1]
