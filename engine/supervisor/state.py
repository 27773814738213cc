"""The supervisor's state and plumbing: the bottom layer of ``engine.supervisor.Supervisor``.

It holds the jobs, the shared chunk queue, the worker handles and the model's state; helper
threads (preparation, model resolution) reach the loop only through ``_post`` (a queue and a
wake pipe); every event for the caller goes through ``_emit``.

Sending a task to a stopped worker blocks once the pipe is full, and reading a reply that a
worker stopped in the middle of writing blocks until the rest comes: a watchdog thread
(``_watch_pipes``) kills a worker that holds the loop so for ``hang_timeout_s``.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from multiprocessing import get_context
from multiprocessing.connection import Connection

from engine.devices import Discovery, WorkerSpec
from engine.jobs import ChunkQueue, Job
from engine.prep import Preparer, PrepEvent
from engine.protocol import (
    EngineConfig,
    ModelDownload,
)
from engine.worker import import_string
from engine.workers import WorkerHandle

log = logging.getLogger(__name__)

WATCHDOG_S = 0.5  # how often the send watchdog looks


@dataclasses.dataclass(frozen=True)
class ModelResolved:
    generation: int
    path: str | None
    error: str | None
    discovery: Discovery | None = None  # the GPUs found, looked for on the model thread


# How long after the engine is configured the prep thread waits for the worker plan before it
# cuts a long file into one-window chunks (a model download: minutes; a slow GPU query: seconds).
PLAN_WAIT_S = 10.0


class SupervisorState:
    """What the supervisor knows, and its pipes: the bottom layer of ``Supervisor``."""

    def __init__(self, conn: Connection, config: EngineConfig, log_level: int) -> None:
        self.ctx = get_context("spawn")
        self.client = conn
        self.config = config
        self.log_level = log_level
        self.jobs: dict[str, Job] = {}
        self.queue = ChunkQueue()
        self.workers: dict[int, WorkerHandle] = {}
        self.deferred: list[WorkerSpec] = []  # slots not started yet: see _start_for_demand
        # The worker slots planned, when every one is on the CPU (0: a GPU among them, or none
        # planned yet): how long a long file's chunks may grow (engine.planner.chunk_limit_ms).
        # Set by the loop, read by the prep thread (an int: one atomic read) once
        # ``workers_planned`` is set, or ``plan_wait_until`` has passed (then 0: one-window chunks).
        self.cpu_workers = 0
        self.workers_planned = threading.Event()
        self.plan_wait_until = time.monotonic() + PLAN_WAIT_S
        self.expected: dict[str, int] = {}  # chunks a job's length suggests, from PrepStarted
        self.restarts: list[tuple[float, WorkerSpec]] = []
        self.failures: dict[int, int] = {}  # consecutive crashes per worker id
        self.model_path: str | None = None
        self.model_error: str | None = None
        self.multilingual: bool | None = None
        self.loaded = False  # whether any worker loaded the model under the current configuration
        self.generation = 0
        self.running = True
        self._order = 0
        self._events: queue.Queue[PrepEvent | ModelResolved | ModelDownload] = queue.Queue()
        self._wake_r, self._wake_w = self.ctx.Pipe(duplex=False)
        self._wake_lock = threading.Lock()
        vad_factory = import_string(config.vad_factory)
        # The VAD loads once the workers are on their way: their start (imports, the model) is
        # the longest step before the first chunk, so it goes first (see Preparer).
        self._workers_started = threading.Event()
        self.preparer = Preparer(vad_factory, self._post, load_after=self._workers_started)
        self._blocked_on: tuple[WorkerHandle, str] | None = None  # a pipe being written or read
        self._stopped = threading.Event()
        self._last_check = time.monotonic()
        threading.Thread(target=self._watch_pipes, name="pipe-watchdog", daemon=True).start()

    def _post(self, event: PrepEvent | ModelResolved | ModelDownload) -> None:
        """Called from helper threads: queue the event and wake the main loop."""
        self._events.put(event)
        with self._wake_lock:
            self._wake_w.send_bytes(b"!")

    def _emit(self, event: object) -> None:
        try:
            self.client.send(event)
        except (BrokenPipeError, OSError):
            self.running = False  # the caller is gone

    def _send(self, handle: WorkerHandle, message: object) -> None:
        self._blocked_on = (handle, "take its task")
        try:
            handle.conn.send(message)
        except (BrokenPipeError, OSError):
            pass  # its sentinel will report the death and requeue the task
        finally:
            self._blocked_on = None

    def _watch_pipes(self) -> None:
        """Kill a worker that holds the loop in a pipe: a stopped worker's full pipe blocks a send,
        and a reply it stopped in the middle of writing blocks the read."""
        seen: tuple[WorkerHandle, str] | None = None
        looks = 0  # counted, not timed: a stop of the whole engine (Ctrl+Z) must not look like a hang
        while not self._stopped.wait(WATCHDOG_S):
            blocked = self._blocked_on
            if blocked is None or blocked is not seen:
                seen, looks = blocked, 0
                continue
            looks += 1
            handle, what = blocked
            if looks * WATCHDOG_S >= self.config.hang_timeout_s and handle.kill_reason is None:
                handle.kill(
                    f"{handle.describe()} hung (did not {what} for {self.config.hang_timeout_s:.0f} s)",
                    blames_chunk=False,
                )
