"""One word at a seam between two chunks, not two.

Chunks meet inside a pause, but a word that VAD did not see can still be cut there, and Whisper
then writes it on both sides ("Thanks." at the end of one chunk and again at the start of the
next, seen on the mfa recording as an MP4). When the last word before a seam and the first
word after it are the same word and both touch the seam (within ``SEAM_MS``, 400 ms), the copy in the
chunk that finished later is dropped.
"""

from __future__ import annotations

import dataclasses

from engine.filters import word_key
from engine.protocol import Segment, Word

# Both copies end or start within 400 ms of the seam, and of each other. Word edges are pulled
# to VAD speech before this check (Chunk.segment_to_file), away from the seam, which lies in a
# pause: measured on the fake model's edge words, a copy 164 ms from its seam. The price is that
# a word really said twice with a pause under 400 ms exactly where two chunks meet is kept once.
SEAM_MS = 400


def is_seam_repeat(last: Word, first: Word, seam_ms: int) -> bool:
    """True when ``last`` (before the seam at ``seam_ms``) and ``first`` (after it) are one word."""
    key = word_key(last.text)
    return (
        bool(key)
        and key == word_key(first.text)
        and last.end_ms >= seam_ms - SEAM_MS
        and first.start_ms <= seam_ms + SEAM_MS
        and first.start_ms - last.end_ms < SEAM_MS
    )


def first_word(segments: tuple[Segment, ...]) -> Word | None:
    return next((s.words[0] for s in segments if s.words), None)


def last_word(segments: tuple[Segment, ...]) -> Word | None:
    return next((s.words[-1] for s in reversed(segments) if s.words), None)


def drop_first_word(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """``segments`` without their first word (a segment left without words is dropped)."""
    index = next(i for i, s in enumerate(segments) if s.words)
    return _replace(segments, index, segments[index].words[1:])


def drop_last_word(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    index = max(i for i, s in enumerate(segments) if s.words)
    return _replace(segments, index, segments[index].words[:-1])


def _replace(segments: tuple[Segment, ...], index: int, words: tuple[Word, ...]) -> tuple[Segment, ...]:
    if not words:
        return segments[:index] + segments[index + 1 :]
    segment = dataclasses.replace(
        segments[index],
        words=words,
        text="".join(w.text for w in words),
        start_ms=words[0].start_ms,
        end_ms=words[-1].end_ms,
    )
    return segments[:index] + (segment,) + segments[index + 1 :]
