"""``main.py transcribe`` when its engine dies or is stopped: a dead supervisor, Ctrl+C and SIGTERM,
workers killed from outside, nothing left behind (issue 10, items 1, 2 and 6).

Each run is a real subprocess with the fake model (tests/integration/cli_faults_helpers.py); its
process tree is sampled while it runs, so every test also checks that nothing of the tree is left
once the command has exited.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.integration.cli_faults_helpers import FAKE, CliRun, cues

# ---------------------------------------------------------------- item 1: the engine dies


def test_a_dead_supervisor_ends_the_run_and_keeps_the_cues(
    tmp_path: Path, cwd: Path, speech_wav: Path, short_wav: Path
) -> None:
    out = tmp_path / "out"
    run = CliRun(
        speech_wav,
        short_wav,
        "--model",
        "fake?delay=4",
        *FAKE,
        "--workers",
        "1",
        "--output-dir",
        out,
        "-v",
        cwd=cwd,
    )
    run.wait_for(lambda text: "speech.wav [" in text)  # a cue has arrived
    run.supervisor().kill()
    code = run.finish(timeout=20)  # it used to spin at 100 % CPU for ever
    assert code == 1, run.stderr
    assert cues(out / "speech.partial.srt")
    assert not (out / "short.srt").exists() and not (out / "short.partial.srt").exists()
    for name in (speech_wav, short_wav):
        line = next(x for x in run.lines if x.startswith(f"FAILED {name}:"))
        assert "The transcription engine stopped unexpectedly (killed by SIGKILL)" in line
    assert "Traceback" not in run.stderr
    assert run.left_behind == []


# ---------------------------------------------------------------- item 2: Ctrl+C and SIGTERM


@pytest.mark.parametrize(
    ("signum", "to_group", "code", "said"),
    [
        (signal.SIGINT, True, 130, "Ctrl+C"),  # what a terminal sends on Ctrl+C: the whole group
        (signal.SIGTERM, False, 143, "SIGTERM"),  # kill PID
        (signal.SIGTERM, True, 143, "SIGTERM"),  # a service manager stopping the whole group
    ],
    ids=["ctrl-c", "sigterm", "sigterm-group"],
)
def test_a_stop_signal_keeps_what_was_transcribed(
    tmp_path: Path,
    cwd: Path,
    speech_wav: Path,
    short_wav: Path,
    signum: int,
    to_group: bool,
    code: int,
    said: str,
) -> None:
    out = tmp_path / "out"
    run = CliRun(
        speech_wav,
        short_wav,
        "--model",
        "fake?delay=4",
        *FAKE,
        "--workers",
        "1",
        "--output-dir",
        out,
        "-v",
        cwd=cwd,
    )
    run.wait_for(lambda text: "speech.wav [" in text)
    started = time.monotonic()
    if to_group:
        os.killpg(run.proc.pid, signum)
    else:
        run.proc.send_signal(signum)
    exit_code = run.finish(timeout=20)
    assert run.left_behind == []  # a SIGTERM used to end the command alone: its engine ran on
    assert exit_code == code, run.stderr
    assert time.monotonic() - started < 10
    partial = out / "speech.partial.srt"
    assert cues(partial)
    assert not (out / "speech.srt").exists()
    stopped = [line for line in run.lines if f"stopped by {said}" in line]
    assert len(stopped) == 2, run.stderr  # one line per unfinished file
    assert (
        f"{speech_wav}: stopped by {said} at " in stopped[0]
        and "transcribed so far (" in stopped[0]  # then what is not transcribed yet, by stretch
        and f"); wrote them to {partial}." in stopped[0]
    )
    assert f"{short_wav}: stopped by {said} before any text was transcribed; nothing written." in stopped[1]
    assert "Traceback" not in run.stderr and "FAILED" not in run.stderr
    assert run.left_behind == []


def test_a_replaced_worker_is_announced_once_in_the_clis_words(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    """Before: the supervisor's log line ("wfs-supervisor WARNING killing worker 0: ...") came too."""
    out = tmp_path / "out"
    run = CliRun(
        short_wav,
        "--model",
        f"fake?garbage_once={tmp_path / 'garbage'}",
        *FAKE,
        "--workers",
        "1",
        "--language",
        "en",
        "--output-dir",
        out,
        cwd=cwd,
    )
    assert run.finish(timeout=120) == 0, run.stderr
    said = [line for line in run.lines if "malformed" in line]
    assert len(said) == 1 and said[0].startswith("engine: "), run.stderr
    assert "WARNING" not in run.stderr and "killing worker" not in run.stderr


def test_a_stopped_supervisor_is_ended_without_raw_log_lines(
    tmp_path: Path, cwd: Path, speech_wav: Path
) -> None:
    """Ctrl+C while the supervisor is stopped: before, "WARNING:engine.client:supervisor did not
    stop in 5 s; terminating" and "engine process N outlived the engine" came raw."""
    out = tmp_path / "out"
    run = CliRun(
        speech_wav, "--model", "fake?delay=4", *FAKE, "--workers", "1", "--output-dir", out, "-v", cwd=cwd
    )
    run.wait_for(lambda text: "speech.wav [" in text)
    run.supervisor().suspend()
    run.proc.send_signal(signal.SIGINT)
    assert run.finish(timeout=30) == 130, run.stderr
    assert "stopped by Ctrl+C" in run.stderr
    assert "WARNING" not in run.stderr and "engine.client" not in run.stderr, run.stderr
    assert run.left_behind == []


def test_workers_killed_from_outside_leak_no_semaphores(tmp_path: Path, cwd: Path, speech_wav: Path) -> None:
    """Before: each worker's tqdm lock (a named semaphore) outlived a SIGKILL and the command
    ended with "resource_tracker: There appear to be N leaked semaphore objects"."""
    script = f"tqdm=1&poison={tmp_path}&poison_n=0&poison_mode=sigkill&poison_times=2"
    run = CliRun(
        speech_wav,
        "--model",
        f"fake?{script}",
        *FAKE,
        "--workers",
        "2",
        "--language",
        "en",
        "--output-dir",
        tmp_path / "out",
        cwd=cwd,
    )
    assert run.finish(timeout=120) == 0, run.stderr
    assert run.stderr.count("killed from outside (SIGKILL)") == 2, run.stderr
    assert "leaked" not in run.stderr and "resource_tracker" not in run.stderr, run.stderr


# ---------------------------------------------------------------- item 6: nothing left behind


def test_nothing_of_the_engine_outlives_a_finished_run(tmp_path: Path, cwd: Path, short_wav: Path) -> None:
    run = CliRun(
        short_wav, "--model", "fake?delay=0.5", *FAKE, "--workers", "2", "--output-dir", tmp_path, cwd=cwd
    )
    assert run.finish(timeout=120) == 0, run.stderr
    assert len(run.tree) >= 3  # supervisor and two workers were seen
    assert run.left_behind == []
