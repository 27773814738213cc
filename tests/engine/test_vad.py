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
        return [(max(s, start) - start, min(e, end) - start) for s, e in self.file_regions if s < end and e > start]


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
