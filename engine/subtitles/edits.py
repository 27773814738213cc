"""The editor's document algorithms: where to insert, fixes on a selection, shift, sync and snap.

Qt-free, shared by the window's Edit and Timing menus (``gui.editor_actions`` is only their Qt
layer). Each algorithm computes its result once and hands it to the Document's atomic
:meth:`~engine.subtitles.document.Document.replace`, so a refused change leaves the document as
it was: nothing is tried on a copy first and then run again for real. Times are int
milliseconds; cues are named by id, never by row.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from engine.subtitles import quality, retime
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document, format_ms
from engine.subtitles.presets import Preset

__all__ = [
    "DEFAULT_INSERT_MS",
    "MIN_INSERT_MS",
    "Fix",
    "NoRoomError",
    "ShiftParams",
    "ShiftScope",
    "SyncParams",
    "delete_follower",
    "fix_selection",
    "insertion_span",
    "merge_joiner",
    "replace_cue",
    "shift",
    "snap_plan",
    "two_point_sync",
]

DEFAULT_INSERT_MS = 1000  # a new cue's length when the silence allows
MIN_INSERT_MS = 100  # below this a new cue is refused rather than squeezed in

Fix = Callable[[Document, Preset], Edit]


class NoRoomError(ValueError):
    """Too little silence beside a cue for a new one (the window words it from the fields)."""

    def __init__(self, after: bool, cue_start_ms: int, silence_ms: tuple[int, int], gap_ms: int) -> None:
        self.after, self.cue_start_ms, self.silence_ms, self.gap_ms = after, cue_start_ms, silence_ms, gap_ms
        first, last = silence_ms
        side = "after" if after else "before"
        super().__init__(
            f"No room {side} the cue at {format_ms(cue_start_ms)}: {last - first} ms of silence"
            f" ({format_ms(first)} – {format_ms(last)}); a new cue needs {MIN_INSERT_MS} ms plus"
            f" {gap_ms} ms gaps. Shorten or move a neighbour first."
        )


class ShiftScope(enum.Enum):
    ALL = "all"
    SELECTED = "selected"
    FROM_CURRENT = "from_current"  # the current cue and every cue after it


@dataclass(frozen=True)
class ShiftParams:
    """Which cues to move and by how much: ``ms``, or ``frames`` at ``frame_rate`` when set."""

    scope: ShiftScope
    ms: int = 0
    frames: int | None = None
    frame_rate: float = 24.0

    @property
    def delta_ms(self) -> int:
        return self.ms if self.frames is None else retime.frames_to_ms(self.frames, self.frame_rate)


@dataclass(frozen=True)
class SyncParams:
    """Two cues (ids) and the times (ms) they should start at; everything is stretched linearly."""

    cue_a: int
    start_a_ms: int
    cue_b: int
    start_b_ms: int


def insertion_span(doc: Document, cue_id: int | None, after: bool, preset: Preset) -> tuple[int, int]:
    """(start, end) in ms for a new cue in the silence after (before) ``cue_id``: up to
    DEFAULT_INSERT_MS, keeping the preset's minimum gap to both neighbours; after the last cue
    when ``cue_id`` is None. NoRoomError when less than MIN_INSERT_MS fits."""
    gap = preset.min_gap_ms
    if cue_id is None:  # an empty table, or nothing chosen: after the last cue
        if not doc.cues:
            return 0, DEFAULT_INSERT_MS
        cue_id, after = doc.cues[-1].id, True
    cue = doc.get(cue_id)
    prev, nxt = doc.neighbours(cue_id)
    if after:
        start = cue.end_ms + gap
        end = min(start + DEFAULT_INSERT_MS, nxt.start_ms - gap if nxt else start + DEFAULT_INSERT_MS)
        silence = (cue.end_ms, nxt.start_ms if nxt else cue.end_ms)
    else:
        end = cue.start_ms - gap
        start = max(end - DEFAULT_INSERT_MS, prev.end_ms + gap if prev else 0)
        silence = (prev.end_ms if prev else 0, cue.start_ms)
    if end - start < MIN_INSERT_MS:
        raise NoRoomError(after, cue.start_ms, silence, gap)
    return start, end


def fix_selection(doc: Document, ids: Iterable[int], fix: Fix, preset: Preset) -> Edit:
    """Apply a quality fix to the cues ``ids`` only; their neighbours bound it but are not changed.

    The fix runs on a scratch document holding the cues and their neighbours; its result is cut
    into groups of overlapping cues (a cue and its split parts, cues merged together), and a group
    is kept only when it holds a chosen cue the fix was for (for merge_tiny_cues, a chosen tiny
    cue). The kept groups go into ``doc`` in one replace.
    """
    selected = set(ids)
    rows = sorted(
        {
            r
            for i in selected
            for r in (doc.index_of(i) - 1, doc.index_of(i), doc.index_of(i) + 1)
            if 0 <= r < len(doc)
        }
    )
    originals = [doc.cues[r] for r in rows]
    scratch = Document(originals, next_id=doc.next_id)
    fix(scratch, preset)

    def wanted(cue: Cue) -> bool:
        return cue.id in selected and (
            fix is not quality.merge_tiny_cues or cue.duration_ms < preset.min_duration_ms
        )

    items = sorted(
        [(c, True) for c in originals] + [(c, False) for c in scratch.cues],
        key=lambda item: (item[0].start_ms, item[0].end_ms),
    )
    groups: list[list[tuple[Cue, bool]]] = []
    group_ids: set[int] = set()
    reach = -1
    for cue, original in items:  # a sweep: overlapping cues (or one id twice) form one group
        if groups and (cue.start_ms < reach or cue.id in group_ids):
            groups[-1].append((cue, original))
            group_ids.add(cue.id)
            reach = max(reach, cue.end_ms)
        else:
            groups.append([(cue, original)])
            group_ids, reach = {cue.id}, cue.end_ms
    removed: list[int] = []
    added: list[Cue] = []
    for group in groups:
        before = [c for c, original in group if original]
        after = [c for c, original in group if not original]
        if before == after or not any(wanted(c) for c in before):
            continue
        removed += [c.id for c in before]
        added += after
    return doc.replace(removed, added) if removed or added else Edit()


def shift(
    doc: Document, params: ShiftParams, *, selected: Sequence[int] = (), current: int | None = None
) -> Edit:
    """Move cues as ``params`` says: all, the ``selected`` ids, or ``current`` and every cue after
    it; by ms, or by whole frames at the given rate. ValueError (nothing moved) from the Document
    when a cue would start before 0:00 or overlap one that stays."""
    if params.scope is ShiftScope.FROM_CURRENT:
        if current is None:
            raise ValueError("no current cue to shift from")
        return doc.shift_from(current, params.delta_ms)
    ids = list(selected) if params.scope is ShiftScope.SELECTED else None
    if params.frames is not None:
        return doc.shift_frames(ids, params.frames, params.frame_rate)
    return doc.shift(ids, params.delta_ms)


def two_point_sync(doc: Document, params: SyncParams) -> Edit:
    """Stretch every time linearly so cue A starts at ``start_a_ms`` and cue B at ``start_b_ms``."""
    return doc.sync_two_points(params.cue_a, params.start_a_ms, params.cue_b, params.start_b_ms)


def snap_plan(doc: Document, ids: Sequence[int], which: Literal["start", "end"]) -> tuple[list[Cue], int]:
    """Each cue of ``ids`` with its start (end) on the nearest word edge, in the order given, each
    snap seeing the ones before it: (the cues that move, as they will be; how many had no edge
    within reach). ``doc`` is not changed: each moved cue goes in with one ``doc.replace``."""
    scratch = Document(doc.cues, next_id=doc.next_id)
    moved: dict[int, Cue] = {}
    stuck = 0
    for cue_id in ids:
        try:
            if scratch.snap_to_word_edge(cue_id, which):
                moved[cue_id] = scratch.get(cue_id)
        except ValueError:
            stuck += 1
    return list(moved.values()), stuck


def delete_follower(doc: Document, ids: Iterable[int]) -> int | None:
    """The cue to select once ``ids`` are deleted: the one after the last of them, else the last
    cue left; None when nothing is left."""
    gone = set(ids)
    last = max(doc.index_of(i) for i in gone)
    follower = next((c.id for c in doc.cues[last + 1 :]), None)
    if follower is None:
        follower = next((c.id for c in reversed(doc.cues) if c.id not in gone), None)
    return follower


def merge_joiner(first: Cue, second: Cue) -> str:
    """How two merged texts are joined: a line break, unless either already has two lines."""
    return "\n" if "\n" not in first.text and "\n" not in second.text else " "


def replace_cue(cue: Cue) -> Callable[[Document], Edit]:
    """An operation putting ``cue`` in place of the document's cue with its id."""
    return lambda doc: doc.replace([cue.id], [cue])
