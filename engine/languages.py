"""The languages Whisper can be told to expect, and what to suggest when a value is not one of them.

The codes are faster-whisper's own list (``faster_whisper.tokenizer._LANGUAGE_CODES``), read from
its source so that checking ``--language`` does not import faster-whisper and ctranslate2 (0.5 s)
in the process that only parses the command line. Names serve suggestions only: a value must be a
code, so ``english`` is refused with "did you mean en (English)?" rather than guessed.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import importlib.util
import textwrap
from functools import lru_cache
from pathlib import Path

AUTO = "auto"

# English names (ISO 639) of the codes faster-whisper accepts; a test keeps the two in step.
LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "as": "Assamese", "az": "Azerbaijani",
    "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bo": "Tibetan",
    "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fo": "Faroese", "fr": "French",
    "gl": "Galician", "gu": "Gujarati", "ha": "Hausa", "haw": "Hawaiian", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jw": "Javanese",
    "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean",
    "la": "Latin", "lb": "Luxembourgish", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian",
    "lv": "Latvian", "mg": "Malagasy", "mi": "Maori", "mk": "Macedonian", "ml": "Malayalam",
    "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese",
    "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sa": "Sanskrit", "sd": "Sindhi", "si": "Sinhala", "sk": "Slovak",
    "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "su": "Sundanese", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "yi": "Yiddish",
    "yo": "Yoruba", "zh": "Chinese", "yue": "Cantonese",
}
# Other names people type for a language, and country codes mistaken for language codes.
_OTHER_NAMES = {
    "mandarin": "zh", "taiwanese mandarin": "zh", "farsi": "fa", "filipino": "tl", "flemish": "nl",
    "myanmar": "my", "castilian": "es", "moldovan": "ro", "sinhalese": "si", "panjabi": "pa",
    "bokmal": "no", "bokmål": "no", "nynorsk": "nn", "haitian": "ht", "slovene": "sl",
}
_COUNTRY_CODES = {
    "jp": "ja", "cn": "zh", "tw": "zh", "hk": "yue", "kr": "ko", "gr": "el", "dk": "da", "se": "sv",
    "ua": "uk", "cz": "cs", "vn": "vi", "il": "he", "ir": "fa", "us": "en", "gb": "en", "at": "de",
    "ee": "et", "rs": "sr", "ge": "ka", "pk": "ur", "np": "ne", "ph": "tl", "kh": "km", "al": "sq",
    "by": "be", "kz": "kk", "mx": "es",
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
