"""The subtitle document: ordered cues with stable ids, edited only through undoable operations.

Invariants, checked on every change: each cue has start < end (int ms, start >= 0), ids are
unique, cues are sorted by time and never overlap (one may end exactly where the next starts).

Undo design: every operation goes through one primitive, :meth:`Document.replace` (take these ids
out, put these cues in), and returns an :class:`~engine.subtitles.cue.Edit` holding full
snapshots of the cues it removed and added. Cues are frozen, so snapshots are cheap and exact. An
undo command stores the Edit; undo is ``doc.apply(edit.inverse())``, redo ``doc.apply(edit)``.
``apply`` refuses an edit whose removed cues no longer match the document, so a stale undo
stack fails loudly instead of corrupting the file. Ids are never reused, so redo can re-create
a cue with its old id. Every failure is a ValueError whose message names the cue and the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

from engine.protocol import Word
from engine.subtitles import retime
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.dialogue import is_dialogue
from engine.subtitles.markup import plain_text, split_markup
from engine.subtitles.timecode import format_clock, frames_span_ms
from engine.subtitles.words import split_words

__all__ = ["Cue", "CueNotFoundError", "Document", "Edit", "format_ms", "format_seconds"]


class CueNotFoundError(ValueError, LookupError):
    """No cue with that id (it may have been deleted by another edit)."""


def format_ms(ms: int) -> str:
    """``H:MM:SS.mmm`` (signed) for error messages and logs; see :func:`timecode.format_clock`."""
    return format_clock(ms, hour_digits=1)


def format_seconds(ms: int) -> str:
    """A length in seconds for a message: one decimal under 10 s ("0.4"), whole above ("24")."""
    return f"{ms / 1000:.1f}" if ms < 9_950 else f"{ms / 1000:.0f}"


def _order(cue: Cue) -> tuple[int, int, int]:
    return (cue.start_ms, cue.end_ms, cue.id)


class Document:
    """Cues of one subtitle file, kept valid; see the module docstring for the undo contract."""

    def __init__(
        self, cues: Iterable[Cue] = (), *, next_id: int = 1, translation_language: str | None = None
    ) -> None:
        self._cues: tuple[Cue, ...] = ()
        self._index: dict[int, int] = {}
        self._next_id = next_id
        self.translation_language = translation_language
        self._commit(list(cues))

    # ------------------------------------------------------------------ reading

    @property
    def cues(self) -> tuple[Cue, ...]:
        return self._cues

    @property
    def next_id(self) -> int:
        """The id the next new cue gets (saved in project files so ids stay unique)."""
        return self._next_id

    @property
    def translation_language(self) -> str | None:
        """The language of the cues' :attr:`Cue.translation` (a Whisper code or tag such as "fr"
        or "zh-TW", which :func:`engine.subtitles.presets.resolve` takes); None when not chosen.
        A setting of the file, kept in its project, not an undo step."""
        return self._translation_language

    @translation_language.setter
    def translation_language(self, language: str | None) -> None:
        if language is not None and (not isinstance(language, str) or not language.strip()):
            raise ValueError(f"a translation language is a language code such as 'fr', not {language!r}")
        self._translation_language = language.strip() if language else None

    def __len__(self) -> int:
        return len(self._cues)

    def __iter__(self) -> Iterator[Cue]:
        return iter(self._cues)

    def get(self, cue_id: int) -> Cue:
        return self._cues[self.index_of(cue_id)]

    def index_of(self, cue_id: int) -> int:
        try:
            return self._index[cue_id]
        except KeyError:
            raise CueNotFoundError(f"no cue with id {cue_id}") from None

    def neighbours(self, cue_id: int) -> tuple[Cue | None, Cue | None]:
        """The cues just before and just after ``cue_id`` (None at either end)."""
        i = self.index_of(cue_id)
        return (
            self._cues[i - 1] if i > 0 else None,
            self._cues[i + 1] if i + 1 < len(self) else None,
        )

    # ------------------------------------------------------------------ the primitive

    def replace(self, remove_ids: Iterable[int], add: Iterable[Cue]) -> Edit:
        """Take out the cues ``remove_ids`` and put in ``add`` (ids kept), atomically.

        Nothing changes when the result would break an invariant (ValueError).
        """
        remove = set(remove_ids)
        removed = tuple(sorted((self.get(i) for i in remove), key=_order))
        added = tuple(sorted(add, key=_order))
        self._commit([c for c in self._cues if c.id not in remove] + list(added))
        return Edit(removed=removed, added=added)

    def apply(self, edit: Edit) -> None:
        """Replay an edit (redo), or its inverse (undo); refuses if the document has moved on."""
        for cue in edit.removed:
            current = self._cues[self._index[cue.id]] if cue.id in self._index else None
            if current != cue:
                raise ValueError(f"cannot apply edit: cue {cue.id} has changed since it was made")
        self.replace((c.id for c in edit.removed), edit.added)

    def new_id(self) -> int:
        """Reserve a fresh id (ids are never reused, even after undo)."""
        self._next_id += 1
        return self._next_id - 1

    def _commit(self, cues: list[Cue]) -> None:
        cues.sort(key=_order)
        index: dict[int, int] = {}
        for i, cue in enumerate(cues):
            if cue.id in index:
                raise ValueError(f"two cues share id {cue.id}")
            index[cue.id] = i
            if i and cues[i - 1].end_ms > cue.start_ms:
                prev = cues[i - 1]
                raise ValueError(
                    f"cue {cue.id} ({format_ms(cue.start_ms)}) would overlap cue {prev.id},"
                    f" which ends at {format_ms(prev.end_ms)}"
                )
        self._cues, self._index = tuple(cues), index
        if cues:
            self._next_id = max(self._next_id, max(index) + 1)

    # ------------------------------------------------------------------ adding and removing

    def insert(
        self,
        start_ms: int,
        end_ms: int,
        text: str = "",
        *,
        words: Sequence[Word] = (),
        speaker: str | None = None,
    ) -> Edit:
        """A new cue; ``edit.new_ids[0]`` is its id."""
        cue = Cue(self._next_id, start_ms, end_ms, text, tuple(words), speaker)
        edit = self.replace((), [cue])
        return edit

    def delete(self, ids: Iterable[int]) -> Edit:
        return self.replace(ids, ())

    # ------------------------------------------------------------------ changing one cue

    def set_text(self, cue_id: int, text: str) -> Edit:
        """New text (CRLF folded to ``\\n``); words stay, as timing hints for split and snap."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return self._change(dataclasses.replace(self.get(cue_id), text=text))

    def set_translation(self, cue_id: int, translation: str) -> Edit:
        """New translation text for one cue (CRLF folded to ``\n``; "" takes it away)."""
        translation = translation.replace("\r\n", "\n").replace("\r", "\n")
        return self._change(dataclasses.replace(self.get(cue_id), translation=translation))

    def set_speaker(self, cue_id: int, speaker: str | None) -> Edit:
        return self._change(dataclasses.replace(self.get(cue_id), speaker=speaker or None))

    def set_times(self, cue_id: int, start_ms: int, end_ms: int) -> Edit:
        cue = self.get(cue_id)
        return self._change(dataclasses.replace(cue, start_ms=start_ms, end_ms=end_ms))

    def _change(self, cue: Cue) -> Edit:
        return self.replace([cue.id], [cue])

    def split(self, cue_id: int, position: int) -> Edit:
        """Split a cue's text at character ``position``; the left part keeps the id.

        Styling open at the cut continues in both parts (see
        :func:`~engine.subtitles.markup.split_markup`); both keep the cue's position and settings.
        The translation stays whole on the left part and the right part has none: where to cut a
        sentence in another language is not known from a cut in this one, so the translator
        moves its second half by hand rather than find it cut in the wrong place.

        With aligned words the left part ends at its last word's end and the right part starts
        at its first word's start; otherwise the time is cut in proportion to the characters.
        """
        cue = self.get(cue_id)
        if not 0 < position < len(cue.text):
            raise ValueError(f"cue {cue_id}: split position {position} is outside its text")
        left_text, right_text = (part.strip() for part in split_markup(cue.text, position))
        if not plain_text(left_text).strip() or not plain_text(right_text).strip():
            raise ValueError(f"cue {cue_id}: splitting at {position} would leave an empty cue")
        if cue.duration_ms < 2:
            raise ValueError(f"cue {cue_id} is too short ({cue.duration_ms} ms) to split")
        # Words and times follow the text the viewer reads, not the tags around it.
        plain, plain_position = plain_text(cue.text), len(plain_text(cue.text[:position]))
        parts = split_words(plain, cue.words, plain_position)
        left_words, right_words = parts if parts else ((), ())
        lo, hi = cue.start_ms + 1, cue.end_ms - 1
        if left_words and right_words:
            left_end = min(max(left_words[-1].end_ms, lo), hi)
            right_start = min(max(right_words[0].start_ms, left_end), hi)
        else:
            left_end = right_start = min(
                max(cue.start_ms + round(cue.duration_ms * plain_position / max(1, len(plain))), lo),
                hi,
            )
        if parts is None:
            left_words = tuple(w for w in cue.words if w.start_ms < left_end)
            right_words = cue.words[len(left_words) :]
        left = dataclasses.replace(cue, end_ms=left_end, text=left_text, words=left_words)
        right = dataclasses.replace(
            cue, id=self._next_id, start_ms=right_start, text=right_text, words=right_words, translation=""
        )
        return self.replace([cue_id], [left, right])

    def merge(self, ids: Iterable[int], joiner: str = "\n") -> Edit:
        """Merge neighbouring cues into the first one (texts joined by ``joiner``, and their
        translations too, the untranslated ones left out).

        Each text keeps its own styling tags; the merged cue takes the first cue's position. Its
        speaker is the cues' one speaker. Cues of different speakers (one of them none) give a
        cue with no speaker, never one speaker's name over another's words: each cue's lines
        then open with a dialogue dash, one turn a line (Netflix "Dual speakers"), unless they
        hold turns already (the window says so).
        """
        cues = sorted((self.get(i) for i in set(ids)), key=_order)
        if len(cues) < 2:
            raise ValueError("merging needs at least two cues")
        first = self.index_of(cues[0].id)
        if [self.index_of(c.id) for c in cues] != list(range(first, first + len(cues))):
            raise ValueError("only neighbouring cues can be merged")
        one_speaker = len({c.speaker or None for c in cues}) == 1
        texts = [c.text for c in cues if c.text]
        if not one_speaker:
            texts = [t if is_dialogue(t) else "- " + t.replace("\n", " ") for t in texts]
            joiner = "\n"
        merged = dataclasses.replace(
            cues[0],
            end_ms=cues[-1].end_ms,
            text=joiner.join(texts),
            translation=joiner.join(c.translation for c in cues if c.translation),
            words=tuple(w for c in cues for w in c.words),
            speaker=cues[0].speaker if one_speaker else None,
        )
        return self.replace([c.id for c in cues], [merged])

    # ------------------------------------------------------------------ retiming

    def shift(self, ids: Iterable[int] | None, delta_ms: int) -> Edit:
        """Move the given cues (all when ``ids`` is None) and their words by ``delta_ms``."""
        cues = self._cues if ids is None else tuple(self.get(i) for i in set(ids))
        return self.replace([c.id for c in cues], [retime.shift_cue(c, delta_ms) for c in cues])

    def shift_from(self, cue_id: int, delta_ms: int) -> Edit:
        """Move ``cue_id`` and every cue after it (re-timing from a point where sync slipped)."""
        return self.shift([c.id for c in self._cues[self.index_of(cue_id) :]], delta_ms)

    def shift_frames(self, ids: Iterable[int] | None, frames: int, frame_rate: float) -> Edit:
        """Shift by whole frames at ``frame_rate``."""
        return self.shift(ids, frames_span_ms(frames, frame_rate))

    def sync_two_points(self, cue_a: int, new_start_a: int, cue_b: int, new_start_b: int) -> Edit:
        """Stretch the whole timeline linearly so cue A starts at ``new_start_a`` and B at B's."""
        fn = retime.linear_map(self.get(cue_a).start_ms, new_start_a, self.get(cue_b).start_ms, new_start_b)
        return self.replace([c.id for c in self._cues], [retime.map_cue(c, fn) for c in self._cues])

    def snap_to_word_edge(self, cue_id: int, which: Literal["start", "end"] = "start") -> Edit:
        """Move a cue's start (end) to the nearest word start (end) of it or its neighbours."""
        cue = self.get(cue_id)
        prev, nxt = self.neighbours(cue_id)
        words = [w for c in (prev, cue, nxt) if c is not None for w in c.words]
        if which == "start":
            low, high = (prev.end_ms if prev else 0), cue.end_ms - 1
            edges, current = [w.start_ms for w in words], cue.start_ms
        elif which == "end":
            low, high = cue.start_ms + 1, (nxt.start_ms if nxt else 2**62)
            edges, current = [w.end_ms for w in words], cue.end_ms
        else:
            raise ValueError(f"which must be 'start' or 'end', not {which!r}")
        edge = retime.nearest_edge(current, edges, low, high)
        if edge is None:
            raise ValueError(f"cue {cue_id}: no word {which} within reach to snap to")
        if edge == current:
            return Edit()
        if which == "start":
            return self.set_times(cue_id, edge, cue.end_ms)
        return self.set_times(cue_id, cue.start_ms, edge)
