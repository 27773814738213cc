"""Canonical markup written in each format's own terms, for :func:`engine.subtitles.io.save`.

:func:`for_format` gives a cue's text as pysubs2 should hold it for a format's writer: SubRip
keeps the canonical tags and ``{\\anN}``, WebVTT gets ``<c>`` colour classes and ``<v>``
(:func:`to_vtt`), ASS/SSA and the formats pysubs2 converts from ASS get override tags
(:func:`to_ass`); MicroDVD's line codes come from :func:`to_microdvd`. :func:`to_rich_text` is
the HTML the editor's rich-text view shows. Re-exported by :mod:`engine.subtitles.markup`.
"""

from __future__ import annotations

import html
import re

from engine.subtitles.markup_tags import (
    _CANONICAL_TAG,
    _HTML_COLOUR,
    _SIMPLE,
    _SSA_ALIGNMENT,
    _hex,
    _outside_tags,
    colour_name,
)

__all__ = [
    "escape_vtt",
    "for_format",
    "mpl2_loses_italics",
    "to_ass",
    "to_microdvd",
    "to_mpl2",
    "to_rich_text",
    "to_vtt",
]


def to_ass(text: str) -> str:
    """Canonical text as ASS/SSA event text: override tags, ``\\N`` line breaks."""

    def tag(match: re.Match[str]) -> str:
        raw = match.group(0)
        closing = raw.startswith("</")
        name = raw.strip("</>").split(" ")[0]
        if name == "font":
            found = _HTML_COLOUR.search(raw)
            if closing or not found:
                return "{\\c}"
            rgb = found.group(1).lstrip("#")
            return f"{{\\c&H{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}&}}".upper().replace("\\C", "\\c")
        return f"{{\\{name}{0 if closing else 1}}}"

    return _CANONICAL_TAG.sub(tag, text).replace("\n", "\\N")


def to_rich_text(text: str) -> str:
    """Canonical text as HTML for a rich-text view (Qt's QTextDocument): styling tags kept,
    everything else escaped ("a < b" stays text), line breaks as ``<br>``."""
    out, pos = [], 0
    for match in _CANONICAL_TAG.finditer(text):
        out.append(html.escape(text[pos : match.start()], quote=False))
        out.append(match.group(0))
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out).replace("\n", "<br>")


def to_vtt(text: str) -> tuple[str, set[str]]:
    """Canonical text as WebVTT cue text, and the ``#rrggbb`` colours it uses as classes.

    WebVTT has no ``<font>``: a colour becomes ``<c.name>`` (a default colour class, or one the
    writer must declare in a STYLE block). ``<s>`` has no WebVTT form and is dropped.
    """
    used: set[str] = set()

    def tag(match: re.Match[str]) -> str:
        raw = match.group(0)
        closing = raw.startswith("</")
        name = raw.strip("</>").split(" ")[0]
        if name == "s":
            return ""
        if name != "font":
            return raw
        if closing:
            return "</c>"
        found = _HTML_COLOUR.search(raw)
        colour = _hex(found.group(1)) if found else None
        if colour is None:
            return "<c>"
        used.add(colour)
        return f"<c.{colour_name(colour)}>"

    return _CANONICAL_TAG.sub(tag, text), used


def to_microdvd(text: str) -> str:
    """Canonical text as MicroDVD cue text: ``|`` between lines, a style or colour that covers
    the whole cue as a capital code at the start (``{Y:i}``, ``{C:$BBGGRR}``), one that covers a
    whole line as a lower-case code at that line's start (``{y:b}``). MicroDVD codes hold to the
    end of their line or cue, so styling of part of a line has no form and is dropped."""
    lines: list[tuple[str, dict[str, str]]] = []  # (plain text, styles covering all of it)
    current: dict[str, str] = {}
    plain: list[str] = []
    cover: dict[str, str] | None = None

    def visible(chunk: str) -> None:
        nonlocal cover
        for n, piece in enumerate(chunk.split("\n")):
            if n:
                lines.append(("".join(plain), cover or {}))
                plain.clear()
                cover = None
            plain.append(piece)
            if piece.strip():
                cover = (
                    dict(current)
                    if cover is None
                    else {k: v for k, v in cover.items() if current.get(k) == v}
                )

    pos = 0
    for match in _CANONICAL_TAG.finditer(text):
        visible(text[pos : match.start()])
        pos = match.end()
        raw = match.group(0)
        name = raw.strip("</>").split(" ")[0]
        if raw.startswith("</"):
            current.pop(name, None)
        elif name == "font":
            found = _HTML_COLOUR.search(raw)
            colour = _hex(found.group(1)) if found else None
            if colour:
                current["font"] = colour
        else:
            current[name] = name
    visible(text[pos:])
    lines.append(("".join(plain), cover or {}))
    shown = [styles for line, styles in lines if line.strip()]
    whole = {k: v for k, v in shown[0].items() if all(s.get(k) == v for s in shown)} if shown else {}

    def codes(styles: dict[str, str], capital: bool) -> str:
        letters = ",".join(c for c in _SIMPLE if c in styles)
        out = f"{{{'Y' if capital else 'y'}:{letters}}}" if letters else ""
        if "font" in styles:
            rgb = styles["font"].lstrip("#").upper()
            out += f"{{{'C' if capital else 'c'}:${rgb[4:6]}{rgb[2:4]}{rgb[0:2]}}}"
        return out

    head = codes(whole, True)
    body = [
        codes({k: v for k, v in styles.items() if k not in whole}, False) + line for line, styles in lines
    ]
    return head + "|".join(body)


def _italic_lines(text: str) -> list[tuple[str, bool, bool]]:
    """Each line of canonical ``text``: (its plain text, any letter in italics, every letter
    in italics); spaces do not count, so ``<i>one\ntwo</i>`` is two wholly italic lines."""
    lines: list[tuple[list[str], list[bool]]] = [([], [])]
    depth, pos = 0, 0

    def visible(chunk: str) -> None:
        for n, piece in enumerate(chunk.split("\n")):
            if n:
                lines.append(([], []))
            lines[-1][0].append(piece)
            lines[-1][1].extend(depth > 0 for ch in piece if not ch.isspace())

    for match in _CANONICAL_TAG.finditer(text):
        visible(text[pos : match.start()])
        pos = match.end()
        if match.group(0).strip("</>").split(" ")[0] == "i":
            depth = max(depth + (-1 if match.group(0).startswith("</") else 1), 0)
    visible(text[pos:])
    return [("".join(parts), any(marks), bool(marks) and all(marks)) for parts, marks in lines]


def to_mpl2(text: str) -> str:
    """Canonical text as MPL2 cue text: ``|`` between lines and ``/`` before a wholly italic
    line (MPL2's one style, as MPlayer and pysubs2 read it); other styling has no MPL2 form."""
    return "|".join(("/" if whole else "") + line for line, _, whole in _italic_lines(text))


def mpl2_loses_italics(text: str) -> bool:
    """Whether ``text`` has italics :func:`to_mpl2` cannot write (part of a line)."""
    return any(some and not whole for _, some, whole in _italic_lines(text))


def escape_vtt(text: str) -> str:
    """Canonical text with & < > outside its tags written as WebVTT references."""
    return _outside_tags(
        text, lambda part: part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )


def for_format(text: str, fmt: str, alignment: int | None, speaker: str | None) -> str:
    """Canonical ``text`` as pysubs2 should hold it for writing format ``fmt``: SRT keeps its
    tags plus ``{\\anN}``; VTT gets ``<c>`` colours and ``<v speaker>`` (its position goes in
    the cue settings); ASS and the formats pysubs2 converts from ASS tags get override tags.
    SSA (v4) writes the position as ``{\\aN}`` in its own numbering (1-3 bottom, 5-7 top,
    9-11 middle: the SubStation Alpha v4 specification), which it reads; ``\\an`` is ASS's."""
    position = f"{{\\an{alignment}}}" if alignment not in (None, 2) else ""
    if fmt == "ssa" and alignment is not None and position:
        position = f"{{\\a{_SSA_ALIGNMENT[alignment - 1]}}}"  # SSA v4 has no \\an
    if fmt == "srt":
        return position + text.replace("\n", "\\N")
    if fmt == "vtt":
        body, _ = to_vtt(escape_vtt(text))
        voice = f"<v {speaker}>" if speaker else ""
        return voice + body.replace("\n", "\\N")
    body = to_ass(text)
    if fmt not in ("ass", "ssa", "json"):
        body = body.replace("{\\c}", "")  # colour reset tags mean nothing to these writers
    return position + body
