"""Text encodings of subtitle files: a guess the user can overrule, and strict export.

Detection order: a BOM; strict UTF-8; UTF-8 apart from a few stray bytes (see
:func:`_stray_bytes`); then every candidate charset-normalizer proposes, the usual Windows code
page of each language in :data:`~engine.subtitles.encoding_judge.ALPHABETS` and the East Asian
legacy codecs subtitles are commonly found in, each decoded strictly and judged by how
plausible its text is (see :func:`~engine.subtitles.encoding_judge.judge`); among East Asian
readings the judge cannot tell apart (a line or two), the one whose characters are the
language's common ones wins (see :func:`_east_asian_pick`). charset-normalizer
alone read a two-line Big5 file as Shift-JIS (half-width katakana soup) and French cp1252 as cp1250 ("trčs" for "très"): on short texts its confidence
carries little signal. When the best two readings are close, the guess is marked unsure and
the alternatives come with previews so the window can let the user pick (as Subtitle Edit does).

Which Latin code page wins a tie: the reading whose letters all belong to one language's
alphabet beats one that mixes alphabets ("très" in cp1252 beats "trčs" in cp1250); when both
readings are clean, Western European languages come first, so cp1250 wins only when letters
that no Western language has (ł ś ź ż ő ű č ř ...) appear; and two codecs giving the same text
are named by the language's own code page (German is cp1252, Turkish cp1254).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from engine.subtitles.encoding_judge import HOME_CODE_PAGES, LATIN_ORDER, east_asian_commonness, judge

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
_SAMPLE_BYTES = 200_000  # enough to judge; keeps a 20 MB file's detection fast
_UNSURE_MARGIN = 0.15  # oddness difference under which two readings are both plausible
# Stray bytes tolerated in a UTF-8 file: at most this many, or one in this many bytes.
_STRAY_MAX, _STRAY_PER_BYTES = 10, 1000


_HANGUL_RUN = re.compile("[\uac00-\ud7af]{10,}")  # Korean puts spaces between words
_INVERTED_CASE = re.compile(r"\b[^\W\d_A-Z][^\W\d_a-z]+\b")  # "оПХБЕР": cp1251 read as KOI8-R
_BOX_DRAWING = re.compile("[\u2500-\u25ff]")
_KANA = re.compile("[\u3040-\u30ff]")
_JAPANESE_CODECS = frozenset(
    {
        "shift_jis",
        "cp932",
        "euc_jp",
        "euc_jis_2004",
        "shift_jis_2004",
        "euc_jisx0213",
        "shift_jisx0213",
        "iso2022_jp",
    }
)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "THAI", "HANGUL")


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


def _preview(text: str) -> str:
    lines = (
        line
        for line in text[: _PREVIEW_CHARS * 20].splitlines()
        if line.strip() and "-->" not in line and not line.strip().isdigit()
    )
    return " ".join(lines)[:_PREVIEW_CHARS]


def _stray_bytes(data: bytes, first: int) -> str | None:
    """A note for the user when ``data`` is UTF-8 apart from a few stray bytes (a cp1252 "é"
    pasted into a UTF-8 file), else None. ``first`` is the offset of the first invalid byte.

    The rule: at most :data:`_STRAY_MAX` invalid bytes, or one in :data:`_STRAY_PER_BYTES`,
    and at least as many valid multi-byte characters as invalid bytes (a legacy single-byte
    file gives many invalid bytes and almost never a valid multi-byte sequence). Whole-file,
    but each step is one pass in C (20 MB in well under a second).
    """
    if first < 0:
        return None
    valid = data.decode("utf-8", "ignore")
    bad = len(data) - len(valid.encode("utf-8"))
    multibyte = len(valid) - len(valid.encode("ascii", "ignore"))
    if not (bad <= _STRAY_MAX or bad * _STRAY_PER_BYTES <= len(data)) or multibyte < bad:
        return None
    start = data.rfind(b"\n", 0, first) + 1
    end = data.find(b"\n", first)
    line = data[start : end if end >= 0 else len(data)].decode("utf-8", "replace").strip()
    if len(line) > 60:
        line = line[:59] + "…"
    line_number = data.count(b"\n", 0, first) + 1
    if bad == 1:
        return (
            f'1 byte is not valid UTF-8 (at byte {first}, line {line_number}: "{line}"); it shows '
            "as \ufffd. Correct it in the text, or read the file in another encoding (--encoding, or "
            "the encoding question in the window) if more of the text looks wrong."
        )
    return (
        f'{bad} bytes are not valid UTF-8 (the first at byte {first}, line {line_number}: "{line}"); '
        "they show as \ufffd. Correct them in the text, or read the file in another encoding "
        "(--encoding, or the encoding question in the window) if more of the text looks wrong."
    )


def _first_invalid(data: bytes) -> int:
    """Offset of the first byte that is not valid UTF-8, or -1."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return -1


def _readings(data: bytes) -> list[EncodingChoice]:
    """Every strict reading of the file's first :data:`_SAMPLE_BYTES`, least odd first; among
    equally odd ones, the code page of the text's language
    (:func:`~engine.subtitles.encoding_judge.judge`) first, then
    charset-normalizer's order. Codecs giving the same text are one choice, named by the
    language's code page where it is one of them (German read as cp1250 or cp1252 is cp1252)."""
    sample = data[:_SAMPLE_BYTES]
    matches = charset_normalizer.from_bytes(sample)
    names = [m.encoding for m in matches] + list(HOME_CODE_PAGES) + list(_EAST_ASIAN)
    languages = {m.encoding: m.language for m in matches}
    judged: dict[str, tuple[float, str, str]] = {}
    best: dict[str, tuple[tuple[float, bool, int, int], EncodingChoice]] = {}
    for rank, name in enumerate(dict.fromkeys(names)):
        name = {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)
        try:
            # A sample cut inside a two-byte character must not fail the codec: decode it as
            # the start of a stream (a 347 KB Big5 file failed every codec one time in two).
            text = codecs.getincrementaldecoder(name)().decode(sample, final=len(sample) == len(data))
        except (UnicodeDecodeError, LookupError):
            continue
        if text not in judged:
            judged[text] = judge(text)
        oddness, language, code_page = judged[text]
        home = bool(code_page) and codecs.lookup(code_page).name == codecs.lookup(name).name
        tie = LATIN_ORDER.get(language, len(LATIN_ORDER) + bool(language))
        key = (oddness, not home, tie, rank)
        if text not in best or key < best[text][0]:
            best[text] = (
                key,
                EncodingChoice(name, oddness, _preview(text), language or languages.get(name, "")),
            )
    return [choice for _, choice in sorted(best.values(), key=lambda item: item[0])]


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
        return "CJK"
    first = name.split(" ", 1)[0]
    return first if first in _SCRIPTS else ""


def _plausible(data: bytes, choice: EncodingChoice) -> bool:
    """Whether another reading is one a real file could be in, and so worth asking about.

    Not plausible (user test 12: clean cp1252 French, cp1251 Russian, GB18030 and Shift-JIS
    files were all "unsure"): a Mac code page (never seen in subtitle files); letters beyond
    ASCII from two scripts ("اa va, Hélène": cp1252 read as cp1256; Hangul with Chinese
    characters: GB18030 read as cp949); ten Hangul syllables without a space (Korean spaces
    its words: Shift-JIS read as cp949); box drawing, or two words in inverted case ("оПХБЕР":
    cp1251 read as KOI8-R); a Japanese codec's reading without kana; a
    GB18030 reading whose Chinese characters are mostly outside GB2312 (Shift-JIS read as GBK).
    """
    name = codecs.lookup(choice.encoding).name
    if name.startswith("mac"):
        return False
    text = codecs.getincrementaldecoder(choice.encoding)(errors="replace").decode(data[:_SAMPLE_BYTES])
    wide = {ch for ch in text if ord(ch) > 0x7F and ch.isalpha()}
    if len({_script(ch) for ch in wide} - {""}) > 1 or _HANGUL_RUN.search(text) or _BOX_DRAWING.search(text):
        return False
    if sum(1 for word in _INVERTED_CASE.findall(text) if not word.isascii()) >= 2:
        return False
    han = [ch for ch in text if 0x4E00 <= ord(ch) <= 0x9FFF]
    if name in _JAPANESE_CODECS and han and not _KANA.search(text):
        return False
    if name == "gb18030" and han:
        rare = sum(1 for ch in han if not ch.encode("gb2312", "ignore"))
        if rare * 2 > len(han):
            return False
    return True


_TIED = 0.05  # oddness difference under which the judge cannot tell two readings apart
_COMMON_ENOUGH, _COMMON_LEAD = 0.6, 0.3


def _east_asian_pick(choices: list[EncodingChoice]) -> EncodingChoice | None:
    """The East Asian reading whose text is plainly its language, among readings the judge
    cannot tell apart (user test 6: a one-line Shift-JIS こんにちは was read as cp1255, short
    GB18030 and EUC-KR files as cp1255 and cp874), else None.

    The rule: among the choices within :data:`_TIED` of the least odd, the East Asian ones
    with at least two CJK letters in their preview are scored by
    :func:`~engine.subtitles.encoding_judge.east_asian_commonness` (kana or common Chinese
    characters for Japanese codecs, common Hangul for Korean, common Chinese characters for
    Chinese); the best wins when at least :data:`_COMMON_ENOUGH` of its letters are common and
    it leads every other East Asian reading by :data:`_COMMON_LEAD`.
    """
    if not choices:
        return None
    tied = [c for c in choices if c.oddness - choices[0].oddness <= _TIED]
    scored = sorted(
        ((east_asian_commonness(c.preview, c.encoding), k, c) for k, c in enumerate(tied)),
        key=lambda item: (-item[0][0], item[1]),
    )
    scored = [item for item in scored if item[0][1] >= 2]
    if not scored or scored[0][0][0] < _COMMON_ENOUGH:
        return None
    if len(scored) > 1 and scored[0][0][0] - scored[1][0][0] < _COMMON_LEAD:
        return None
    return scored[0][2]


def guess_encoding(data: bytes) -> EncodingGuess:
    """The most plausible text encoding of a subtitle file's bytes (Python codec names).

    Pure ASCII and valid UTF-8 are "utf-8" (sure). UTF-8 with a few stray bytes
    (:func:`_stray_bytes`) is "utf-8" with ``errors="replace"``, a ``note`` for the user, and
    marked unsure with the best other reading among the alternatives. Otherwise the least odd
    reading (:func:`_readings`) wins, unsure when it is odd itself or a reading nearly as
    plausible (within :data:`_UNSURE_MARGIN`) is one a file could really be in
    (:func:`_plausible`). Raises ValueError when no candidate decodes the bytes.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            note = _stray_bytes(data, _first_invalid(data)) if name == "utf-8-sig" else None
            if note is not None:
                preview = _preview(data[:_SAMPLE_BYTES].decode(name, "replace"))
                return EncodingGuess(name, True, preview=preview, errors="replace", note=note)
            return EncodingGuess(name)
    first = _first_invalid(data)
    if first < 0:
        return EncodingGuess("utf-8")
    note = _stray_bytes(data, first)
    choices = _readings(data)
    if note is not None:
        text = data[:_SAMPLE_BYTES].decode("utf-8", "replace")
        oddness, language, _ = judge(text.replace("\ufffd", ""))
        if not choices or oddness <= choices[0].oddness:
            return EncodingGuess("utf-8", True, language, tuple(choices[:5]), _preview(text), "replace", note)
    if not choices:
        raise ValueError("cannot tell the text encoding of this file")
    picked = _east_asian_pick(choices)
    if picked is not None:
        rest = [c for c in choices if c is not picked][:5]
        return EncodingGuess(picked.encoding, False, picked.language, tuple(rest), picked.preview)
    best, rest = choices[0], choices[1:6]
    close = [c for c in rest if c.oddness - best.oddness < _UNSURE_MARGIN]
    unsure = best.oddness > 0.05 or any(_plausible(data, c) for c in close)
    if best.encoding in _EAST_ASIAN:  # Big5 and GBK are each other's likeliest mistake: offer them
        rest += [c for c in choices[6:] if c.encoding in _EAST_ASIAN]
    return EncodingGuess(best.encoding, unsure, best.language, tuple(rest), best.preview)
