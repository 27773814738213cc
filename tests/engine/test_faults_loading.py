"""The engine under faults from outside (issue 10): workers killed or stopped while they load
the model (real processes, the scripted fake model).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil

from engine.protocol import (
    EngineFailed,
    JobFailed,
    JobOptions,
    WorkerState,
    WorkerStatus,
)
from tests.engine.engine_helpers import Recorder, fake_engine
from tests.engine.fault_helpers import gone, restarts
from tests.engine.test_supervisor import assert_complete

# ---------------------------------------------------------------- kills while loading (item 5)


def kill_loads(loads: Path, count: int, rec: Recorder) -> None:
    """SIGKILL the next ``count`` workers while they load (the fake model sleeps after marking)."""
    killed: set[int] = set()
    for _ in range(count):
        rec.until(lambda: any(int(f.name[5:]) not in killed for f in loads.iterdir()), timeout=30)
        (pid,) = [int(f.name[5:]) for f in loads.iterdir() if int(f.name[5:]) not in killed]
        assert pid in {p.pid for p in psutil.Process(rec.client.process.pid).children()}
        os.kill(pid, signal.SIGKILL)
        killed.add(pid)


def test_a_worker_killed_while_loading_is_restarted(short_wav: Path, tmp_path: Path) -> None:
    """Before: the engine failed with a false 'The model could not be loaded'.

    The first two loads take a minute, so each kill lands while the model loads however slow
    the machine; the third load is quick.
    """
    with fake_engine(f"loads={tmp_path}&load_sleep=60&load_sleep_times=2", workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav)
        kill_loads(tmp_path, 2, rec)  # the first load, then the reload after the restart
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert len(list(tmp_path.iterdir())) == 3
        assert len([e for e in rec.of(WorkerStatus) if e.state == WorkerState.READY]) == 1
        assert not rec.of(EngineFailed)
        assert not [e for e in rec.of(WorkerStatus) if e.state == WorkerState.FAILED]
        messages = restarts(rec)
        assert len(messages) == 2 and all("killed from outside (SIGKILL)" in m for m in messages)


def test_a_worker_killed_at_every_load_is_given_up_on(short_wav: Path, tmp_path: Path) -> None:
    """Restarts after kills during load are bounded (supervisor.LOAD_KILLS, 5 in a row)."""
    from engine.supervisor import LOAD_KILLS

    with fake_engine(f"loads={tmp_path}&load_sleep=60", workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav)
        kill_loads(tmp_path, LOAD_KILLS, rec)
        rec.finished(job, timeout=30)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFailed) and "could not be loaded" in terminal.message
        assert f"{LOAD_KILLS} times in a row while loading" in terminal.message
        (failed,) = [e for e in rec.of(WorkerStatus) if e.state == WorkerState.FAILED]
        assert (
            failed.message.startswith("worker 0 (CPU) was killed") and failed.message.count("worker 0") == 1
        )
        assert len(restarts(rec)) == LOAD_KILLS - 1


def test_a_worker_stopped_while_loading_is_replaced(
    short_wav: Path, tmp_path: Path, stopped: list[psutil.Process]
) -> None:
    """One worker, stopped (SIGSTOP) while it loads the model.

    Before: the hang check looked only at workers holding a chunk, so the job waited for good.
    """
    with fake_engine(
        f"loads={tmp_path}&load_sleep=2&load_sleep_times=1", workers=1, hang_timeout_s=3.0
    ) as client:
        rec = Recorder(client)
        job = client.submit(short_wav, JobOptions(language="en"))
        rec.until(lambda: any(tmp_path.iterdir()), timeout=30)
        (mark,) = tmp_path.iterdir()
        worker = psutil.Process(int(mark.name[5:]))
        worker.suspend()
        stopped.append(worker)
        stopped_at = time.monotonic()
        rec.until(lambda: bool(restarts(rec)), timeout=20)
        assert time.monotonic() - stopped_at < 3.0 + 3.0
        (message,) = restarts(rec)
        assert "hung while loading the model" in message
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert gone(worker)


def test_a_slow_load_is_not_taken_for_a_hang(short_wav: Path, tmp_path: Path) -> None:
    """A load that takes longer than hang_timeout_s is fine while the worker's heartbeat goes on."""
    with fake_engine(f"loads={tmp_path}&load_sleep=9", hang_timeout_s=5.0, workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav, JobOptions(language="en"))
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert not restarts(rec)
        assert len(list(tmp_path.iterdir())) == 1


def test_kills_while_loading_after_the_model_once_loaded_never_give_up(
    short_wav: Path, tmp_path: Path
) -> None:
    """The model loaded once, then the worker is killed, then killed at each reload.

    Before: after LOAD_KILLS exits in a row the worker was abandoned and the engine failed with
    a false "The model could not be loaded ... (out of memory?)" (f4.py: the model had loaded
    twenty times in that run).
    """
    from engine.supervisor import LOAD_KILLS

    reloads = LOAD_KILLS - 1  # with the kill of the loaded worker: LOAD_KILLS exits in a row
    script = f"loads={tmp_path}&load_sleep=60&load_sleep_from=1&load_sleep_times={1 + reloads}"
    with fake_engine(script, workers=1) as client:
        rec = Recorder(client)
        rec.ready()
        (first,) = [int(f.name[5:]) for f in tmp_path.iterdir()]
        os.kill(first, signal.SIGKILL)
        killed = {first}
        for _ in range(reloads):
            rec.until(lambda: any(int(f.name[5:]) not in killed for f in tmp_path.iterdir()), timeout=30)
            (pid,) = [int(f.name[5:]) for f in tmp_path.iterdir() if int(f.name[5:]) not in killed]
            os.kill(pid, signal.SIGKILL)
            killed.add(pid)
        job = client.submit(short_wav, JobOptions(language="en"))
        rec.finished(job, timeout=60)
        assert_complete(rec, job)
        assert not rec.of(EngineFailed)
        assert not [e for e in rec.of(WorkerStatus) if e.state == WorkerState.FAILED]
        assert len(restarts(rec)) == LOAD_KILLS
