"""Atomic writes: an existing file is kept unless replacing it was asked for, and says so plainly."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from engine.subtitles.atomic import write_atomic


def test_an_existing_file_is_kept_and_the_message_names_no_parameter(tmp_path: Path) -> None:
    path = tmp_path / "x.srt"
    path.write_bytes(b"mine")
    with pytest.raises(FileExistsError) as e:
        write_atomic(path, b"theirs")
    assert path.read_bytes() == b"mine"
    assert str(e.value).startswith(f"{path} already exists") and "overwrite" not in str(e.value)
    write_atomic(path, b"theirs", overwrite=True)
    assert path.read_bytes() == b"theirs"


def test_a_folder_that_takes_no_file_is_named_not_the_temporary_file(tmp_path: Path) -> None:
    """usertest12 #16: "No such file or directory: /proc/.x.vtt.vhg2hj75.tmp" named a file the
    user never asked for; the error names the target and what to do, and stays an OSError."""
    target = Path("/proc/x.vtt")  # /proc takes no new file, even for root
    with pytest.raises(OSError) as e:
        write_atomic(target, b"x")
    assert str(e.value).startswith(f"{target} cannot be written") and ".tmp" not in str(e.value)
    assert "choose" in str(e.value)


def test_a_full_disk_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as e:
        write_atomic(tmp_path / "x.srt", b"x")
    assert "disk" in str(e.value) and "free" in str(e.value)
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
