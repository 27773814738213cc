"""Atomic writes: an existing file is kept unless replacing it was asked for, and says so plainly."""

from __future__ import annotations

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
