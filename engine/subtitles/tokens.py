"""Break units for segmentation: Whisper words grouped into unbreakable tokens, and the cost of
breaking (a cue or a line) between two tokens.

A token is one or more words that must stay together: closing punctuation stays on the word it
closes (no line may start with "，" or "?"), an opening bracket stays with what it opens, and a
Latin word piece that Whisper emitted without a leading space ("don" + "'t") stays with its
word. Breaking costs rank the places a subtitler would break: sentence ends and pauses first,
then clause punctuation, then before a conjunction or preposition; breaking after an article or
inside a name is expensive.
"""

from __future__ import annotations

import dataclasses
import itertools
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from engine.protocol import Segment, Word
from engine.subtitles.chinese import (
    CLOSING_PUNCTUATION,
    OPENING_PUNCTUATION,
    is_cjk,
    is_cjk_punctuation,
    is_hangul,
    joins_with_space,
    normalize_spacing,
)

__all__ = ["Token", "break_costs", "tokenize"]

_SENTENCE_END = frozenset(".?!。？！…‼⁇⁈⁉")
_CLAUSE_END = frozenset(",;:，、；：—–")
_TRAILING_CLOSERS = "\"')]}”’」』）》"
# Word lists, written as one string each so that the formatter keeps them compact.
_ABBREVIATIONS = frozenset(("mr. mrs. ms. dr. st. vs. prof. jr. sr. mt. e.g. i.e. approx. dept.").split())
_BREAK_BEFORE = frozenset(
    (
        "and but or nor so yet because although though while if when whenever where which who whom "
        "whose that than unless until since after before as like to of in on at for with from by "
        "about into onto over under through without within between during against toward towards "
        "upon across"
    ).split()
)
_BREAK_BEFORE_CJK = frozenset(
    ("但 但是 可是 而 而且 因為 因为 所以 如果 然後 然后 或者 還是 还是 並且 并且 不過 不过").split()
)
_NO_BREAK_AFTER = frozenset(
    (
        "a an the this these those my your his her its our their some any every each no mr. mrs. "
        "ms. dr. prof."
    ).split()
)


@dataclass
class Token:
    """Words that are placed as one unit; ``core`` is their visible text, spacing normalised."""

    words: list[Word]
    core: str
    had_space: bool
    start_ms: int
    end_ms: int
    estimated: bool = False  # times spread over a segment that had no word timings
    segment_end: bool = False
    space: bool = field(default=False)  # effective: a space before it after the previous token
    language: str = ""  # its segment's, when not the file's (Segment.language)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _pseudo_words(segment: Segment) -> list[Word]:
    """Words for a segment without timings: CJK characters one by one, Latin by whitespace,
    timed in proportion to their length across the segment."""
    pieces: list[str] = []
    pending = ""
    for ch in segment.text:
        if ch.isspace():
            pending = " "
            continue
        if _is_wide(ch) or not pieces or pending or _is_wide(pieces[-1][-1]):
            pieces.append(pending + ch)
        else:
            pieces[-1] += ch
        pending = ""
    total = sum(len(p.strip()) for p in pieces) or 1
    span = max(segment.end_ms - segment.start_ms, 0)
    words, done = [], 0
    for piece in pieces:
        start = segment.start_ms + span * done // total
        done += len(piece.strip())
        words.append(Word(start, segment.start_ms + span * done // total, piece, 0.0))
    return words


def _glues(prev: Token, core: str, had_space: bool, same_segment: bool) -> bool:
    if core[0] in CLOSING_PUNCTUATION or prev.core[-1] in OPENING_PUNCTUATION:
        return True
    if is_cjk_punctuation(core[0]) and not is_cjk_punctuation(prev.core[-1]):
        return core[0] not in OPENING_PUNCTUATION
    if unicodedata.category(core[0]).startswith("M"):
        return True  # a mark (Thai vowel or tone above or below) belongs to its letter
    # a piece without a leading space continues its word, as in Latin; CJK pieces are words, and
    # so are Thai ones (Thai writes no spaces: cjk_words groups them into words with BudouX)
    wide = (_is_wide(core[0]) and not is_hangul(core[0])) or (
        _is_wide(prev.core[-1]) and not is_hangul(prev.core[-1])
    )
    thai = is_thai(core[0]) or is_thai(prev.core[-1])
    return same_segment and not had_space and not wide and not thai


def is_thai(ch: str) -> bool:
    """True for a character of the Thai block (U+0E00-U+0E7F)."""
    return "\u0e00" <= ch <= "\u0e7f"


def tokenize(segments: Sequence[Segment]) -> list[Token]:
    """Tokens of all segments in time order, word times made monotonic (no word starts before
    the previous one ends), no word dropped: words with no visible text join a neighbour."""
    tokens: list[Token] = []
    last_end = 0
    orphans: list[Word] = []  # invisible words before the first visible one
    for segment in sorted(segments, key=lambda s: s.start_ms):
        estimated = not segment.words
        first_in_segment = True
        for word in segment.words or _pseudo_words(segment):
            start = max(word.start_ms, last_end)
            end = max(word.end_ms, start)
            last_end = end
            word = dataclasses.replace(word, start_ms=start, end_ms=end)
            core = normalize_spacing(word.text.strip())
            had_space = word.text[:1].isspace()
            if not core:
                (tokens[-1].words if tokens else orphans).append(word)
                continue
            if tokens and _glues(tokens[-1], core, had_space, not first_in_segment):
                prev = tokens[-1]
                gap = " " if joins_with_space(prev.core, core, had_space) else ""
                prev.core += gap + core
                prev.words.append(word)
                prev.end_ms = end
            else:
                tokens.append(
                    Token(orphans + [word], core, had_space, start, end, estimated, language=segment.language)
                )
                orphans = []
            first_in_segment = False
        if tokens and not first_in_segment:
            tokens[-1].segment_end = True
    if orphans and tokens:
        tokens[-1].words.extend(orphans)
    for prev, tok in itertools.pairwise(tokens):
        tok.space = joins_with_space(prev.core, tok.core, tok.had_space)
    return tokens


def _bare(core: str) -> str:
    return core.strip(_TRAILING_CLOSERS + "\"'¿¡(").lower()


def ends_sentence(core: str) -> bool:
    stripped = core.rstrip(_TRAILING_CLOSERS)
    if not stripped or stripped[-1] not in _SENTENCE_END:
        return False
    word = stripped.lower()
    initial = len(stripped) == 2 and stripped[0].isupper()
    return word not in _ABBREVIATIONS and not initial


def _capitalised(core: str) -> bool:
    return core[:1].isupper() and core[:1].isalpha() and not is_cjk(core[0])


# A break costing this much or more before any pause discount is "very dear": after an article
# or a title ("the", "Mr."), inside a name. A pause there is kept inside the cue.
DEAR_BREAK = 12.0
# The price of keeping a pause of ``pause_ms`` or more inside a cue: far above any break's cost
# (at most ~25, and a pause divides it by 3), so the cue chooser breaks there unless it is dear.
PAUSE_KEPT = 30.0


def _cost(tokens: Sequence[Token], k: int) -> float:
    """The cost of breaking before tokens[k], before the pause and segment-end discounts."""
    a, b = tokens[k - 1], tokens[k]
    last = a.core.rstrip(_TRAILING_CLOSERS)[-1:]
    if ends_sentence(a.core):
        cost = 0.0
    elif last in _CLAUSE_END:
        cost = 2.0
    elif _bare(b.core) in _BREAK_BEFORE or b.core in _BREAK_BEFORE_CJK:
        cost = 4.0
    else:
        cost = 7.0
    if _bare(a.core) in _NO_BREAK_AFTER:
        cost += 12.0
    elif _bare(a.core) in _BREAK_BEFORE and not last:
        cost += 3.0  # "to / the" reads worse than "/ to the"
    sentence_start = k < 2 or ends_sentence(tokens[k - 2].core)
    if _capitalised(a.core) and _capitalised(b.core) and not sentence_start and not last:
        cost += 8.0  # probably a name: "John / Smith", "New / York"
    return cost


def break_costs(tokens: Sequence[Token], pause_ms: int) -> list[float]:
    """``costs[k]``: how bad a break between tokens k-1 and k is (index 0 unused)."""
    costs = [0.0] * len(tokens)
    for k in range(1, len(tokens)):
        a, b = tokens[k - 1], tokens[k]
        cost = _cost(tokens, k)
        if b.start_ms - a.end_ms >= pause_ms:
            cost *= 0.3
        if a.segment_end:
            cost = max(cost - 1.0, 0.0)
        costs[k] = cost
    return costs


def internal_costs(tokens: Sequence[Token], pause_ms: int, fragments: Collection[int] = ()) -> list[float]:
    """``costs[k]``: the price of *not* breaking between tokens k-1 and k.

    Keeping two sentences in one cue costs 1. Keeping a silence of ``pause_ms`` or more inside a
    cue costs :data:`PAUSE_KEPT`, so a pause between sentences or speakers ends a cue even
    without punctuation (issue 13), unless breaking there is very dear (:data:`DEAR_BREAK`:
    "the / uh", "Mr. / Smith") or ``k`` is in ``fragments`` (a break there leaves a piece too
    short to show, the caller's judgement: "So / the thing is"). Silences longer than the
    preset's ``max_pause_in_cue_ms`` are hard edges (``segmentation._blocks``).
    """
    costs = [0.0] * len(tokens)
    for k in range(1, len(tokens)):
        if ends_sentence(tokens[k - 1].core):
            costs[k] = 1.0
        paused = tokens[k].start_ms - tokens[k - 1].end_ms >= pause_ms
        if paused and k not in fragments and _cost(tokens, k) < DEAR_BREAK:
            costs[k] += PAUSE_KEPT
    return costs
