"""Chinese script conversion of segmentation's tokens, word times kept (issue 13, point 5), and
the glossary's rules as the converted text needs them.

OpenCC converts phrases, not characters (软件 -> 軟體, 内存 -> 記憶體), so each token (a word,
see :mod:`cjk_words`) is converted whole and its timed pieces regrouped to spell the result:
split at a word and karaoke (``\\k``) keep their times. A glossary rule meets the text as
converted (its left side also converted), and its right side is written in the output's script.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from engine.protocol import Segment, Word
from engine.subtitles.chinese import convert, normalize_spacing
from engine.subtitles.glossary import Glossary, Rule, right_in_script
from engine.subtitles.tokens import Token

__all__ = ["as_segments", "convert_token", "converted_rules"]


def _regroup(words: Sequence[Word], core: str, mode: str) -> list[Word] | None:
    """``words`` as the fewest-piece groups whose conversions spell ``core`` (spaces aside),
    each group one word; None when no grouping does."""
    target = "".join(core.split())
    visible = ["".join(w.text.split()) for w in words]
    n = len(words)
    # best[a, pos]: (number of groups, cut points) for words[a:] spelling target[pos:], or None
    best: dict[tuple[int, int], tuple[int, list[int]] | None] = {}

    def solve(a: int, pos: int) -> tuple[int, list[int]] | None:
        if a == n:
            return (0, []) if pos == len(target) else None
        if (a, pos) not in best:
            found: tuple[int, list[int]] | None = None
            for b in range(a + 1, n + 1):
                text = convert("".join(visible[a:b]), mode)
                if target.startswith(text, pos) and (rest := solve(b, pos + len(text))):
                    if found is None or rest[0] + 1 > found[0]:
                        found = (rest[0] + 1, [b, *rest[1]])
            best[a, pos] = found
        return best[a, pos]

    plan = solve(0, 0)
    if plan is None:
        return None
    out, a, pos = [], 0, 0
    for b in plan[1]:
        group = words[a:b]
        text = convert("".join(visible[a:b]), mode)
        if b - a == 1:
            lead = group[0].text[: len(group[0].text) - len(group[0].text.lstrip())]
            out.append(dataclasses.replace(group[0], text=lead + text))
        else:
            lead = " " if group[0].text[:1].isspace() else ""
            probability = min(w.probability for w in group)
            out.append(Word(group[0].start_ms, group[-1].end_ms, lead + text, probability))
        a, pos = b, pos + len(text)
    return out


def convert_token(tok: Token, mode: str) -> Token:
    """``tok`` in another Chinese script, each timed word carrying its own converted text.

    OpenCC converts phrases, not characters (软件 -> 軟體, 内存 -> 記憶體), so the token (a
    word, see :mod:`cjk_words`) is converted whole, and its pieces are grouped as finely as
    the converted text allows: pieces that convert alone (这 -> 這) stay as they are, those of
    a converted phrase become one timed word from the first piece's start to the last piece's
    end, as sure as its least sure piece. Text and words always agree, so a cut at a word and
    karaoke (``\\k``) keep their times.
    """
    core = normalize_spacing(convert(tok.core, mode))
    if core == tok.core:
        return tok
    words = _regroup(tok.words, core, mode)
    if words is None:  # the phrase spans pieces in a way no grouping matches: one word
        first, last = tok.words[0], tok.words[-1]
        lead = " " if first.text[:1].isspace() else ""
        probability = min(w.probability for w in tok.words)
        words = [Word(first.start_ms, last.end_ms, lead + core, probability)]
    return dataclasses.replace(tok, core=core, words=words)


def converted_rules(glossary: Glossary, mode: str) -> Glossary:
    """Each rule, then the same rule with its left side converted as the text was (a rule
    written in Simplified, 软件 → 軟件, still meets the s2twp text 軟體); right sides in the
    output's script, the user's word kept (软体 → 軟體, 軟件 stays: :func:`glossary.right_in_script`)."""
    if mode == "none":
        return glossary
    rules: list[Rule] = []
    for rule in glossary.rules:
        rule = dataclasses.replace(rule, right=right_in_script(rule.right, mode))
        rules.append(rule)
        wrong = convert(rule.wrong, mode)
        if wrong != rule.wrong:
            rules.append(dataclasses.replace(rule, wrong=wrong))
    return dataclasses.replace(glossary, rules=tuple(rules))


def segment_groups(tokens: Sequence[Token]) -> list[list[Token]]:
    """The tokens of each source segment, in order (``segment_end`` marks the last of each)."""
    groups: list[list[Token]] = []
    group: list[Token] = []
    for k, tok in enumerate(tokens):
        group.append(tok)
        if tok.segment_end or k == len(tokens) - 1:
            groups.append(group)
            group = []
    return groups


def as_segments(tokens: Sequence[Token]) -> list[Segment]:
    """The tokens back as segments (one per source segment, :func:`segment_groups`, with its
    language), their words as converted; segments that had no word timings come back without
    words, so their times stay estimated."""
    out: list[Segment] = []
    for group in segment_groups(tokens):
        words = tuple(w for t in group for w in t.words)
        text = "".join(w.text for w in words)
        timed = () if group[0].estimated else words
        out.append(Segment(group[0].start_ms, group[-1].end_ms, text, timed, language=group[0].language))
    return out
