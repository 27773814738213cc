"""EngineClient with a real supervisor: a dead engine is reported once and never spun on, every
process it started ends with close(), and Ctrl+C is the caller's alone."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from engine.client import EngineClient
from engine.protocol import EngineFailed, JobFailed, JobOptions, JobProgress
from tests.engine.engine_helpers import Recorder, fake_engine


def workers_of(client: EngineClient) -> list[psutil.Process]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = psutil.Process(client.process.pid).children()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("no worker started")


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_a_dead_engine_is_reported_once_then_polls_wait_like_quiet_ones(speech_wav: Path) -> None:
    client = fake_engine("delay=3", workers=1)
    try:
        recorder = Recorder(client)
        job = client.submit(speech_wav, JobOptions(max_chunk_ms=8_000))
        recorder.until(lambda: bool(recorder.of(JobProgress, job)))
        client.process.kill()
        recorder.until(lambda: bool(recorder.of(EngineFailed)), timeout=10)
        (died,) = recorder.of(EngineFailed)
        assert died.error_type == "EngineDied"
        started, calls = time.monotonic(), 0
        while time.monotonic() - started < 1.0:  # it used to return at once: a loop spun a core
            assert client.poll(0.25) == []
            calls += 1
        assert calls <= 5
        assert died.message == "The transcription engine stopped unexpectedly (killed by SIGKILL)."
    finally:
        client.close()


def test_close_ends_workers_that_a_dead_supervisor_left_behind(speech_wav: Path) -> None:
    client = fake_engine("delay=30", workers=2)  # busy workers notice nothing until their chunk ends
    recorder = Recorder(client)
    job = client.submit(speech_wav, JobOptions(max_chunk_ms=8_000))
    recorder.until(lambda: bool(recorder.of(JobProgress, job)))
    workers = workers_of(client)
    later = time.monotonic() + 1.5
    recorder.until(lambda: time.monotonic() > later)  # the client has polled since the workers started
    client.process.kill()
    started = time.monotonic()
    client.close(timeout=5)
    assert time.monotonic() - started < 5
    assert [w.pid for w in workers if alive(w)] == []


def test_close_ends_what_workers_started_when_the_supervisor_died(tmp_path: Path) -> None:
    """Workers die with their supervisor through PR_SET_PDEATHSIG, which a process they start
    does not inherit: a helper that a model library starts is left behind when the supervisor
    is killed, and only close() ends it (the test above passes on Linux without close's help)."""
    client = fake_engine(f"helper={tmp_path}", workers=1)
    helper: psutil.Process | None = None
    try:
        Recorder(client).ready()
        (marker,) = tmp_path.iterdir()
        helper = psutil.Process(int(marker.name.removeprefix("helper-")))
        assert alive(helper)
        client.process.kill()
        client.close(timeout=5)
        assert not alive(helper)
    finally:
        client.close()
        if helper is not None and alive(helper):
            helper.kill()


def test_polling_does_not_scan_every_process(short_wav: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing the supervisor's descendants reads every process on the machine (7-20 ms), and the
    window polls within a 15 ms budget: the client looks only when workers start or stop."""
    with fake_engine("delay=3", workers=1) as client:
        recorder = Recorder(client)
        recorder.ready()
        job = client.submit(short_wav, JobOptions(language="en"))
        scans: list[int] = []
        children = psutil.Process.children

        def counted(self: psutil.Process, recursive: bool = False) -> list[psutil.Process]:
            scans.append(1)
            return children(self, recursive)

        monkeypatch.setattr(psutil.Process, "children", counted)
        started = time.monotonic()
        # Poll for 2.5 s and until the job has shown progress (a loaded machine starts it late).
        while time.monotonic() - started < 2.5 or (
            not recorder.of(JobProgress, job) and time.monotonic() - started < 60
        ):
            recorder.events += client.poll(0.05)
        monkeypatch.undo()
        assert recorder.of(JobProgress, job)  # it polled while the job ran
        assert scans == []


def test_close_returns_only_when_every_engine_process_has_ended(short_wav: Path) -> None:
    client = fake_engine("delay=5", workers=2)
    recorder = Recorder(client)
    recorder.ready()
    job = client.submit(short_wav)
    recorder.until(lambda: bool(recorder.of(JobProgress, job)))
    tree = [psutil.Process(client.process.pid), *workers_of(client)]
    client.close(timeout=10)
    assert [p.pid for p in tree if alive(p)] == []


def test_ctrl_c_in_the_terminal_does_not_reach_the_engine(short_wav: Path) -> None:
    """A terminal's Ctrl+C goes to the whole process group: the engine ignores it (the caller
    decides what it means), so no process dies with a KeyboardInterrupt traceback."""
    with fake_engine("", workers=1) as client:
        recorder = Recorder(client)
        recorder.ready()
        tree = [psutil.Process(client.process.pid), *workers_of(client)]
        for process in tree:
            os.kill(process.pid, signal.SIGINT)
        time.sleep(1.0)
        assert all(alive(p) for p in tree)
        job = client.submit(short_wav)
        recorder.finished(job)


def test_a_symlink_loop_fails_its_job_not_the_caller(tmp_path: Path, short_wav: Path) -> None:
    loop = tmp_path / "loop.wav"
    loop.symlink_to(loop)
    with fake_engine("", workers=1) as client:
        recorder = Recorder(client)
        bad = client.submit(loop)  # Path.resolve() raised RuntimeError here: the batch stopped
        good = client.submit(short_wav)
        recorder.finished(bad, good)
        (failed,) = recorder.terminal(bad)
        assert isinstance(failed, JobFailed) and "symbolic link loop" in failed.message
        assert not isinstance(recorder.terminal(good)[0], JobFailed)
