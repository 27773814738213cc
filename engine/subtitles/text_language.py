"""The language of subtitle text, for choosing a preset when no audio was heard
(``convert --fix --preset auto``; ``transcribe`` has Whisper's detected language instead).

By script first: kana means Japanese (Japanese text is mostly kanji, so a tenth of kana among
the Han characters is enough), Hangul Korean, Han alone Chinese (Simplified or Traditional by
which characters OpenCC would change), Thai, Cyrillic (Russian), Arabic. Latin text is told
apart by its commonest short words (articles, pronouns, "not"), and Vietnamese by the letters
only it uses (ă, ơ, ư, đ and the stacked tone marks). The script with the most letters wins,
a Han character weighed as three Latin letters and a Hangul block as two (each says about a
short word), so a few Latin words in Chinese text (iPhone, Google Drive) do not outvote it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["text_language"]

# Frequent words of each language that the others rarely write (each word once, lower case).
_COMMON = {
    "en": set("the and of to is in that it you was for on are with this have not what be i".split()),
    "es": set("el la de que y en los se del las por una es con para no lo está pero mi".split()),
    "fr": set("le la les de des et est un une que du pas je vous il ne qui c'est où ma".split()),
    "de": set("der die das und ist nicht ich ein eine zu den mit sie es auf dem wo weiß".split()),
    "it": set("il la di che e non un una per è sono del della con lo gli sul sia".split()),
    "pt": set("o a de que e não um uma para é com os as do da em você sei minha".split()),
}
_VIETNAMESE = set("ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
# A Han character or a Hangul block says about as much as a short Latin word: weighed so.
_WEIGHT = {"han": 3, "ko": 2, "th": 1, "ru": 1, "ar": 1, "latin": 1}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _script(ch: str) -> str | None:
    code = ord(ch)
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return "kana"
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "ko"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0x0E00 <= code <= 0x0E7F:
        return "th"
    if 0x0400 <= code <= 0x04FF:
        return "ru"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F:
        return "ar"
    if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
        return "latin"
    return None


def _chinese_script(text: str) -> str:
    """zh-Hant when more characters are Traditional than Simplified (OpenCC's tables)."""
    from engine.subtitles.chinese import convert  # OpenCC is loaded lazily

    han = "".join(ch for ch in text if _script(ch) == "han")
    traditional = sum(a != b for a, b in zip(han, convert(han, "t2s")))
    simplified = sum(a != b for a, b in zip(han, convert(han, "s2t")))
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def text_language(texts: Iterable[str]) -> str | None:
    """The language of ``texts`` (a file's cue texts) as a Whisper code ("en", "ja" ...), or
    "zh-Hans" / "zh-Hant" for Chinese; None when it has no letters to tell by."""
    text = "\n".join(texts)
    scripts = Counter(s for s in map(_script, text) if s is not None)
    if not scripts:
        return None
    cjk = scripts["kana"] + scripts["han"]
    if scripts["kana"] and scripts["kana"] * 10 >= cjk and cjk >= scripts.most_common(1)[0][1] / 2:
        return "ja"
    top = max(_WEIGHT, key=lambda s: scripts[s] * _WEIGHT[s])
    if top == "han":
        return _chinese_script(text)
    if top != "latin":
        return top
    lowered = text.lower()
    if sum(ch in _VIETNAMESE for ch in lowered) * 50 >= scripts["latin"]:
        return "vi"
    words = Counter(_WORD.findall(lowered))
    scores = {lang: sum(words[w] for w in common) for lang, common in _COMMON.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else "en"
