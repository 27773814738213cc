"""Shared test setup. Qt runs offscreen; test audio comes from ../shared/testdata."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # CI has no network beyond package registries

from pathlib import Path  # noqa: E402

from hypothesis import settings as hypothesis_settings  # noqa: E402

# CI explores the same examples every run (a new random example must not fail a submission at
# random); on a developer's machine hypothesis keeps searching with fresh ones.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TESTDATA = REPO.parent / "shared" / "testdata"
LJ = sorted((TESTDATA / "en").glob("LJ001-*.flac"))
if len(LJ) != 16:
    raise RuntimeError(
        f"test audio not found at {TESTDATA}: the tests need ../shared/testdata beside the checkout"
    )


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


def write_silent_video(path: Path) -> Path:
    """A tiny MPEG-4 video with no audio track."""
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bad")
    (root / "empty.wav").write_bytes(b"")
    (root / "text.mp3").write_text("this is not audio at all\n" * 20)
    (root / "folder").mkdir()
    return {
        "missing.wav": root / "missing.wav",
        "empty.wav": root / "empty.wav",
        "text.mp3": root / "text.mp3",
        "video.mp4": write_silent_video(root / "video.mp4"),
        "folder": root / "folder",
    }
