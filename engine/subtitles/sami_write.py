"""SAMI (Microsoft Synchronized Accessible Media Interchange) written by us: pysubs2 1.8 reads
SAMI but has no writer (usertest7 SUBS.md fault 9; issue 12 item 6 names SAMI).

The layout is Microsoft's SAMI 1.0 specification's ("Understanding SAMI 1.0", MSDN, 2003): a
``<HEAD>`` with ``Metrics {time:ms;}`` and one CSS class per language (``.ENUSCC { Name:
English; lang: en-US; SAMIType: CC; }``), then a ``<BODY>`` of ``<SYNC Start=ms>`` blocks, each
holding one ``<P Class=...>``. SAMI has no end times: a block shows until the next one, so a SYNC
is written wherever the cues on screen change, holding all of them joined by ``<br>`` (in order of
start), and a clear (``&nbsp;``) block where none is left. Two SYNCs at one time would show only
the last (review 7, finding 8: a top sign and a dialogue line that start together lost the sign),
so cues that overlap are shown together, the mirror of the SAMI import, which reads one SYNC as
one cue; :func:`engine.subtitles.losses.export_losses` says so. The text is HTML: ``<i> <b> <u> <s> <font color>`` are kept as written, ``&``, ``<``
and ``>`` are escaped and line breaks are ``<br>``. Speakers and positions have no SAMI form.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from engine.languages import LANGUAGE_NAMES
from engine.subtitles.cue import Cue
from engine.subtitles.markup_write import escape_vtt

__all__ = ["sami_class", "to_sami"]

# Whisper language code -> the country of the usual SAMI class (ENUSCC, KOKRCC, JAJPCC ...: the
# classes Microsoft's samples and Korean/Japanese broadcast files use); the language's name is
# engine.languages' own, but for Chinese written in either script.
_COUNTRIES = {
    "en": "US",
    "ko": "KR",
    "ja": "JP",
    "zh-Hans": "CN",
    "zh-Hant": "TW",
    "zh": "CN",
    "fr": "FR",
    "de": "DE",
    "es": "ES",
    "it": "IT",
    "pt": "BR",
    "ru": "RU",
    "nl": "NL",
    "pl": "PL",
    "sv": "SE",
    "th": "TH",
    "vi": "VN",
    "ar": "SA",
}
_SCRIPT_NAMES = {"zh-Hans": "Chinese (Simplified)", "zh-Hant": "Chinese (Traditional)"}


# Chinese subtags that name the traditional script or a region that writes it (BCP 47), and the
# simplified script's: zh-TW, zh-Hant, zh-HK -> ZHTWCC; zh-CN, zh-Hans, zh-SG -> ZHCNCC.
_TRADITIONAL = {"hant", "tw", "hk", "mo"}
_SIMPLIFIED = {"hans", "cn", "sg"}


def sami_class(language: str) -> tuple[str, str, str]:
    """``(class, name, lang)`` for a language code (BCP 47, ``-`` or ``_``):
    ``("ENUSCC", "English", "en-US")``. Chinese follows its script or region: ``zh-TW``,
    ``zh-Hant`` and ``zh-HK`` give ``ZHTWCC``, ``zh-CN`` and ``zh-Hans`` ``ZHCNCC`` (review 7,
    finding 16). A language not in the table gets ``("XXCC", "xx", "xx")``, an unknown one
    ``und``'s."""
    parts = language.replace("_", "-").split("-")
    subtags = {p.lower() for p in parts[1:]}
    if parts[0].lower() == "zh" and subtags & _TRADITIONAL:
        key = "zh-Hant"
    elif parts[0].lower() == "zh" and subtags & _SIMPLIFIED:
        key = "zh-Hans"
    else:
        key = language if language in _COUNTRIES else parts[0]
    if key in _COUNTRIES:
        country, name = _COUNTRIES[key], _SCRIPT_NAMES.get(key) or LANGUAGE_NAMES[key]
        lang = f"{key.split('-')[0]}-{country}"
        return f"{lang.replace('-', '').upper()}CC", name, lang
    code = key or "und"
    return f"{code.upper()}CC", code, code


def _html(text: str) -> str:
    """Canonical text as SAMI (HTML) text: tags kept, & < > escaped, ``<br>`` between lines."""
    body = escape_vtt(text).replace("\n", "<br>")
    return body if body.strip() else "&nbsp;"


def _blocks(cues: Sequence[Cue]) -> list[tuple[int, list[Cue]]]:
    """``(start ms, cues on screen)`` at each time the cues on screen change, in time order,
    each list in order of start (then as given); an empty list is a clear. A cue of no length
    shows for 1 ms. Linear in the cues but for the cues on screen at once."""
    ordered = sorted(cues, key=lambda c: c.start_ms)
    ends = [max(c.end_ms, c.start_ms + 1) for c in ordered]
    times = sorted({c.start_ms for c in ordered} | set(ends))
    blocks: list[tuple[int, list[Cue]]] = []
    on: list[int] = []  # indices into ordered
    following = 0
    for time in times:
        on = [i for i in on if ends[i] > time]
        while following < len(ordered) and ordered[following].start_ms <= time:
            on.append(following)
            following += 1
        shown = [ordered[i] for i in on]
        if blocks and [id(c) for c in blocks[-1][1]] == [id(c) for c in shown]:
            continue
        if shown or blocks:
            blocks.append((time, shown))
    return blocks


def to_sami(cues: Sequence[Cue], language: str, title: str) -> str:
    """The SAMI document for ``cues`` (times in ms) in ``language`` (a BCP 47 / Whisper code,
    ``"und"`` when unknown), with ``title`` as its ``<TITLE>``; lines end with ``"\\n"``."""
    klass, name, lang = sami_class(language)
    out = [
        "<SAMI>",
        "<HEAD>",
        f"<TITLE>{html.escape(title)}</TITLE>",
        "<SAMIParam>",
        "  Metrics {time:ms;}",
        "  Spec {MSFT:1.0;}",
        "</SAMIParam>",
        '<STYLE TYPE="text/css">',
        "<!--",
        "P { margin-left: 8pt; margin-right: 8pt; margin-bottom: 2pt; margin-top: 2pt;",
        "    text-align: center; font-size: 20pt; font-family: Arial, sans-serif;",
        "    font-weight: normal; color: white; }",
        f".{klass} {{ Name: {name}; lang: {lang}; SAMIType: CC; }}",
        "-->",
        "</STYLE>",
        "</HEAD>",
        "<BODY>",
    ]
    for start, shown in _blocks(cues):
        body = "<br>".join(_html(c.text) for c in shown) if shown else "&nbsp;"
        out.append(f"<SYNC Start={start}><P Class={klass}>{body}</P></SYNC>")
    out += ["</BODY>", "</SAMI>"]
    return "\n".join(out) + "\n"
