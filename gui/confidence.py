"""Confidence marks: the words Whisper was unsure of, found in a cue's text (issue 15, point 6).

A word is *unsure* when its probability (engine.protocol.Word.probability, kept on Cue.words)
is below the threshold, :data:`DEFAULT_THRESHOLD` unless the user chose another (the
preference "unsure_word_below", read by :func:`threshold`, written by :func:`set_threshold`).

Where the 0.5 comes from: it is a starting value measured on the test audio, not a published
figure. tiny.en (int8, beam 5) on ../shared/testdata (jfk.flac and LJ001-0001..0008, 151 words)
gives a median word probability of 0.99 and a tenth of the words below 0.70; 0.5 marks 7 words
(5 %), few enough to check each. Against the reference texts only one of those 7 is wrong ("has"
for "as", 0.45), and the other real slip ("just" for "justly") had 0.96: a mark says "listen
again", not "wrong", and an unmarked word is not proven right. A higher threshold marks more.

Marks follow the text: the words are found in the cue's plain text with
engine.subtitles.words.align_words; once the user's edit makes them disagree, the cue has no
marks (its words no longer say which text they were heard as). Positions are in the plain text
(markup.plain_text: tags removed, lines joined by "\\n"), which is what the text box shows;
:func:`one_line_spans` moves them to the table's one-line view (lines joined by " / ").
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QSettings

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.markup import plain_text
from engine.subtitles.words import align_words

__all__ = [
    "DEFAULT_THRESHOLD",
    "SETTING",
    "next_unsure",
    "one_line_spans",
    "set_threshold",
    "threshold",
    "unsure_spans",
]

DEFAULT_THRESHOLD = 0.5
SETTING = "unsure_word_below"  # the QSettings key (gui.settings' store)

Span = tuple[int, int]


def _store(store: QSettings | None) -> QSettings:
    if store is not None:
        return store
    from gui.settings import APPLICATION, ORGANIZATION

    return QSettings(ORGANIZATION, APPLICATION)


def threshold(store: QSettings | None = None) -> float:
    """The probability (0-1) below which a word is marked; the default when unset or unreadable."""
    raw = _store(store).value(SETTING, DEFAULT_THRESHOLD)
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_THRESHOLD
    return value if math.isfinite(value) and 0.0 <= value <= 1.0 else DEFAULT_THRESHOLD


def set_threshold(value: float, store: QSettings | None = None) -> None:
    """Keep ``value`` (0-1; 0 marks nothing) as the threshold; ValueError, in words, otherwise."""
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"The unsure-word threshold must be between 0 and 1, not {value}.")
    settings = _store(store)
    settings.setValue(SETTING, float(value))
    settings.sync()


def unsure_spans(text: str, words: Sequence[Word], below: float) -> list[Span]:
    """``(start, end)`` in ``plain_text(text)`` of each word with probability below ``below``,
    in text order; [] when the words no longer match the text (align_words)."""
    plain = plain_text(text)
    spans = align_words(plain, words)
    if spans is None:
        return []
    return [span for word, span in zip(words, spans) if word.probability < below and span[1] > span[0]]


def one_line_spans(plain: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` of ``plain`` moved to its one-line form, where each "\\n" shows as " / "."""

    def moved(position: int) -> int:
        return position + 2 * plain.count("\n", 0, position)

    return [(moved(start), moved(end)) for start, end in spans]


def next_unsure(
    cues: Sequence[Cue], row: int, position: int, below: float, *, forward: bool = True
) -> tuple[int, Span, bool] | None:
    """The first unsure word after character ``position`` of row ``row`` (before it when not
    ``forward``), in table order, going round past the last cue: (its row, its span, whether it
    went round). Row -1 and position -1 start before everything. None: no unsure word at all."""
    marks = [(r, span) for r, cue in enumerate(cues) for span in unsure_spans(cue.text, cue.words, below)]
    if not marks:
        return None
    here = (row, position)
    if forward:
        after = [m for m in marks if (m[0], m[1][0]) > here]
        return (*after[0], False) if after else (*marks[0], True)
    before = [m for m in marks if (m[0], m[1][0]) < here]
    return (*before[-1], False) if before else (*marks[-1], True)
