from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.vad import BlockVad, load_batched_vad, load_vad


class ScriptedVad:
    """Reports fixed file-time regions inside whatever slice it is shown."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        self.file_regions = regions
        self.offset = 0
        self.calls: list[tuple[int, int]] = []

    def regions(self, audio: np.ndarray, threshold: float) -> list[tuple[int, int]]:
        start, end = self.offset, self.offset + audio.size // 16
        self.calls.append((start, end))
        return [
            (max(s, start) - start, min(e, end) - start)
            for s, e in self.file_regions
            if s < end and e > start
        ]


def test_block_vad_holds_back_regions_cut_by_a_block_edge() -> None:
    speech = [(5_000, 8_000), (28_000, 33_000), (40_000, 41_000)]
    vad = ScriptedVad(speech)
    block = BlockVad(vad, 0.5, first_block_ms=30_000, block_ms=30_000)

    def slice_ms(start: int, end: int) -> np.ndarray:
        vad.offset = start
        return np.zeros((end - start) * 16, dtype=np.float32)

    found = list(block.feed(45_000, slice_ms))
    found += list(block.feed(45_000, slice_ms, final=True))
    assert found == speech  # the region crossing 30 s comes back whole, once


@pytest.mark.parametrize("factory", [load_vad, load_batched_vad], ids=["silero-package", "batched-onnx"])
def test_silero_finds_the_speech_in_a_real_recording(speech_wav: Path, factory) -> None:  # type: ignore[no-untyped-def]
    from engine.audio import decode

    audio = decode(speech_wav)
    regions = factory().regions(audio, 0.5)
    assert 6 <= len(regions) <= 20
    speech_ms = sum(e - s for s, e in regions)
    assert 0.6 * 41_000 < speech_ms < 50_000  # ~41 s of sentences in ~55 s of audio
    assert regions[0][0] >= 1_800  # the file starts with 2 s of silence


def _block_regions(audio: np.ndarray) -> list[tuple[int, int]]:
    block = BlockVad(load_vad(), 0.5)
    return list(block.feed(audio.size // 16, lambda s, e: audio[s * 16 : e * 16], final=True))


@pytest.fixture(scope="module")
def lj_0001() -> np.ndarray:
    from engine.audio import decode
    from tests.conftest import LJ

    return decode(LJ[0])


@pytest.mark.parametrize("level_db", [-15, -30, -45, -55, -60])
def test_speech_is_found_at_the_same_times_from_loud_to_very_quiet(
    lj_0001: np.ndarray, level_db: int
) -> None:
    """The cases' quiet_-55dB file: at -55 dB RMS the first word was found 640 ms late."""
    reference = _block_regions(lj_0001)
    rms = float(np.sqrt(np.mean(lj_0001**2)))
    scaled = (lj_0001 / rms * 10 ** (level_db / 20)).astype(np.float32)
    found = _block_regions(scaled)
    assert len(found) == len(reference)
    for (s, e), (rs, re) in zip(found, reference):
        assert abs(s - rs) <= 60 and abs(e - re) <= 60


def test_clipped_speech_is_found_like_clean_speech(lj_0001: np.ndarray) -> None:
    clipped = np.clip(lj_0001 * 10, -1.0, 1.0).astype(np.float32)  # +20 dB into hard clipping
    reference = _block_regions(lj_0001)
    found = _block_regions(clipped)
    assert len(found) == len(reference)
    assert abs(found[0][0] - reference[0][0]) <= 60


def test_normalising_never_turns_silence_into_speech() -> None:
    from engine.vad import normalise_for_vad

    rng = np.random.default_rng(0)
    dither = (rng.standard_normal(10 * 16_000) * 10 ** (-90 / 20)).astype(np.float32)
    assert _block_regions(dither) == []
    boosted = normalise_for_vad(dither)
    assert float(np.sqrt(np.mean(boosted**2))) < 10 ** (-38 / 20)  # gain capped at +50 dB
    loud = np.full(1_000, 0.9, dtype=np.float32)
    assert normalise_for_vad(loud) is loud  # never turned down


def test_only_very_quiet_audio_is_raised_for_whisper_and_to_an_ordinary_level() -> None:
    from engine.vad import raise_quiet_for_whisper

    def peak_dbfs(audio: np.ndarray) -> float:
        return 20 * float(np.log10(np.percentile(np.abs(audio), 99.9)))

    tone = np.sin(np.arange(16_000) / 16_000 * 2 * np.pi * 440).astype(np.float32)
    ordinary = tone * np.float32(10 ** (-29 / 20))  # just above the -30 dBFS line: left alone
    assert raise_quiet_for_whisper(ordinary) is ordinary
    quiet = tone * np.float32(10 ** (-45 / 20))
    assert abs(peak_dbfs(raise_quiet_for_whisper(quiet)) - (-12)) < 0.1
    dither = tone * np.float32(10 ** (-90 / 20))  # +36 dB at most: near-silence stays quiet
    assert abs(peak_dbfs(raise_quiet_for_whisper(dither)) - (-54)) < 0.1
    faint = tone * np.float32(10 ** (-48 / 20))  # the faintest peak still raised all the way
    assert abs(peak_dbfs(raise_quiet_for_whisper(faint)) - (-12)) < 0.1


# Regions of the silero-vad package itself (engine.vad:load_torch_vad, silero-vad 6.2.3) through
# BlockVad at threshold 0.5, recorded 2026-11-30: the default VAD must find the same speech.
PACKAGE_REGIONS = {
    "timed/mfa_michaelandsickmichael.wav": [
        (1058, 7678),
        (8002, 11966),
        (12130, 14206),
        (14498, 17278),
        (18370, 19518),
        (19648, 22460),
        (22880, 23676),
        (24128, 25372),
        (29568, 29756),
        (30112, 30684),
        (31552, 33628),
        (34016, 36124),
        (36608, 37180),
        (37344, 39676),
        (40224, 44060),
        (44480, 45212),
        (46368, 50332),
        (50592, 51580),
    ],
}


def test_the_default_vad_finds_the_silero_packages_regions() -> None:
    """faster-whisper's copy of silero (other weights) merged and moved these: 14 regions, none equal."""
    from engine.audio import decode
    from tests.conftest import TESTDATA

    for name, expected in PACKAGE_REGIONS.items():
        found = _block_regions(decode(TESTDATA / name))
        assert len(found) == len(expected), name
        for (s, e), (es, ee) in zip(found, expected):
            assert abs(s - es) <= 32 and abs(e - ee) <= 32, (name, (s, e), (es, ee))  # one 32 ms window


def test_the_default_vad_imports_no_torch() -> None:
    """torch cost the supervisor 2-5 s and ~2 CPU-s at start-up; the default VAD runs on onnxruntime."""
    import subprocess
    import sys

    script = (
        "import sys, numpy as np\n"
        "from engine.vad import load_vad\n"
        "vad = load_vad()\n"
        "vad.regions(np.zeros(16_000, dtype=np.float32), 0.5)\n"
        "print(type(vad).__name__, sorted(m for m in ('torch', 'silero_vad') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["OnnxSileroVad", "[]"]


def test_probabilities_to_regions_follow_the_silero_rule() -> None:
    """Start at >= threshold, end after 150 ms under threshold - 0.15, drop <= 100 ms, pad 30 ms."""
    from engine.vad import speech_stamps

    window = 512
    probs = [0.0] * 10 + [0.9] * 20 + [0.4] * 3 + [0.9] * 5 + [0.0] * 10  # 0.4: not under 0.35
    probs += [0.9] * 3 + [0.0] * 10  # 96 ms of speech: dropped
    probs += [0.6] * 10  # speech to the end of the audio
    n = len(probs) * window
    stamps = speech_stamps(probs, n, 0.5)
    assert [(s["start"], s["end"]) for s in stamps] == [
        (10 * window - 480, 38 * window + 480),
        (61 * window - 480, n),
    ]


@pytest.mark.slow
def test_the_default_vad_gives_the_silero_packages_regions_exactly() -> None:
    """The same weights and the same rule: the same regions as the package, to the sample."""
    from engine.audio import decode
    from engine.vad import load_torch_vad
    from tests.conftest import TESTDATA

    audio = decode(TESTDATA / "timed/mfa_michaelandsickmichael.wav")
    assert load_vad().regions(audio, 0.5) == load_torch_vad().regions(audio, 0.5)
    assert load_vad().regions(audio, 0.3) == load_torch_vad().regions(audio, 0.3)
