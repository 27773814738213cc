"""The caller's side of the engine: start one supervisor process, talk to it over a Pipe.

Used by the CLI (blocking loop) and by the GUI (polled from a QTimer, never blocking). The
spawn context is passed explicitly; the global start method is never set. The supervisor is
not a daemon, because daemons may not have children.
"""

from __future__ import annotations

import logging
import time
import uuid
from multiprocessing import get_context
from multiprocessing.connection import wait
from pathlib import Path

from engine.protocol import (
    CancelJob,
    Configure,
    EngineConfig,
    EngineEvent,
    EngineFailed,
    JobOptions,
    Shutdown,
    SubmitJob,
)
from engine.supervisor import supervisor_main

log = logging.getLogger(__name__)


class EngineClient:
    def __init__(self, config: EngineConfig | None = None, log_level: int = logging.WARNING) -> None:
        self.config = config or EngineConfig()
        ctx = get_context("spawn")
        self._conn, theirs = ctx.Pipe()
        self.process = ctx.Process(
            target=supervisor_main,
            args=(theirs, self.config, log_level),
            name="wfs-supervisor",
            daemon=False,
        )
        self.process.start()
        theirs.close()
        self._death_reported = False

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def submit(self, path: str | Path, options: JobOptions | None = None, job_id: str | None = None) -> str:
        job_id = job_id or uuid.uuid4().hex[:12]
        self._send(SubmitJob(job_id, str(Path(path).resolve()), options or JobOptions()))
        return job_id

    def cancel(self, job_id: str) -> None:
        self._send(CancelJob(job_id))

    def configure(self, config: EngineConfig) -> None:
        self.config = config
        self._send(Configure(config))

    def _send(self, message: object) -> None:
        try:
            self._conn.send(message)
        except (BrokenPipeError, OSError) as error:
            raise EngineGone("The transcription engine has stopped; start a new one.") from error

    def poll(self, timeout: float = 0.0, max_events: int | None = None) -> list[EngineEvent]:
        """Events available now (waiting up to ``timeout`` for the first)."""
        events: list[EngineEvent] = []
        if timeout > 0:
            wait([self._conn, self.process.sentinel], timeout)
        while max_events is None or len(events) < max_events:
            try:
                if not self._conn.poll():
                    break
                events.append(self._conn.recv())
            except (EOFError, OSError):
                break
        if not events and not self.process.is_alive() and not self._death_reported:
            self._death_reported = True
            events.append(
                EngineFailed(
                    "EngineDied",
                    f"The transcription engine stopped unexpectedly (exit code {self.process.exitcode}).",
                )
            )
        return events

    def close(self, timeout: float = 10.0) -> list[EngineEvent]:
        """Ask the supervisor to stop (it stops its workers); return the events it sent last."""
        events: list[EngineEvent] = []
        try:
            self._conn.send(Shutdown())
        except (BrokenPipeError, OSError):
            pass
        end = time.monotonic() + timeout
        # Keep reading, so the supervisor never blocks writing its final events.
        while self.process.is_alive() and time.monotonic() < end:
            wait([self._conn, self.process.sentinel], 0.2)
            events += self._read_available()
        events += self._read_available()
        if self.process.is_alive():
            log.warning("supervisor did not stop in %.0f s; terminating", timeout)
            self.process.terminate()
            self.process.join(3)
        self._conn.close()
        return events

    def _read_available(self) -> list[EngineEvent]:
        events: list[EngineEvent] = []
        try:
            while self._conn.poll():
                events.append(self._conn.recv())
        except (EOFError, OSError):
            pass
        return events

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class EngineGone(RuntimeError):
    """The supervisor process is no longer there to take requests."""
