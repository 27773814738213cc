"""Shared test setup. Qt runs offscreen; test audio comes from ../shared/testdata."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # CI has no network beyond package registries

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TESTDATA = REPO.parent / "shared" / "testdata"
LJ = sorted((TESTDATA / "en").glob("LJ001-*.flac"))


def write_joined_speech(path: Path, count: int, gap_s: float = 2.0) -> Path:
    """The first ``count`` LJSpeech sentences joined with silences, as a 16 kHz WAV."""
    import soundfile

    from engine.audio import decode

    gap = np.zeros(int(gap_s * 16000), dtype=np.float32)
    parts: list[np.ndarray] = [gap]
    for flac in LJ[:count]:
        parts += [decode(flac), gap]
    soundfile.write(str(path), np.concatenate(parts), 16000)
    return path


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 50 s of speech in 6 sentences."""
    return write_joined_speech(tmp_path_factory.mktemp("audio") / "speech.wav", 6)


@pytest.fixture(scope="session")
def short_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_joined_speech(tmp_path_factory.mktemp("audio") / "short.wav", 2, gap_s=0.5)
