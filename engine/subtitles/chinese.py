"""Chinese script conversion (OpenCC) and CJK spacing rules.

Whisper mixes scripts from one clip to the next (base wrote 廣州市 in Traditional for one Mandarin
clip and 出现 in Simplified for the next), so the script is chosen per job and converted here.
It also puts spaces between CJK characters; :func:`normalize_spacing` removes them, keeping exactly
one space where CJK text meets Latin letters. Chinese and Japanese are written without spaces;
Korean is not (it spaces its words), so hangul keeps the spacing Whisper gave it. OpenCC is imported lazily, inside :func:`convert`,
so importing this package stays cheap.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import opencc

__all__ = [
    "CLOSING_PUNCTUATION",
    "MODES",
    "OPENING_PUNCTUATION",
    "ChineseMode",
    "convert",
    "has_cjk",
    "is_cjk",
    "is_cjk_punctuation",
    "is_hangul",
    "joins_with_space",
    "normalize_spacing",
]

log = logging.getLogger(__name__)

ChineseMode = Literal["s2twp", "s2t", "t2s", "none"]
MODES: tuple[ChineseMode, ...] = ("s2twp", "s2t", "t2s", "none")

# Characters that may not start a line (they close what came before) or end one.
CLOSING_PUNCTUATION = frozenset("，。、；：？！）」』》〉】〕｝…‥・·,.;:?!)]}”’%％")
OPENING_PUNCTUATION = frozenset("（「『《〈【〔｛([{“‘")


@functools.cache
def _converter(mode: str) -> opencc.OpenCC:
    import opencc  # lazy: only jobs that convert pay for loading the dictionaries

    log.debug("loading OpenCC converter %s", mode)
    return opencc.OpenCC(f"{mode}.json")


def convert(text: str, mode: str) -> str:
    """Convert Chinese script: ``s2twp`` (Taiwan, with phrases), ``s2t``, ``t2s`` or ``none``."""
    if mode not in MODES:
        raise ValueError(f"unknown Chinese conversion {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "none" or not text:
        return text
    return str(_converter(mode).convert(text))


def is_hangul(ch: str) -> bool:
    """True for a Korean letter (syllable or jamo)."""
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph or kana (not punctuation): the scripts written without spaces.

    Hangul is not: Korean puts spaces between words, and they are kept.
    """
    return (
        unicodedata.east_asian_width(ch) in ("W", "F")
        and unicodedata.category(ch) == "Lo"
        and not is_hangul(ch)
    )


def is_cjk_punctuation(ch: str) -> bool:
    """True for full-width punctuation and symbols (，。「」！ ...), which carry their own spacing."""
    return unicodedata.east_asian_width(ch) in ("W", "F") and not unicodedata.category(ch).startswith(
        ("L", "N")
    )


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def has_cjk(text: str) -> bool:
    """True when ``text`` holds any CJK letter or full-width punctuation."""
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


_LATIN_WORD_END = re.compile(r"[A-Za-z0-9]+$")
_LATIN_WORD_START = re.compile(r"^[A-Za-z0-9]+")


def _latin_word(run: re.Match[str] | None) -> bool:
    """A run of ASCII letters and digits holding a letter: iPhone15, 3D, MP3 (not 2024)."""
    return run is not None and any(_is_latin(ch) for ch in run.group())


def joins_with_space(left: str, right: str, had_space: bool) -> bool:
    """Whether a space belongs between ``left``'s last and ``right``'s first character.

    No space between CJK characters or next to full-width punctuation; one space on each side
    of a Latin word in CJK text, also one that ends or starts with a digit (用 iPhone15 拍,
    买了 3D 打印机; retest 13 found 用 iPhone15拍), while numbers alone stay joined (2024年);
    elsewhere the original spacing (``had_space``) stands.
    """
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    if is_cjk_punctuation(a) or is_cjk_punctuation(b):
        return False
    if is_cjk(a) and is_cjk(b):
        return False
    if (is_cjk(a) and _latin_word(_LATIN_WORD_START.match(right))) or (
        _latin_word(_LATIN_WORD_END.search(left)) and is_cjk(b)
    ):
        return True
    return had_space


_SPACED = re.compile(r"(\S)[ \t\u3000]+(?=\S)")
_TOUCHING = re.compile(r"(?<=[^\W_])(?=[^\W_])")  # between two letters or digits


def normalize_spacing(text: str) -> str:
    """Apply the CJK spacing rules inside one line or cue text (newlines are kept)."""
    if not has_cjk(text):
        return text

    def spaced(m: re.Match[str]) -> str:
        nxt = text[m.end()]
        return m.group(1) + (" " if joins_with_space(m.group(1), nxt, True) else "")

    text = _SPACED.sub(spaced, text)

    def touching(m: re.Match[str]) -> str:
        at = m.start()  # the whole Latin word on either side decides (iPhone15|拍)
        a, b = text[max(at - 40, 0) : at], text[at : at + 40]
        return " " if joins_with_space(a, b, False) else ""

    return _TOUCHING.sub(touching, text)
