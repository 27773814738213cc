"""A worker keeps the memory its decodes free (engine.worker.keep_freed_memory): glibc's
mallopt, set once at start; nothing changes where there is no glibc."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

from engine import worker


class Libc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 1


def test_a_worker_keeps_freed_memory_in_its_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = Libc()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    worker.keep_freed_memory()
    assert dict(libc.calls) == {
        worker.M_MMAP_THRESHOLD: 32 << 20,  # blocks of a few MB from the heap, not mmap
        worker.M_TRIM_THRESHOLD: 2**31 - 1,  # the heap never given back
        worker.M_TOP_PAD: 64 << 20,  # without it the system time did not fall (measured)
    }
    assert (worker.M_TRIM_THRESHOLD, worker.M_TOP_PAD, worker.M_MMAP_THRESHOLD) == (-1, -2, -3)  # <malloc.h>


def test_without_glibc_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_libc(name: object) -> object:
        raise OSError("no C library here")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    worker.keep_freed_memory()  # no error: musl, or a libc without mallopt
    calls = Libc()
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: calls)
    worker.keep_freed_memory()
    assert calls.calls == []


def test_the_real_glibc_takes_every_setting() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc only")
    # In a process of its own, so that this one's allocator is left as it was.
    script = (
        "import ctypes\n"
        "from engine.worker import MALLOC_SETTINGS\n"
        "mallopt = ctypes.CDLL(None).mallopt\n"
        "print([mallopt(p, v) for p, v in MALLOC_SETTINGS.items()])\n"
    )
    answer = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == "[1, 1, 1]"  # 1: taken (0 would mean refused)
