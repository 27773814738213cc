"""The caller's side of the engine: start one supervisor process, talk to it over a Pipe.

Used by the CLI (blocking loop) and by the GUI (polled from a QTimer, never blocking). The
spawn context is passed explicitly; the global start method is never set. The supervisor is
not a daemon, because daemons may not have children.

Every process the engine starts is accounted for: the supervisor starts with Ctrl+C ignored
(its workers inherit that), so the caller alone decides what an interrupt means; the client
notes the supervisor's descendants whenever the supervisor reports on its workers (WorkerStatus,
EngineReady: they start, restart or stop) and in :meth:`EngineClient.close`, so that close can end
them even when the supervisor itself died and left them behind. It never looks in between:
listing them reads every process on the machine (7-20 ms), too slow for the window's poll.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import uuid
from multiprocessing import get_context, resource_tracker
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

import psutil

from engine.protocol import (
    CancelJob,
    Configure,
    EngineConfig,
    EngineEvent,
    EngineFailed,
    EngineReady,
    JobOptions,
    Shutdown,
    SubmitJob,
    WorkerStatus,
)

log = logging.getLogger(__name__)


class EngineClient:
    def __init__(self, config: EngineConfig | None = None, log_level: int = logging.WARNING) -> None:
        self.config = config or EngineConfig()
        ctx = get_context("spawn")
        self._conn, theirs = ctx.Pipe()
        self.process = ctx.Process(
            target=_supervisor_main,
            args=(theirs, self.config, log_level),
            name="wfs-supervisor",
            daemon=False,
        )
        with _sigint_ignored():  # inherited through exec: no KeyboardInterrupt tracebacks from children
            self.process.start()
        theirs.close()
        self._death_reported = False
        self._closed = False
        self._eof = False
        self._tree: dict[int, psutil.Process] = {}
        self._remember_tree()

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def submit(self, path: str | Path, options: JobOptions | None = None, job_id: str | None = None) -> str:
        job_id = job_id or uuid.uuid4().hex[:12]
        self._send(SubmitJob(job_id, absolute_path(path), options or JobOptions()))
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
        """Events available now (waiting up to ``timeout`` for the first).

        Once the supervisor has died, one ``EngineFailed("EngineDied", ...)`` is returned (after
        every event it sent before dying); later calls return nothing, after waiting ``timeout``
        like any quiet poll, so a caller's loop never spins on a dead process.
        """
        if self._closed:
            time.sleep(timeout)
            return []
        if self._death_reported:
            events = self._read_available(max_events)
            if not events:
                time.sleep(timeout)
            return events
        if timeout > 0:
            wait(self._waitables(), timeout)
        events = self._read_available(max_events)
        if any(isinstance(e, (WorkerStatus, EngineReady)) for e in events):
            self._remember_tree()
        if not events and not self.process.is_alive():
            self._death_reported = True
            events.append(EngineFailed("EngineDied", died_message(self.process.exitcode)))
        return events

    def close(self, timeout: float = 10.0) -> list[EngineEvent]:
        """Ask the supervisor to stop (it stops its workers); return the events it sent last.

        Returns only when every process of the engine has ended: a supervisor that does not stop
        within ``timeout`` is terminated, and workers that outlive it (a supervisor that died, or
        was killed) are killed.
        """
        if self._closed:
            return []
        self._closed = True
        self._remember_tree()
        events: list[EngineEvent] = []
        try:
            self._conn.send(Shutdown())
        except (BrokenPipeError, OSError):
            pass
        end = time.monotonic() + timeout
        # Keep reading, so the supervisor never blocks writing its final events.
        while self.process.is_alive() and time.monotonic() < end:
            wait(self._waitables(), 0.2)
            events += self._read_available()
            self._remember_tree()  # a worker it started meanwhile is ended too
        events += self._read_available()
        if self.process.is_alive():
            # INFO: a recovery the caller need not act on (the CLI's terminal shows no log lines)
            log.info("supervisor did not stop in %.0f s; terminating", timeout)
            self.process.terminate()
            self.process.join(3)
            if self.process.is_alive():
                self.process.kill()
        self.process.join(3)
        self._conn.close()
        # A supervisor that stopped as asked has stopped its workers; after any other end, the
        # workers it left are killed at once (a busy one would only notice at its chunk's end).
        end_processes(list(self._tree.values()), grace_s=3.0 if self.process.exitcode == 0 else 0.0)
        return events

    def _waitables(self) -> list[Any]:
        """The pipe and the supervisor's sentinel; only the sentinel once the pipe is at its end
        (a pipe at EOF is always "ready", and waiting on it would spin)."""
        return [self.process.sentinel] if self._eof else [self._conn, self.process.sentinel]

    def _read_available(self, max_events: int | None = None) -> list[EngineEvent]:
        events: list[EngineEvent] = []
        try:
            while (max_events is None or len(events) < max_events) and self._conn.poll():
                events.append(self._conn.recv())
        except (EOFError, OSError):
            self._eof = True
        return events

    def _remember_tree(self) -> None:
        """Note the supervisor's descendants, to end them in close() (see the module docstring)."""
        try:
            root = psutil.Process(self.process.pid)
            found = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        for process in found:
            self._tree.setdefault(process.pid, process)
        for pid in [pid for pid, p in self._tree.items() if not _running(p)]:
            del self._tree[pid]

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _supervisor_main(conn: Any, config: EngineConfig, log_level: int) -> None:
    """The supervisor process's entry, named here so that the caller's process never imports
    engine.supervisor and what it brings (the planner, VAD, worker modules, numpy): only the
    supervisor process needs them."""
    from engine.supervisor import supervisor_main

    supervisor_main(conn, config, log_level)


class EngineGone(RuntimeError):
    """The supervisor process is no longer there to take requests."""


def absolute_path(path: str | Path) -> str:
    """The path the engine is given: resolved when it can be, else as given but absolute.

    A symbolic link loop or an unreadable folder must reach the engine's own checks, which say
    what is wrong with the file, rather than fail here for the whole batch.
    """
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop before Python 3.13
        return str(Path(path).absolute())


def died_message(exitcode: int | None) -> str:
    how = f"exit code {exitcode}"
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            pass
    return f"The transcription engine stopped unexpectedly ({how})."


def end_processes(processes: list[psutil.Process], grace_s: float) -> None:
    """Wait up to ``grace_s`` for these processes to end, then kill those left and wait again."""
    alive = [p for p in processes if _running(p)]
    deadline = time.monotonic() + grace_s
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _running(p)]
    for process in alive:
        log.info("engine process %d outlived the engine; killing it", process.pid)
        try:
            process.kill()
        except psutil.Error:
            pass
    deadline = time.monotonic() + 2.0
    while alive and time.monotonic() < deadline:
        time.sleep(0.02)
        alive = [p for p in alive if _running(p)]


def _running(process: psutil.Process) -> bool:
    """Alive and not a zombie (a zombie has ended; only its exit status is left to collect)."""
    try:
        return bool(process.is_running() and process.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


class _sigint_ignored:
    """Ignore SIGINT while a child is started (only the main thread may change handlers)."""

    def __enter__(self) -> None:
        self._changed = threading.current_thread() is threading.main_thread()
        if self._changed:
            self._previous = signal.signal(signal.SIGINT, signal.SIG_IGN)

    def __exit__(self, *exc: object) -> None:
        if self._changed:  # None: a handler set outside Python, which cannot be put back
            signal.signal(signal.SIGINT, signal.SIG_DFL if self._previous is None else self._previous)


def stop_resource_tracker(timeout_s: float = 2.0) -> None:
    """End multiprocessing's resource tracker, for a command that is about to exit.

    Spawning the supervisor starts this helper process; it ends when the last process holding
    its pipe exits, a moment *after* the command, which then leaves a process behind. Only for
    callers that are done with multiprocessing (the CLI): a window may still need it. Uses the
    tracker's private fields, so any surprise is ignored (the helper then ends on its own).
    """
    try:
        tracker: Any = resource_tracker._resource_tracker
        with tracker._lock:
            fd, pid = tracker._fd, tracker._pid
            if fd is None or pid is None:
                return
            tracker._fd = tracker._pid = None
            os.close(fd)  # its last writer gone, it cleans up and exits
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.01)
        log.debug("resource tracker %d did not exit in %.0f s", pid, timeout_s)
    except (AttributeError, OSError) as error:
        log.debug("could not stop the resource tracker: %s", error)
