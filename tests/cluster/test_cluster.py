"""The engine on a real local Ray cluster (one head at 127.0.0.1, two CPU slots, one per module).

The fake model (tests.engine.fake_model) runs inside the Ray actors, which import this checkout;
the real model runs once, from the command line, against a local run of the same file.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from engine.client import EngineClient
from engine.cluster.local import LocalCluster
from engine.cluster.proxy import ACTOR_CRASHED_EXIT
from engine.protocol import (
    EngineConfig,
    EngineFailed,
    JobFailed,
    JobFinished,
    JobOptions,
    SegmentsReady,
    StretchFailed,
    WorkerState,
    WorkerStatus,
)
from tests.engine.engine_helpers import FAKE, Recorder

pytestmark = pytest.mark.slow  # a real cluster: seconds per test (CI runs them)

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT.parent / "shared" / "testdata"
OPTIONS = JobOptions(max_chunk_ms=15_000)  # several chunks from 50 s of speech
CLI_TIMEOUT_S = 300.0  # a command on the test cluster: its first cue, and its end after the cluster stops


def cluster_engine(cluster: LocalCluster, script: str) -> EngineClient:
    return EngineClient(EngineConfig(model=f"fake?{script}", model_factory=FAKE, cluster=cluster.address))


def segments(rec: Recorder, job_id: str) -> list[tuple[int, int, str]]:
    found = [(s.start_ms, s.end_ms, s.text) for e in rec.of(SegmentsReady, job_id) for s in e.segments]
    return sorted(found)


def test_the_workers_are_listed_by_node_and_slot(ray_cluster: LocalCluster) -> None:
    command = [sys.executable, "-m", "engine.cluster", ray_cluster.address]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "worker 0: node 127.0.0.1, CPU slot 1",
        "worker 1: node 127.0.0.1, CPU slot 2",
    ]
    nobody = [sys.executable, "-m", "engine.cluster", "127.0.0.1:9"]  # the discard port: nothing listens
    done = subprocess.run(nobody, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Cannot reach the Ray cluster at 127.0.0.1:9" in done.stderr and "ray start --head" in done.stderr


def test_workers_are_the_clusters_slots_and_every_chunk_comes_back_once(
    ray_cluster: LocalCluster, speech_wav: Path
) -> None:
    with cluster_engine(ray_cluster, "delay=0.05") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, OPTIONS)
        rec.finished(job, timeout=120)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFinished), terminal
        assert sorted(rec.chunk_indexes(job)) == list(range(rec.chunk_count(job)))
    with EngineClient(EngineConfig(model="fake?delay=0.05", model_factory=FAKE, workers=2)) as client:
        local = Recorder(client)
        local_job = client.submit(speech_wav, OPTIONS)
        local.finished(local_job, timeout=120)
    assert segments(rec, job) == segments(local, local_job)


def test_an_actor_killed_mid_chunk_loses_nothing(
    ray_cluster: LocalCluster, speech_wav: Path, tmp_path: Path
) -> None:
    """The actor's own process (its pid written by the fake model while it works) gets SIGKILL on
    a live node: Ray cannot tell that from a crash of the model, so the chunk uses one of its
    attempts (engine.cluster.proxy.node_lost), goes back, and the worker restarts with a fresh actor."""
    with cluster_engine(ray_cluster, f"delay=1.0&busy={tmp_path}") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, OPTIONS)
        rec.until(lambda: any(tmp_path.iterdir()), timeout=120)
        pid = int(next(tmp_path.iterdir()).name)
        assert pid in ray_cluster.pids()  # an actor of the test cluster, nothing else
        os.kill(pid, signal.SIGKILL)
        rec.finished(job, timeout=120)
        (terminal,) = rec.terminal(job)  # one terminal event
        assert isinstance(terminal, JobFinished), terminal
        assert sorted(rec.chunk_indexes(job)) == list(range(rec.chunk_count(job)))  # each chunk once
        assert not rec.of(StretchFailed, job)
        restarts = [e for e in rec.of(WorkerStatus) if e.state is WorkerState.RESTARTING]
        assert restarts and f"exited with code {ACTOR_CRASHED_EXIT}" in restarts[0].message, restarts
        assert "node 127.0.0.1, CPU slot" in restarts[0].message


def test_a_node_that_cannot_load_the_model_says_so_and_takes_no_work(
    ray_cluster: LocalCluster, speech_wav: Path
) -> None:
    with cluster_engine(ray_cluster, "load_fail=1") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, OPTIONS)
        rec.finished(job, timeout=120)
        failed = [e for e in rec.of(WorkerStatus) if e.state is WorkerState.FAILED]
        assert failed, rec.events
        assert all(
            "node 127.0.0.1, CPU slot" in e.message and "cannot load the model" in e.message for e in failed
        )
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFailed)
        assert "node 127.0.0.1" in terminal.message
        assert rec.of(EngineFailed)
        assert not rec.of(SegmentsReady, job)


def local_and_cluster_srt(cluster: LocalCluster, audio: Path, model: str, folder: Path) -> tuple[str, str]:
    """The SRT ``main.py transcribe`` writes for ``audio`` with one local CPU worker, and on the cluster."""
    outputs = []
    for name, extra in (
        ("local", ["--device", "cpu", "--workers", "1"]),
        ("cluster", ["--cluster", cluster.address]),
    ):
        done = subprocess.run(
            [sys.executable, "main.py", "transcribe", str(audio), "--model", model]
            + ["--output-dir", str(folder / name)]
            + extra,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        outputs.append((folder / name / f"{audio.stem}.srt").read_text(encoding="utf-8"))
    return outputs[0], outputs[1]


def test_the_real_model_on_the_cluster_gives_the_local_cues(
    ray_cluster: LocalCluster, tmp_path: Path
) -> None:
    local, cluster = local_and_cluster_srt(
        ray_cluster, TESTDATA / "en" / "LJ001-0001.flac", "tiny.en", tmp_path
    )
    assert cluster == local
    assert "Printing" in cluster


def test_a_chunk_in_two_languages_is_split_on_the_cluster_as_locally(
    ray_cluster: LocalCluster, tmp_path: Path
) -> None:
    """English then German in one chunk (testdata misc/multilingual.mp3, 16 s + 11 s) after an
    English one: locally the worker decodes it again in runs of one language
    (engine.own_language); on the cluster the actor's decode did not say which languages it
    found, so the chunk stayed in one and its German came out as invented English."""
    import numpy as np
    import soundfile as sf

    from engine.audio import decode

    audio = decode(TESTDATA / "misc" / "multilingual.mp3")
    english, german = audio[int(1.6 * 16_000) : int(29.3 * 16_000)], audio[31 * 16_000 : 42 * 16_000]
    pause = np.zeros(16_000, np.float32)
    edge = tmp_path / "edge.wav"  # an English chunk, so the file is English, then the edge
    sf.write(edge, np.concatenate([english, pause, english[-16 * 16_000 :], pause, german]), 16_000)
    local, cluster = local_and_cluster_srt(ray_cluster, edge, "base", tmp_path)
    assert cluster == local
    assert "software" in cluster and " der " in cluster


def test_the_cluster_gone_fails_the_job_in_words_and_keeps_the_cues(speech_wav: Path, tmp_path: Path) -> None:
    """A cluster of its own, stopped mid-file: the command fails with a clear message and keeps
    the cues made so far in .partial.srt."""
    pytest.importorskip(
        "ray", reason='Ray is not installed: pip install -e ".[cluster]" to run the cluster tests'
    )
    cluster = LocalCluster(num_cpus=1, python_path=str(ROOT))
    run: subprocess.Popen[str] | None = None
    try:
        cluster.start()
        command = [sys.executable, "main.py", "transcribe", str(speech_wav), "--model", "fake?delay=4"]
        command += [
            "--model-factory",
            FAKE,
            "--cluster",
            cluster.address,
            "--output-dir",
            str(tmp_path),
            "-v",
        ]
        # A session of its own: the CLI's supervisor and workers are in its process group, which
        # the finally clause kills, so a failed or timed-out test leaves no process behind.
        run = subprocess.Popen(
            command, cwd=ROOT, env=cluster.env(), stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        stderr = run.stderr
        assert stderr is not None
        lines: queue.Queue[str | None] = queue.Queue()  # read on a thread: readline() has no timeout
        reader = threading.Thread(target=_read_lines, args=(stderr, lines), daemon=True)
        reader.start()
        said = ""
        give_up = time.monotonic() + CLI_TIMEOUT_S
        while "-->" not in said:  # --verbose prints cues as they arrive
            try:
                line = lines.get(timeout=max(0.0, give_up - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"the command printed no cue in {CLI_TIMEOUT_S:.0f} s:\n{said}")
            if line is None:
                break  # the command ended first: the asserts below say how
            said += line
        cluster.stop(abrupt=True)  # gone, while the second of its two chunks is in work
        run.wait(timeout=CLI_TIMEOUT_S)
        reader.join(timeout=30)
        while not lines.empty():
            said += lines.get() or ""
        errors = said
    finally:
        _kill_group(run)
        cluster.stop()
    assert run is not None and run.returncode not in (0, None), errors
    partial = tmp_path / "speech.partial.srt"
    assert partial.read_text(encoding="utf-8").strip()
    assert "Ray cluster" in errors, errors


def _read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _kill_group(run: subprocess.Popen[str] | None) -> None:
    """SIGKILL to the command's process group (it, its supervisor and workers), if any is left."""
    if run is None:
        return
    try:
        os.killpg(run.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # every process of the group has ended
    run.wait(timeout=30)
