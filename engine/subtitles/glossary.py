"""A glossary of replacements the user gives (names and terms the model spells wrong), applied to
the model's segments before they become cues, so the CLI and the window write the same text.

The file is UTF-8 text, one ``wrong → right`` a line (``->`` and ``=>`` work as the arrow too);
``#`` at a line's start or after a space starts a comment (``C#`` is a term), blank lines are skipped, spaces around each side are ignored::

    # names in this show
    Kubernetis → Kubernetes
    cube cuttle -> kubectl
    軟件 => 軟體

Matching is case-sensitive (the user writes each spelling to fix). A Latin-script term matches
whole words only ("Kubernetis" is not touched inside "Kubernetisch"); an edge of the term that is
a CJK character matches anywhere, since Chinese and Japanese put no spaces between words (the
CJK test is :func:`engine.subtitles.chinese.is_cjk`), and so does text in Thai, Lao, Khmer or
Myanmar (written without spaces). A Hangul syllable may follow a term (Korean particles attach
to the noun: ``Kubernetis를``, ``쿠버네티즈는``). Rules apply in the file's order, each to the
text the earlier ones left.

Word timings stay right for karaoke and splits at a word: a match inside one word changes that
word's text only; a match over several words becomes one word from the first one's start to the
last one's end (with the text before the match in the first word and after it in the last).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from engine.protocol import Segment, Word
from engine.subtitles.chinese import is_cjk, is_hangul

ARROWS = ("→", "->", "=>")
_COMMENT = re.compile(r"(^|\s)#.*")  # a "#" inside a term (C#) is not a comment
_EXAMPLE = "Write each line as wrong → right (or wrong -> right), e.g. Kubernetis → Kubernetes."


class GlossaryError(ValueError):
    """A glossary that cannot be used; the message names the file and line and says what to do."""


@dataclass(frozen=True)
class Rule:
    wrong: str
    right: str
    line: int  # 1-based line of the file, for messages


@dataclass(frozen=True)
class Glossary:
    rules: tuple[Rule, ...]
    source: str = ""  # the file's name as the user gave it


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary file; :class:`GlossaryError` says what is wrong with it (missing, not
    UTF-8, a line without one arrow) and what to write instead."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GlossaryError(
            f"glossary {name} not found: give the path of a text file of wrong → right lines"
        ) from None
    except IsADirectoryError:
        raise GlossaryError(f"glossary {name} is a folder: give a text file of wrong → right lines") from None
    except OSError as error:
        reason = error.strerror or "it cannot be read"
        raise GlossaryError(f"glossary {name} cannot be read ({reason}): check its permissions") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossaryError(
            f"{name}: line {line} is not UTF-8 text: save the file as UTF-8 (any text editor's "
            "Save As offers it) and try again"
        ) from None
    return parse_glossary(text, name)


def parse_glossary(text: str, name: str = "glossary") -> Glossary:
    """The rules of a glossary's text (see the module docstring for the format)."""
    rules: list[Rule] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        parts = _split_on_arrows(line)
        problem = None
        if len(parts) == 1:
            problem = "has no arrow"
        elif len(parts) > 2:
            problem = "has more than one arrow"
        elif not parts[0]:
            problem = "has nothing before the arrow"
        elif not parts[1]:
            problem = "has nothing after the arrow"
        if problem:
            raise GlossaryError(f"{name}: line {number} {problem} ({raw.strip()!r}). {_EXAMPLE}")
        rules.append(Rule(parts[0], parts[1], number))
    return Glossary(tuple(rules), name)


def _split_on_arrows(line: str) -> list[str]:
    for arrow in ARROWS[1:]:
        line = line.replace(arrow, ARROWS[0])
    return [part.strip() for part in line.split(ARROWS[0])]


def apply(segments: Iterable[Segment], glossary: Glossary) -> list[Segment]:
    """``segments`` with every rule of ``glossary`` applied to their text and words (times in ms
    unchanged, except that words a match spans become one word over their time)."""
    return apply_noting(segments, glossary)[0]


def apply_noting(segments: Iterable[Segment], glossary: Glossary) -> tuple[list[Segment], frozenset[int]]:
    """:func:`apply`, and the file lines (``Rule.line``) of the rules that matched somewhere: a
    rule matches the text the earlier rules left, so one whose text an earlier rule replaced
    did not match."""
    out = list(segments)
    matched: set[int] = set()
    for rule in glossary.rules:
        if any(_matches(segment.text, rule) or _matches(_joined(segment), rule) for segment in out):
            matched.add(rule.line)
        out = [_apply_rule(segment, rule) for segment in out]
    return out, frozenset(matched)


def _joined(segment: Segment) -> str:
    return "".join(w.text for w in segment.words)


def unmatched(glossary: Glossary, matched_lines: Iterable[int]) -> tuple[Rule, ...]:
    """The rules of ``glossary`` whose line is not among ``matched_lines``, in the file's order."""
    seen = set(matched_lines)
    return tuple(rule for rule in glossary.rules if rule.line not in seen)


def describe_unmatched(glossary: Glossary, rules: Iterable[Rule], file_name: str) -> str | None:
    """One line for the CLI (and the window) naming the entries that never matched in a file, or
    None when every entry matched: a misspelt left side fixes nothing, silently."""
    rules = tuple(rules)
    if not rules:
        return None
    entries = ", ".join(f"line {rule.line} {rule.wrong!r}" for rule in rules)
    many = len(rules) > 1
    return (
        f"{file_name}: {len(rules)} glossary {'entries' if many else 'entry'} of {glossary.source or 'the glossary'} "
        f"never matched: {entries} (check {'their' if many else 'its'} spelling against the subtitles)"
    )


# The Chinese modes' script alone, without their phrase tables (s2twp would turn the user's
# 軟件 into 軟體): what a rule's right side is converted with.
_SCRIPT_ONLY = {"s2twp": "s2tw", "s2t": "s2t", "t2s": "t2s"}


def right_in_script(text: str, mode: str) -> str:
    """``text`` (a rule's right side) in the script of the Chinese ``mode`` ("s2twp", "s2t",
    "t2s", "none"), characters only: 软体 → 軟體 in Traditional output, 軟體 → 软体 in
    Simplified, while the user's choice of word stays (軟件 is not made 軟體 as s2twp's phrase
    table would). Characters follow OpenCC as the rest of the text does (台灣 → 臺灣 in s2twp)."""
    config = _SCRIPT_ONLY.get(mode)
    if config is None or not any(is_cjk(ch) for ch in text):
        return text
    from engine.subtitles.chinese import _converter  # OpenCC's, loaded once and lazily

    return str(_converter(config).convert(text))


def _apply_rule(segment: Segment, rule: Rule) -> Segment:
    text = _replace(segment.text, rule)
    if not segment.words:
        return segment if text == segment.text else dataclasses.replace(segment, text=text)
    words = _replace_in_words(segment.words, rule)
    if text == segment.text and words == segment.words:
        return segment
    return dataclasses.replace(segment, text=text, words=words)


def _matches(text: str, rule: Rule) -> list[tuple[int, int]]:
    """(start, end) of each non-overlapping whole-word match of ``rule.wrong`` in ``text``."""
    found: list[tuple[int, int]] = []
    size = len(rule.wrong)
    start = text.find(rule.wrong)
    while start >= 0:
        end = start + size
        if _edge_ok(rule.wrong[0], text[start - 1] if start else "") and _edge_ok(
            rule.wrong[-1], text[end] if end < len(text) else "", after=True
        ):
            found.append((start, end))
            start = text.find(rule.wrong, end)
        else:
            start = text.find(rule.wrong, start + 1)
    return found


def _edge_ok(edge: str, neighbour: str, *, after: bool = False) -> bool:
    """A term's Latin letter or digit must not touch another one (whole words); CJK edges may,
    and so may letters of scripts written without spaces (Thai, Lao, Khmer, Myanmar). After a
    term a Hangul syllable may follow: Korean particles attach to the noun (쿠버네티스는)."""
    if _unspaced(edge) or _unspaced(neighbour):
        return True
    if after and is_hangul(neighbour):
        return True
    return not (_word_char(edge) and _word_char(neighbour))


def _unspaced(ch: str) -> bool:
    """A letter of a script written without spaces between words (Thai, Lao, Myanmar, Khmer)."""
    return bool(ch) and (
        "\u0e00" <= ch <= "\u0eff" or "\u1000" <= ch <= "\u109f" or "\u1780" <= ch <= "\u17ff"
    )


def _word_char(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or ch == "_") and not is_cjk(ch)


def _replace(text: str, rule: Rule) -> str:
    pieces: list[str] = []
    last = 0
    for start, end in _matches(text, rule):
        pieces += [text[last:start], rule.right]
        last = end
    return "".join(pieces) + text[last:] if pieces else text


def _replace_in_words(words: tuple[Word, ...], rule: Rule) -> tuple[Word, ...]:
    joined = "".join(w.text for w in words)
    matches = _matches(joined, rule)
    if not matches:
        return words
    ends: list[int] = []  # each word's end offset in ``joined``
    for word in words:
        ends.append((ends[-1] if ends else 0) + len(word.text))

    def word_at(position: int) -> int:
        return next(i for i, end in enumerate(ends) if position < end)

    # Matches that share a word (two in " foo-foo") are replaced in that word together.
    groups: list[list[tuple[int, int]]] = []
    spans: list[tuple[int, int]] = []  # first and last word of each group
    for start, end in matches:
        first, last = word_at(start), word_at(end - 1)
        if spans and first <= spans[-1][1]:
            groups[-1].append((start, end))
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]))
        else:
            groups.append([(start, end)])
            spans.append((first, last))
    out: list[Word] = []
    index = 0
    for group, (first, last) in zip(groups, spans):
        out.extend(words[index:first])
        lo, hi = ends[first] - len(words[first].text), ends[last]
        pieces, position = [], lo
        for start, end in group:
            pieces += [joined[position:start], rule.right]
            position = end
        pieces.append(joined[position:hi])
        spanned = words[first : last + 1]
        out.append(
            Word(
                words[first].start_ms,
                words[last].end_ms,
                "".join(pieces),
                min(w.probability for w in spanned),
            )
        )
        index = last + 1
    out.extend(words[index:])
    return tuple(out)
