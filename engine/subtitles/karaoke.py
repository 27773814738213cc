"""ASS karaoke text: ``{\\kNN}`` before each word so players sweep the highlight in time.

Durations are in centiseconds, rounded on the running total so a long cue does not drift.
Words must still match the cue's text (:func:`~engine.subtitles.words.align_words`); a cue
whose text was rewritten is exported without highlighting rather than with wrong timing.
"""

from __future__ import annotations

from engine.subtitles.cue import Cue
from engine.subtitles.words import align_words

__all__ = ["karaoke_text"]


def _ass(text: str) -> str:
    return text.replace("\n", "\\N")


def karaoke_text(cue: Cue) -> str | None:
    """The cue's text as ASS with ``\\k`` tags, or None when its words don't fit its text."""
    spans = align_words(cue.text, cue.words)
    if spans is None:
        return None
    # (start ms of the piece, its text): a silent lead-in, then each word with what follows it
    pieces: list[tuple[int, str]] = []
    first = min(max(cue.words[0].start_ms, cue.start_ms), cue.end_ms)
    if first > cue.start_ms:
        pieces.append((cue.start_ms, ""))
    bounds = [s for s, _ in spans[1:]] + [len(cue.text)]
    for k, (word, (start, _end), stop) in enumerate(zip(cue.words, spans, bounds)):
        text_start = 0 if k == 0 else start
        at = min(max(word.start_ms, pieces[-1][0] if pieces else cue.start_ms), cue.end_ms)
        pieces.append((at, cue.text[text_start:stop]))
    out: list[str] = []
    for (at, text), nxt in zip(pieces, [p[0] for p in pieces[1:]] + [cue.end_ms]):
        cs = round((nxt - cue.start_ms) / 10) - round((at - cue.start_ms) / 10)
        out.append(f"{{\\k{cs}}}{_ass(text)}")
    return "".join(out)
