"""``main.py --self-test``, the check an installed or frozen build runs on itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_self_test_transcribes_the_bundled_clip() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "--self-test"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "whisper" in result.stdout.lower() and "self-test passed" in result.stderr
