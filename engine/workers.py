"""The supervisor's handles on its worker processes: start, stop, restart with backoff."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext, SpawnProcess

from engine.devices import WorkerSpec
from engine.jobs import QueueEntry
from engine.protocol import WorkerInfo
from engine.worker import worker_main

log = logging.getLogger(__name__)

BACKOFF_S = (0.2, 1.0, 2.0, 5.0, 10.0)


@dataclass
class WorkerHandle:
    spec: WorkerSpec
    process: SpawnProcess
    conn: Connection
    started: float = field(default_factory=time.monotonic)
    info: WorkerInfo | None = None
    task: QueueEntry | None = None
    task_started: float = 0.0
    cancel_sent: float | None = None
    kill_reason: str | None = None
    load_error: str | None = None

    @property
    def idle(self) -> bool:
        return self.info is not None and self.task is None and self.cancel_sent is None

    def kill(self, reason: str) -> None:
        """Terminate a worker that misbehaves; its sentinel then reports the exit."""
        log.warning("killing worker %d: %s", self.spec.worker_id, reason)
        self.kill_reason = reason
        self.process.kill()

    def describe(self) -> str:
        return f"worker {self.spec.worker_id} ({self.spec.device_name})"


def start_worker(
    ctx: SpawnContext, spec: WorkerSpec, model_path: str, factory: str, log_level: int
) -> WorkerHandle:
    ours, theirs = ctx.Pipe()
    process = ctx.Process(
        target=worker_main,
        args=(spec, model_path, factory, theirs, log_level),
        name=f"wfs-worker-{spec.worker_id}",
        daemon=True,  # never outlive the supervisor, even if it is killed mid-shutdown
    )
    process.start()
    theirs.close()  # so that our recv() sees EOF when the worker dies
    return WorkerHandle(spec, process, ours)


def stop_workers(handles: list[WorkerHandle], timeout_s: float = 3.0) -> None:
    """Close pipes (workers exit on EOF), wait, then kill whoever is left."""
    for handle in handles:
        handle.conn.close()
    deadline = time.monotonic() + timeout_s
    for handle in handles:
        handle.process.join(max(0.0, deadline - time.monotonic()))
        if handle.process.is_alive():
            handle.process.kill()
            handle.process.join(1.0)


def backoff_s(failures: int) -> float:
    return BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
