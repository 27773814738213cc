"""Word error rate after the usual normalisation, so that spelling choices do not count as errors.

Both sides are lowercased, numbers written out as words the way the LJSpeech reader says them
("1455" -> "fourteen fifty five", "42" -> "forty two", "15th" -> "fifteenth"), hyphens split
into words and the remaining punctuation removed.
"""

from __future__ import annotations

import re

import jiwer

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL_ENDINGS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_NUMBER = re.compile(r"(\d+(?:,\d{3})*)(st|nd|rd|th)?")


def number_words(n: int) -> str:
    """Say a non-negative integer in English; four-digit years in pairs ("fourteen fifty five")."""
    if 1100 <= n <= 1999 or 2010 <= n <= 2099:
        high, low = divmod(n, 100)
        if low == 0:
            return f"{number_words(high)} hundred"
        return f"{number_words(high)} {'oh ' if low < 10 else ''}{number_words(low)}"
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + (f" {ONES[ones]}" if ones else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            high, rest = divmod(n, size)
            return f"{number_words(high)} {name}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError("unreachable")


def _ordinal(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last in ORDINAL_ENDINGS:
        last = ORDINAL_ENDINGS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}".strip()


def _spell_number(match: re.Match[str]) -> str:
    words = number_words(int(match.group(1).replace(",", "")))
    return f" {_ordinal(words) if match.group(2) else words} "


def normalise(text: str) -> str:
    """Lowercase, numbers as words, punctuation removed, single spaces."""
    text = _NUMBER.sub(_spell_number, text.lower())
    text = re.sub(r"[-\u2010-\u2015/]", " ", text)
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of ``hypothesis`` against ``reference`` after :func:`normalise`."""
    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))
