"""Live cues that end as the command line's: streamed segments re-segmented while they can change.

The engine sends each chunk's segments when the chunk is done (``SegmentsReady``, chunks out of
order); ``main.py transcribe`` segments all of a file's segments once, at the end
(``engine.cli.writing.write_outputs``: sorted by start and end, :func:`segments_to_cues` with the
preset, language, Chinese mode and the decoded length). Segmenting each batch on its own splits
a sentence that arrives in two batches. The rule here (issue 11):

- Segments are kept in time order (start, end, then arrival, as the CLI's stable sort).
- Chunks are numbered in time order and a chunk's segments lie inside its span, so once chunks
  0..k are all back no segment can arrive before the last segment of chunk k. The cues are
  re-segmented, with the CLI's function and arguments, from the last *settled cut* to the end
  whenever segments arrive; the cues before it never change.
- A cut is settled between two cues of the last run when the segment after it is in chunks 0..k,
  no segment is shared by the two cues, the words either side are more than the preset's
  ``max_pause_in_cue_ms`` apart (segmentation always ends a cue there), the second cue was not
  stretched back to the first one's end plus the gap, the first ends a sentence or the second
  does not start with a capital (segmentation's name rule looks two words back), and segmenting
  from the cut alone gives the same cues as the run that saw what came before. The first cue
  after a settled one is stretched back no further than segmentation would (its end plus the
  gap). So a 2-hour file is segmented about once plus its unsettled tail per batch, not once
  per batch; a file with no long pause after a sentence end settles only at the end.
- :meth:`LiveCues.finish` segments the whole file once with the final length and replaces the
  cues that differ, so an untouched transcript ends exactly as the CLI writes it. The cut rule is
  meant to leave nothing to replace there; ``settled_changed_at_finish`` counts settled cues
  replaced all the same (rare: hypothesis found a long transcript where two were).
- Cues the user touched (:meth:`LiveCues.user_edited`) are the user's: never replaced, moved or
  deleted here. The segments under a touched cue leave re-segmentation, and so does every other
  live cue made from one of those segments (a segment cannot be half re-segmented); the cues
  are kept as they are. The segments on either side are re-segmented on their own from then on,
  and new cues are fitted between the user's cues (start and end clipped, never overlapping).
  Their text is therefore neither replaced nor duplicated. When segments lack word timings the
  cue a segment went into is unknown, and the touched cue's whole unsettled stretch is kept.
  After a user edit, :meth:`LiveCues.finish` only re-segments the open stretches.

Every update returns one :class:`~engine.subtitles.cue.Edit` (cues removed by id, cues added,
ids from ``new_id``) for ``Document.apply``; cues that did not change keep their ids.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TypedDict

from engine.own_language import other_language_stretches
from engine.protocol import Segment
from engine.subtitles.condense import LeftOut, applies
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.glossary import Glossary, Rule
from engine.subtitles.live_blocks import (
    FAR,
    Block,
    Entry,
    Segmenter,
    content,
    entry_key,
    fit,
    keep_around,
    same_cues,
    word_spans,
)
from engine.subtitles.presets import Preset
from engine.subtitles.segmentation import cues_and_misses, segments_to_cues
from engine.subtitles.tokens import ends_sentence

__all__ = ["LiveCues", "Segmenter"]

log = logging.getLogger(__name__)


class _Options(TypedDict):
    """The segmenter's keyword arguments for one transcript (:class:`Segmenter`)."""

    language: str | None
    chinese: str | None
    media_end_ms: int | None
    glossary: Glossary | None


class LiveCues:
    """Cues of one transcript while its chunks stream in; see the module docstring for the rule.

    ``preset``, ``language`` and ``chinese`` are what the CLI would pass for this file (the
    language is known before any chunk is transcribed); ``media_end_ms`` is the decoded length
    (``JobPlanned.duration_ms``) when known. ``glossary`` (the user's wrong → right rules, or
    None) goes to the segmenter with them, which applies it after the Chinese conversion, as the
    CLI does; the final pass uses it too, so streamed and final cues agree. ``new_id`` reserves a cue id (``Document.new_id``).
    """

    def __init__(
        self,
        preset: Preset,
        *,
        language: str | None = None,
        chinese: str | None = None,
        media_end_ms: int | None = None,
        new_id: Callable[[], int] | None = None,
        segmenter: Segmenter = segments_to_cues,
        glossary: Glossary | None = None,
    ) -> None:
        self.preset, self.language, self.chinese = preset, language, chinese
        self.glossary = glossary
        self._media_end = media_end_ms
        self._new_id = new_id or itertools.count(1).__next__
        self._segmenter = segmenter
        self._blocks: list[Block] = []
        self._done: set[int] = set()
        self._frontier = -1  # chunks 0..frontier are all back
        self._arrivals = itertools.count()
        self._index: list[tuple[int, int, int]] = []  # (start, end, id) of every cue in the document
        self._user: set[int] = set()  # ids the user touched or made
        self._finished = False
        self.settled_changed_at_finish = 0  # settled cues the final pass replaced (0: the rule held)
        self._last_notes: tuple[tuple[Rule, ...], tuple[LeftOut, ...]] | None = None  # of _run's last pass
        self._final_notes: tuple[tuple[Rule, ...], tuple[LeftOut, ...]] | None = None  # finish()'s whole pass

    # ------------------------------------------------------------------ reading

    @property
    def pinned_ids(self) -> frozenset[int]:
        """Ids of cues the user touched or made: never changed here."""
        return frozenset(self._user)

    @property
    def settled(self) -> tuple[Cue, ...]:
        """Cues before the settled cut (and those kept around a user's edit), as placed: this
        class never changes or removes them again. The user's own cues are not listed."""
        return tuple(c for b in self._blocks if b.frozen for c in b.placed() if c.id not in self._user)

    @property
    def unplaced(self) -> tuple[Cue, ...]:
        """Cues that found no room between the user's cues (text kept here, not in the document)."""
        raw = (r for b in self._blocks for r, c in zip(b.raw, b.cues) if c is None)
        return tuple(raw)

    def other_languages(self) -> list[tuple[str, int, int]]:
        """(language, start ms, end ms) of the stretches written in another language than the
        file's, as the CLI's note names them (engine.own_language)."""
        return other_language_stretches(entry[-1] for block in self._blocks for entry in block.entries)

    def glossary_misses(self) -> tuple[Rule, ...]:
        """The glossary's rules that matched nowhere in the transcript so far, in the glossary's
        order, for the window's one line (``glossary.describe_unmatched``, as the CLI prints it);
        () without a glossary. See :meth:`end_notes`."""
        return self.end_notes()[0]

    def end_notes(self) -> tuple[tuple[Rule, ...], tuple[LeftOut, ...]]:
        """What the CLI says of the whole transcript so far: the glossary's rules that matched
        nowhere (() without a glossary) and the fillers left out of cues over the reading speed
        (:mod:`condense`; () with a verbatim preset or a language without a filler list). After a
        :meth:`finish` the user had not touched, its own pass over every segment says it (no
        second pass); otherwise (cues the user edited are kept out of the final pass) one
        segmentation pass over every segment, only when either can be non-empty, which may name
        a filler in a stretch the user has since retyped."""
        glossary = self.glossary is not None and bool(self.glossary.rules)
        if not (glossary or applies(self.preset.condense_fillers, self.language)):
            return (), ()
        if self._final_notes is not None:  # finish()'s own pass over every segment
            return self._final_notes
        entries = sorted((e for b in self._blocks for e in b.entries), key=entry_key)
        _, misses, left_out = cues_and_misses([e[4] for e in entries], self.preset, **self._options())
        return misses, left_out

    # ------------------------------------------------------------------ events

    def chunk_done(self, chunk_index: int, segments: Sequence[Segment] = ()) -> Edit:
        """One chunk is back: ``SegmentsReady`` (its segments), ``StretchFailed`` (none)."""
        return self.chunks_done([(chunk_index, segments)])

    def chunks_done(self, results: Iterable[tuple[int, Sequence[Segment]]]) -> Edit:
        """Several chunks are back (one drain tick): (chunk index, segments) each; one Edit."""
        if self._finished:
            raise ValueError("This transcript is finished; start a new LiveCues for a new transcription.")
        for index, segments in results:
            if index in self._done:
                log.warning("chunk %d reported twice; its second report is ignored", index)
                continue
            self._done.add(index)
            for segment in segments:
                self._place((segment.start_ms, segment.end_ms, next(self._arrivals), index, segment))
        while self._frontier + 1 in self._done:
            self._frontier += 1
        return self._update()

    def set_media_end(self, media_end_ms: int | None) -> Edit:
        """The decoded length is known (``JobPlanned.duration_ms``): no cue ends after it."""
        if media_end_ms != self._media_end:
            self._media_end = media_end_ms
            for block in self._blocks:
                block.dirty = block.dirty or not block.frozen
        return self._update()

    def user_edited(self, edit: Edit) -> None:
        """The user changed the document (every edit, undo and redo included): the cues it
        removed or added are the user's from now on (see the module docstring)."""
        for cue in edit.removed:
            self._unindex(cue)
        for cue in edit.added:
            bisect.insort(self._index, (cue.start_ms, cue.end_ms, cue.id))
        touched = {c.id for c in edit.removed} | {c.id for c in edit.added}
        self._user |= touched
        self._keep(touched)

    def hold(self, cue_id: int) -> None:
        """A person began editing this cue (a cell editor opened on it, a key typed in the text
        box): from now on it is kept as it is, as an edited cue would be, so that no
        re-segmentation removes the cue under the user's cursor and with it what they typed.
        Ids that are not this transcript's live cues are ignored."""
        if cue_id in self._user or not any(
            c is not None and c.id == cue_id for b in self._blocks for c in b.cues
        ):
            return
        self._user.add(cue_id)
        self._keep({cue_id})

    def _keep(self, touched: set[int]) -> None:
        """Split the open blocks around ``touched`` cues (see live_blocks.keep_around)."""
        blocks: list[Block] = []
        for block in self._blocks:
            hit = [q for q, c in enumerate(block.cues) if c is not None and c.id in touched]
            blocks += keep_around(block, hit) if hit and not block.frozen else [block]
        self._blocks = blocks

    def finish(self, media_end_ms: int | None = None) -> Edit:
        """The job finished (``JobFinished``; ``media_end_ms`` its ``duration_ms``): every cue
        becomes final, exactly the CLI's when the user touched nothing."""
        if self._finished:
            return Edit()
        if media_end_ms is not None:
            self._media_end = media_end_ms
        self._frontier = FAR
        self._finished = True
        if self._user or self.unplaced:
            for block in self._blocks:
                block.dirty = not block.frozen
            edit = self._update()
            for block in self._blocks:
                block.frozen = True
            return edit
        settled = {c.id for b in self._blocks if b.frozen for c in b.placed()}
        whole = Block([e for b in self._blocks for e in b.entries])
        whole.cues = [c for b in self._blocks for c in b.placed()]
        removed: list[Cue] = []
        added: list[Cue] = []
        self._rerun(whole, removed, added)
        self._final_notes = self._last_notes
        self.settled_changed_at_finish = sum(c.id in settled for c in removed)
        if self.settled_changed_at_finish:
            log.warning("%d settled cues changed at the end", self.settled_changed_at_finish)
        whole.frozen = True
        self._blocks = [whole]
        return Edit(tuple(removed), tuple(added))

    # ------------------------------------------------------------------ inside

    def _place(self, entry: Entry) -> None:
        """Put a segment into the block it falls in; between frozen blocks it opens one."""
        blocks, key = self._blocks, entry_key(entry)
        k = len(blocks) - 1
        while k >= 0 and entry_key(blocks[k].entries[0]) > key:
            k -= 1
        if k < 0 or blocks[k].frozen:  # after frozen block k (or before all): the next open one
            k += 1
            if k == len(blocks) or blocks[k].frozen:
                blocks.insert(k, Block([]))
        bisect.insort(blocks[k].entries, entry, key=entry_key)
        blocks[k].dirty = True

    def _options(self) -> _Options:
        """What the segmenter is given besides the segments and preset: the CLI's for this file."""
        return {
            "language": self.language,
            "chinese": self.chinese,
            "media_end_ms": self._media_end,
            "glossary": self.glossary,
        }

    def _run(self, entries: Sequence[Entry]) -> list[Cue]:
        segments = [e[4] for e in entries]
        if self._segmenter is segments_to_cues:  # the default: keep the pass's notes too
            result = cues_and_misses(segments, self.preset, **self._options())
            self._last_notes = (result.misses, result.left_out)
            return result.cues
        self._last_notes = None
        return self._segmenter(segments, self.preset, **self._options())

    def _update(self) -> Edit:
        removed: list[Cue] = []
        added: list[Cue] = []
        for k, block in enumerate(self._blocks):
            if block.dirty and not block.frozen:
                self._rerun(block, removed, added, self._floor(k))
        blocks: list[Block] = []
        for block in self._blocks:
            for piece in [block] if block.frozen else self._cut(block):
                if blocks and blocks[-1].frozen and piece.frozen:
                    blocks[-1].entries += piece.entries
                    blocks[-1].raw += piece.raw
                    blocks[-1].cues += piece.cues
                else:
                    blocks.append(piece)
        self._blocks = blocks
        return Edit(tuple(removed), tuple(added))

    def _floor(self, k: int) -> int | None:
        """Where block k's first cue may start at the earliest: the settled cue before it (not a
        user's) plus the gap, as in the whole file's segmentation; None when there is none."""
        before = self._blocks[k - 1].placed() if k else []
        if not before or before[-1].id in self._user:
            return None
        return before[-1].end_ms + self.preset.min_gap_ms

    def _rerun(self, block: Block, removed: list[Cue], added: list[Cue], floor: int | None = None) -> None:
        """Segment the block's segments again; cues equal to the ones shown keep their ids."""
        raw = self._run(block.entries)
        old = block.placed()
        fitted = fit(raw, self._others(old, raw), floor)
        new = [c for c in fitted if c is not None]
        head = 0
        while head < min(len(old), len(new)) and content(old[head]) == content(new[head]):
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and content(old[-1 - tail]) == content(new[-1 - tail]):
            tail += 1
        ids = [c.id for c in old[:head]] + [self._new_id() for _ in new[head : len(new) - tail]]
        ids += [c.id for c in old[len(old) - tail :]]
        numbered = iter(ids)
        block.cues = [None if c is None else dataclasses.replace(c, id=next(numbered)) for c in fitted]
        gone, come = (
            old[head : len(old) - tail],
            [c for c in block.cues if c is not None][head : len(new) - tail],
        )
        for cue in gone:
            self._unindex(cue)
        for cue in come:
            bisect.insort(self._index, (cue.start_ms, cue.end_ms, cue.id))
        removed += gone
        added += come
        block.raw, block.spans, block.dirty = raw, word_spans([e[4] for e in block.entries], raw), False

    def _others(self, old: Sequence[Cue], raw: Sequence[Cue]) -> list[tuple[int, int]]:
        """(start, end) of the document's cues near ``raw`` that are not the block's own."""
        if not raw:
            return []
        own = {c.id for c in old}
        low = min([c.start_ms for c in raw] + [c.start_ms for c in old])
        high = max([c.end_ms for c in raw] + [c.end_ms for c in old])
        i = max(bisect.bisect_left(self._index, (low, -1, -1)) - 1, 0)
        # One past the range as well: fit() may push a cue that has no room where it is up to
        # the next cue's start, which it must therefore know (without it a streamed cue was put
        # onto the user's next cue and the document refused the whole update: a chunk lost).
        j = bisect.bisect_right(self._index, (high, FAR, FAR))
        while j < len(self._index) and self._index[j][2] in own:
            j += 1
        j += 1
        return [(s, e) for s, e, cue_id in self._index[i:j] if cue_id not in own]

    def _unindex(self, cue: Cue) -> None:
        item = (cue.start_ms, cue.end_ms, cue.id)
        i = bisect.bisect_left(self._index, item)
        if i < len(self._index) and self._index[i] == item:
            del self._index[i]

    def _cut(self, block: Block) -> list[Block]:
        """The block split at its latest settled cut (see the module docstring), or as it is."""
        spans, raw = block.spans, block.raw
        if spans is None or block.dirty:
            return [block]
        for q in range(len(raw) - 2, -1, -1):
            i = spans[q + 1][0]
            if spans[q][1] != i or block.entries[i][3] > self._frontier:
                continue
            before, after = raw[q], raw[q + 1]
            if (
                after.words[0].start_ms - before.words[-1].end_ms <= self.preset.max_pause_in_cue_ms
                or after.start_ms <= before.end_ms + self.preset.min_gap_ms
                or not (ends_sentence(before.text.split()[-1]) or not after.text[:1].isupper())
            ):
                continue
            rest = self._run(block.entries[i:])
            if not same_cues(rest, raw[q + 1 :]):
                log.debug("no settled cut at %d ms: segmenting from there differs", after.start_ms)
                return [block]
            settled = Block(
                block.entries[:i], frozen=True, raw=raw[: q + 1], cues=block.cues[: q + 1], dirty=False
            )
            open_ = Block(
                block.entries[i:],
                raw=rest,
                cues=block.cues[q + 1 :],
                dirty=False,
                spans=[(a - i, b - i) for a, b in spans[q + 1 :]],
            )
            return [settled, open_]
        return [block]
