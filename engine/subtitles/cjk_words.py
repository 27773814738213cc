"""Where Chinese and Japanese text may break: between words, never inside one.

Whisper times Chinese and Japanese one character (or a small piece) at a time, so without help
every character boundary looks like a place to break a line or a cue: 公|園, 然|後, 外|れ.
:func:`group_words` joins the pieces of each word into one break unit (the pieces stay separate
timed words inside it: nothing is lost or reordered), using these segmenters:

- Japanese: BudouX (Google's CJK line-breaking model, ``budoux``), which breaks between
  phrases (bunsetsu) and keeps particles (は, が, の ...) on the word before them.
- Chinese: breaks where both jieba (``jieba``, a dictionary segmenter for Chinese words) and
  BudouX's Simplified Chinese model agree, both run on the text in Simplified characters
  (OpenCC ``t2s``, length-preserving), which is what both are trained on.

Measured on 21 sentences of ours segmented by hand (``tests/engine/subtitles/test_cjk_breaks.py``:
7 Traditional, 7 Simplified Chinese, 7 Japanese), counting the breaks a segmenter offers that
fall inside a word, after the no-start rule below:

=================  ==========================  ==========================  ===================
segmenter          Traditional (68 word gaps)  Simplified (71 word gaps)   Japanese (32 gaps)
=================  ==========================  ==========================  ===================
BudouX             7 inside, 53 offered        7 inside, 53 offered        0 inside, 30 offered
jieba              5 inside, 45 offered        0 inside, 47 offered        84 inside (Chinese only)
jieba on t2s text  2 inside, 49 offered        0 inside, 47 offered        --
both, on t2s text  0 inside, 48 offered        0 inside, 46 offered        --
=================  ==========================  ==========================  ===================

BudouX alone breaks inside 然後, 這個, 很多, 每天, 馬上, 广州市, 房地产, 游泳池; jieba alone
inside 把手機關掉 (把手/機關). Offering fewer breaks costs little: a line still has a word
boundary every two or three characters. Korean is not grouped: it writes spaces between words.
Thai writes none, and Whisper's Thai pieces come without spaces: they are grouped like Japanese,
with BudouX's Thai model (review 13: a Thai segment was one unbreakable 97-character line).
A number joins the Chinese or Japanese run around it (jieba keeps 2024年 and 100台 together),
and a particle right after a Latin word or a number stays on it (iPhone 的).

No line or cue may start with closing punctuation, a small kana or prolonged-sound mark (JIS X
4051), a lone hiragana before a change of script (BudouX's の|ぎキャンプ becomes のぎ|キャンプ),
or a Chinese particle that attaches to the word before (的, 了, 們, 著 ...). Where a
word is wider than a line, the line wins: it is broken inside the word rather than overflow.
The segmenters are imported on first use: BudouX in a few ms, jieba in 1-3 s (it loads a
350,000-word dictionary; 3.5 s measured on a busy 2-core machine), once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import unicodedata
from collections.abc import Callable, Sequence
from typing import Literal

from engine.subtitles.chinese import CLOSING_PUNCTUATION, convert, is_cjk
from engine.subtitles.tokens import Token, is_thai

__all__ = ["break_points", "group_words", "script_of"]

log = logging.getLogger(__name__)

Script = Literal["zh", "ja", "th"]

# Never at the start of a line: small kana and marks that lean on the character before.
_NO_START = CLOSING_PUNCTUATION | frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶーゝゞヽヾ々〻")
_SENTENCE_END = frozenset("。！？!?…")
# Chinese words that attach to the word before them.
_PARTICLES_ZH = frozenset("的了們们著着過过嗎吗呢吧啊呀嘛啦")
# Cantonese (yue, written in Chinese characters and segmented as Chinese): plural 哋, aspect 咗,
# possessive 嘅, 嘢 (thing), sentence particles: never the start of a line (我哋, 去咗, 佢嘅, 食嘢,
# 嚟咗喇). jieba, trained on Mandarin, splits them off.
_NO_START_ZH = frozenset("哋咗嘅嘢喇囉喎咩嘞㗎啩吖")
# ... and the negation 唔 leans on the word after it (唔知, 唔係): never the end of a line.
_NO_END_ZH = frozenset("唔")
# Japanese particles that, right after a Latin word or a number, belong to it (iPhoneの, 5つが).
_PARTICLES_JA = frozenset("はがのを")


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff"


def _is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def script_of(text: str, language: str | None) -> Script | None:
    """Which segmenter ``text`` needs: the job's language when it is Chinese, Japanese or Thai,
    else the script (Thai letters mean Thai, kana Japanese, Han characters alone Chinese); None
    for other text."""
    if language in ("zh", "yue"):
        return "zh"
    if language == "ja":
        return "ja"
    if language == "th" or any(is_thai(ch) for ch in text):
        return "th"
    if any(_is_kana(ch) for ch in text):
        return "ja"
    if any(_is_han(ch) for ch in text):
        return "zh"
    return None


def _offsets(parts: Sequence[str]) -> set[int]:
    return set(itertools.accumulate(len(p) for p in parts[:-1]))


@functools.cache
def _budoux(model: str) -> Callable[[str], list[str]]:
    import budoux  # lazy: importing engine.subtitles stays light

    if model == "ja":
        return budoux.load_default_japanese_parser().parse
    if model == "th":
        return budoux.load_default_thai_parser().parse
    return budoux.load_default_simplified_chinese_parser().parse


@functools.cache
def _jieba() -> Callable[[str], list[str]]:
    import jieba  # lazy: loads a 350,000-word dictionary

    jieba.setLogLevel(logging.WARNING)  # it prints "Building prefix dict ..." otherwise
    return lambda text: list(jieba.cut(text))


def _split(parts: list[str], text: str) -> set[int] | None:
    if "".join(parts) != text:  # never trust a segmenter that changed the text
        log.debug("segmenter changed %r into %r", text, parts)
        return None
    return _offsets(parts)


@functools.lru_cache(maxsize=4096)
def _points(text: str, language: str | None) -> tuple[frozenset[int], frozenset[int]]:
    script = script_of(text, language)
    everywhere = set(range(1, len(text)))
    strict: set[int] | None
    if script is None:
        strict = loose = everywhere
    elif script in ("ja", "th"):
        strict, loose = _split(_budoux(script)(text), text), everywhere
        if script == "ja" and strict is not None:
            strict = _past_lone_kana(strict, text)
    else:
        simplified = convert(text, "t2s")
        if len(simplified) != len(text):
            simplified = text
        words = _jieba()(simplified)
        by_jieba = _split(words, simplified)
        by_budoux = _split(_budoux("zh")(simplified), simplified)
        if by_jieba is None or by_budoux is None:
            strict, loose = None, everywhere
        else:
            starts = sorted(_offsets(words) | {0})
            particles = {k for k, w in zip(starts, words) if w in _PARTICLES_ZH}
            particles |= {k for k in range(1, len(text)) if text[k] in _NO_START_ZH}
            particles |= {k for k in range(1, len(text)) if text[k - 1] in _NO_END_ZH}
            strict = (by_jieba & by_budoux) - particles
            loose = (by_jieba | by_budoux) - particles
    if strict is None:
        strict = everywhere
    ok = frozenset(
        k
        for k in everywhere
        if text[k] not in _NO_START and not unicodedata.category(text[k]).startswith("M")
    )
    return ok & strict, ok & loose


def _past_lone_kana(points: set[int], text: str) -> set[int]:
    """``points`` with each break before a lone hiragana moved after it: one hiragana between a
    break and a change of script (マッピルマナの|ぎキャンプ, Whisper's の|ぎ for the name's ノギ)
    ends the word before it, so the break goes where the script changes (のぎ|キャンプ) and no
    line starts with it (retest 13). Kana that begin a kana word (ぎりぎり) are left alone."""
    out = set(points)
    for k in sorted(points):
        if not _is_hiragana(text[k]):
            continue
        if k + 1 == len(text):
            out.discard(k)
        elif (_is_kana(text[k + 1]) and not _is_hiragana(text[k + 1])) or _is_han(text[k + 1]):
            out.discard(k)
            if text[k + 1] not in _NO_START:
                out.add(k + 1)
    return out


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def break_points(text: str, language: str | None = None, *, strict: bool = True) -> frozenset[int]:
    """Offsets ``k`` (0 < k < len(text)) where a line or cue may break before ``text[k]``.

    ``language`` is Whisper's code ("zh", "ja" ...) or None to judge by the script; text in no
    CJK script may break anywhere (its spaces decide, elsewhere). ``strict=False`` gives the
    places to fall back on when a word is wider than a line: where either Chinese segmenter
    sees a word boundary, or any character boundary in Japanese, the no-start rule still kept.
    """
    return _points(text, language)[0 if strict else 1]


def _joins(prev: Token, tok: Token) -> bool:
    """Whether ``tok`` continues ``prev``'s CJK run (no space, CJK on both sides). A run ends
    with its segment or sentence, so each is segmented once, whatever streams in after it."""
    if tok.space or prev.estimated != tok.estimated or prev.segment_end:
        return False
    if prev.core[-1] in _SENTENCE_END:
        return False
    a, b = prev.core[-1], tok.core[0]
    if is_thai(a) and is_thai(b):
        return True  # Thai writes no spaces between words either
    if _is_digit(a) and is_cjk(b) or is_cjk(a) and _is_digit(b):
        return True  # a number in a run: the segmenter keeps 2024年 and 100台 together
    return (is_cjk(a) or a in CLOSING_PUNCTUATION) and (is_cjk(b) or b in _NO_START)


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _leans_back(prev: Token, tok: Token, pause_ms: int) -> bool:
    """Whether ``tok`` starts with a particle or a no-start character that belongs on ``prev``,
    a Latin word or a number (iPhone 的, 100 臺, Kubernetes は): a run of CJK stops at them, so
    the particle rules inside :func:`break_points` never see that edge."""
    a, b = prev.core[-1], tok.core[0]
    if not (a.isascii() and a.isalnum()) or tok.start_ms - prev.end_ms >= pause_ms:
        return False
    return b in _NO_START or b in _PARTICLES_ZH or b in _NO_START_ZH or b in _PARTICLES_JA


def group_words(
    tokens: Sequence[Token],
    language: str | None,
    width: Callable[[str], int],
    max_width: int,
    pause_ms: int,
) -> list[Token]:
    """``tokens`` with the pieces of each Chinese or Japanese word joined into one token.

    A token never grows wider than ``max_width`` (in the units ``width`` counts; a line's
    width) and never across a silence of ``pause_ms`` or more; its words are the pieces' words,
    in order, with their own times. Other tokens pass through untouched.
    """
    out: list[Token] = []
    run: list[Token] = []

    def join(group: Sequence[Token]) -> Token:
        first, last = group[0], group[-1]
        return dataclasses.replace(
            first,
            words=[w for t in group for w in t.words],
            core="".join(t.core for t in group),
            end_ms=last.end_ms,
            segment_end=last.segment_end,
        )

    def flush() -> None:
        text = "".join(t.core for t in run)
        if len(run) == 1 or not script_of(text, language):
            out.extend(run)
            run.clear()
            return
        strict = break_points(text, language)
        loose = break_points(text, language, strict=False)
        at = [0, *itertools.accumulate(len(t.core) for t in run)]
        groups: list[list[int]] = [[0]]
        for k in range(1, len(run)):
            group = groups[-1]
            if at[k] in strict or run[k].start_ms - run[k - 1].end_ms >= pause_ms:
                groups.append([k])
            elif width(text[at[group[0]] : at[k + 1]]) <= max_width:
                group.append(k)
            else:  # a word wider than a line: break at the last looser boundary, else here
                cut = next((i for i in reversed(group[1:]) if at[i] in loose), k)
                if width(text[at[cut] : at[k + 1]]) > max_width:
                    cut = k
                groups[-1] = group[: group.index(cut)] if cut != k else group
                groups.append([*range(cut, k + 1)])
        out.extend(join([run[i] for i in group]) for group in groups)
        run.clear()

    for tok in tokens:
        if run and not _joins(run[-1], tok):
            flush()
        run.append(tok)
    if run:
        flush()
    return _glue_leaning(out, pause_ms)


def _glue_leaning(tokens: list[Token], pause_ms: int) -> list[Token]:
    """``tokens`` with each one that leans back (:func:`_leans_back`) joined to the one before,
    the space between them kept (Taiwan's "iPhone 的")."""
    out: list[Token] = []
    for tok in tokens:
        if out and _leans_back(out[-1], tok, pause_ms):
            prev = out[-1]
            out[-1] = dataclasses.replace(
                prev,
                words=prev.words + tok.words,
                core=prev.core + (" " if tok.space else "") + tok.core,
                end_ms=tok.end_ms,
                segment_end=tok.segment_end,
            )
        else:
            out.append(tok)
    return out


def warm_up(language: str | None) -> None:
    """Load now the segmenters a file in ``language`` (Whisper's code) will need; else nothing.

    jieba reads its dictionary on first use (1-3 s on this project's 2-core machine): the window
    calls this on a background thread as soon as a file's language is detected, so its first
    Chinese cues do not freeze the GUI thread while it loads.
    """
    if language in ("zh", "yue"):
        _jieba()("暖身")
        _budoux("zh")
    elif language in ("ja", "th"):
        _budoux(language)
