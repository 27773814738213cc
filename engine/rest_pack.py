"""The rests a batch's chunks leave unsaid, packed several to one window (engine.one_window).

Whisper leaves the last sentence of most chunks unsaid, and faster-whisper decodes it in a window
of its own (the engine now says most of them from the same encoder output, engine.continuation; the
rests it does not are packed here): an encoder pass that reads 30 s for a rest of 1-10 s (on
``bench/out/lj_600s.wav``, tiny.en, two workers: 50 encoder passes for 22 chunks; 39 with the rests
packed 1 s apart on a quiet machine, 40-45 with the 2 s that ship, measured while a test suite ran
beside them, as the batches, and so the packs, follow the workers' timing). Here the rests of one
batch (chunks of one file, one language and options: engine.jobs.ChunkQueue.pop_more) are put one
after another in one window, ``GAP_FRAMES`` of silence between them (2 s), decoded as
faster-whisper decodes any audio, and each word goes back to the rest it was heard in
(:func:`split_back`). A rest that gets no word from its pack is decoded again alone, as
faster-whisper would have, so a pack never loses a whole rest; a pack that needs a temperature
fallback has each rest decoded alone (engine.one_window). What a pack can still lose is part of a
rest (Whisper skipping words there, as it may in any window): the worker's second looks
(engine.recheck: VAD speech no word covers) catch it.

Everything runs on the worker's one decoding thread.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from faster_whisper.transcribe import Segment, Word

if TYPE_CHECKING:
    from engine.one_window import OneWindowWhisper, _Window

log = logging.getLogger(__name__)

PACK_FRAMES = 3000  # at most 30 s (10 ms frames) of rests and the gaps between them: one window
GAP_FRAMES = 200  # 2 s of silence between two packed rests (see place_of)

Place = tuple[float, float, float]  # a rest's start and end in the pack, and its start in its chunk (s)


class RestPack:
    """The rests of a batch's windows, decoded packed together.

    Built lazily: the first window that needs its rest has every window of the batch looked at
    (``_first_look``: the first decode split and word-timed, which each window needs for its own
    segments anyway; most were looked at together when the first of them was read), the rests
    grouped in order (:func:`groups`), and its own group decoded; the other rests of that group
    wait here for their windows. A failure in another window's look leaves that window out; a
    failed packed decode sends each of its rests to a window of its own, so that an error stays
    its own chunk's.
    """

    def __init__(self, model: OneWindowWhisper, windows: list[_Window]) -> None:
        self.model = model
        self.windows = windows
        self.groups: list[list[_Window]] | None = None
        self.done: dict[int, list[Segment]] = {}

    def rest_of(self, window: _Window) -> list[Segment]:
        """``window``'s rest: segments on its chunk's timeline (s)."""
        if self.groups is None:
            self.groups = groups([w for w in self.windows if self._looked(w)])
            self.windows = []  # the groups hold what is still needed
        if id(window) not in self.done:
            group = next((g for g in self.groups if any(w is window for w in g)), [window])
            try:
                self.done.update(self.model._decode_pack(group))
            except Exception:
                if len(group) == 1:
                    raise
                log.debug("packed decode failed; decoding its rests one by one", exc_info=True)
                self.groups = [g for g in self.groups if g is not group] + [[w] for w in group]
                self.done.update(self.model._decode_pack([window]))
        return self.done.pop(id(window))

    def _looked(self, window: _Window) -> bool:
        try:
            return self.model._first_look(window)
        except Exception:
            log.debug("a window of the batch failed its first look; its rest is not packed", exc_info=True)
            return False


def groups(windows: list[Any]) -> list[list[Any]]:
    """The windows that left a rest (``rest_seek`` set), in order, grouped so each group's rests
    and the gaps between them fill at most PACK_FRAMES; a window's rest runs from ``rest_seek``
    to ``content_frames`` (10 ms frames)."""
    out: list[list[Any]] = []
    used = PACK_FRAMES
    for w in windows:
        if w.rest_seek is None:
            continue
        frames = w.content_frames - w.rest_seek
        if out and used + GAP_FRAMES + frames <= PACK_FRAMES:
            out[-1].append(w)
            used += GAP_FRAMES + frames
        else:
            out.append([w])
            used = frames
    return out


def place_of(start: float, end: float, places: list[Place]) -> int:
    """The rest a word (or a segment without words) at [start, end] of the pack (s) was heard
    in: the one whose audio it overlaps, the later one if it reaches into two; one wholly in the
    silence after a rest (or without length there) goes to that rest.

    Whisper's word alignment stretches a rest's first word back over the silence before it
    (" of" from the end of the rest before to 0.24 s into its own; with the overlap-most rule a
    rest's only word could then go to the rest before, and the emptied rest, decoded again
    alone, said it twice, review), so a word that reaches into a rest is that rest's. A rest's
    last word timed late (up to 0.6 s transcribing, engine.onsets) stays within the 2 s of
    silence after it (GAP_FRAMES) and so with its own rest.

    What no rule here can mend: Whisper reads two packed rests as one sentence across the
    silence, and may write a word there that neither says (user test, base: "incurred, it's
    composed" for "incurred," + "(ty)pes composed", the "it's" being the cut-off tail of the
    next rest's first syllable; "natural there for the Bible" for "natural therefore" +
    "Bible"). The word lands where it was timed, at the rests' edge, not elsewhere in the file.
    """
    reached = [i for i, (a, b, _o) in enumerate(places) if min(end, b) - max(start, a) > 0]
    if reached:
        return reached[-1]
    return max((i for i, (a, _b, _o) in enumerate(places) if a <= start), default=0)


def split_back(segments: list[Segment], places: list[Place]) -> list[list[Segment]]:
    """The segments of a packed window, as each rest's own: a list per place, in order, with
    times on its chunk's timeline (s). A segment over two rests is cut between its words; words
    are clamped to their rest, so one timed in the silence after its rest ends at the rest's end.
    Every word goes to exactly one rest: none is left out."""
    out: list[list[Segment]] = [[] for _ in places]
    for segment in segments:
        words = list(segment.words or [])
        if not words:
            i = place_of(segment.start, segment.end, places)
            out[i].append(moved(segment, [], places[i], whole=True))
            continue
        runs: list[tuple[int, list[Word]]] = []
        for w in words:
            i = place_of(w.start, w.end, places)
            if runs and runs[-1][0] == i:
                runs[-1][1].append(w)
            else:
                runs.append((i, [w]))
        for i, run in runs:
            out[i].append(moved(segment, run, places[i], whole=len(runs) == 1))
    return out


def moved(segment: Segment, words: list[Word], place: Place, whole: bool) -> Segment:
    """The part of a packed window's ``segment`` that says ``words`` (all of it when ``whole``),
    times clamped to the rest's place in the pack, then moved onto its chunk's timeline (s)."""
    start, end, offset = place

    def shifted(t: float) -> float:
        return round(min(max(t, start), end) - start + offset, 2)

    return dataclasses.replace(
        segment,
        start=shifted(segment.start if whole else words[0].start),
        end=shifted(segment.end if whole else words[-1].end),
        text=segment.text if whole else "".join(w.word for w in words),
        words=[dataclasses.replace(w, start=shifted(w.start), end=shifted(w.end)) for w in words],
    )
