"""``main.py transcribe`` with a path that is not a media file: that file fails alone, with its own
reason, and the batch goes on (issue 10, item 8).

Each run is a real subprocess with the fake model (tests/integration/cli_faults_helpers.py); its
process tree is sampled while it runs, so every test also checks that nothing of the tree is left
once the command has exited.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.integration.cli_faults_helpers import FAKE, CliRun, can_drop_privileges, cues

# ---------------------------------------------------------------- item 8: one bad path, not the batch


def make_bad_path(kind: str, folder: Path, source: Path) -> Path:
    if kind == "link loop":
        path = folder / "loop.mp4"
        path.symlink_to(folder / "loop.mp4")
    elif kind == "fifo":
        path = folder / "stream.ts"
        os.mkfifo(path)
    elif kind == "unreadable":
        path = folder / "secret.wav"
        shutil.copy(source, path)
        path.chmod(0)
    else:  # by its name FFmpeg reads it as MP3 and scans all of it for a frame
        path = folder / "zeros.mp3"
        with open(path, "wb") as f:
            f.truncate(20 * 2**30)  # 20 GB of zeros, sparse
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("link loop", "symbolic link loop"),  # Path.resolve() raised RuntimeError: the batch stopped
        ("fifo", "is a FIFO (named pipe), not a regular file"),  # was "empty, may still be copying"
        ("unreadable", "permission denied: this user may not read the file"),  # was "convert it to WAV"
        ("zeros", "not a readable audio or video file: its first 1 MB hold only zero bytes"),  # took 145 s
    ],
)
def test_a_path_that_is_not_a_media_file_fails_alone_with_its_own_reason(
    tmp_path: Path, cwd: Path, short_wav: Path, kind: str, reason: str
) -> None:
    if kind == "unreadable" and not can_drop_privileges():
        pytest.skip("root without CAP_SETPCAP: file permissions cannot be made to apply")
    media = tmp_path / "media"
    media.mkdir()
    bad = make_bad_path(kind, media, short_wav)
    good = media / "good.wav"
    shutil.copy(short_wav, good)
    started = time.monotonic()
    run = CliRun(
        bad, good, "--model", "fake", *FAKE, "--output-dir", tmp_path / "out", cwd=cwd, unprivileged=True
    )
    assert run.finish(timeout=60) == 1, run.stderr
    assert time.monotonic() - started < 30, run.stderr
    assert cues(tmp_path / "out" / "good.srt")
    line = next((x for x in run.lines if x.startswith(f"FAILED {bad}:")), "")
    assert reason in line, run.stderr
    assert "Traceback" not in run.stderr
    assert run.left_behind == []
