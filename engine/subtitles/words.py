"""Where each timed word sits in a cue's text, so cuts and karaoke can follow the words.

Cue text is edited by people and re-spaced by the CJK rules, so a word is matched to the text
by its non-space characters only; when the text no longer matches the words (the user rewrote
it), callers fall back to proportional timing rather than guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.protocol import Word

__all__ = ["align_words", "split_words"]


def align_words(text: str, words: Sequence[Word]) -> list[tuple[int, int]] | None:
    """Character span ``(start, end)`` of each word in ``text``, or None when they disagree.

    Whitespace is ignored on both sides; every non-space character of the words, in order,
    must match the text's, and the text may not hold extra non-space characters.
    """
    if not words:
        return None
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    for word in words:
        first = -1
        for ch in word.text:
            if ch.isspace():
                continue
            while pos < n and text[pos].isspace():
                pos += 1
            if pos >= n or text[pos] != ch:
                return None
            if first < 0:
                first = pos
            pos += 1
        if first < 0:  # a word with no visible characters sits where the text is now
            first = pos
        spans.append((first, pos))
    if text[pos:].strip():
        return None
    return spans


def split_words(
    text: str, words: Sequence[Word], position: int
) -> tuple[tuple[Word, ...], tuple[Word, ...]] | None:
    """Words left and right of a cut at character ``position``; None when they don't align.

    A word belongs to the side where it starts, so a cut inside a word keeps the word whole on
    the left (the text cut itself is the caller's business).
    """
    spans = align_words(text, words)
    if spans is None:
        return None
    left = tuple(w for w, (start, _end) in zip(words, spans) if start < position)
    return left, tuple(words[len(left) :])
