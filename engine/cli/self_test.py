"""``main.py --self-test``: start the supervisor and one worker, transcribe the bundled clip, check it.

Used on an installed or frozen build to prove that the engine, its model and its libraries made it
into the bundle. Prints the text and exits 0 when it contains the expected words.
"""

from __future__ import annotations

import re
import sys
import time

from engine.client import EngineClient
from engine.protocol import (
    TERMINAL_EVENTS,
    EngineConfig,
    EngineFailed,
    JobFinished,
    JobOptions,
    SegmentsReady,
)
from engine.resources import resource_path

EXPECTED = ("self", "test", "whisper")
TIMEOUT_S = 180.0


def run(model: str | None = None) -> int:
    clip = resource_path("audio", "self_test.flac")
    config = EngineConfig(workers=1) if model is None else EngineConfig(model=model, workers=1)
    started = time.monotonic()
    texts: list[str] = []
    with EngineClient(config) as client:
        job = client.submit(clip, JobOptions(language="en"))
        while time.monotonic() - started < TIMEOUT_S:
            for event in client.poll(0.5):
                if isinstance(event, SegmentsReady):
                    texts += [s.text.strip() for s in event.segments]
                elif isinstance(event, EngineFailed):
                    print(f"self-test FAILED: {event.message}", file=sys.stderr)
                    return 1
                elif isinstance(event, TERMINAL_EVENTS) and event.job_id == job:
                    text = " ".join(texts)
                    print(text)
                    words = set(re.sub(r"[^a-z]+", " ", text.lower()).split())
                    ok = isinstance(event, JobFinished) and all(w in words for w in EXPECTED)
                    elapsed = time.monotonic() - started
                    print(f"self-test {'passed' if ok else 'FAILED'} in {elapsed:.1f} s", file=sys.stderr)
                    return 0 if ok else 1
    print(f"self-test FAILED: no result in {TIMEOUT_S:.0f} s", file=sys.stderr)
    return 1
