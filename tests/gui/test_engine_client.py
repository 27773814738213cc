"""The Qt side of the engine with real spawned processes and the fake model."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from engine.protocol import EngineConfig, JobOptions
from gui.engine_client import EngineController
from tests.engine.engine_helpers import FAKE


def controller(script: str = "") -> EngineController:
    return EngineController(EngineConfig(model=f"fake?{script}", model_factory=FAKE, workers=2))


def test_segments_arrive_in_batches_then_one_terminal_event(qtbot: QtBot, speech_wav: Path) -> None:
    engine = controller("delay=0.05")
    batches: list[tuple[str, list]] = []
    engine.segments_received.connect(lambda job, segs: batches.append((job, segs)))
    try:
        with qtbot.waitSignal(engine.job_finished, timeout=60_000) as finished:
            job = engine.submit(str(speech_wav), JobOptions(max_chunk_ms=8_000))
        assert finished.args[0].job_id == job
        assert batches and all(j == job for j, _ in batches)
        chunks = [index for _, batch in batches for index, _ in batch]
        assert sorted(chunks) == list(range(len(chunks)))  # every chunk once, with its index
        assert sum(len(s) for _, batch in batches for _, s in batch) == finished.args[0].segment_count
        assert engine.jobs_in_flight == frozenset()
        assert engine.memory_mb() > 50  # supervisor + two workers, all Python processes
    finally:
        engine.shutdown()


def test_a_dead_supervisor_fails_jobs_in_flight_and_a_new_one_starts(qtbot: QtBot, speech_wav: Path) -> None:
    engine = controller("delay=2")
    failed: list = []
    engine.job_failed.connect(failed.append)
    try:
        with qtbot.waitSignal(engine.job_started, timeout=60_000):
            job = engine.submit(str(speech_wav), JobOptions(max_chunk_ms=8_000))
        with qtbot.waitSignal(engine.engine_failed, timeout=30_000) as died:
            assert engine._client is not None
            engine._client.process.kill()
        assert "stopped unexpectedly" in died.args[0].message
        assert [(e.job_id, e.error_type) for e in failed] == [(job, "EngineDied")]
        assert not engine.running
        with qtbot.waitSignal(engine.job_finished, timeout=60_000):
            engine.submit(str(speech_wav), JobOptions())
    finally:
        engine.shutdown()
