"""Condensing a cue that reads too fast: fillers left out, and said.

Netflix's English SDH Timed Text Style Guide: "Include as much of the original content as
possible ... Truncating the original dialogue should be limited to instances where reading
speed and synchronicity to the audio are an issue." So nothing is left out of a cue that can be
read in its time; in one that cannot (over the preset's ``max_cps`` once its timing has taken
all the room there is), the only words left out are fillers with no meaning of their own:

- hesitations, anywhere: um, uh, uhm, er, erm, as Whisper writes them (lower case or
  capitalised; never in capitals: "the ER" is the emergency room, "UM" a name);
- the discourse markers "you know" and "I mean" only where they cannot be a verb: opening a
  sentence or after a comma or dash, followed by a comma or dash and then by at least two more
  words of the same sentence ("We're just, you know, there's" -> "We're just, there's"; "You
  know, I think" -> "I think"). "Do you know him", "I mean it", "If you know, you know.", "Who
  has it? You know." and "You know, right?" keep them: there "you know" says something.

Only English has a list (:data:`FILLERS`); other languages are left verbatim. The words left out
are returned (:class:`LeftOut`) so that the CLI and the window say so, and a preset with
``condense_fillers`` off (``--verbatim``) keeps every word.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from engine.subtitles.tokens import Token, ends_sentence

__all__ = ["FILLERS", "LeftOut", "describe_left_out", "drop_fillers", "filler_spans", "without_spans"]

# Per language (Whisper's code): one-word hesitations, left out anywhere, and markers, left out
# only where they cannot be a verb (see filler_spans). Lower case, punctuation stripped.
FILLERS: dict[str, tuple[frozenset[str], tuple[tuple[str, ...], ...]]] = {
    "en": (frozenset(("um", "uh", "uhm", "er", "erm")), (("you", "know"), ("i", "mean"))),
}
_STRIP = "\"'“”‘’()[]¿¡"
_SET_OFF = frozenset(",;:.?!…—–")
_CLAUSE = frozenset(",;:—–")  # a marker needs one of these on one side at least


@dataclass(frozen=True)
class LeftOut:
    """A filler left out of a cue over the reading speed: where it was said (ms) and its text."""

    start_ms: int
    text: str


def _word(core: str) -> str:
    """A token's word as written, without quotes, brackets and trailing punctuation."""
    return core.strip(_STRIP).rstrip("".join(_SET_OFF))


def _lists(language: str | None) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]] | None:
    """The filler lists of ``language`` (a Whisper code, or a tag such as "en-GB"), if it has any."""
    return FILLERS.get((language or "").split("-")[0].lower())


def _mark_after(core: str) -> str:
    return core.rstrip(_STRIP)[-1:]


def applies(preset_condenses: bool, language: str | None) -> bool:
    """Whether condensing can leave anything out: the preset's ``condense_fillers`` is on and
    ``language`` (a Whisper code, or a tag such as "en-GB") has a filler list."""
    return preset_condenses and _lists(language) is not None


def _clause_follows(tokens: Sequence[Token], k: int) -> bool:
    """Whether at least two more words of the same sentence follow ``tokens[k:]``: "you know,
    there's some" (a marker) but not "You know, right?" (you know the answer) nor a sentence's
    end ("If you know, you know.")."""
    return k + 1 < len(tokens) and not ends_sentence(tokens[k].core)


def _hesitation(core: str, hesitations: frozenset[str]) -> bool:
    word = _word(core)
    return word.lower() in hesitations and not (len(word) > 1 and word.isupper())


def filler_spans(tokens: Sequence[Token], lo: int, hi: int, language: str | None) -> list[tuple[int, int]]:
    """Token index spans ``[i, k)`` inside ``[lo, hi)`` that are fillers in ``language``."""
    lists = _lists(language)
    if lists is None:
        return []
    hesitations, markers = lists
    spans: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        if _hesitation(tokens[i].core, hesitations):
            spans.append((i, i + 1))
            i += 1
            continue
        for marker in markers:
            k = i + len(marker)
            if k > hi or tuple(_word(t.core).lower() for t in tokens[i:k]) != marker:
                continue
            left = "." if i == 0 else _mark_after(tokens[i - 1].core)
            right = _mark_after(tokens[k - 1].core)
            if left in _SET_OFF and right in _CLAUSE and _clause_follows(tokens, k):
                spans.append((i, k))
                i = k - 1
                break
        i += 1
    return spans


def drop_fillers(
    tokens: Sequence[Token], spans: Sequence[tuple[int, int]]
) -> tuple[list[Token], list[LeftOut]]:
    """``tokens`` without the ``spans`` (from :func:`filler_spans`, in order, not overlapping),
    and what was left out. The sentence reads on: a sentence end the filler carried moves to the
    word before it ("big, um." -> "big."), and a sentence it began starts with a capital
    ("You know, it's" -> "It's"). The tokens given are not changed."""
    out = list(tokens)
    left = [LeftOut(tokens[i].start_ms, " ".join(t.core for t in tokens[i:k])) for i, k in spans]
    for i, k in reversed(spans):
        span = out[i:k]
        tail = span[-1].core.rstrip(_STRIP)[-1:]
        starts_sentence = i == 0 or ends_sentence(out[i - 1].core)
        if tail in ".?!…" and i > 0 and not ends_sentence(out[i - 1].core):
            prev = out[i - 1]
            out[i - 1] = dataclasses.replace(prev, core=prev.core.rstrip(",;:—– ") + tail)
            starts_sentence = False
        if starts_sentence and k < len(out):
            nxt = out[k]
            if nxt.core[:1].islower():
                out[k] = dataclasses.replace(nxt, core=nxt.core[0].upper() + nxt.core[1:])
        if span[-1].segment_end and i > 0:
            out[i - 1] = dataclasses.replace(out[i - 1], segment_end=True)
        del out[i:k]
    return out, left


def describe_left_out(left_out: Sequence[LeftOut], name: str) -> str:
    """One line for the CLI: ``talk.wav: 2 fillers left out of cues over the reading speed
    (the first "you know," at 0:00:05.240); --verbatim keeps every word``."""
    from engine.subtitles.document import format_ms

    first = left_out[0]
    count = f"{len(left_out)} filler{'s' if len(left_out) != 1 else ''}"
    return (
        f'{name}: {count} left out of cues over the reading speed (the first "{first.text}" at '
        f"{format_ms(first.start_ms)}), as the style guides allow; --verbatim keeps every word"
    )


def without_spans(groups: list[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``groups`` (token index ranges) renumbered for the tokens left once ``spans`` are taken
    out; a group left empty goes."""
    gone = [0] * (groups[-1][1] + 1 if groups else 1)
    for i, k in spans:
        for x in range(i, k):
            gone[x + 1] = 1
    before = list(itertools.accumulate(gone))  # before[x]: tokens taken out of [0, x)
    moved = [(i - before[i], j - before[j]) for i, j in groups]
    return [(i, j) for i, j in moved if i < j]
