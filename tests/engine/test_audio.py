from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.audio import AudioBuffer, MediaError, decode, iter_decode
from tests.conftest import TESTDATA


@pytest.mark.parametrize(
    ("name", "seconds"),
    [("misc/jfk.flac", 11.0), ("ja/common_voice_ja_24511055.mp3", 6.5), ("timed/mfa_michaelandsickmichael.wav", 52.4)],
)
def test_decodes_any_rate_and_channel_count_to_16k_mono(name: str, seconds: float) -> None:
    audio = decode(TESTDATA / name)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert len(audio) / 16000 == pytest.approx(seconds, abs=0.1)
    assert 0.01 < np.abs(audio).max() <= 1.0


def test_audio_inside_a_video_container(tmp_path: Path) -> None:
    import av

    path = tmp_path / "clip.mkv"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=44100)
        stream.layout = "stereo"
        t = np.arange(44100 * 2) / 44100
        tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]).reshape(1, -1), format="flt", layout="stereo")
        frame.sample_rate = 44100
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    audio = decode(path)
    assert len(audio) / 16000 == pytest.approx(2.0, abs=0.1)


def test_streamed_blocks_join_to_the_whole() -> None:
    whole = decode(TESTDATA / "misc/jfk.flac")
    buffer = AudioBuffer()
    for block in iter_decode(TESTDATA / "misc/jfk.flac", block_s=2.0):
        buffer.append(block)
    assert buffer.samples == whole.size
    assert np.array_equal(buffer.slice_ms(1_000, 9_500), whole[16_000:152_000])


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("missing.wav", "not found"),
        ("empty.wav", "empty"),
        ("text.mp3", "not a readable audio or video file"),
        ("video.mp4", "no audio track"),
        ("folder", "is a folder"),
    ],
)
def test_bad_inputs_get_clear_errors(name: str, words: str, bad_inputs: dict[str, Path]) -> None:
    with pytest.raises(MediaError, match=words):
        decode(bad_inputs[name])
