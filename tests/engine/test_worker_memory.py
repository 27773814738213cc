"""A worker keeps the memory its decodes free (engine.worker._keep_freed_memory): glibc's
mallopt, set once at start; nothing changes where there is no glibc."""

from __future__ import annotations

import ctypes
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
    worker._keep_freed_memory()
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
    worker._keep_freed_memory()  # no error: musl, or a libc without mallopt
    calls = Libc()
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: calls)
    worker._keep_freed_memory()
    assert calls.calls == []


def test_the_real_glibc_takes_the_settings() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc only")
    mallopt = ctypes.CDLL(None).mallopt
    assert mallopt(worker.M_TOP_PAD, 64 << 20) == 1  # 1: accepted
