"""The cue value type and the edit record that makes every document change undoable.

Both are frozen: a cue is replaced, never mutated, so an :class:`Edit` holding the cues it
removed and added is a complete, cheap snapshot that undo and redo can replay.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.protocol import Word

__all__ = ["Cue", "Edit"]


@dataclass(frozen=True)
class Cue:
    """One subtitle: times in int ms, text with lines joined by ``"\\n"``.

    ``text`` may hold styling tags in the canonical markup of :mod:`engine.subtitles.markup`
    (``<i>``, ``<b>``, ``<u>``, ``<s>``, ``<font color>``); count reading speed on
    :func:`~engine.subtitles.markup.plain_text`. ``alignment`` is the screen position in ASS
    ``\\an`` numbering (numpad: 8 top centre, 2 bottom centre), None for the player's default
    (bottom). ``vtt_settings`` are the WebVTT cue settings as read ("align:start line:85%"),
    written back unchanged to WebVTT. ``vtt_id`` is the WebVTT cue identifier as read (chapters
    and ``::cue(#id)`` styles refer to it), written back to WebVTT.

    ``translation`` is the cue's text in another language ("" while untranslated; the document
    says which, :attr:`~engine.subtitles.document.Document.translation_language`), lines joined by
    ``"\n"`` and styled in the same canonical markup as ``text``; it shares the cue's times.

    ``words`` are the model's timed words when known (they may drift from the text once a person
    edits it; :func:`engine.subtitles.words.align_words` tells). ``id`` is stable for the cue's
    life in a :class:`~engine.subtitles.document.Document`; edits that reshape a cue keep it.
    """

    id: int
    start_ms: int
    end_ms: int
    text: str
    words: tuple[Word, ...] = ()
    speaker: str | None = None
    alignment: int | None = None
    vtt_settings: str = ""
    vtt_id: str = ""
    translation: str = ""

    def __post_init__(self) -> None:
        if self.alignment is not None and not 1 <= self.alignment <= 9:
            raise ValueError(f"cue {self.id}: alignment {self.alignment} is not 1-9 (ASS \\an)")
        if not isinstance(self.words, tuple):
            object.__setattr__(self, "words", tuple(self.words))
        if self.start_ms < 0:
            raise ValueError(f"cue {self.id}: start {self.start_ms} ms is before the beginning")
        if self.end_ms <= self.start_ms:
            raise ValueError(f"cue {self.id}: end {self.end_ms} ms must be after start {self.start_ms} ms")

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class Edit:
    """What one document operation did: the cues it took out and the cues it put in.

    Undo is ``document.apply(edit.inverse())`` and redo ``document.apply(edit)``; an editor's
    undo command needs to keep nothing else. A cue whose id appears on both sides was changed.
    """

    removed: tuple[Cue, ...] = ()
    added: tuple[Cue, ...] = ()

    def inverse(self) -> Edit:
        return Edit(removed=self.added, added=self.removed)

    @property
    def new_ids(self) -> tuple[int, ...]:
        """Ids of cues this edit created (for selecting them after an insert or split)."""
        old = {c.id for c in self.removed}
        return tuple(c.id for c in self.added if c.id not in old)

    @property
    def changed_ids(self) -> tuple[int, ...]:
        """Ids present after the edit that it touched, in document order."""
        return tuple(c.id for c in self.added)

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)
