"""The language of subtitle text, for choosing a preset when no audio was heard
(``convert --fix --preset auto``; ``transcribe`` has Whisper's detected language instead).

By script first: kana means Japanese (Japanese text is mostly kanji, so a tenth of kana among
the Han characters is enough), Hangul Korean, Han alone Chinese (Simplified or Traditional by
which characters OpenCC would change), Thai, Cyrillic (Russian), Arabic. Latin text is told
apart by its commonest short words (articles, pronouns, "not"; a word several languages
write counts as a share for each) and spellings one language has (ñ, ção, th, sch ...), and
must lead clearly or the answer is None (unclear: user test 6), and Vietnamese by the letters
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

# Frequent words of each language (each word once, lower case). A word several languages
# write ("a": English and Portuguese; "de": four of them) counts for each of them as a share
# (1 / how many list it), so no language wins by a word it shares (user test 6: plain English
# was Portuguese by "a", "as", "o").
_COMMON = {
    "en": set(
        "the and of to is in that it you was for on are with this have not what be i a an my me your "
        "we he she they him her his our do did don't i'm it's that's can will would just there here so "
        "but or if at from by as all yes know get go got like how why who when where oh okay been has "
        "had never let's told now come than same".split()
    ),
    "es": set(
        "el la los las de que y en se del por una un es con para no lo está pero mi yo tú te me qué "
        "cómo muy sí eso esto aquí bien hay ya su sus al como más dónde fue tiene dije "
        "ella hombre".split()
    ),
    "fr": set(
        "le la les de des et est un une que du pas je vous il ne qui c'est où ma mon tu nous elle au "
        "avec pour dans sur ce cette mais oui bien très j'ai suis on y va fut a ont".split()
    ),
    "de": set(
        "der die das und ist nicht ich ein eine zu den mit sie es auf dem wo weiß du wir ja nein auch "
        "was wie bin hast hat sind war aber noch schon mir dich mich dir er habe haben hatten viel "
        "komm jetzt".split()
    ),
    "it": set(
        "il la di che e non un una per è sono del della con lo gli sul sia ho hai ma io tu mi ti cosa "
        "come questo questa perché anche molto bene sì ci siamo stata lei ha dov'è".split()
    ),
    "pt": set(
        "o a de que e não um uma para é com os as do da em você sei minha meu eu isso está estou muito "
        "sim mas por no na se ele ela já também foi tem gente onde agora eu".split()
    ),
}
_SHARE = {w: 1 / sum(w in words for words in _COMMON.values()) for words in _COMMON.values() for w in words}
# Spellings only one language (or two) writes, each worth half a word where it appears.
_SPELLINGS = {
    "en": re.compile(r"th|wh|\w(?:ing|ly)\b|'(?:s|t|re|ll|ve|d|m)\b"),
    "es": re.compile(r"[ñ¿¡]|ción\b|\bll"),
    "pt": re.compile(r"[ãõ]|ção\b|ções\b|nh|lh"),
    "fr": re.compile(r"eau|aux\b|[êîûœ]|\b[cdjlmnst]'|qu'"),
    "it": re.compile(r"zion[ei]\b|gli\b|cch|\w'\w|[ìò]"),
    "de": re.compile(r"[äöüß]|sch|\w(?:ung|ich|cht)\b"),
}
# How clear the winner must be: at least this many words' worth, and this many times the next.
_AT_LEAST, _TIMES = 1.0, 2.0
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
    "zh-Hans" / "zh-Hant" for Chinese; None when it has no letters to tell by, or Latin text
    whose words do not clearly favour one language (see :func:`_latin_language`): the caller
    then falls back and says so."""
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
    return _latin_language(lowered)


def _latin_language(lowered: str) -> str | None:
    """The language of Latin-script ``lowered`` text by :data:`_COMMON` words (shared ones
    split between their languages) and :data:`_SPELLINGS` (half a word each), or None
    unless the best scores at least :data:`_AT_LEAST` and :data:`_TIMES` the next."""
    words = Counter(_WORD.findall(lowered))
    scores = {
        lang: sum(n * _SHARE[w] for w, n in words.items() if w in common) for lang, common in _COMMON.items()
    }
    for lang, spelling in _SPELLINGS.items():
        scores[lang] += 0.5 * len(spelling.findall(lowered))
    first, second = sorted(scores.values(), reverse=True)[:2]
    if first < _AT_LEAST or first < _TIMES * second:
        return None
    return max(scores, key=lambda lang: scores[lang])
