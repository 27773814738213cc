"""The pieces :class:`~engine.subtitles.live.LiveCues` is built of: blocks of segments in time
order, which segments each cue came from, and how new cues are fitted between the user's.

Split from ``live`` (issue 11); see its module docstring for the rule these serve.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from engine.protocol import Segment
from engine.subtitles.cue import Cue
from engine.subtitles.glossary import Glossary
from engine.subtitles.presets import Preset

__all__ = [
    "FAR",
    "Block",
    "Entry",
    "Segmenter",
    "content",
    "entry_key",
    "fit",
    "keep_around",
    "open_piece",
    "same_cues",
    "word_spans",
]

FAR = 2**62


class Segmenter(Protocol):
    """The signature of :func:`~engine.subtitles.segmentation.segments_to_cues`."""

    def __call__(
        self,
        segments: Sequence[Segment],
        preset: Preset,
        *,
        language: str | None = None,
        chinese: str | None = None,
        media_end_ms: int | None = None,
        glossary: Glossary | None = None,
    ) -> list[Cue]: ...


# (start_ms, end_ms, arrival number, chunk index, segment): the first three are the sort key.
Entry = tuple[int, int, int, int, Segment]


def entry_key(entry: Entry) -> tuple[int, int, int]:
    return entry[0], entry[1], entry[2]


def content(cue: Cue) -> Cue:
    return dataclasses.replace(cue, id=0)


def same_cues(a: Sequence[Cue], b: Sequence[Cue]) -> bool:
    return len(a) == len(b) and all(content(x) == content(y) for x, y in zip(a, b))


@dataclass
class Block:
    """A run of segments in time order. Open: its cues are re-segmented from its segments alone
    when they change. Frozen (settled, or kept for a user's edit): its cues never change."""

    entries: list[Entry]
    frozen: bool = False
    raw: list[Cue] = field(default_factory=list)  # the last segmentation, ids 1..n
    spans: list[tuple[int, int]] | None = None  # per raw cue: the entries [a, b) its words came from
    cues: list[Cue | None] = field(default_factory=list)  # per raw cue: as placed (our id); None: no room
    dirty: bool = True

    def placed(self) -> list[Cue]:
        return [c for c in self.cues if c is not None]


def word_spans(segments: Sequence[Segment], cues: Sequence[Cue]) -> list[tuple[int, int]] | None:
    """Which segments each cue's words came from, or None when that cannot be told (a segment
    without word timings): segmentation keeps every word, in order, in exactly one cue."""
    counts = [len(s.words) for s in segments]
    if not all(counts) or sum(len(c.words) for c in cues) != sum(counts):
        return None
    spans: list[tuple[int, int]] = []
    seg = used = 0
    for cue in cues:
        if not cue.words:
            return None
        first = seg
        used += len(cue.words)
        while seg < len(counts) and used >= counts[seg]:
            used -= counts[seg]
            seg += 1
        spans.append((first, seg + 1 if used else seg))
    return spans


def fit(raw: Sequence[Cue], others: Sequence[tuple[int, int]], floor: int | None) -> list[Cue | None]:
    """``raw`` clipped so that no cue overlaps ``others`` (sorted, non-overlapping (start, end)
    of cues that stay); None for a cue with no room at all. Untouched when nothing is in the way.

    ``floor`` (the settled cue before plus the preset's gap) bounds how far the first cue is
    stretched back into the silence before it, as segmentation does for every cue but the file's
    first (``segmentation._times``): not before the floor, unless its first word is."""
    starts = [s for s, _ in others]
    out: list[Cue | None] = []
    prev_end = 0
    for n, cue in enumerate(raw):
        if n == 0 and floor is not None and cue.start_ms < floor and cue.words:
            start = min(floor, cue.words[0].start_ms)
            if start < cue.end_ms:
                cue = dataclasses.replace(cue, start_ms=start)
        j = bisect.bisect_right(starts, cue.start_ms)
        low = max(prev_end, others[j - 1][1] if j else 0)
        high = starts[j] if j < len(starts) else FAR
        start, end = max(cue.start_ms, low), min(cue.end_ms, high)
        if end <= start:
            if high - low < 1:
                out.append(None)
                continue
            start, end = low, min(high, low + cue.duration_ms)
        out.append(
            cue
            if (start, end) == (cue.start_ms, cue.end_ms)
            else dataclasses.replace(cue, start_ms=start, end_ms=end)
        )
        prev_end = end
    return out


def keep_around(block: Block, hit: list[int]) -> list[Block]:
    """Split an open block around touched cues: each with every cue sharing a segment with
    it becomes frozen; the stretches between stay open and are segmented again."""
    spans = block.spans
    if spans is None:
        block.frozen = True
        return [block]
    groups: list[tuple[int, int]] = []  # cue ranges [g0, g1]
    for q in hit:
        g0 = g1 = q
        while g0 > 0 and spans[g0 - 1][1] > spans[g0][0]:
            g0 -= 1
        while g1 + 1 < len(spans) and spans[g1][1] > spans[g1 + 1][0]:
            g1 += 1
        if groups and g0 <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(g1, groups[-1][1]))
        else:
            groups.append((g0, g1))
    pieces: list[Block] = []
    q = a = 0  # the next cue and entry not yet given to a piece
    for g0, g1 in groups:
        b = spans[g0][0]
        if g0 > q:
            pieces.append(open_piece(block, q, g0))
        a, q = spans[g1][1], g1 + 1
        pieces.append(
            Block(block.entries[b:a], frozen=True, raw=block.raw[g0:q], cues=block.cues[g0:q], dirty=False)
        )
    if q < len(spans):
        pieces.append(open_piece(block, q, len(spans)))
    return pieces


def open_piece(block: Block, q0: int, q1: int) -> Block:
    """An open block of cues q0..q1-1 of ``block`` and their segments, to be segmented again."""
    assert block.spans is not None
    spans = block.spans[q0:q1]
    a, b = spans[0][0], spans[-1][1]
    return Block(
        block.entries[a:b],
        raw=block.raw[q0:q1],
        cues=block.cues[q0:q1],
        spans=[(x - a, y - a) for x, y in spans],
    )
