"""SAMI (Microsoft Synchronized Accessible Media Interchange) written by us: pysubs2 1.8 reads
SAMI but has no writer (usertest7 SUBS.md fault 9; issue 12 item 6 names SAMI).

The layout is Microsoft's SAMI 1.0 specification's ("Understanding SAMI 1.0", MSDN, 2003): a
``<HEAD>`` with ``Metrics {time:ms;}`` and one CSS class per language (``.ENUSCC { Name:
English; lang: en-US; SAMIType: CC; }``), then a ``<BODY>`` of ``<SYNC Start=ms>`` blocks, each
holding one ``<P Class=...>``. SAMI has no end times: a block shows until the next one, so a cue
that ends before the next begins is followed by a clear (``&nbsp;``) block at its end, and a cue
that overlaps the next is cut where the next begins (:func:`engine.subtitles.losses.export_losses`
says so). The text is HTML: ``<i> <b> <u> <s> <font color>`` are kept as written, ``&``, ``<``
and ``>`` are escaped and line breaks are ``<br>``. Speakers and positions have no SAMI form.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from engine.subtitles.cue import Cue
from engine.subtitles.markup_write import escape_vtt

__all__ = ["sami_class", "to_sami"]

# Whisper language code -> (the usual SAMI class's country, the language's name): the classes
# Microsoft's samples and Korean/Japanese broadcast files use (ENUSCC, KOKRCC, JAJPCC ...).
_CLASSES = {
    "en": ("US", "English"),
    "ko": ("KR", "Korean"),
    "ja": ("JP", "Japanese"),
    "zh-Hans": ("CN", "Chinese (Simplified)"),
    "zh-Hant": ("TW", "Chinese (Traditional)"),
    "zh": ("CN", "Chinese"),
    "fr": ("FR", "French"),
    "de": ("DE", "German"),
    "es": ("ES", "Spanish"),
    "it": ("IT", "Italian"),
    "pt": ("BR", "Portuguese"),
    "ru": ("RU", "Russian"),
    "nl": ("NL", "Dutch"),
    "pl": ("PL", "Polish"),
    "sv": ("SE", "Swedish"),
    "th": ("TH", "Thai"),
    "vi": ("VN", "Vietnamese"),
    "ar": ("SA", "Arabic"),
}


def sami_class(language: str) -> tuple[str, str, str]:
    """``(class, name, lang)`` for a language code: ``("ENUSCC", "English", "en-US")``;
    a language not in the table gets ``("XXCC", "xx", "xx")``, an unknown one ``und``'s."""
    key = language if language in _CLASSES else language.split("-")[0]
    if key in _CLASSES:
        country, name = _CLASSES[key]
        lang = f"{key.split('-')[0]}-{country}"
        return f"{lang.replace('-', '').upper()}CC", name, lang
    code = key or "und"
    return f"{code.upper()}CC", code, code


def _html(text: str) -> str:
    """Canonical text as SAMI (HTML) text: tags kept, & < > escaped, ``<br>`` between lines."""
    body = escape_vtt(text).replace("\n", "<br>")
    return body if body.strip() else "&nbsp;"


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
    ordered = sorted(cues, key=lambda c: c.start_ms)
    for n, cue in enumerate(ordered):
        out.append(f"<SYNC Start={cue.start_ms}><P Class={klass}>{_html(cue.text)}</P></SYNC>")
        following = ordered[n + 1].start_ms if n + 1 < len(ordered) else None
        if following is None or following > cue.end_ms:
            out.append(f"<SYNC Start={cue.end_ms}><P Class={klass}>&nbsp;</P></SYNC>")
    out += ["</BODY>", "</SAMI>"]
    return "\n".join(out) + "\n"
