"""The supervisor's handles on its worker processes: start, stop, restart with backoff.

How a worker's end is judged (``exit_cause``): a kill the supervisor sent carries its own reason;
a worker that exits with a code, or dies of a crash signal (SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
SIGILL, SIGSYS, SIGTRAP), failed by itself, and the chunk it held used an attempt; any other
signal came from outside (the OOM killer's SIGKILL, a user's kill), which is not the chunk's fault.
"""

from __future__ import annotations

import logging
import os
import signal
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
CRASH_SIGNALS = frozenset(
    getattr(signal, name)
    for name in ("SIGSEGV", "SIGABRT", "SIGBUS", "SIGFPE", "SIGILL", "SIGSYS", "SIGTRAP")
    if hasattr(signal, name)
)


@dataclass
class WorkerHandle:
    spec: WorkerSpec
    process: SpawnProcess
    conn: Connection
    started: float = field(default_factory=time.monotonic)
    info: WorkerInfo | None = None
    task: QueueEntry | None = None  # the chunk it works on now (the head of its batch)
    queued: list[QueueEntry] = field(default_factory=list)  # the rest of its batch, answered in order
    task_started: float = 0.0  # when it began ``task`` (a batch's next chunk starts when one is answered)
    last_heard: float = 0.0  # monotonic time of its last message (heartbeats included)
    cancel_sent: float | None = None
    cancel_grace_s: float = 0.0  # how long it may take to stop, fixed when the cancel is sent (deadlines)
    task_scale: int = 1  # 30 s windows decoded within ``task``'s time (a batch's, a long chunk's)
    kill_reason: str | None = None
    kill_blames_chunk: bool = True  # whether the kill uses one of its chunk's attempts
    load_error: str | None = None

    @property
    def loading(self) -> bool:
        """Still loading its model (neither ready nor failed to load)."""
        return self.info is None and self.load_error is None

    @property
    def idle(self) -> bool:
        return self.info is not None and self.task is None and not self.queued and self.cancel_sent is None

    def holds(self) -> list[QueueEntry]:
        """Every chunk sent to it and not yet answered, in the order it answers them."""
        return ([] if self.task is None else [self.task]) + self.queued

    def next_task(self, now: float) -> None:
        """Its current chunk was answered: the next of its batch (if any) starts now."""
        self.task = self.queued.pop(0) if self.queued else None
        self.task_started = now
        self.task_scale = 1

    def kill(self, reason: str, blames_chunk: bool = True) -> None:
        """Terminate a worker that misbehaves; its sentinel then reports the exit.

        ``blames_chunk`` False (a hang): its chunk goes back without using an attempt.
        """
        # INFO: the supervisor reports the kill as a WorkerStatus, which the front ends show.
        log.info("killing worker %d: %s", self.spec.worker_id, reason)
        self.kill_reason = reason
        self.kill_blames_chunk = blames_chunk
        self.process.kill()

    def exit_cause(self) -> tuple[str, bool]:
        """(why it ended, whether that was its chunk's fault); see the module docstring."""
        code = self.process.exitcode
        if self.kill_reason is not None:
            return self.kill_reason, self.kill_blames_chunk
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if -code in CRASH_SIGNALS:
                return f"{self.describe()} crashed ({name})", True
            return f"{self.describe()} was killed from outside ({name})", False
        return f"{self.describe()} exited with code {code}", True

    def describe(self) -> str:
        return f"worker {self.spec.worker_id} ({self.spec.device_name})"


def start_worker(
    ctx: SpawnContext, spec: WorkerSpec, model_path: str, factory: str, log_level: int
) -> WorkerHandle:
    ours, theirs = ctx.Pipe()
    process = ctx.Process(
        target=worker_main,
        args=(spec, model_path, factory, theirs, log_level, os.getpid()),
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
