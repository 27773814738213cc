"""ASS karaoke tags read as word timings (user test 7, fault 7).

In an ASS event ``{\\k40}ha{\\k35}na{\\k50}bi`` each ``\\k`` (and ``\\K``, ``\\kf``, ``\\ko``,
which sweep the fill or the outline instead) gives the duration in centiseconds of the
syllable after it, counted from the event's start (Aegisub's override-tag reference,
https://aegisub.org/docs/latest/ass_tags/). :func:`syllable_words` turns them into the cue's
:attr:`~engine.subtitles.cue.Cue.words`, as WebVTT's inline times are
(:mod:`engine.subtitles.webvtt_spans`), so an ASS export with karaoke writes them back
(:mod:`engine.subtitles.karaoke`) and a split at a word keeps them. Each syllable is one
word: its visible text with spaces stripped, from where the durations before it end to its
own end, as written (a syllable the file times past the event's end keeps that time; players
never highlight it, and :func:`past_end` finds it; but no time goes past
:data:`~engine.subtitles.timecode.ASS_LIMIT_MS`, 10 h, beyond anything ASS stores). A syllable that starts a word (the line's
first, or one after a space or line break) gets a leading space, as Whisper's words have: the
others continue their word, so a line is split only between words (review 7, finding 5). Text before the first ``\\k`` is a word
shown from the start; a syllable with no visible text (a pause) only moves the times on.
``\\kt`` (which sets a syllable's start outright) and drawings are not read: such a line
keeps its effects note. Linear in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.protocol import Word
from engine.subtitles.document import format_ms
from engine.subtitles.timecode import ASS_LIMIT_MS

__all__ = ["KARAOKE_TAGS", "past_end", "read_note", "syllable_words"]

KARAOKE_TAGS = ("\\k", "\\K", "\\kf", "\\ko")  # as ass_style.effects names them
_PIECE = re.compile(r"\{([^{}]*)\}|([^{]+|\{)")
_DURATION = re.compile(r"\\(kf|ko|k|K)\s*(\d+(?:\.\d+)?)")
_NOT_READ = re.compile(r"\\(?:kt|p\s*[1-9])")
_VISIBLE_BREAK = re.compile(r"\\[Nnh]")


def syllable_words(text: str, start_ms: int) -> tuple[Word, ...]:
    """The words an ASS event's ``text`` (as pysubs2 holds it) times with karaoke tags, its
    syllables starting at ``start_ms``; ``()`` when it has none, or ``\\kt`` or a drawing."""
    if "\\k" not in text and "\\K" not in text:
        return ()
    pieces: list[tuple[int, int, list[str]]] = []  # (start, end, its text parts)
    at = start_ms
    timed = False
    for match in _PIECE.finditer(text):
        block, chunk = match.groups()
        if block is None:
            if not pieces:
                pieces.append((start_ms, start_ms, []))  # text before the first \k
            pieces[-1][2].append(chunk)
            continue
        if _NOT_READ.search(block):
            return ()
        for duration in _DURATION.finditer(block):
            timed = True
            end = min(at + round(float(duration.group(2)) * 10), ASS_LIMIT_MS)
            pieces.append((at, end, []))
            at = end
    if not timed:
        return ()
    words = []
    after_space = True  # the line's first syllable starts a word
    for start, end, parts in pieces:
        shown = _VISIBLE_BREAK.sub(" ", "".join(parts))
        visible = " ".join(shown.split())
        if visible:
            starts_word = after_space or shown[:1].isspace()
            words.append(Word(start, end, (" " if starts_word else "") + visible, 1.0))
        if shown:
            after_space = shown[-1:].isspace()
    return tuple(words)


def past_end(words: tuple[Word, ...], end_ms: int) -> bool:
    """Whether a syllable of ``words`` ends after the cue does (``end_ms``)."""
    return bool(words) and words[-1].end_ms > end_ms


def read_note(cues: Sequence[tuple[int, int, tuple[Word, ...], tuple[str, ...]]]) -> str:
    """The note on the karaoke read from ``cues``, each (start ms, end ms, its words, the
    override tags its text held as :func:`engine.subtitles.ass_style.effects` names them).
    It holds "(used for ASS karaoke)", which ``convert`` words for its output."""
    many = len(cues) > 1
    note = (
        f"karaoke syllable times (\\k) became word timings (used for ASS karaoke) in {len(cues)} "
        f"cue{'s' if many else ''} (first at {format_ms(min(c[0] for c in cues))})"
    )
    sweeps = sorted({name for *_, names in cues for name in names if name in KARAOKE_TAGS[1:]})
    if sweeps:
        note += f"; their {', '.join(sweeps)} sweeps are written back as \\k"
    late = [start for start, end, words, _ in cues if past_end(words, end)]
    if late:
        note += (
            f"; in {len(late)} cue{'s' if len(late) > 1 else ''} the syllables run past the cue's end "
            f"(first at {format_ms(min(late))}): players never highlight those, and a karaoke export "
            "ends them with the cue"
        )
    return note
