"""Text encodings of subtitle files: a guess the user can overrule, and strict export.

Detection order: a BOM; strict UTF-8; then every candidate charset-normalizer proposes plus
the East Asian legacy codecs subtitles are commonly found in, each decoded strictly and scored
by how plausible its text is (see :func:`_oddness`). charset-normalizer alone read a two-line
Big5 file as Shift-JIS (half-width katakana soup): on short CJK texts its confidence carries
little signal. When the best two readings are close, the guess is marked unsure and the
alternatives come with previews so the window can let the user pick (as Subtitle Edit does).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer

__all__ = [
    "EXPORT_ENCODINGS",
    "EncodingChoice",
    "EncodingGuess",
    "guess_encoding",
]

# Export choices the window and the CLI offer: (Python codec, label). Any codec also works.
EXPORT_ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", "UTF-8"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("utf-16", "UTF-16 (with BOM)"),
    ("big5", "Big5 (Traditional Chinese)"),
    ("gb18030", "GB18030 (Simplified Chinese)"),
)
# Legacy codecs always tried besides charset-normalizer's candidates.
_EAST_ASIAN = ("big5", "gb18030", "shift_jis", "euc_kr", "euc_jp")
_PREVIEW_CHARS = 120
_UNSURE_MARGIN = 0.15  # oddness difference under which two readings are both plausible


@dataclass(frozen=True)
class EncodingChoice:
    """One way to read the file: the codec, how odd its text looks (0 = clean), a preview."""

    encoding: str
    oddness: float
    preview: str
    language: str = ""


@dataclass(frozen=True)
class EncodingGuess:
    """The chosen encoding; ``unsure`` when another reading is nearly as plausible, which
    ``alternatives`` (best first, the chosen one excluded) then lists with previews. The window
    shows ``preview`` beside theirs and reads the file again with the user's pick
    (``read(path, encoding=...)``)."""

    encoding: str
    unsure: bool = False
    language: str = ""
    alternatives: tuple[EncodingChoice, ...] = ()
    preview: str = ""
    # "replace" when the file is mostly this encoding but holds a few undecodable bytes (a
    # stray cp1252 byte in UTF-8): the reader decodes with U+FFFD and shows ``note`` to the user.
    errors: str = "strict"
    note: str = ""


def _odd(ch: str) -> bool:
    """A character that real subtitles almost never hold but misdecoded bytes often give."""
    code = ord(ch)
    if 0xFF61 <= code <= 0xFF9F:  # half-width katakana: Big5/GBK read as Shift-JIS
        return True
    if 0x3400 <= code <= 0x4DBF or code >= 0x20000:  # rare CJK extensions
        return True
    if 0xE000 <= code <= 0xF8FF or 0xFE10 <= code <= 0xFE6F or code == 0xFFFD:
        return True  # private use, vertical/small forms, replacement
    category = unicodedata.category(ch)
    return category in ("Cc", "Co", "Cn") and ch not in "\t\n\r"


def _oddness(text: str) -> float:
    """Share of odd characters among the non-ASCII ones, plus a penalty for mixing CJK with
    Latin-1/Cyrillic/Greek letters (GBK read as Big5 gives such mixes)."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 0.0
    odd = sum(_odd(ch) for ch in wide)
    cjk = sum(1 for ch in wide if 0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFF60)
    if cjk:
        odd += sum(1 for ch in wide if 0x80 <= ord(ch) <= 0x52F)
    return odd / len(wide)


def guess_encoding(data: bytes) -> EncodingGuess:
    """The most plausible text encoding of a subtitle file's bytes (Python codec names).

    Raises ValueError when no candidate decodes the bytes.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                      (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return EncodingGuess(name)
    try:
        data.decode("utf-8")
        return EncodingGuess("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:200_000]  # enough to judge; keeps a huge file's detection fast
    matches = charset_normalizer.from_bytes(sample)
    names = [m.encoding for m in matches] + list(_EAST_ASIAN)
    languages = {m.encoding: m.language for m in matches}
    choices: list[EncodingChoice] = []
    seen_texts: set[str] = set()
    for rank, name in enumerate(dict.fromkeys(names)):
        name = {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)
        try:
            # A sample cut inside a two-byte character must not fail the codec: decode it as
            # the start of a stream (a 347 KB Big5 file failed every codec one time in two).
            text = codecs.getincrementaldecoder(name)().decode(sample, final=len(sample) == len(data))
        except (UnicodeDecodeError, LookupError):
            continue
        if text in seen_texts:
            continue
        seen_texts.add(text)
        # charset-normalizer's rank breaks ties (its own confidence, best first).
        score = _oddness(text) + rank * 1e-4
        preview = " ".join(line for line in text.splitlines() if line.strip()
                           and "-->" not in line and not line.strip().isdigit())[:_PREVIEW_CHARS]  # fmt: skip
        choices.append(EncodingChoice(name, score, preview, languages.get(name, "")))
    if not choices:
        raise ValueError("cannot tell the text encoding of this file")
    choices.sort(key=lambda c: c.oddness)
    best, rest = choices[0], tuple(choices[1:6])
    unsure = best.oddness > 0.05 or (bool(rest) and rest[0].oddness - best.oddness < _UNSURE_MARGIN)
    return EncodingGuess(best.encoding, unsure, best.language, rest, best.preview)
