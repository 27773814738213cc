"""Running a real supervisor with the fake model and collecting what it says."""

from __future__ import annotations

import time
from collections.abc import Callable

from engine.client import EngineClient
from engine.protocol import (
    TERMINAL_EVENTS,
    EngineConfig,
    EngineReady,
    JobPlanned,
    SegmentsReady,
)

FAKE = "tests.engine.fake_model:load"


def fake_engine(script: str = "", **config: object) -> EngineClient:
    config.setdefault("workers", 2)
    return EngineClient(EngineConfig(model=f"fake?{script}", model_factory=FAKE, **config))  # type: ignore[arg-type]


class Recorder:
    """Polls a client and keeps every event, in order."""

    def __init__(self, client: EngineClient) -> None:
        self.client = client
        self.events: list[object] = []

    def until(self, predicate: Callable[[], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; events so far: {self.events[-15:]}")
            self.events += self.client.poll(0.2)

    def ready(self, timeout: float = 60.0) -> None:
        self.until(lambda: any(isinstance(e, EngineReady) for e in self.events), timeout)

    def terminal(self, job_id: str) -> list[object]:
        return [e for e in self.events if isinstance(e, TERMINAL_EVENTS) and e.job_id == job_id]

    def finished(self, *job_ids: str, timeout: float = 60.0) -> None:
        self.until(lambda: all(self.terminal(j) for j in job_ids), timeout)

    def of(self, kind: type, job_id: str | None = None) -> list:
        return [
            e
            for e in self.events
            if isinstance(e, kind) and (job_id is None or getattr(e, "job_id", None) == job_id)
        ]

    def chunk_indexes(self, job_id: str) -> list[int]:
        return [e.chunk_index for e in self.of(SegmentsReady, job_id)]

    def chunk_count(self, job_id: str) -> int:
        (planned,) = self.of(JobPlanned, job_id)
        return int(planned.chunk_count)
