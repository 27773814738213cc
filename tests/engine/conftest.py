from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


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
