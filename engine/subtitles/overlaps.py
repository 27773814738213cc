"""Imported cues that overlap, made valid for the editor without losing text.

:func:`resolve_overlaps` is what :func:`engine.subtitles.io.read` applies to a file's cues for
:attr:`~engine.subtitles.io.LoadedFile.document`; :func:`overlap_note` says what it changed.
Re-exported by :mod:`engine.subtitles.io`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from engine.subtitles.cue import Cue
from engine.subtitles.document import format_ms

__all__ = ["overlap_note", "resolve_and_count", "resolve_overlaps"]


def resolve_overlaps(cues: Sequence[Cue]) -> list[Cue]:
    """Valid, numbered cues from imported ones that may overlap, without losing any text.

    In time order, when a cue starts before the previous one ends: if it starts later and ends
    no earlier (staggered dialogue), the previous cue is cut to end where it starts; if both
    start together or it lies inside the previous one (signs, simultaneous speakers), the two
    are merged: texts joined by a line break, spanning both.
    """
    return resolve_and_count(cues)[0]


def resolve_and_count(cues: Sequence[Cue]) -> tuple[list[Cue], int, int]:
    """:func:`resolve_overlaps`, with how many cues were merged and how many cut short."""
    out: list[Cue] = []
    merged = shortened = 0
    for cue in sorted(cues, key=lambda c: c.start_ms):  # stable: file order on ties
        prev = out[-1] if out else None
        if prev is not None and prev.end_ms > cue.start_ms:
            if prev.start_ms < cue.start_ms and prev.end_ms <= cue.end_ms:
                out[-1] = dataclasses.replace(prev, end_ms=cue.start_ms)
                shortened += 1
            else:
                speaker = prev.speaker if prev.speaker == cue.speaker else None
                text = f"{prev.text}\n{cue.text}"
                end = max(prev.end_ms, cue.end_ms)
                words = prev.words + cue.words
                out[-1] = dataclasses.replace(prev, end_ms=end, text=text, words=words, speaker=speaker)
                merged += 1
                continue
        out.append(dataclasses.replace(cue, id=len(out) + 1))
    return out, merged, shortened


def overlap_note(as_read: Sequence[Cue], merged: int, shortened: int, *, convert: bool = False) -> str:
    """What :func:`resolve_overlaps` did, for the user: counts and the first overlap; in the
    window's words, or with ``convert`` in the words of ``convert --fix``, which writes them."""
    first = next(b.start_ms for a, b in zip(as_read, as_read[1:]) if b.start_ms < a.end_ms)
    parts = []
    if merged:
        parts.append(
            f"{merged} starting with or inside another {'were' if merged > 1 else 'was'} "
            "merged into it (texts joined)"
        )
    if shortened:
        parts.append(f"{shortened} now end{'' if shortened > 1 else 's'} where the next one starts")
    if convert:
        return f"overlapping cues were made apart (--fix): {'; '.join(parts)} (first at {format_ms(first)})"
    return (
        f"the file has overlapping cues, kept apart for editing: {'; '.join(parts)} "
        f"(first at {format_ms(first)}). Exports are written as kept apart; the file itself is "
        "unchanged (convert without --fix keeps the overlaps)."
    )
