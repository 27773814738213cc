"""``main.py --self-test``: start the supervisor and one worker, transcribe the bundled clip, check it.

Used on an installed or frozen build to prove that the engine, its model and its libraries made it
into the bundle. Prints the text and exits 0 when it contains the expected words and the text rules'
data files (OpenCC's, BudouX's models, jieba's dictionary) were found: without them Chinese and
Japanese cues would fail or break inside words.
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


def check_text_rules() -> str | None:
    """None when Chinese conversion and CJK word breaks work, else what failed (a sentence)."""
    from engine.subtitles.chinese import convert
    from engine.subtitles.cjk_words import break_points

    try:
        if convert("软件", "s2twp") != "軟體":
            return "OpenCC did not convert 软件 to 軟體: its dictionaries are missing"
        chinese = break_points("我們明天去公園散步", "zh")  # 公園|散步: a break at 7, none at 6
        if 6 in chinese or 7 not in chinese:
            return f"Chinese word breaks are wrong ({sorted(chinese)}): jieba's dictionary is missing"
        japanese = break_points("キャンプの外れの電柱", "ja")  # の|外れ: a break at 5, none at 6
        if 6 in japanese or 5 not in japanese:
            return f"Japanese word breaks are wrong ({sorted(japanese)}): BudouX's model is missing"
    except Exception as error:  # noqa: BLE001 - any failure of a bundled library is the answer
        return f"the text rules failed to load ({type(error).__name__}: {error})"
    return None


def run(model: str | None = None) -> int:
    problem = check_text_rules()
    if problem is not None:
        print(f"self-test FAILED: {problem}", file=sys.stderr)
        return 1
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
