"""A real one-machine Ray cluster for tests and benchmarks, bound to 127.0.0.1 and stopped by pid.

``LocalCluster`` runs ``ray start --head --node-ip-address=127.0.0.1`` with its own temp dir and
RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0: without that variable Ray 2.60 replaces 127.0.0.1 with the
machine's interface address and listens on every interface; with it, the head listens on
loopback only (and refuses a second node: Ray then calls the cluster single-machine).
Stopping never runs ``ray stop``, which stops every Ray process of the user on the machine: it
ends only the processes whose command line names this cluster's temp dir, and their children
(the actors' worker processes), then removes the dir. Linux (/proc) only.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

START_TIMEOUT_S = 120.0


class LocalCluster:
    """``with LocalCluster(num_cpus=2) as address:`` a head node at 127.0.0.1:PORT for the block."""

    def __init__(self, num_cpus: int, num_gpus: int | None = None, python_path: str | None = None) -> None:
        self.num_cpus = num_cpus
        self.num_gpus = num_gpus
        self.python_path = python_path  # PYTHONPATH of the actors' processes (this checkout)
        self.temp_dir = ""
        self.address = ""

    def env(self) -> dict[str, str]:
        """The environment for the cluster and for the drivers that join it."""
        env = dict(os.environ, RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0", RAY_USAGE_STATS_ENABLED="0")
        if self.python_path:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (self.python_path, env.get("PYTHONPATH")) if p)
        return env

    def start(self) -> str:
        self.temp_dir = tempfile.mkdtemp(prefix="wfs-ray-")  # short: Ray's socket paths must stay < 108
        port = _free_port()
        command = [
            _ray_executable(),
            "start",
            "--head",
            "--node-ip-address=127.0.0.1",
            f"--port={port}",
            f"--num-cpus={self.num_cpus}",
            "--include-dashboard=false",
            "--disable-usage-stats",
            f"--temp-dir={self.temp_dir}",
        ]
        if self.num_gpus is not None:
            command.append(f"--num-gpus={self.num_gpus}")
        try:
            subprocess.run(
                command, env=self.env(), check=True, capture_output=True, text=True, timeout=START_TIMEOUT_S
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            self.stop()
            output = getattr(error, "stderr", "") or ""
            raise RuntimeError(f"ray start failed: {error}\n{output[-2000:]}") from None
        self.address = f"127.0.0.1:{port}"
        return self.address

    def pids(self) -> list[int]:
        """This cluster's processes: those naming its temp dir, and their descendants."""
        if not self.temp_dir:
            return []
        parents: dict[int, int] = {}
        own: set[int] = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdecimal():
                continue
            try:
                command = (entry / "cmdline").read_bytes()
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            if self.temp_dir.encode() in command:
                own.add(int(entry.name))
        found = set(own)
        while True:
            more = {pid for pid, parent in parents.items() if parent in found} - found
            if not more:
                return sorted(found - {os.getpid()})
            found |= more

    def stop(self, timeout_s: float = 10.0, abrupt: bool = False) -> None:
        """SIGTERM to this cluster's processes, SIGKILL to those left after ``timeout_s``.

        ``abrupt``: SIGKILL at once, as a cluster whose machines are switched off (on SIGTERM
        Ray lets running tasks finish).
        """
        pids = self.pids()
        for sig in (signal.SIGKILL,) if abrupt else (signal.SIGTERM, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and any(_alive(p) for p in pids):
                time.sleep(0.1)
            pids = [p for p in pids if _alive(p)]
            if not pids:
                break
        if self.temp_dir:
            shutil.rmtree(self.temp_dir, ignore_errors=True)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; its parent (ours or init) reaps it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ray_executable() -> str:
    beside = Path(sys.executable).with_name("ray")
    return str(beside) if beside.exists() else (shutil.which("ray") or "ray")
