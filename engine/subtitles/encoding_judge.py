"""How plausible a decoded text is: the judge behind :func:`~engine.subtitles.encodings.guess_encoding`.

Each candidate codec's reading of a subtitle file is scored by :func:`judge` (the share of odd
characters among the non-ASCII ones, and the language whose alphabet fits the letters best);
the least odd reading wins. Split from ``encodings`` (issue 11); the rules are unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["ALPHABETS", "HOME_CODE_PAGES", "LATIN_ORDER", "judge"]

_JUDGED_CHARS = 30_000


def _alphabet(lower: str) -> frozenset[str]:
    return frozenset(lower) | {c.upper() for c in lower if len(c.upper()) == 1}


_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# The letters beyond ASCII of the languages subtitles are commonly written in, each with the
# Windows code page its legacy files usually come in (the code pages Subtitle Edit offers).
# Western European languages come first: where two languages fit a text equally well (ä ö ü é
# á exist in both cp1252 and cp1250), the first one wins, so such text is read as cp1252.
ALPHABETS: tuple[tuple[str, str, frozenset[str]], ...] = tuple(
    (language, code_page, _alphabet(letters))
    for language, code_page, letters in (
        ("French", "cp1252", "àâæçéèêëîïôœùûüÿ"),
        ("Portuguese", "cp1252", "áâãàçéêíóôõú"),
        ("Spanish", "cp1252", "áéíñóúü"),
        ("German", "cp1252", "äöüß"),
        ("Italian", "cp1252", "àèéìíîòóùú"),
        ("Catalan", "cp1252", "àçèéíïòóúü"),
        ("Dutch", "cp1252", "áéëíïóöúü"),
        ("Danish", "cp1252", "åæøéáóú"),
        ("Swedish", "cp1252", "åäöéü"),
        ("Icelandic", "cp1252", "áðéíóúýþæö"),
        ("Polish", "cp1250", "ąćęłńóśźż"),
        ("Czech", "cp1250", "áčďéěíňóřšťúůýž"),
        ("Slovak", "cp1250", "áäčďéíĺľňóôŕšťúýž"),
        ("Hungarian", "cp1250", "áéíóöőúüű"),
        ("Croatian", "cp1250", "čćđšž"),
        ("Romanian", "cp1250", "ăâîşţșț"),
        ("Turkish", "cp1254", "çğıöşüâîûİ"),
        ("Lithuanian", "cp1257", "ąčęėįšųūž"),
        ("Latvian", "cp1257", "āčēģīķļņšūž"),
        ("Estonian", "cp1257", "äõöüšž"),
        ("Russian", "cp1251", _RUSSIAN),
        ("Ukrainian", "cp1251", _RUSSIAN.translate(str.maketrans("", "", "ёъыэ")) + "ґєії"),
        ("Belarusian", "cp1251", _RUSSIAN.translate(str.maketrans("", "", "ищъ")) + "іў"),
        ("Serbian", "cp1251", "абвгдђежзијклљмнњопрстћуфхцчџш"),
        ("Macedonian", "cp1251", "абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
        ("Greek", "cp1253", "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋς"),  # ΐ ΰ: all but unused
        ("Hebrew", "cp1255", "".join(map(chr, range(0x5D0, 0x5EB)))),
        ("Arabic", "cp1256", "".join(map(chr, range(0x620, 0x6D4)))),
        ("Thai", "cp874", "".join(map(chr, range(0xE01, 0xE4F)))),
    )
)
# Latin-script languages, in the order that breaks a tie between two readings (French cp1252
# "où" against Czech cp1250 "oů": Western European text is the more common); a reading with
# no letters beyond ASCII comes next ("5 €"), one in another script last ("5 Ђ" in cp1251).
LATIN_ORDER = {
    language: i for i, (language, _, _) in enumerate(ALPHABETS[: [a[0] for a in ALPHABETS].index("Russian")])
}
_CJK_IN_WORD = re.compile("[A-Za-z][\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uff60][A-Za-z]")
HOME_CODE_PAGES = tuple(dict.fromkeys(code_page for _, code_page, _ in ALPHABETS)) + ("koi8_r",)
# Marks that real text almost never holds but bytes of another code page often give.
_RARE_SIGNS = frozenset("¤¦¨¯¶¸\xad˘˙˛˝ˇ")
_IN_WORD_OK = frozenset("’‘·")  # l'été, l·l: not odd between letters
_SIGMA_INSIDE = re.compile(r"ς(?=\w)")  # Greek final sigma only ends a word ("т" read as cp1253)


def _odd(ch: str) -> bool:
    """A character that real subtitles almost never hold but misdecoded bytes often give."""
    code = ord(ch)
    if 0xFF61 <= code <= 0xFF9F:  # half-width katakana: Big5/GBK read as Shift-JIS
        return True
    if 0x3400 <= code <= 0x4DBF or code >= 0x20000:  # rare CJK extensions
        return True
    if 0xE000 <= code <= 0xF8FF or 0xFE10 <= code <= 0xFE6F or code == 0xFFFD:
        return True  # private use, vertical/small forms, replacement
    if 0x2500 <= code <= 0x25FF or code in (0x2320, 0x2321):
        return True  # box drawing and blocks: KOI8/DOS code pages read from other bytes
    if ch in _RARE_SIGNS:
        return True
    category = unicodedata.category(ch)
    return category in ("Cc", "Co", "Cn") and ch not in "\t\n\r"


def _east_asian(code: int) -> bool:
    """CJK ideographs and punctuation, kana, Hangul, full-width forms."""
    return (
        0x3000 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xFF00 <= code <= 0xFF60
        or 0x1100 <= code <= 0x11FF
    )


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def judge(text: str) -> tuple[float, str, str]:
    """How odd ``text`` looks, as (oddness, language, that language's code page).

    Oddness is the share of odd characters among the non-ASCII ones; these count as odd:
    :func:`_odd` characters; Latin-1/Cyrillic/Greek letters mixed with CJK (GBK read as Big5);
    letters outside the alphabet of the language in :data:`ALPHABETS` that holds most of the
    text's letters (French cp1252 read as cp1250 gives "trčs": č is not French, and no cp1250
    language has both ç and č); signs or digits between letters ("porz¹dku": Polish cp1250
    read as cp1252); a capital right after a small letter ("рТЙЧЕФ": KOI8-R read as cp1251);
    and a non-Latin letter or mark touching an ASCII letter ("trθs": cp1252 read as Greek).
    """
    # The lines holding non-ASCII characters are all that can tell readings apart; the first
    # _JUDGED_CHARS of them are plenty, and keep judging 15 readings of 200 KB fast.
    kept: list[str] = []
    size = 0
    for line in text.split("\n"):
        if size >= _JUDGED_CHARS:
            break
        if not line.isascii():
            kept.append(line)
            size += len(line) + 1
    text = "\n".join(kept)
    counts = Counter(text)
    wide = {ch: n for ch, n in counts.items() if ord(ch) > 0x7F}
    total = sum(wide.values())
    if not total:
        return 0.0, "", ""
    odd = sum(n for ch, n in wide.items() if _odd(ch))
    cjk = sum(n for ch, n in wide.items() if _east_asian(ord(ch)))
    if cjk:
        odd += sum(n for ch, n in wide.items() if ord(ch) <= 0x52F) + len(_CJK_IN_WORD.findall(text))
        return odd / total, "", ""
    letters = {ch: n for ch, n in wide.items() if ch.isalpha()}
    language, code_page = "", "" if letters else "cp1252"  # quotes, dashes, €: Western text
    if letters:
        fits = [sum(n for ch, n in letters.items() if ch in alphabet) for _, _, alphabet in ALPHABETS]
        best = max(range(len(fits)), key=lambda i: (fits[i], -i))
        odd += sum(letters.values()) - fits[best]
        if fits[best]:
            language, code_page, _ = ALPHABETS[best]
    all_letters = [ch for ch in counts if ch.isalpha()]
    if all_letters:
        letter = _char_class(all_letters)
        signs = [
            ch
            for ch in wide
            if not ch.isalpha()
            and ch not in _IN_WORD_OK
            and unicodedata.category(ch)[0] in "SNP"
            and unicodedata.category(ch) != "Pd"
        ]
        if signs:
            odd += len(re.findall(f"(?<={letter}){_char_class(signs)}(?={letter})", text))
        odd += len(_SIGMA_INSIDE.findall(text))
        small = [ch for ch in all_letters if ch.islower()]
        capital = [ch for ch in all_letters if ch.isupper()]
        if small and capital:
            pairs = re.findall(f"{_char_class(small)}{_char_class(capital)}", text)
            odd += sum(1 for pair in pairs if not pair.isascii())
        foreign = [
            ch for ch in wide if ord(ch) >= 0x370 and (ch in letters or unicodedata.category(ch) == "Mn")
        ]
        if foreign and len(all_letters) > len(foreign):
            near = f"[A-Za-z]{_char_class(foreign)}|{_char_class(foreign)}[A-Za-z]"
            odd += len(re.findall(near, text))
    return odd / total, language, code_page
