"""``main.py transcribe`` under faults, with real processes: a dead engine, Ctrl+C and SIGTERM,
unwritable output, paths that are not media files. Issue 10, items 1, 2, 6, 7 and 8.

Each run is a real subprocess with the fake model; its process tree is sampled while it runs,
so every test also checks that nothing of the tree is left once the command has exited.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pysubs2
import pytest

from tests.conftest import REPO

FAKE = ["--model-factory", "tests.engine.fake_model:load"]
ROOT = os.geteuid() == 0


class CliRun:
    """``main.py transcribe ARGS`` in its own session (so signals reach only its process group),
    with stderr read as it comes and every descendant process noted."""

    def __init__(self, *args: str | Path, cwd: Path, unprivileged: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "main.py"), "transcribe", *map(str, args)],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=_drop_file_privileges if unprivileged else None,
        )
        self.lines: list[str] = []
        self.tree: dict[int, psutil.Process] = {}
        self.left_behind: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def _sample(self) -> None:
        try:
            root = psutil.Process(self.proc.pid)
            while self.proc.poll() is None:
                for child in root.children(recursive=True):
                    self.tree.setdefault(child.pid, child)
                time.sleep(0.05)
        except psutil.Error:
            pass

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self.stderr):
            assert self.proc.poll() is None, f"exited early:\n{self.stderr}"
            assert time.monotonic() < deadline, f"timed out waiting; stderr so far:\n{self.stderr}"
            time.sleep(0.05)

    def supervisor(self) -> psutil.Process:
        """The engine's supervisor: the command's child that has children (the workers)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for child in psutil.Process(self.proc.pid).children():
                if child.children():
                    return child
            time.sleep(0.05)
        raise AssertionError("no supervisor with workers found")

    def finish(self, timeout: float) -> int:
        """The exit status; a run that does not end in ``timeout`` fails the test (and is killed).

        The descendants still running at that moment are kept in :attr:`left_behind` (at once:
        stragglers end by themselves a few seconds later)."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill_all()
            pytest.fail(f"the command did not exit within {timeout} s; stderr:\n{self.stderr[-3000:]}")
        self._sampler.join(5)
        self.left_behind = [
            f"{p.pid} {' '.join(p.cmdline())[-80:]} (ppid {p.ppid()})"
            for p in self.tree.values()
            if _running(p)
        ]
        for process in self.tree.values():  # do not leave them to the next test
            if _running(process):
                process.kill()
        self._reader.join(5)
        return code

    def kill_all(self) -> None:
        for process in [*self.tree.values()]:
            try:
                process.kill()
            except psutil.Error:
                pass
        self.proc.kill()
        self.proc.wait(10)


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _drop_file_privileges() -> None:
    """In the child before exec: root loses CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (from the
    bounding set, so also after exec), so file permissions apply to it as to any user."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(99)


def _can_drop_privileges() -> bool:
    if not ROOT:
        return True
    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_file_privileges)
    return probe.returncode == 0


needs_permissions = pytest.mark.skipif(
    not _can_drop_privileges(), reason="root without CAP_SETPCAP: file permissions cannot be made to apply"
)


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    """The command's working folder (also where a subtitle that cannot be written goes)."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder


def cues(path: Path) -> list[str]:
    return [e.plaintext for e in pysubs2.load(str(path))]


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
        and f"transcribed so far; wrote them to {partial}." in stopped[0]
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


# ---------------------------------------------------------------- item 7: output problems first


@needs_permissions
def test_a_read_only_output_dir_is_refused_before_any_model_loads(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    out, loads = tmp_path / "out", tmp_path / "loads"
    out.mkdir()
    loads.mkdir()
    out.chmod(0o555)
    try:
        run = CliRun(
            short_wav,
            "--model",
            f"fake?loads={loads}",
            *FAKE,
            "--output-dir",
            out,
            cwd=cwd,
            unprivileged=True,
        )
        assert run.finish(timeout=60) == 2, run.stderr
    finally:
        out.chmod(0o755)
    assert (
        f"--output-dir {out}: subtitles cannot be written there (permission denied). "
        "Give a folder you can write to." in run.stderr
    )
    assert list(loads.iterdir()) == []  # no model was loaded for nothing


@needs_permissions
def test_an_unwritable_folder_beside_one_input_fails_that_file_only(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    locked, free = tmp_path / "locked", tmp_path / "free"
    locked.mkdir()
    free.mkdir()
    shutil.copy(short_wav, locked / "a.wav")
    shutil.copy(short_wav, free / "b.wav")
    locked.chmod(0o555)
    try:
        run = CliRun(locked / "a.wav", free / "b.wav", "--model", "fake", *FAKE, cwd=cwd, unprivileged=True)
        assert run.finish(timeout=120) == 1, run.stderr
    finally:
        locked.chmod(0o755)
    assert cues(free / "b.srt")
    assert (
        f"FAILED {locked / 'a.wav'}: its subtitles cannot be written next to it in {locked} "
        "(permission denied). Use --output-dir"
    ) in run.stderr
    said = run.stderr.index(f"skipping {locked / 'a.wav'}: its subtitles cannot be written next to it")
    assert said < run.stderr.index("b.wav ")  # before any work


@pytest.mark.parametrize("how", ["a file", "below a file"])
def test_an_output_dir_that_cannot_be_a_folder_is_refused(
    tmp_path: Path, cwd: Path, short_wav: Path, how: str
) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("not a folder")
    target = plain if how == "a file" else plain / "subs"
    run = CliRun(short_wav, "--model", "fake", *FAKE, "--output-dir", target, cwd=cwd)
    assert run.finish(timeout=60) == 2, run.stderr
    if how == "a file":
        assert f"--output-dir {plain} is a file, not a folder. Give a folder" in run.stderr
    else:
        assert (
            f"--output-dir {target}: the folder cannot be created (a part of the path is a file, "
            "not a folder)"
        ) in run.stderr
    assert plain.read_text() == "not a folder" and run.tree == {}  # no engine was started


def test_a_format_that_cannot_be_written_does_not_stop_the_others(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    out = tmp_path / "out"
    run = CliRun(
        short_wav,
        "--model",
        "fake?delay=2",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "vtt,srt,ass",
        "--overwrite",
        "--language",
        "en",
        cwd=cwd,
    )
    run.wait_for(lambda text: "transcribing" in text)  # the outputs were checked: the run is under way
    (out / "short.vtt").mkdir()  # in the way of one format since the check, as a full disk would be
    assert run.finish(timeout=120) == 1, run.stderr
    assert cues(out / "short.srt") and cues(out / "short.ass")
    assert cues(cwd / "short.vtt") == cues(out / "short.srt")  # the failed format, saved elsewhere
    line = next(x for x in run.lines if x.startswith(f"FAILED {short_wav}:"))
    assert (
        f"could not write {out / 'short.vtt'}" in line and f"saved it as {cwd / 'short.vtt'} instead" in line
    )
    wrote = next(x for x in run.lines if f"{short_wav}: wrote " in x)  # before: the fallback looked planned
    assert f"{cwd / 'short.vtt'} (instead of {out / 'short.vtt'}, which could not be written)" in wrote


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_where_a_subtitle_goes_is_refused_before_any_work(
    tmp_path: Path, cwd: Path, short_wav: Path, overwrite: bool
) -> None:
    """Before: "already exists; use --overwrite", and with --overwrite the file was transcribed and
    its ASS landed in the current folder."""
    out, loads = tmp_path / "out", tmp_path / "loads"
    loads.mkdir()
    (out / "short.ass").mkdir(parents=True)
    run = CliRun(
        short_wav,
        "--model",
        f"fake?loads={loads}",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "srt,ass",
        *(["--overwrite"] if overwrite else []),
        cwd=cwd,
    )
    assert run.finish(timeout=60) == 1, run.stderr
    line = next(x for x in run.lines if x.startswith(f"FAILED {short_wav}:"))
    assert f"its subtitle {out / 'short.ass'} is a folder" in line and "--overwrite" not in line
    assert list(loads.iterdir()) == [] and list(cwd.iterdir()) == [] and not (out / "short.srt").exists()


def test_microdvd_without_a_frame_rate_is_refused_before_any_work(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    """Before: the file was transcribed, then "MicroDVD (frames) counts frames: give the video's
    frame rate", which no option could give."""
    out, loads = tmp_path / "out", tmp_path / "loads"
    loads.mkdir()
    run = CliRun(
        short_wav,
        "--model",
        f"fake?loads={loads}",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "microdvd",
        cwd=cwd,
    )
    assert run.finish(timeout=60) == 1, run.stderr
    line = next(x for x in run.lines if x.startswith(f"FAILED {short_wav}:"))
    assert "has no video to take its frame rate from: give the video's with --fps, e.g. --fps 23.976" in line
    assert list(loads.iterdir()) == []
    run = CliRun(
        short_wav,
        "--model",
        "fake",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "microdvd",
        "--fps",
        "25",
        "--language",
        "en",
        cwd=cwd,
    )
    assert run.finish(timeout=120) == 0, run.stderr
    text = (out / "short.sub").read_text()
    assert text.startswith("{1}{1}25") and "speech" in text


# ---------------------------------------------------------------- item 8: one bad path, not the batch


def make_bad_path(kind: str, folder: Path, source: Path) -> Path:
    if kind == "link loop":
        path = folder / "loop.mp4"
        path.symlink_to(folder / "loop.mp4")
    elif kind == "fifo":
        path = folder / "stream.ts"
        os.mkfifo(path)
    elif kind == "unreadable":
        path = folder / "secret.wav"
        shutil.copy(source, path)
        path.chmod(0)
    else:  # by its name FFmpeg reads it as MP3 and scans all of it for a frame
        path = folder / "zeros.mp3"
        with open(path, "wb") as f:
            f.truncate(20 * 2**30)  # 20 GB of zeros, sparse
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("link loop", "symbolic link loop"),  # Path.resolve() raised RuntimeError: the batch stopped
        ("fifo", "is a FIFO (named pipe), not a regular file"),  # was "empty, may still be copying"
        ("unreadable", "permission denied: this user may not read the file"),  # was "convert it to WAV"
        ("zeros", "not a readable audio or video file: its first 1 MB hold only zero bytes"),  # took 145 s
    ],
)
def test_a_path_that_is_not_a_media_file_fails_alone_with_its_own_reason(
    tmp_path: Path, cwd: Path, short_wav: Path, kind: str, reason: str
) -> None:
    if kind == "unreadable" and not _can_drop_privileges():
        pytest.skip("root without CAP_SETPCAP: file permissions cannot be made to apply")
    media = tmp_path / "media"
    media.mkdir()
    bad = make_bad_path(kind, media, short_wav)
    good = media / "good.wav"
    shutil.copy(short_wav, good)
    started = time.monotonic()
    run = CliRun(
        bad, good, "--model", "fake", *FAKE, "--output-dir", tmp_path / "out", cwd=cwd, unprivileged=True
    )
    assert run.finish(timeout=60) == 1, run.stderr
    assert time.monotonic() - started < 30, run.stderr
    assert cues(tmp_path / "out" / "good.srt")
    line = next((x for x in run.lines if x.startswith(f"FAILED {bad}:")), "")
    assert reason in line, run.stderr
    assert "Traceback" not in run.stderr
    assert run.left_behind == []
