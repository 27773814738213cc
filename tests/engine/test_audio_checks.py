"""engine.audio.check_readable: each path that is no media file gets its own reason, at once
(issue 10, item 8). The window's queue reaches these through the engine; the CLI asks first."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from engine.audio import MediaError, check_readable, decode


def reason(path: Path) -> str:
    with pytest.raises(MediaError) as error:
        check_readable(path)
    return str(error.value)


def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.mkv"
    loop.symlink_to(loop)
    assert reason(loop).startswith(f"{loop}: symbolic link loop: ")


def test_a_broken_link_names_its_target(tmp_path: Path) -> None:
    link = tmp_path / "clip.mkv"
    link.symlink_to(tmp_path / "gone.mkv")
    assert (
        reason(link)
        == f"{link}: broken symbolic link: it points to {tmp_path / 'gone.mkv'}, which does not exist."
    )


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.ts"
    os.mkfifo(fifo)  # opening it would block until a writer came
    assert "is a FIFO (named pipe), not a regular file" in reason(fifo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_this_user_may_not_read(tmp_path: Path, short_wav: Path) -> None:
    secret = tmp_path / "secret.wav"
    secret.write_bytes(short_wav.read_bytes())
    secret.chmod(0)
    assert "permission denied: this user may not read the file" in reason(secret)


@pytest.mark.parametrize("size", [4096, 20 * 2**30])
def test_a_file_of_zeros_fails_at_once(tmp_path: Path, size: int) -> None:
    zeros = tmp_path / "zeros.mp3"  # by this name FFmpeg would scan all of it for an MP3 frame
    with open(zeros, "wb") as f:
        f.truncate(size)  # sparse
    started = time.monotonic()
    with pytest.raises(MediaError, match="not a readable audio or video file: .* only zero bytes"):
        decode(zeros)
    assert time.monotonic() - started < 1.0


def test_real_media_passes(short_wav: Path) -> None:
    assert check_readable(short_wav) == short_wav


def test_a_text_file_named_as_a_video_says_so_without_ffmpegs_numbers(tmp_path: Path) -> None:
    """Before: "([Errno 1094995529] Invalid data found when processing input: '...')"."""
    text = tmp_path / "notes.mp4"
    text.write_text("these are notes, not a video\n" * 20)
    with pytest.raises(MediaError) as raised:
        decode(text)
    assert str(raised.value) == (
        f"{text}: not a readable audio or video file: not a media file FFmpeg can read "
        "(invalid data found when processing input). Check that it is the file you meant and that it "
        "plays in a media player."
    )


def test_the_frame_rate_of_a_video_is_read_and_a_sound_file_has_none(tmp_path: Path, short_wav: Path) -> None:
    """For MicroDVD, which counts frames: transcribe --format microdvd takes the video's rate."""
    from engine.audio import probe_frame_rate
    from tests.conftest import write_silent_video

    assert probe_frame_rate(write_silent_video(tmp_path / "clip.mp4")) == 10.0
    assert probe_frame_rate(short_wav) is None
