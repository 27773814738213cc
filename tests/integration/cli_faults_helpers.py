"""Running ``main.py transcribe`` as a real subprocess for the fault tests (test_cli_faults_*):
its process tree is sampled while it runs, so each test also checks nothing is left behind."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pysubs2
import pytest

from tests.conftest import REPO

FAKE = ["--model-factory", "tests.engine.fake_model:load"]
ROOT = os.geteuid() == 0


class CliRun:
    """``main.py transcribe ARGS`` in its own session (so signals reach only its process group),
    with stderr read as it comes and every descendant process noted."""

    def __init__(self, *args: str | Path, cwd: Path, unprivileged: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "main.py"), "transcribe", *map(str, args)],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=drop_file_privileges if unprivileged else None,
        )
        self.lines: list[str] = []
        self.tree: dict[int, psutil.Process] = {}
        self.left_behind: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def _sample(self) -> None:
        try:
            root = psutil.Process(self.proc.pid)
            while self.proc.poll() is None:
                for child in root.children(recursive=True):
                    self.tree.setdefault(child.pid, child)
                time.sleep(0.05)
        except psutil.Error:
            pass

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self.stderr):
            assert self.proc.poll() is None, f"exited early:\n{self.stderr}"
            assert time.monotonic() < deadline, f"timed out waiting; stderr so far:\n{self.stderr}"
            time.sleep(0.05)

    def supervisor(self) -> psutil.Process:
        """The engine's supervisor: the command's child that has children (the workers)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for child in psutil.Process(self.proc.pid).children():
                if child.children():
                    return child
            time.sleep(0.05)
        raise AssertionError("no supervisor with workers found")

    def finish(self, timeout: float) -> int:
        """The exit status; a run that does not end in ``timeout`` fails the test (and is killed).

        The descendants still running at that moment are kept in :attr:`left_behind` (at once:
        stragglers end by themselves a few seconds later)."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill_all()
            pytest.fail(f"the command did not exit within {timeout} s; stderr:\n{self.stderr[-3000:]}")
        self._sampler.join(5)
        self.left_behind = [
            f"{p.pid} {' '.join(p.cmdline())[-80:]} (ppid {p.ppid()})"
            for p in self.tree.values()
            if _running(p)
        ]
        for process in self.tree.values():  # do not leave them to the next test
            if _running(process):
                process.kill()
        self._reader.join(5)
        return code

    def kill_all(self) -> None:
        for process in [*self.tree.values()]:
            try:
                process.kill()
            except psutil.Error:
                pass
        self.proc.kill()
        self.proc.wait(10)


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def drop_file_privileges() -> None:
    """In the child before exec: root loses CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (from the
    bounding set, so also after exec), so file permissions apply to it as to any user."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(99)


def can_drop_privileges() -> bool:
    if not ROOT:
        return True
    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=drop_file_privileges)
    return probe.returncode == 0


needs_permissions = pytest.mark.skipif(
    not can_drop_privileges(), reason="root without CAP_SETPCAP: file permissions cannot be made to apply"
)


def cues(path: Path) -> list[str]:
    return [e.plaintext for e in pysubs2.load(str(path))]
