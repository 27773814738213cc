"""TTML styling read beside pysubs2's TTML reader, which keeps text and times only.

pysubs2 1.8 stays the reader of a TTML file's cues and times; this module reads the same
``<p>`` elements (``body/div/p``, pysubs2's order) again for what its reading drops (user test
7, fault 5), as canonical markup (:mod:`engine.subtitles.markup`) and a cue alignment:

- italics (``tts:fontStyle`` italic or oblique), bold (``tts:fontWeight``), underline and
  strike-out (``tts:textDecoration`` underline / lineThrough and their ``no...`` and
  ``none``), and the text colour (``tts:color``: TTML1 section 10.3.2 colours; white, the
  players' default, is no colour);
- from inline ``tts:`` attributes, from the ``<style>`` elements an element names
  (``style="s1 s2"``, later ones win; a style may name others, its own attributes win), and
  inherited down ``region`` -> ``body`` -> ``div`` -> ``p`` -> ``span`` (TTML1 section 8.4:
  the region's styles are inherited by the content flowed into it);
- the position from the ``<p>``'s region (its own, or its ``div``'s or ``body``'s): where the
  text sits vertically is the region's ``tts:origin`` and ``tts:extent`` (``%``, ``c`` cells
  of ``ttp:cellResolution``, or ``px`` of the root's ``tts:extent``; a region with neither
  fills the screen) placed by its ``tts:displayAlign`` (before = its top, the default; center;
  after = its bottom), in the top, middle or bottom third of the screen; ``tts:textAlign``
  left/start or right/end (when given) picks the column. A ``<p>`` with no region keeps the
  player's default (bottom centre, None).

Every other ``tts:`` attribute (fonts, sizes, background colours, outlines ...) is named in
one note by :func:`unread_note`. A ``<p>`` whose text does not match pysubs2's reading keeps
pysubs2's plain text. A ``<p>`` pysubs2 does not read (in a nested ``<div>``, or right in
``<body>``) is named in a note rather than lost in silence. Files that declare XML entities are refused before either reads them
(:func:`refuse_entities`): no TTML needs them, and they can expand a small file into
gigabytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from engine.subtitles.markup_tags import _Builder, _Tags, named_colour
from engine.subtitles.subtitle_formats import SubtitleFileError

__all__ = ["refuse_entities", "styled_paragraphs", "unread_note", "without_declared_encoding"]

_TT = "{http://www.w3.org/ns/ttml}"
_TTS = "{http://www.w3.org/ns/ttml#styling}"
_TTP = "{http://www.w3.org/ns/ttml#parameter}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_READ = (
    "fontStyle",
    "fontWeight",
    "textDecoration",
    "color",
    "displayAlign",
    "origin",
    "extent",
    "textAlign",
)
_TTS_ATTRIBUTE = re.compile(r"\btts:([A-Za-z]+)\s*=")
_MAX_DEPTH = 64  # nested spans or style references deeper than any real file
_KEYS = ("font", "i", "b", "u", "s")
_WHITE = "#ffffff"
_UNSTYLED: _Tags = dict.fromkeys(_KEYS)

_Paragraph = tuple[str, int | None]


def refuse_entities(text: str, file_name: str) -> None:
    """A :class:`SubtitleFileError` when TTML ``text`` declares XML entities (``<!ENTITY``)."""
    if "<!ENTITY" in text or "<!entity" in text:
        raise SubtitleFileError(
            f"{file_name} declares XML entities, which no TTML file needs and which can expand a "
            "small file into gigabytes: it was not read; remove its <!DOCTYPE ...> block"
        )


def unread_note(text: str) -> str:
    """The note naming the ``tts:`` styling attributes of TTML ``text`` this reading drops,
    "" when there are none."""
    names = sorted({m.group(1) for m in _TTS_ATTRIBUTE.finditer(text)} - set(_READ))
    if not names:
        return ""
    return (
        f"TTML styling not read: {', '.join('tts:' + n for n in names)}; the text, italics, bold, "
        "underline, colours and top/bottom positions were kept"
    )


# The XML declaration's encoding: text already decoded to str must not name one for pysubs2,
# whose ET.parse of a StringIO then says encoding="UTF-16" is "incorrect" (review 7, finding 3).
_DECLARED_ENCODING = re.compile(r"\A(\ufeff?\s*<\?xml\b[^>]*?)\s+encoding\s*=\s*(?:\"[^\"]*\"|'[^']*')")


def without_declared_encoding(text: str) -> str:
    """TTML ``text``, already decoded, with its XML declaration's ``encoding="..."`` dropped
    (XML 1.0 §4.3.3: the declaration names the encoding of bytes, which a str no longer has),
    so that pysubs2 and ElementTree read it whatever encoding the file was in."""
    return _DECLARED_ENCODING.sub(r"\1", text, count=1)


def _root(text: str) -> ET.Element | None:
    try:
        return ET.fromstring(text)  # a str's declared encoding is ignored here; pysubs2's ET.parse checks it
    except (ET.ParseError, ValueError):
        return None


def _unread_paragraphs(body: ET.Element) -> str:
    """The note on the ``<p>`` elements pysubs2 does not read (those not in ``body/div/p``: in
    a nested ``<div>`` or right in ``<body>``), "" when there are none."""
    read = {id(p) for div in body.iterfind(f"{_TT}div") for p in div.iterfind(f"{_TT}p")}
    stray = [p for p in body.iter(f"{_TT}p") if id(p) not in read]
    if not stray:
        return ""
    first = " ".join("".join(stray[0].itertext()).split())[:40]
    many = len(stray) > 1
    return (
        f"{len(stray)} TTML paragraph{'s' if many else ''} (<p>) outside body > div > p (in a nested "
        f"<div>, or right in <body>) {'were' if many else 'was'} not read (the first: {first!r}): "
        "move them into a <div> of <body> and open the file again"
    )


def _ttml_attributes(element: ET.Element) -> dict[str, str]:
    return {k[len(_TTS) :]: v for k, v in element.attrib.items() if k.startswith(_TTS)}


class _Sheet:
    """The file's ``<style>`` and ``<region>`` elements by ``xml:id``, resolved on demand."""

    def __init__(self, root: ET.Element) -> None:
        self.styles = {e.get(_XML_ID, ""): e for e in root.iter(f"{_TT}style") if e.get(_XML_ID)}
        self.regions = {e.get(_XML_ID, ""): e for e in root.iter(f"{_TT}region") if e.get(_XML_ID)}
        self._resolved: dict[str, dict[str, str]] = {}
        self.extent = _pair(root.get(f"{_TTS}extent", ""))
        cells = (root.get(f"{_TTP}cellResolution") or "32 15").split()
        self.rows = float(cells[1]) if len(cells) == 2 and cells[1].isdigit() and int(cells[1]) else 15.0

    def referenced(self, element: ET.Element, depth: int = 0) -> dict[str, str]:
        """The ``tts:`` attributes ``element`` gets from the styles its ``style`` attribute
        names, then its own (TTML1 section 8.4.1.3)."""
        if not element.attrib:
            return {}
        found: dict[str, str] = {}
        for name in (element.get("style") or "").split()[:_MAX_DEPTH]:
            found.update(self._style(name, depth + 1))
        found.update(_ttml_attributes(element))
        return found

    def _style(self, name: str, depth: int) -> dict[str, str]:
        if name in self._resolved:
            return self._resolved[name]
        style = self.styles.get(name)
        self._resolved[name] = {}  # a style that names itself, directly or not, adds nothing
        if style is None or depth > _MAX_DEPTH:
            return {}
        self._resolved[name] = self.referenced(style, depth)
        return self._resolved[name]

    def percent(self, value: str, axis: int) -> float | None:
        """A TTML length on ``axis`` (0 x, 1 y) in % of the screen, None when unknown."""
        if value.endswith("%"):
            return _number(value[:-1])
        if value.endswith("c") and axis == 1:
            cells = _number(value[:-1])
            return None if cells is None else cells / self.rows * 100
        if value.endswith("px") and self.extent is not None:
            pixels, whole = _number(value[:-2]), _number(self.extent[axis].removesuffix("px"))
            return None if pixels is None or not whole else pixels / whole * 100
        return None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) < 1e6 else None


def _pair(value: str) -> tuple[str, str] | None:
    parts = value.split()
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _apply(tags: _Tags, attributes: dict[str, str]) -> _Tags:
    """``tags`` (the canonical styles in force) changed by TTML ``attributes``."""
    if not attributes:
        return tags
    out = dict(tags)
    if (style := attributes.get("fontStyle")) is not None:
        out["i"] = "<i>" if style.strip() in ("italic", "oblique") else None
    if (weight := attributes.get("fontWeight")) is not None:
        out["b"] = "<b>" if weight.strip() == "bold" else None
    for token in attributes.get("textDecoration", "").split():
        if token in ("underline", "noUnderline"):
            out["u"] = "<u>" if token == "underline" else None
        elif token in ("lineThrough", "noLineThrough"):
            out["s"] = "<s>" if token == "lineThrough" else None
        elif token == "none":
            out["u"] = out["s"] = None
    if (colour := attributes.get("color")) is not None and (value := named_colour(colour)) is not None:
        out["font"] = None if value == _WHITE else f'<font color="{value}">'
    if (align := attributes.get("textAlign")) is not None:
        out["align"] = align.strip()
    return out


def _alignment(sheet: _Sheet, region: dict[str, str] | None, text_align: str | None) -> int | None:
    """The cue alignment (ASS ``\\an``) of text in ``region`` (its resolved attributes)."""
    if region is None:
        return None
    origin = _pair(region.get("origin", "")) or ("0%", "0%")
    top = sheet.percent(origin[1], 1) if "origin" in region else 0.0
    extent = _pair(region.get("extent", ""))
    height = sheet.percent(extent[1], 1) if extent else None
    if top is None:  # a position we cannot place: the region's alignment alone
        top, height = 0.0, 100.0
    if height is None:
        height = 100.0 - top
    where = {"center": height / 2, "after": height}.get(region.get("displayAlign", "before").strip(), 0.0)
    y = top + where
    row = 6 if y < 100 / 3 else 3 if y < 200 / 3 else 0  # numpad rows: 7-9 top, 4-6, 1-3
    column = {"left": 1, "start": 1, "right": 3, "end": 3}.get((text_align or "").strip(), 2)
    alignment = row + column
    return None if alignment == 2 else alignment


def _runs(element: ET.Element, tags: _Tags, sheet: _Sheet, depth: int) -> Iterable[tuple[_Tags, str]]:
    """(styles, text) pieces of ``element``'s content as pysubs2 reads it: text with its
    whitespace collapsed, ``"\\n"`` for ``<br>``, spans' content; other elements' content is
    left out, their tails kept."""
    if depth > _MAX_DEPTH:
        raise RecursionError("spans nested deeper than any real file")
    if element.text:
        yield tags, re.sub(r"\s+", " ", element.text)
    for child in element:
        if child.tag == f"{_TT}br":
            yield tags, "\n"
        elif child.tag == f"{_TT}span":
            yield from _runs(child, _apply(tags, sheet.referenced(child)), sheet, depth + 1)
        if child.tail:
            yield tags, re.sub(r"\s+", " ", child.tail)


def _markup(runs: Iterable[tuple[_Tags, str]]) -> str:
    """Canonical text of ``runs``, each line stripped as pysubs2 strips them, lines joined by
    ``\\N`` as pysubs2 holds them."""
    lines: list[list[tuple[_Tags, str]]] = [[]]
    for tags, text in runs:
        for k, part in enumerate(text.split("\n")):
            if k:
                lines.append([])
            if part:
                lines[-1].append((tags, part))
    out: list[str] = []
    for pieces in lines:
        first = next((k for k, (_, part) in enumerate(pieces) if part.strip()), len(pieces))
        last = next((k for k in range(len(pieces) - 1, first - 1, -1) if pieces[k][1].strip()), first - 1)
        line = pieces[first : last + 1]
        if line:
            line[0] = (line[0][0], line[0][1].lstrip())
            line[-1] = (line[-1][0], line[-1][1].rstrip())
        builder, current = _Builder(), _UNSTYLED
        for tags, part in line:
            if tags is not current:
                for key in _KEYS:
                    if tags.get(key) != current.get(key):
                        builder.set(key, tags.get(key))
                current = tags
            builder.text(part)
        out.append(builder.finish())
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return "\\N".join(out)


def styled_paragraphs(text: str) -> tuple[list[_Paragraph] | None, str]:
    """Each ``<p>`` of TTML ``text`` pysubs2 reads, in its order, as (canonical text with
    ``\\N`` line breaks, alignment or None), None when the file cannot be read this way; and
    the note on the ``<p>`` it does not read, "" when none."""
    root = _root(text)
    body = root.find(f"{_TT}body") if root is not None else None
    if root is None or body is None:
        return (None if root is None else []), ""
    stray = _unread_paragraphs(body)
    sheet = _Sheet(root)
    out: list[_Paragraph] = []
    try:
        for div in body.iterfind(f"{_TT}div"):
            for p in div.iterfind(f"{_TT}p"):
                region_id = p.get("region") or div.get("region") or body.get("region")
                region_element = sheet.regions.get(region_id or "")
                region = sheet.referenced(region_element) if region_element is not None else None
                tags = _apply(_UNSTYLED, region or {})
                for element in (body, div, p):
                    tags = _apply(tags, sheet.referenced(element))
                alignment = _alignment(sheet, region, tags.get("align"))
                out.append((_markup(_runs(p, tags, sheet, 0)), alignment))
    except RecursionError:
        return None, stray
    return out, stray
