"""Dialogue survives the mix to mono, whatever the layout: files built here with real speech."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.audio import _decode_soundfile, decode, iter_decode
from engine.downmix import Downmixer, default_channel_names, downmix, position_weight
from tests.engine.media_files import music, rms, similarity, speech, upsample, write_channels


def _surround(
    length: int, dialogue_slot: int, count: int, music_level: float, seed: int = 1
) -> list[np.ndarray]:
    """``count`` channels: speech in ``dialogue_slot``, music at ``music_level`` x the speech's RMS
    in every other channel but the LFE (index 3), which gets a 55 Hz bass line."""
    s = speech()[:length]
    t = np.arange(length) / 16_000
    channels = []
    for i in range(count):
        if i == dialogue_slot:
            channels.append(s)
        elif i == 3:
            channels.append((0.05 * np.sin(2 * np.pi * 55 * t)).astype(np.float32))
        else:
            channels.append(music(length / 16_000, seed=seed + i, level_rms=music_level * rms(s)))
    return channels


def test_centre_dialogue_under_louder_music_in_an_ac3_5_1_file(tmp_path: Path) -> None:
    """The case of surround51_dialogue_in_centre.mkv, rebuilt: music 2x the dialogue in four channels."""
    s = speech()
    channels = _surround(len(s), dialogue_slot=2, count=6, music_level=2.0)
    path = write_channels(tmp_path / "film.mkv", [upsample(c, 48_000) for c in channels], "5.1(side)", 48_000)
    mixed = decode(path)
    assert similarity(mixed, s) > 0.9
    equal = np.mean(np.stack(channels), axis=0)  # every channel equal: what the test guards against
    assert similarity(equal, s, max_lag=0) < 0.5


@pytest.mark.parametrize(("count", "layout"), [(6, "5.1"), (8, "7.1")])
@pytest.mark.parametrize("others", ["silent", "music"])
def test_speech_only_in_the_lfe_slot_is_kept(tmp_path: Path, count: int, layout: str, others: str) -> None:
    """Speech on channel index 3, where FFmpeg's layouts put the LFE (FFmpeg's own mono drops it)."""
    s = speech()
    if others == "silent":
        channels = [s if i == 3 else np.zeros_like(s) for i in range(count)]
    else:
        channels = [s if i == 3 else music(len(s) / 16_000, seed=i, level_rms=rms(s)) for i in range(count)]
    mixed = decode(write_channels(tmp_path / f"lfe{count}.flac", channels, layout))
    assert similarity(mixed, s, max_lag=0) > 0.9
    if others == "silent":  # one speech channel among silent ones keeps its level
        assert rms(mixed) == pytest.approx(rms(s), rel=0.05)


@pytest.mark.parametrize("gain", [-1.0, -0.5])
def test_a_phase_inverted_channel_does_not_cancel_the_speech(tmp_path: Path, gain: float) -> None:
    s = speech()
    mixed = decode(write_channels(tmp_path / "inverted.wav", [s, gain * s], "stereo"))
    assert similarity(mixed, s, max_lag=0) > 0.99
    assert rms(mixed) > 0.7 * rms(s)  # (L - R) / 2, not the near-silence of L + R


def test_speech_on_one_side_of_a_stereo_file_beside_louder_music(tmp_path: Path) -> None:
    s = speech()
    mixed = decode(
        write_channels(tmp_path / "split.flac", [s, music(len(s) / 16_000, level_rms=2 * rms(s))], "stereo")
    )
    assert similarity(mixed, s, max_lag=0) > 0.9


def test_ordinary_stereo_is_the_plain_average(tmp_path: Path) -> None:
    """Both sides carry the same dialogue (a phantom centre): nothing is turned down."""
    s = speech()
    left, right = s + music(len(s) / 16_000, seed=1, level_rms=0.3 * rms(s)), s
    mixed = decode(write_channels(tmp_path / "stereo.flac", [left, right], "stereo"))
    assert np.allclose(mixed, (left + right) / 2, atol=2e-4)


def test_the_soundfile_fallback_mixes_the_same_way(tmp_path: Path) -> None:
    """libsndfile's path (files PyAV rejects) uses the same mixer, block by block."""
    s = speech()
    channels = _surround(len(s), dialogue_slot=2, count=6, music_level=2.0)
    path = write_channels(tmp_path / "film.wav", channels, "5.1")
    fallback = _decode_soundfile(path, block_s=3.0)
    assert similarity(fallback, s, max_lag=0) > 0.9
    assert np.allclose(fallback, decode(path), atol=2e-4)
    lfe = write_channels(tmp_path / "lfe.wav", [s if i == 3 else np.zeros_like(s) for i in range(6)], "5.1")
    assert rms(_decode_soundfile(lfe)) == pytest.approx(rms(s), rel=0.05)


def test_a_channel_that_starts_after_the_analysis_is_mixed_in(tmp_path: Path) -> None:
    """Centre silent for the first 35 s (past the analysis), then dialogue under louder music:
    the mix is chosen again once the centre sounds."""
    s = speech()
    start = 35 * 16_000
    total = start + len(s) + 16_000
    centre = np.zeros(total, dtype=np.float32)
    centre[start : start + len(s)] = s
    left, right = (music(total / 16_000, seed=seed, level_rms=2 * rms(s)) for seed in (5, 6))
    mixed = decode(write_channels(tmp_path / "late.flac", [left, right, centre], "3.0"))
    assert len(mixed) == total
    assert similarity(mixed[start : start + len(s)], s, max_lag=0) > 0.9
    before = (left[: start - 16_000] + right[: start - 16_000]) / 2  # until then: the front pair
    assert np.allclose(mixed[: start - 16_000], before, atol=2e-4)


def test_weights_change_over_a_ramp_not_a_click() -> None:
    """L = R = a constant, C = speech from 35 s: each output sample then tells the weight w on L
    (and on R) exactly, out = 2 c w + (1 - 2 w) s, so any jump of the weights shows."""
    s = speech()
    start, c = 35 * 16_000, 0.3
    total = start + len(s)
    x = np.zeros((3, total), dtype=np.float32)
    x[:2] = c
    x[2, start:] = s
    mixer = Downmixer(("FL", "FR", "FC"), 16_000)
    parts: list[np.ndarray] = []
    for i in range(0, total, 4_000):  # as a decoder hands them over
        parts += mixer.push(x[:, i : i + 4_000])
    parts += mixer.finish()
    out = np.concatenate(parts).astype(np.float64)
    sp = x[2].astype(np.float64)
    usable = np.abs(2 * c - 2 * sp) > 0.2
    w = (out[usable] - sp[usable]) / (2 * c - 2 * sp[usable])
    assert w[0] == pytest.approx(0.5, abs=1e-4) and w[-1] < 0.1  # the front pair, then the centre
    per_sample = np.abs(np.diff(w)) / np.diff(np.flatnonzero(usable))
    assert per_sample.max() < 1e-3  # 100 ms ramps move w by < 0.0003 a sample; a jump moves it ~0.2


def test_long_files_stream_in_blocks(tmp_path: Path) -> None:
    """A 70 s 5.1 file: the first block comes after the ~30 s analysis, not at the end; the
    blocks join to the one-shot decode."""
    noise = np.random.default_rng(0).standard_normal((6, 70 * 16_000)).astype(np.float32) * 0.05
    path = write_channels(tmp_path / "long.flac", list(noise), "5.1")
    blocks = list(iter_decode(path, block_s=10.0))
    assert len(blocks) >= 4 and len(blocks[0]) <= 32 * 16_000
    assert np.array_equal(np.concatenate(blocks), decode(path))


def test_pushing_in_any_sizes_gives_the_same_mix() -> None:
    s = speech()
    block = np.stack([s, -s, music(len(s) / 16_000, level_rms=0.05)])
    whole = downmix(block, ("FL", "FR", "FC"))
    mixer = Downmixer(("FL", "FR", "FC"), 16_000)
    parts: list[np.ndarray] = []
    for start in range(0, block.shape[1], 341):
        parts += mixer.push(block[:, start : start + 341])
    parts += mixer.finish()
    assert np.allclose(np.concatenate(parts), whole, atol=1e-6)


def test_broadcast_weights() -> None:
    """ITU-R BS.775 / ATSC A/52 fold-down, summed to mono: C +3 dB over L/R, surrounds -3 dB, no LFE."""
    assert position_weight("FC") == pytest.approx(np.sqrt(2))
    assert position_weight("FL") == position_weight("FR") == 1.0
    assert position_weight("SL") == position_weight("BR") == pytest.approx(np.sqrt(0.5))
    assert position_weight("LFE") == 0.0
    assert default_channel_names(6)[3] == default_channel_names(8)[3] == "LFE"


def test_mono_passes_through_untouched() -> None:
    s = speech()
    assert np.array_equal(downmix(s[None, :]), s)


@pytest.mark.parametrize("surround", [1.3, 2.0])
def test_matrix_encoded_stereo_keeps_the_dialogue(tmp_path: Path, surround: float) -> None:
    """Lt/Rt (Dolby Surround): L = d + s, R = d - s with louder surround content s; the mix is d."""
    d = speech()
    s = music(len(d) / 16_000, seed=3, level_rms=surround * rms(d))
    mixed = decode(write_channels(tmp_path / "ltrt.wav", [d + s, d - s], "stereo"))
    assert similarity(mixed, d, max_lag=0) > 0.9


@pytest.mark.parametrize("floor_db", [-50, -70])
def test_centre_dialogue_with_room_tone_between_lines_is_still_weighted_up(
    tmp_path: Path, floor_db: int
) -> None:
    """A user test: a centre channel with room tone (not digital silence) between its lines, the
    dialogue starting after 20 s of music only, was mixed at the broadcast weights and lost."""
    s = speech()
    lead = np.zeros(20 * 16_000, dtype=np.float32)
    line = np.concatenate([lead, s])
    channels = _surround(len(line), dialogue_slot=2, count=6, music_level=2.0)
    rng = np.random.default_rng(7)
    channels[2] = (line + rng.standard_normal(len(line)) * 10 ** (floor_db / 20)).astype(np.float32)
    path = write_channels(tmp_path / "film.wav", channels, "5.1(side)")
    mixed = decode(path)
    assert similarity(mixed[len(lead) :], s, max_lag=0) > 0.9
