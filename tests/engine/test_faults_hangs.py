"""The engine under faults from outside (issue 10): Ctrl+C, hangs, and workers that will not die.

Real processes and the scripted fake model (the last test drives the loop by hand). Each test
failed on the engine before the change it covers (see each docstring): Ctrl+C in the terminal,
a stopped (hung) worker, the supervisor killed under a stopped worker, a worker killed that
does not die.
"""

from __future__ import annotations

import logging
import signal
import time
from multiprocessing import get_context
from pathlib import Path

import psutil
import pytest

from engine.protocol import (
    EngineConfig,
    EngineFailed,
    JobOptions,
    JobProgress,
    StretchFailed,
)
from tests.engine.engine_helpers import FAKE, Recorder, fake_engine
from tests.engine.fault_helpers import busy_worker, engine_tree, gone, restarts
from tests.engine.test_supervisor import SMALL_CHUNKS, assert_complete

# ---------------------------------------------------------------- Ctrl+C (issue 10 item 2)


def test_ctrl_c_in_the_terminal_does_not_stop_the_engine(speech_wav: Path) -> None:
    """The terminal sends SIGINT to the whole group; only the caller decides what it means.

    Before: the supervisor and workers died with KeyboardInterrupt tracebacks.
    """
    with fake_engine("delay=0.5") as client:
        rec = Recorder(client)
        rec.ready()
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.until(lambda: bool(rec.of(JobProgress, job)))
        tree = engine_tree(client.process.pid)
        assert len(tree) >= 3
        for process in tree:
            process.send_signal(signal.SIGINT)
        rec.until(lambda: bool(rec.terminal(job) or rec.of(EngineFailed)), timeout=60)
        assert_complete(rec, job)
        assert not any(gone(p) for p in tree)


# ---------------------------------------------------------------- hangs (item 3)


def test_a_stopped_busy_worker_is_replaced_and_its_chunk_costs_no_attempt(
    speech_wav: Path, tmp_path: Path, stopped: list[psutil.Process]
) -> None:
    """Before: nothing noticed; progress froze for good (chunk_timeout_s was off by default)."""
    with fake_engine(f"delay=0.5&busy={tmp_path}", hang_timeout_s=3.0, max_chunk_attempts=1) as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        worker = busy_worker(rec, tmp_path)
        worker.suspend()
        stopped.append(worker)
        stopped_at = time.monotonic()
        rec.until(lambda: bool(restarts(rec)), timeout=20)
        assert time.monotonic() - stopped_at < 3.0 + 3.0
        (message,) = restarts(rec)
        assert message.startswith("worker ") and "hung" in message
        rec.finished(job, timeout=60)
        assert_complete(rec, job)  # with max_chunk_attempts=1 a counted hang would fail the chunk
        assert not rec.of(StretchFailed, job)
        assert gone(worker)


def test_stopped_idle_workers_are_replaced_when_given_work(
    speech_wav: Path, stopped: list[psutil.Process]
) -> None:
    """A task written to a stopped worker's full pipe blocked the whole supervisor for good."""
    with fake_engine("", hang_timeout_s=3.0) as client:
        rec = Recorder(client)
        rec.ready()
        workers = psutil.Process(client.process.pid).children()
        assert len(workers) == 2
        for worker in workers:
            worker.suspend()
            stopped.append(worker)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert restarts(rec) and all("hung" in m for m in restarts(rec))
        assert all(gone(w) for w in workers)


def test_a_hang_is_caught_when_no_other_worker_is_busy(
    short_wav: Path, tmp_path: Path, stopped: list[psutil.Process]
) -> None:
    """One worker and a hang timeout above STALL_S, as the default 30 s is.

    Before: the loop slept until the hang deadline, took its own long sleep for a stopped
    supervisor, restarted every silence clock, and so never noticed the hang.
    """
    from engine.supervisor import STALL_S

    timeout = STALL_S + 2
    with fake_engine(f"delay=3&busy={tmp_path}", hang_timeout_s=timeout, workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav, JobOptions(language="en", max_chunk_ms=8_000))
        worker = busy_worker(rec, tmp_path)
        worker.suspend()
        stopped.append(worker)
        stopped_at = time.monotonic()
        rec.until(lambda: bool(restarts(rec)), timeout=timeout + 10)
        assert time.monotonic() - stopped_at < timeout + 3
        assert "hung" in restarts(rec)[0]
        rec.finished(job, timeout=90)
        assert_complete(rec, job)


def test_a_worker_stopped_in_the_middle_of_a_reply_is_replaced(
    short_wav: Path, tmp_path: Path, stopped: list[psutil.Process]
) -> None:
    """Before: the supervisor blocked for good reading the rest of the message (the watchdog
    looked only at sends), so nothing, not even a cancel, was handled again."""
    with fake_engine(f"stop_mid_reply={tmp_path / 'stopped'}", hang_timeout_s=3.0, workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav, JobOptions(language="en"))

        def stopped_worker() -> bool:
            found = [
                p
                for p in psutil.Process(client.process.pid).children()
                if p.status() == psutil.STATUS_STOPPED
            ]
            stopped.extend(p for p in found if p not in stopped)
            return bool(found)

        rec.until(stopped_worker, timeout=60)
        stopped_at = time.monotonic()
        rec.until(lambda: bool(restarts(rec)), timeout=15)
        assert time.monotonic() - stopped_at < 3.0 + 3.0
        assert "hung" in restarts(rec)[0]
        rec.finished(job, timeout=60)
        assert_complete(rec, job)


def test_a_slow_model_is_not_taken_for_a_hung_one(short_wav: Path) -> None:
    """A chunk that takes longer than hang_timeout_s is fine while the worker's heartbeat goes on.

    The timeout is five heartbeats, so a loaded machine that delays one or two cannot fail this.
    """
    with fake_engine("delay=9", hang_timeout_s=5.0, workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav, JobOptions(language="en"))
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert not restarts(rec)


def test_workers_do_not_outlive_a_killed_supervisor_even_when_stopped(
    speech_wav: Path, tmp_path: Path, stopped: list[psutil.Process]
) -> None:
    """Before: the stopped worker was orphaned for good."""
    client = fake_engine(f"delay=2&busy={tmp_path}")
    try:
        rec = Recorder(client)
        client.submit(speech_wav, SMALL_CHUNKS)
        worker = busy_worker(rec, tmp_path)
        worker.suspend()
        workers = psutil.Process(client.process.pid).children()
        stopped.extend(workers)
        assert worker in workers and len(workers) == 2
        client.process.kill()
        deadline = time.monotonic() + 5
        while not all(gone(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(gone(w) for w in workers), [w.status() for w in workers if not gone(w)]
    finally:
        client.close(timeout=1)


# ---------------------------------------------------------------- a worker that will not die


class Unkillable:
    """A worker process that ignores kill(), as one in uninterruptible sleep (state D) does."""

    sentinel = -1
    exitcode = None

    def __init__(self) -> None:
        self.kills = 0

    def kill(self) -> None:
        self.kills += 1

    def is_alive(self) -> bool:
        return True


@pytest.mark.parametrize("cause", ["hang", "cancel"])
def test_a_worker_that_will_not_die_is_killed_once_and_not_spun_on(cause: str) -> None:
    """Before: a worker killed after a cancel was killed again at every loop step, and the
    loop woke every 10 ms for the deadline of a worker it had already killed."""
    from engine.devices import cpu_workers
    from engine.jobs import QueueEntry
    from engine.protocol import WorkerInfo
    from engine.supervisor import Supervisor
    from engine.workers import WorkerHandle

    config = EngineConfig(
        model="fake?", model_factory=FAKE, workers=1, hang_timeout_s=3.0, vad_factory="builtins:object"
    )  # nothing is prepared here
    ours, theirs = get_context("spawn").Pipe()
    supervisor = Supervisor(theirs, config, logging.WARNING)
    try:
        process = Unkillable()
        handle = WorkerHandle(cpu_workers(config)[0], process, ours)  # type: ignore[arg-type]
        handle.info = WorkerInfo(0, "cpu", None, "CPU", "int8")  # loaded: it holds a task
        long_ago = time.monotonic() - 100
        handle.task = QueueEntry(0, 1, 1, -1000, 3, "job")
        handle.task_started = handle.last_heard = long_ago
        if cause == "cancel":
            handle.cancel_sent = long_ago
        supervisor.workers[0] = handle
        supervisor._check_timers()
        assert process.kills == 1 and handle.kill_reason is not None
        for _ in range(3):
            supervisor._check_timers()
        assert process.kills == 1
        assert supervisor._timeout() == 1.0  # waits for its sentinel, at the usual pace
    finally:
        supervisor.workers.clear()
        supervisor._stopped.set()
        supervisor.preparer.stop()
