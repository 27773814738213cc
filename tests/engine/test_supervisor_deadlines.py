"""A chunk's deadlines and what a fault leaves behind, on a supervisor driven in this process.

No worker process runs here: handles are built by hand and the loop's steps (``_dispatch``,
``_cancel``, ``_check_timers``, ``_timeout``, ``_requeue``, ``_on_chunk_done``) are called directly,
so each rule is checked without waiting for the clock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from multiprocessing import get_context
from multiprocessing.connection import Connection

import pytest

from engine.devices import cpu_workers
from engine.jobs import Job, QueueEntry
from engine.planner import Chunk
from engine.protocol import ChunkDone, EngineConfig, JobOptions, WorkerInfo
from engine.supervisor import Supervisor
from engine.workers import WorkerHandle
from tests.engine.engine_helpers import FAKE


class StillProcess:
    """Stands in for a worker process: never exits, counts kills."""

    sentinel = -1
    exitcode = None

    def __init__(self) -> None:
        self.kills = 0

    def kill(self) -> None:
        self.kills += 1

    def is_alive(self) -> bool:
        return True


@pytest.fixture
def pipe() -> Iterator[tuple[Connection, Connection]]:
    ours, theirs = get_context("spawn").Pipe()
    yield ours, theirs
    ours.close()
    theirs.close()


def supervisor(theirs: Connection, **config: object) -> Supervisor:
    settings: dict[str, object] = {"model": "fake?", "model_factory": FAKE, "workers": 1}
    settings.update(vad_factory="builtins:object", hang_timeout_s=1000.0, **config)  # nothing prepared here
    return Supervisor(theirs, EngineConfig(**settings), logging.WARNING)  # type: ignore[arg-type]


def stop(sup: Supervisor) -> None:
    sup.workers.clear()
    sup._stopped.set()
    sup.preparer.stop()


def loaded_handle(sup: Supervisor, conn: Connection) -> tuple[WorkerHandle, StillProcess]:
    process = StillProcess()
    handle = WorkerHandle(cpu_workers(sup.config)[0], process, conn)  # type: ignore[arg-type]
    handle.info = WorkerInfo(0, "cpu", None, "CPU", "int8")
    handle.last_heard = time.monotonic()
    sup.workers[0] = handle
    return handle, process


def job_with_chunks(sup: Supervisor, count: int) -> Job:
    """A planned English job of ``count`` one-second chunks, all queued, with silent audio."""
    import numpy as np

    job = Job("job", "a.wav", JobOptions(language="en"), 0)
    job.language = "en"
    job.buffer.append(np.zeros(16_000 * count, dtype=np.float32))
    for index in range(count):
        job.chunks[index] = Chunk(index, ((index * 1000, index * 1000 + 1000),))
        sup.queue.push(job, job.chunks[index])
    job.planned = True
    sup.jobs[job.job_id] = job
    return job


def entry(index: int) -> QueueEntry:
    return QueueEntry(0, 1, min(index, 1), -1000, index, "job")


@pytest.mark.parametrize("chunks", [1, 3])
def test_a_batch_of_n_chunks_gets_n_times_the_chunk_deadline(
    chunks: int, pipe: tuple[Connection, Connection]
) -> None:
    ours, theirs = pipe
    sup = supervisor(theirs, chunk_timeout_s=10.0, batch_size=chunks)
    try:
        handle, process = loaded_handle(sup, ours)
        job = job_with_chunks(sup, chunks + 2)
        for _ in range(2):  # the file's first chunks go alone, and batches grow with chunks done
            job.done.add(sup.queue.pop(sup.jobs).chunk_index)  # type: ignore[union-attr]
        sup._dispatch()
        assert len(handle.holds()) == chunks
        started = handle.task_started
        # The loop wakes for the batch's deadline: chunk_timeout_s x chunks after it began.
        handle.task_started = started - 10.0 * chunks + 0.5
        assert 0.4 < sup._timeout() < 0.6
        sup._check_timers()
        assert process.kills == 0, "killed before chunk_timeout_s x its chunks"
        handle.task_started = started - 10.0 * chunks - 0.5
        sup._check_timers()
        assert process.kills == 1
        assert handle.kill_reason is not None and "over 10 s on one chunk" in handle.kill_reason
        assert handle.kill_blames_chunk  # a chunk timeout uses an attempt
    finally:
        stop(sup)


def test_a_cancelled_worker_is_killed_after_the_grace_times_the_chunks_it_holds(
    pipe: tuple[Connection, Connection],
) -> None:
    ours, theirs = pipe
    sup = supervisor(theirs, cancel_grace_s=3.0, batch_size=3)
    try:
        handle, process = loaded_handle(sup, ours)
        job = job_with_chunks(sup, 5)
        for _ in range(2):  # the file's first chunks go alone, and batches grow with chunks done
            job.done.add(sup.queue.pop(sup.jobs).chunk_index)  # type: ignore[union-attr]
        sup._dispatch()
        assert len(handle.holds()) == 3
        sup._cancel("job")
        assert handle.cancel_sent is not None
        sent = handle.cancel_sent
        handle.cancel_sent = sent - 9.0 + 0.5  # 3 s x 3 chunks, half a second to go
        sup._check_timers()
        assert process.kills == 0
        handle.cancel_sent = sent - 9.0 - 0.5
        sup._check_timers()
        assert process.kills == 1
        assert handle.kill_reason == "did not stop within 9 s of a cancel"
        assert handle.holds() == []  # its chunks were given back (to a job that is gone)
    finally:
        stop(sup)


def test_a_chunk_given_back_after_a_kill_still_goes_alone_after_another_chunk_finishes(
    pipe: tuple[Connection, Connection],
) -> None:
    """A chunk whose worker was killed from outside goes back and is decoded alone, so that it
    cannot take a batch down with it. Before: another chunk finishing cleared the job's
    interruptions, and with them the mark: the chunk was batched again."""
    ours, theirs = pipe
    sup = supervisor(theirs, batch_size=4)
    try:
        job = job_with_chunks(sup, 6)
        for _ in range(6):  # every chunk is with a worker
            assert sup.queue.pop(sup.jobs) is not None
        sup._requeue(entry(2), "worker 0 (CPU) was killed from outside (SIGKILL)", own_fault=False)
        assert job.given_back(entry(2))
        sup._on_chunk_done(job, ChunkDone("job", 0, (), "en", 0.1))  # the file moves on
        assert job.given_back(entry(2)), "forgotten when another chunk finished"
        for index in (3, 4, 5):
            sup.queue.push(job, job.chunks[index])
        handle, _ = loaded_handle(sup, ours)
        sup._dispatch()
        batch = sorted(e.chunk_index for e in handle.holds())
        assert 2 not in batch or batch == [2], f"the given-back chunk was batched: {batch}"
    finally:
        stop(sup)
