"""Pure timing arithmetic behind the document's shift, sync and snap operations.

Kept apart from :mod:`document` so the maths (frames, linear stretch, nearest word edge) can be
tested and reused by the quality fixes without an editor document around it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.timecode import frames_span_ms, ms_to_frames

__all__ = [
    "frames_to_ms",
    "linear_map",
    "map_cue",
    "ms_to_frames",
    "nearest_edge",
    "shift_cue",
]


# ``frames_to_ms`` is a length (rounded, for shifts), not where a frame starts: that is
# timecode.frame_start_ms, the exact inverse of ms_to_frames. Both live in engine.subtitles.timecode.
frames_to_ms = frames_span_ms


def _map_word(word: Word, fn: Callable[[int], int]) -> Word:
    return dataclasses.replace(word, start_ms=fn(word.start_ms), end_ms=fn(word.end_ms))


def map_cue(cue: Cue, fn: Callable[[int], int]) -> Cue:
    """``cue`` with ``fn`` applied to its times and its words' times.

    Raises ValueError when the mapped cue would start before 0 or not end after its start.
    """
    start, end = fn(cue.start_ms), fn(cue.end_ms)
    if start < 0:
        raise ValueError(f"cue {cue.id} would start at {start} ms, before the beginning")
    if end <= start:
        end = start + 1  # rounding collapsed a very short cue: keep it one millisecond long
    words = tuple(_map_word(w, lambda t: max(0, fn(t))) for w in cue.words)
    return dataclasses.replace(cue, start_ms=start, end_ms=end, words=words)


def shift_cue(cue: Cue, delta_ms: int) -> Cue:
    """``cue`` and its words moved by ``delta_ms``."""
    return map_cue(cue, lambda t: t + delta_ms)


def linear_map(old_a: int, new_a: int, old_b: int, new_b: int) -> Callable[[int], int]:
    """The increasing linear map taking ``old_a`` to ``new_a`` and ``old_b`` to ``new_b``.

    Two-point sync: fixes both an offset and a drift (e.g. 25 vs 23.976 fps) in one step.
    """
    if old_a == old_b:
        raise ValueError("two-point sync needs two cues that start at different times")
    scale = (new_b - new_a) / (old_b - old_a)
    if scale <= 0:
        raise ValueError(
            "two-point sync would reverse the order of the cues: keep the two new start times"
            " in the same order as the old ones"
        )
    return lambda t: round(new_a + (t - old_a) * scale)


def nearest_edge(target: int, edges: Iterable[int], low: int, high: int) -> int | None:
    """The edge closest to ``target`` within ``[low, high]`` (ties go earlier), or None."""
    best: int | None = None
    for edge in edges:
        if low <= edge <= high and (best is None or (abs(edge - target), edge) < (abs(best - target), best)):
            best = edge
    return best
