"""What the fault tests share: the engine's process tree, and a worker caught at work."""

from __future__ import annotations

from pathlib import Path

import psutil

from engine.protocol import (
    WorkerState,
    WorkerStatus,
)
from tests.engine.engine_helpers import Recorder


def engine_tree(pid: int | None) -> list[psutil.Process]:
    """The supervisor and its workers (every process below the supervisor)."""
    assert pid is not None
    supervisor = psutil.Process(pid)
    return [supervisor, *supervisor.children(recursive=True)]


def gone(process: psutil.Process) -> bool:
    """Ended (a zombie counts: init may be slow to reap an orphan here)."""
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def restarts(rec: Recorder) -> list[str]:
    return [e.message for e in rec.of(WorkerStatus) if e.state == WorkerState.RESTARTING]


def busy_worker(rec: Recorder, busy: Path, timeout: float = 30.0) -> psutil.Process:
    """A worker of this engine that is transcribing now (the fake model marks it in ``busy``)."""
    found: list[psutil.Process] = []

    def look() -> bool:
        workers = {p.pid: p for p in psutil.Process(rec.client.process.pid).children()}
        found[:] = [workers[int(f.name)] for f in busy.iterdir() if int(f.name) in workers]
        return bool(found)

    rec.until(look, timeout)
    return found[0]
