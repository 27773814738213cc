"""The supervisor with real spawned processes and the scripted fake model: the fault matrix.

Every test checks that each job ends with exactly one terminal event and that no chunk's
segments are lost or duplicated.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import psutil
import pytest

from engine.protocol import (
    EngineFailed,
    EngineReady,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobOptions,
    JobProgress,
    SegmentsReady,
    WorkerState,
    WorkerStatus,
)
from tests.engine.engine_helpers import Recorder, fake_engine

SMALL_CHUNKS = JobOptions(max_chunk_ms=8_000)  # several chunks from ~50 s of speech


def assert_complete(rec: Recorder, job_id: str) -> None:
    """One JobFinished; every chunk's segments exactly once; times sorted within chunks."""
    (terminal,) = rec.terminal(job_id)
    assert isinstance(terminal, JobFinished), terminal
    indexes = rec.chunk_indexes(job_id)
    assert sorted(indexes) == list(range(rec.chunk_count(job_id)))
    segments = [s for e in rec.of(SegmentsReady, job_id) for s in e.segments]
    assert terminal.segment_count == len(segments)
    for s in segments:
        assert 0 <= s.start_ms < s.end_ms <= terminal.duration_ms
        assert all(s.start_ms <= w.start_ms < w.end_ms <= s.end_ms for w in s.words)


def test_streams_every_chunk_once_in_file_time(speech_wav: Path) -> None:
    with fake_engine("delay=0.05") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job)
        assert_complete(rec, job)
        assert rec.chunk_count(job) >= 4
        seqs = [e.seq for e in rec.of(SegmentsReady, job)]
        assert seqs == list(range(1, len(seqs) + 1))
        progress = rec.of(JobProgress, job)
        assert progress[-1].done_ms == progress[-1].total_ms > 0
        # Streaming: the first segments arrive before the job's end.
        first = rec.events.index(rec.of(SegmentsReady, job)[0])
        assert first < rec.events.index(rec.terminal(job)[0]) - 1


def test_segments_fall_on_the_speech(speech_wav: Path) -> None:
    """Fake segments follow the chunk audio's loud parts: mapped back, they must be loud in the file."""
    import numpy as np

    from engine.audio import decode

    audio = decode(speech_wav)
    with fake_engine() as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job)
    segments = [s for e in rec.of(SegmentsReady, job) for s in e.segments]
    for s in segments:
        piece = audio[s.start_ms * 16 : s.end_ms * 16]
        assert np.sqrt(np.mean(piece**2)) > 0.01, s


def test_cancel_while_queued(speech_wav: Path) -> None:
    with fake_engine("delay=1.0") as client:
        rec = Recorder(client)
        rec.ready()
        first = client.submit(speech_wav, SMALL_CHUNKS)
        second = client.submit(speech_wav, SMALL_CHUNKS)
        client.cancel(second)
        rec.finished(first, second, timeout=90)
        assert [type(e) for e in rec.terminal(second)] == [JobCancelled]
        assert rec.of(SegmentsReady, second) == []
        assert_complete(rec, first)


def test_cancel_while_running_keeps_workers_warm(speech_wav: Path, tmp_path: Path) -> None:
    loads = tmp_path / "loads"
    loads.mkdir()
    with fake_engine(f"delay=4&loads={loads}") as client:
        rec = Recorder(client)
        rec.ready()
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.until(lambda: bool(rec.of(JobProgress, job)))
        time.sleep(0.5)  # let workers take chunks
        cancelled_at = time.monotonic()
        client.cancel(job)
        rec.finished(job)
        assert time.monotonic() - cancelled_at < 2.0
        assert [type(e) for e in rec.terminal(job)] == [JobCancelled]
        count = len(rec.of(SegmentsReady, job))
        # The workers stop between segments and stay loaded for the next file.
        again = client.submit(speech_wav, JobOptions())
        rec.finished(again, timeout=90)
        assert len(rec.of(SegmentsReady, job)) == count
        assert len(list(loads.iterdir())) == 2
        assert not [e for e in rec.of(WorkerStatus) if e.state == WorkerState.RESTARTING]


def test_worker_exiting_mid_chunk_is_restarted_and_nothing_is_lost(speech_wav: Path, tmp_path: Path) -> None:
    with fake_engine(f"crash_once={tmp_path / 'crashed'}") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job)
        assert_complete(rec, job)
        restarts = [e for e in rec.of(WorkerStatus) if e.state == WorkerState.RESTARTING]
        assert len(restarts) == 1 and "exited with code 3" in restarts[0].message


def test_hanging_worker_is_killed_and_its_chunk_retried(speech_wav: Path, tmp_path: Path) -> None:
    with fake_engine(f"hang_once={tmp_path / 'hung'}", chunk_timeout_s=2.0) as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job, timeout=90)
        assert_complete(rec, job)
        restarts = [e for e in rec.of(WorkerStatus) if e.state == WorkerState.RESTARTING]
        assert len(restarts) == 1 and "hung" in restarts[0].message


def test_model_error_fails_job_after_retries_without_restarting(speech_wav: Path) -> None:
    with fake_engine("raise=1") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFailed)
        assert "RuntimeError: fake model failure" in terminal.message
        assert not [e for e in rec.of(WorkerStatus) if e.state == WorkerState.RESTARTING]


def test_garbage_from_a_worker_restarts_it(speech_wav: Path, tmp_path: Path) -> None:
    with fake_engine(f"garbage_once={tmp_path / 'garbage'}") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job)
        assert_complete(rec, job)
        restarts = [e for e in rec.of(WorkerStatus) if e.state == WorkerState.RESTARTING]
        assert len(restarts) == 1 and "malformed" in restarts[0].message


def test_two_files_back_to_back_reuse_warm_workers(speech_wav: Path, short_wav: Path, tmp_path: Path) -> None:
    loads = tmp_path / "loads"
    loads.mkdir()
    with fake_engine(f"loads={loads}") as client:
        rec = Recorder(client)
        first = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(first)
        second = client.submit(short_wav)
        rec.finished(second)
        assert_complete(rec, first)
        assert_complete(rec, second)
        assert len(list(loads.iterdir())) == 2  # two workers, each loaded once


def test_shutdown_with_work_pending_cancels_jobs_and_stops_processes(speech_wav: Path) -> None:
    client = fake_engine("delay=2")
    rec = Recorder(client)
    rec.ready()
    jobs = [client.submit(speech_wav, SMALL_CHUNKS) for _ in range(2)]
    rec.until(lambda: bool(rec.of(JobProgress)))
    children = psutil.Process(client.process.pid).children(recursive=True)
    assert len(children) >= 2
    rec.events += client.close(timeout=15)
    for job in jobs:
        assert [type(e) for e in rec.terminal(job)] == [JobCancelled]
    assert not client.process.is_alive()
    gone, alive = psutil.wait_procs(children, timeout=5)
    assert not alive


@pytest.mark.parametrize("name", ["missing.wav", "empty.wav", "text.mp3", "video.mp4", "folder"])
def test_bad_input_fails_that_file_only(name: str, bad_inputs: dict[str, Path], short_wav: Path) -> None:
    with fake_engine() as client:
        rec = Recorder(client)
        bad = client.submit(bad_inputs[name])
        good = client.submit(short_wav)
        rec.finished(bad, good)
        (terminal,) = rec.terminal(bad)
        assert isinstance(terminal, JobFailed) and terminal.error_type == "MediaError"
        assert bad_inputs[name].name in terminal.message
        assert_complete(rec, good)


def test_model_that_cannot_load_fails_jobs_with_the_cause(short_wav: Path) -> None:
    with fake_engine("load_fail=1") as client:
        rec = Recorder(client)
        job = client.submit(short_wav)
        rec.finished(job)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFailed) and "fake model files are damaged" in terminal.message
        assert any("damaged" in e.message for e in rec.of(EngineFailed))


def test_unknown_model_fails_fast_with_offline_list(short_wav: Path) -> None:
    from engine.client import EngineClient
    from engine.protocol import EngineConfig

    with EngineClient(EngineConfig(model="large-v3")) as client:
        rec = Recorder(client)
        job = client.submit(short_wav)
        rec.finished(job, timeout=30)
        (terminal,) = rec.terminal(job)
        assert isinstance(terminal, JobFailed)
        assert "no network" in terminal.message and "tiny.en" in terminal.message


def test_gpus_that_cannot_start_fall_back_to_cpu_workers(short_wav: Path) -> None:
    with fake_engine("fail_on_cuda=1", discovery="tests.engine.fake_model:two_gpus", workers=1) as client:
        rec = Recorder(client)
        rec.until(lambda: len(rec.of(WorkerStatus)) >= 2)  # started before any work: both GPUs are tried
        job = client.submit(short_wav)
        rec.finished(job)
        assert_complete(rec, job)
        fallbacks = [e.message for e in rec.of(WorkerStatus) if e.state == WorkerState.FALLBACK]
        assert len(fallbacks) == 2
        assert all("libcublas.so.12" in m and "Using a CPU worker instead" in m for m in fallbacks)
        assert "Fake RTX A" in fallbacks[0] or "Fake RTX A" in fallbacks[1]
        rec.until(
            lambda: bool(rec.of(EngineReady))
        )  # the short file may end before both replacements are ready
        ready = rec.of(EngineReady)[-1]
        assert [w.device for w in ready.workers] == ["cpu", "cpu"]


def test_gpu_workers_are_pinned_one_per_gpu(short_wav: Path) -> None:
    with fake_engine("", discovery="tests.engine.fake_model:two_gpus", workers=1) as client:
        rec = Recorder(client)
        rec.ready()
        ready = rec.of(EngineReady)[-1]
        assert [(w.device, w.device_index, w.compute_type) for w in ready.workers] == [
            ("cuda", 0, "float16"),
            ("cuda", 1, "float16"),
        ]
        job = client.submit(short_wav)
        rec.finished(job)
        assert_complete(rec, job)


def test_a_word_written_on_both_sides_of_a_seam_is_kept_once(speech_wav: Path) -> None:
    with fake_engine("edge_word=Thanks.") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, SMALL_CHUNKS)
        rec.finished(job)
        assert_complete(rec, job)
        starts = sorted(
            w.start_ms
            for e in rec.of(SegmentsReady, job)
            for s in e.segments
            for w in s.words
            if w.text == " Thanks."
        )
        assert len(starts) >= 2 and rec.chunk_count(job) >= 3
        assert all(b - a > 400 for a, b in zip(starts, starts[1:]))  # no copy beside a copy


def test_a_chunk_that_comes_back_unpunctuated_is_decoded_again_with_a_prompt(speech_wav: Path) -> None:
    with fake_engine("flat=1") as client:
        rec = Recorder(client)
        job = client.submit(speech_wav, dataclasses.replace(SMALL_CHUNKS, language="en"))
        rec.finished(job)
        assert_complete(rec, job)
        texts = [s.text for e in rec.of(SegmentsReady, job) for s in e.segments]
        assert texts and all(t.startswith(" Speech at") and t.endswith(".") for t in texts)


def test_a_one_chunk_file_whose_chunk_fails_says_so_in_good_english(short_wav: Path) -> None:
    with fake_engine("raise=1", workers=1) as client:
        rec = Recorder(client)
        job = client.submit(short_wav, JobOptions(language="en"))
        rec.finished(job)
        (failed,) = rec.terminal(job)
        assert isinstance(failed, JobFailed)
        assert ": 1 stretch failed and none was transcribed; the last failed 3 times" in failed.message
