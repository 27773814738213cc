"""Printed measures, run by hand (never a timed test): ``python -m tests.engine.subtitles.measure_autosave``.

Autosave must be cheap enough to run after every edit: a two-hour film is ~2,000 cues and
~20,000 words. Segmenting that many words is measured too, since it runs once per job.
"""

from __future__ import annotations

import logging
import random
import tempfile
import time
from pathlib import Path

from engine.protocol import Segment, Word
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from engine.subtitles.project import load_project, save_project
from engine.subtitles.segmentation import segments_to_cues

log = logging.getLogger(__name__)


def film_segments(words: int = 20_000, seed: int = 1) -> list[Segment]:
    rng = random.Random(seed)
    vocab = [
        "the",
        "a",
        "we",
        "you",
        "said",
        "that",
        "river",
        "house",
        "because",
        "when",
        "never",
        "again,",
        "it.",
        "yes?",
        "John",
    ]
    out, t = [], 0
    for _ in range(words // 10):
        ws = []
        for _ in range(10):
            t += rng.choice([30, 60, 90, 700])
            d = rng.randint(120, 500)
            ws.append(Word(t, t + d, " " + rng.choice(vocab), rng.random()))
            t += d
        out.append(Segment(ws[0].start_ms, ws[-1].end_ms, "", tuple(ws)))
    return out


def best_of(n: int, fn: object) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    segments = film_segments()
    start = time.perf_counter()
    cues = segments_to_cues(segments, PRESETS["netflix-en"])
    seg_ms = (time.perf_counter() - start) * 1000
    doc = Document(cues)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "film.wfsproj"
        save_ms = best_of(
            5,
            lambda: save_project(path, doc, settings={"preset": "netflix-en"}, overwrite=True),
        )
        load_ms = best_of(5, lambda: load_project(path))
        size = path.stat().st_size
    log.info("segmentation: 20,000 words -> %d cues in %.0f ms", len(doc), seg_ms)
    log.info(
        "autosave: %d cues, %d words, %.0f KiB in %.1f ms (best of 5, with fsync)",
        len(doc),
        sum(len(c.words) for c in doc),
        size / 1024,
        save_ms,
    )
    log.info("reopen: %.1f ms", load_ms)


if __name__ == "__main__":
    main()
