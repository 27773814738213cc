"""The supervisor hands a worker several chunks at once (issue 14, item 3), with a real
supervisor and workers running the fake model: batches form, nothing is lost or doubled, and
faults stay per chunk."""

from __future__ import annotations

from pathlib import Path

from engine.protocol import JobCancelled, JobOptions, SegmentsReady, WorkerState, WorkerStatus
from tests.engine.engine_helpers import Recorder, fake_engine

SMALL_CHUNKS = JobOptions(max_chunk_ms=4_000)  # a dozen chunks from ~50 s of speech


def batch_sizes(folder: Path) -> list[int]:
    """The size of each batch the fake model decoded, in the order they began."""
    named = [p.name.split("-") for p in folder.iterdir() if "-" in p.name]
    return [int(size) for _number, size in sorted(named, key=lambda n: int(n[0]))]


def cues(rec: Recorder, job: str) -> list[tuple[int, int, str]]:
    return sorted((s.start_ms, s.end_ms, s.text) for e in rec.of(SegmentsReady, job) for s in e.segments)


def run(speech_wav: Path, script: str, **config: object) -> tuple[Recorder, str]:
    with fake_engine(script, **config) as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job, timeout=90)
    return rec, job


def test_chunks_go_in_batches_and_give_what_they_give_one_at_a_time(speech_wav: Path, tmp_path: Path) -> None:
    batches = tmp_path / "batches"
    batches.mkdir()
    alone, alone_job = run(speech_wav, "delay=0.02", batch_size=1)
    batched, batched_job = run(speech_wav, f"delay=0.02&batch={batches}", batch_size=4)

    assert cues(batched, batched_job) == cues(alone, alone_job) and cues(alone, alone_job)
    indexes = batched.chunk_indexes(batched_job)
    assert sorted(indexes) == list(range(batched.chunk_count(batched_job)))  # each chunk once
    sizes = batch_sizes(batches)
    assert max(sizes) > 1 and max(sizes) <= 4  # batches formed, never over the batch size
    assert sum(sizes) <= len(indexes)  # the file's first chunk went alone (not through a batch)


def test_batch_size_one_sends_no_batches(speech_wav: Path, tmp_path: Path) -> None:
    batches = tmp_path / "batches"
    batches.mkdir()
    rec, job = run(speech_wav, f"batch={batches}", batch_size=1)
    assert rec.chunk_indexes(job) and batch_sizes(batches) == []


def test_a_worker_dying_mid_batch_loses_nothing(speech_wav: Path, tmp_path: Path) -> None:
    poison = tmp_path / "poison"
    poison.mkdir()
    batches = tmp_path / "batches"
    batches.mkdir()
    rec, job = run(speech_wav, f"batch={batches}&poison={poison}&poison_n=3&poison_times=1", batch_size=4)

    indexes = rec.chunk_indexes(job)
    assert sorted(indexes) == list(range(rec.chunk_count(job)))  # every chunk back once, none lost
    restarts = [e for e in rec.of(WorkerStatus, None) if e.state == WorkerState.RESTARTING]
    assert len(restarts) == 1 and "exited with code 3" in restarts[0].message


def test_cancel_during_a_batch_keeps_the_workers(speech_wav: Path, tmp_path: Path) -> None:
    loads = tmp_path / "loads"
    loads.mkdir()
    with fake_engine(f"delay=1.5&loads={loads}", batch_size=4) as client:
        rec = Recorder(client)
        rec.ready()
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.until(lambda: len(rec.of(SegmentsReady, job)) >= 2)  # batches are running
        client.cancel(job)
        rec.finished(job)
        again = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(again, timeout=90)
    assert [type(e) for e in rec.terminal(job)] == [JobCancelled]
    assert sorted(rec.chunk_indexes(again)) == list(range(rec.chunk_count(again)))
    assert len(list(loads.iterdir())) == 2  # no worker was killed: the cancel reached them between chunks
    assert not [e for e in rec.of(WorkerStatus) if e.state == WorkerState.RESTARTING]
