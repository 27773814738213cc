"""The languages Whisper can be told to expect, and what to suggest when a value is not one of them.

The codes are faster-whisper's own list (``faster_whisper.tokenizer._LANGUAGE_CODES``), read from
its source so that checking ``--language`` does not import faster-whisper and ctranslate2 (0.5 s)
in the process that only parses the command line. Names serve suggestions only: a value must be a
code, so ``english`` is refused with "did you mean en (English)?" rather than guessed.
The container tags of each language ("eng", "fre"/"fra") let the job's language choose among a
file's audio streams (``tag_matches``).
"""

from __future__ import annotations

import ast
import difflib
import importlib
import importlib.util
import re
import textwrap
from functools import lru_cache
from pathlib import Path

AUTO = "auto"

# English names (ISO 639) of the codes faster-whisper accepts; a test keeps the two in step.
LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans",
    "am": "Amharic",
    "ar": "Arabic",
    "as": "Assamese",
    "az": "Azerbaijani",
    "ba": "Bashkir",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "bo": "Tibetan",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fo": "Faroese",
    "fr": "French",
    "gl": "Galician",
    "gu": "Gujarati",
    "ha": "Hausa",
    "haw": "Hawaiian",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "ht": "Haitian Creole",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "jw": "Javanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "km": "Khmer",
    "kn": "Kannada",
    "ko": "Korean",
    "la": "Latin",
    "lb": "Luxembourgish",
    "ln": "Lingala",
    "lo": "Lao",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mg": "Malagasy",
    "mi": "Maori",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mn": "Mongolian",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "my": "Burmese",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian Nynorsk",
    "no": "Norwegian",
    "oc": "Occitan",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sa": "Sanskrit",
    "sd": "Sindhi",
    "si": "Sinhala",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sn": "Shona",
    "so": "Somali",
    "sq": "Albanian",
    "sr": "Serbian",
    "su": "Sundanese",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tg": "Tajik",
    "th": "Thai",
    "tk": "Turkmen",
    "tl": "Tagalog",
    "tr": "Turkish",
    "tt": "Tatar",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "yi": "Yiddish",
    "yo": "Yoruba",
    "zh": "Chinese",
    "yue": "Cantonese",
}
# Other names people type for a language, and country codes mistaken for language codes.
_OTHER_NAMES = {
    "mandarin": "zh",
    "taiwanese mandarin": "zh",
    "farsi": "fa",
    "filipino": "tl",
    "flemish": "nl",
    "myanmar": "my",
    "castilian": "es",
    "moldovan": "ro",
    "sinhalese": "si",
    "panjabi": "pa",
    "bokmal": "no",
    "bokmål": "no",
    "nynorsk": "nn",
    "haitian": "ht",
    "slovene": "sl",
}
_COUNTRY_CODES = {
    "jp": "ja",
    "cn": "zh",
    "tw": "zh",
    "hk": "yue",
    "kr": "ko",
    "gr": "el",
    "dk": "da",
    "se": "sv",
    "ua": "uk",
    "cz": "cs",
    "vn": "vi",
    "il": "he",
    "ir": "fa",
    "us": "en",
    "gb": "en",
    "at": "de",
    "ee": "et",
    "rs": "sr",
    "ge": "ka",
    "pk": "ur",
    "np": "ne",
    "ph": "tl",
    "kh": "km",
    "al": "sq",
    "by": "be",
    "kz": "kk",
    "mx": "es",
}


class LanguageError(ValueError):
    """A value that is not a Whisper language code; the message suggests the likely one."""


@lru_cache(maxsize=1)
def language_codes() -> tuple[str, ...]:
    """The language codes faster-whisper accepts, in its own order."""
    spec = importlib.util.find_spec("faster_whisper")  # finds the package without running it
    if spec is not None and spec.submodule_search_locations:
        source = Path(next(iter(spec.submodule_search_locations))) / "tokenizer.py"
        try:
            for node in ast.parse(source.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "_LANGUAGE_CODES" for t in node.targets
                ):
                    return tuple(ast.literal_eval(node.value))
        except (OSError, SyntaxError, ValueError):
            pass  # a frozen build keeps no source: import it instead
    tokenizer = importlib.import_module("faster_whisper.tokenizer")
    return tuple(tokenizer._LANGUAGE_CODES)


def describe(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{code} ({name})" if name else code


def suggestions(value: str) -> list[str]:
    """Codes the user probably meant by ``value``, most likely first."""
    codes = language_codes()
    text = value.strip().casefold().replace("_", "-")
    found: list[str] = []
    base = text.split("-")[0]
    if base != text and base in codes:  # a region tag: en-US, zh-TW, pt_BR
        found.append(base)
    by_name = {name.casefold(): code for code, name in LANGUAGE_NAMES.items()} | _OTHER_NAMES
    if text in by_name:
        found.append(by_name[text])
    if text in _COUNTRY_CODES:
        found.append(_COUNTRY_CODES[text])
    if not found:  # a typo of a name ("japanes") or of a code ("enn")
        for close in difflib.get_close_matches(text, list(by_name), n=1, cutoff=0.75):
            found.append(by_name[close])
        found += difflib.get_close_matches(text, codes, n=2, cutoff=0.75)
    return [c for i, c in enumerate(found) if c in codes and c not in found[:i]]


def parse_language(value: str) -> str | None:
    """``auto`` -> None (detect); a Whisper code -> that code; anything else -> LanguageError."""
    text = value.strip().casefold()
    if text == AUTO:
        return None
    if text in language_codes():
        return text
    likely = suggestions(value)
    hint = f" Did you mean {' or '.join(describe(c) for c in likely)}?" if likely else ""
    codes = textwrap.fill(", ".join(language_codes()), width=96, initial_indent="  ", subsequent_indent="  ")
    raise LanguageError(
        f"{value!r} is not a language code Whisper knows.{hint}\n"
        f"Use auto (detect the language) or one of these codes:\n{codes}"
    )


# ---------------------------------------------------------------- container language tags
# Containers tag audio streams with ISO 639-2 codes: Matroska with the bibliographic (B) form
# ("fre", "chi", "ger"), MP4 with the terminological (T) form ("fra", "zho", "deu"); newer
# Matroska files also carry BCP 47 tags ("en-US"). No installed package maps Whisper's ISO 639-1
# codes to them outside Qt (QLocale does, but the engine never imports Qt; babel, pycountry and
# langcodes would be new dependencies for ~100 rows), so this is a table of Whisper's languages.
# tests/engine/test_audio.py checks it against QLocale and against faster-whisper's list.

# Whisper code -> ISO 639-2 codes, B form first where B and T differ. Whisper's odd ones out:
# "jw" is Javanese (ISO 639-1 "jv"), "haw" and "yue" have no 639-1 code; Cantonese tracks are often
# tagged plain Chinese, and Norwegian tracks Bokmål ("nob").
_TABLE = """
af afr|am amh|ar ara|as asm|az aze|ba bak|be bel|bg bul|bn ben|bo tib bod|br bre|bs bos|ca cat
cs cze ces|cy wel cym|da dan|de ger deu|el gre ell|en eng|es spa|et est|eu baq eus|fa per fas
fi fin|fo fao|fr fre fra|gl glg|gu guj|ha hau|haw haw|he heb|hi hin|hr hrv|ht hat|hu hun
hy arm hye|id ind|is ice isl|it ita|ja jpn|jw jav|ka geo kat|kk kaz|km khm|kn kan|ko kor|la lat
lb ltz|ln lin|lo lao|lt lit|lv lav|mg mlg|mi mao mri|mk mac mkd|ml mal|mn mon|mr mar|ms may msa
mt mlt|my bur mya|ne nep|nl dut nld|nn nno|no nor nob|oc oci|pa pan|pl pol|ps pus|pt por
ro rum ron|ru rus|sa san|sd snd|si sin|sk slo slk|sl slv|sn sna|so som|sq alb sqi|sr srp|su sun
sv swe|sw swa|ta tam|te tel|tg tgk|th tha|tk tuk|tl tgl fil|tr tur|tt tat|uk ukr|ur urd|uz uzb
vi vie|yi yid|yo yor|zh chi zho cmn|yue yue
"""

ISO_639_2: dict[str, tuple[str, ...]] = {
    code: tuple(tags)
    for code, *tags in (entry.split() for entry in _TABLE.replace("\n", "|").split("|") if entry.strip())
}

# Tags that stand for a language only when nothing closer is there: Cantonese tracks are often
# tagged plain Chinese, but a track tagged "yue" beside one tagged "chi" is the Cantonese one.
_FAMILY = {"yue": ("chi", "zho", "zh")}

# ISO 639-1 codes that Whisper spells differently, and codes withdrawn from 639-1 that old files use.
_ALIASES = {"jv": "jw", "iw": "he", "in": "id", "ji": "yi", "nb": "no"}

_UNTAGGED = frozenset({"", "und", "unk", "mis", "mul", "zxx"})


def primary_subtag(tag: str) -> str:
    """The language part of a container tag, lower-case: "en-US" -> "en", "eng" -> "eng"."""
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]


def is_tagged(tag: str) -> bool:
    """False for an absent tag and for "und" (undetermined) and its kin."""
    return primary_subtag(tag) not in _UNTAGGED


def tag_match(tag: str, language: str) -> int | None:
    """How well a stream tagged ``tag`` fits the Whisper language ``language``: 0 its own tag,
    1 a family tag that may stand for it ("chi" for Cantonese), None not at all."""
    code = language.strip().lower()
    primary = primary_subtag(tag)
    if not code or not is_tagged(tag):
        return None
    if primary == code or _ALIASES.get(primary) == code or primary in ISO_639_2.get(code, ()):
        return 0
    return 1 if primary in _FAMILY.get(code, ()) else None


def tag_matches(tag: str, language: str) -> bool:
    """Whether a stream tagged ``tag`` may be in the Whisper language ``language``."""
    return tag_match(tag, language) is not None
