"""Fixtures of the integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    """The command's working folder (also where a subtitle that cannot be written goes)."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder
