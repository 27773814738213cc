"""Fixtures of the engine's tests."""

from __future__ import annotations

from collections.abc import Iterator

import psutil
import pytest


@pytest.fixture
def stopped() -> Iterator[list[psutil.Process]]:
    """Processes a test stops; whatever is left of them is killed at the end."""
    processes: list[psutil.Process] = []
    yield processes
    for process in processes:
        try:
            process.kill()
            process.resume()
        except psutil.NoSuchProcess:
            pass
