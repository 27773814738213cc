"""Run a command in a fresh process and record the memory high-water mark of its whole tree.

Every ~50 ms the resident set (RSS) of the process and all its descendants is summed; the peak
of that sum is reported. RSS counts shared pages (libraries, the model file mapped by several
workers) once per process, so the proportional set size (PSS, shared pages split between their
users) is sampled too: it is what the tree really costs the machine.

The tree's CPU time comes from ``wait4`` (it includes every descendant that was waited for), and
the CPU that *other* processes used meanwhile is kept as a noise indicator: on a shared 2-core
machine a test suite running beside the benchmark slows it down.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from typing import IO

import psutil

MB = 1024 * 1024


@dataclass(frozen=True)
class TreeRun:
    returncode: int
    wall_s: float
    peak_rss_mb: float
    peak_pss_mb: float
    peak_processes: int
    cpu_s: float  # user + system time of the whole tree
    other_cores: float  # average cores kept busy by processes outside the tree
    # The largest peak RSS of any single process at each depth of the tree (0: the command,
    # 1: its children ...). For the engine, depth 1 is the supervisor, which holds the audio,
    # and depth 2 the workers: growth with file length must show up in depth 1 only.
    peak_by_depth_mb: tuple[float, ...] = ()
    # With ``stderr_lines=True``: each line the command wrote to stderr, with the seconds since
    # the command was started at which the line arrived (the CLI's --verbose cues, to time them).
    stderr: tuple[tuple[float, str], ...] = ()


def run_measured(
    command: list[str],
    interval_s: float = 0.05,
    timeout_s: float = 1800.0,
    stderr_lines: bool = False,
    env: dict[str, str] | None = None,
) -> TreeRun:
    """Run ``command`` to completion while sampling its process tree's memory.

    ``stderr_lines``: read the command's stderr line by line and time each line's arrival
    (seconds from just before the process was started, the same origin as ``wall_s``).
    """
    busy_before = _busy_s()
    started = time.monotonic()
    child = subprocess.Popen(command, stderr=subprocess.PIPE if stderr_lines else None, env=env, text=True)
    lines: list[tuple[float, str]] = []
    reader = None
    if child.stderr is not None:
        reader = threading.Thread(target=_read_lines, args=(child.stderr, started, lines), daemon=True)
        reader.start()
    root = psutil.Process(child.pid)
    peak_rss = peak_pss = peak_processes = 0
    by_depth: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout_s:
            child.kill()
        rss, pss, count = _sample(root)
        for depth, one in _sample_depths(root).items():
            by_depth[depth] = max(by_depth.get(depth, 0), one)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        peak_processes = max(peak_processes, count)
        time.sleep(interval_s)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if reader is not None:
        reader.join(timeout=5.0)
    wall = time.monotonic() - started
    cpu = usage.ru_utime + usage.ru_stime
    other = max(0.0, _busy_s() - busy_before - cpu) / wall
    depths = tuple(by_depth.get(d, 0) / MB for d in range(max(by_depth, default=-1) + 1))
    return TreeRun(
        child.returncode, wall, peak_rss / MB, peak_pss / MB, peak_processes, cpu, other, depths, tuple(lines)
    )


def _read_lines(stream: IO[str], started: float, into: list[tuple[float, str]]) -> None:
    """Append (seconds since ``started``, line) for each line of ``stream`` until it closes."""
    for line in stream:
        into.append((time.monotonic() - started, line.rstrip("\n")))


def _sample_depths(root: psutil.Process) -> dict[int, int]:
    """The largest RSS of a single process at each depth below ``root``."""
    out: dict[int, int] = {}
    level = [root]
    depth = 0
    while level:
        for process in level:
            try:
                out[depth] = max(out.get(depth, 0), process.memory_info().rss)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        nxt = []
        for process in level:
            try:
                nxt += process.children()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        level, depth = nxt, depth + 1
    return out


def _busy_s() -> float:
    """CPU seconds the whole machine has spent on anything but idling, since boot."""
    times = psutil.cpu_times()
    not_busy = ("idle", "iowait", "guest", "guest_nice")  # guest time is already in user
    return float(sum(getattr(times, name) for name in times._fields if name not in not_busy))


def _sample(root: psutil.Process) -> tuple[int, int, int]:
    """(RSS sum, PSS sum, process count) of ``root`` and its descendants; vanished ones count 0."""
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0, 0
    rss = pss = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss, len(processes)
