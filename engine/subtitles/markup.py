"""Inline styling of a cue's text: one canonical markup, and its translations to each format.

A cue's text keeps its styling as SubRip-style tags, the most widely read form: ``<i>``, ``<b>``,
``<u>``, ``<s>`` and ``<font color="#rrggbb">``, always balanced and never nested twice. The
screen position is not markup: it is the cue's ``alignment`` field (ASS ``\\an`` numbering).
Files are translated to this form on import (SRT's HTML tags and ``{\\anN}``, ASS override
blocks on top of the event's style, WebVTT's ``<c.class>``) and back on export (see
:mod:`engine.subtitles.io`). ASS tags this form cannot hold (``\\pos``, ``\\fad``, ``\\k`` ...)
are dropped here; :mod:`engine.subtitles.ass_style` names them so import can say so.

This module reads (:func:`canonical` and the helpers on canonical text); the writers
(:func:`for_format`, :func:`to_ass`, :func:`to_vtt`, :func:`to_microdvd`, :func:`to_rich_text`)
live in :mod:`engine.subtitles.markup_write` and are re-exported here, ASS styles and override
blocks in :mod:`engine.subtitles.ass_overrides`, the shared patterns and tag builder in
:mod:`engine.subtitles.markup_tags`.

Every pattern here is linear in the text's length: no pattern can rescan the rest of the text
from each ``<`` or ``{`` (a 120 KB cue of ``"<i "`` repeated took 23 s with ``<[^>]*>``).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from engine.subtitles.ass_overrides import _apply_ass_block, _AssState, _style_alignment
from engine.subtitles.markup_tags import (
    _CANONICAL_TAG,
    _HTML_COLOUR,
    _SIMPLE,
    VTT_COLOURS,
    _Builder,
    _hex,
    _outside_tags,
    _Tags,
    colour_name,
)
from engine.subtitles.markup_write import escape_vtt as escape_vtt  # public before the split
from engine.subtitles.markup_write import for_format, to_ass, to_microdvd, to_rich_text, to_vtt

if TYPE_CHECKING:
    import pysubs2

__all__ = [
    "VTT_COLOURS",
    "ass_to_canonical",
    "canonical",
    "colour_name",
    "for_format",
    "outer_style",
    "plain_text",
    "split_markup",
    "tidy_lines",
    "to_ass",
    "to_microdvd",
    "to_rich_text",
    "to_vtt",
    "unkept_attributes",
]

# One token: an HTML-like tag, or a {...} block. [^<>]* and [^{}]* stop at the next opener, so
# an unclosed "<i <i <i" costs one pass, not one pass per "<".
_TOKEN = re.compile(
    r"<(/?)([A-Za-z][\w.]*)(?![\w.])([^<>]*)>|\{([^{}]*)\}"
)  # (?!) keeps it linear: name and rest never share a letter
_MAX_TAGS = 2_000
# The tags that are markup in the formats read as HTML-like text: SubRip's <i> <b> <u> <s> <font>
# and WebVTT's <c> (its <v>, <lang>, <ruby> are rewritten by engine.subtitles.webvtt first). Any
# other "<...>" ("Type <username> here") is text.
_KNOWN_TAG = r"</?(?:[ibus]|font|c)(?=[\s.>/])[^<>]*>"
# MicroDVD control codes (MicroDVD's readme; Subtitle Edit): {y:i,b,u,s} styles, {c:$BBGGRR} a
# colour; lower case for one line, capitals for the whole cue. Other {x:...} codes are text.
_MICRODVD = re.compile(r"([yY]):\s*([ibus](?:\s*,\s*[ibus])*)\s*|([cC]):\s*\$([0-9A-Fa-f]{6})\s*")
_MICRODVD_BLOCK = r"\{(?:[yY]:\s*[ibus](?:\s*,\s*[ibus])*|[cC]:\s*\$[0-9A-Fa-f]{6})\s*\}"
_SRT_BLOCK = re.compile(rf"{_KNOWN_TAG}|\{{\\[^{{}}]*\}}|{_MICRODVD_BLOCK}")
_ASS_BLOCK = re.compile(rf"{_KNOWN_TAG}|\{{[^{{}}]*\}}")


def _styled(text: str, tags: _Tags) -> str:
    """``text`` (no tags in it) under a style's canonical ``tags``."""
    if not any(tags.values()):
        return text
    out = _Builder()
    for key, opening in tags.items():
        out.set(key, opening)
    out.text(text)
    return out.finish()


def canonical(
    text: str,
    *,
    ass: bool = False,
    classes: dict[str, str] | None = None,
    styled: bool = True,
    style: pysubs2.SSAStyle | None = None,
    styles: dict[str, pysubs2.SSAStyle] | None = None,
) -> tuple[str, int | None]:
    """A file's cue text in canonical markup, and the ``\\an`` position (1-9) it asked for.

    ``text`` is as pysubs2 holds it (``\\N`` line breaks). SRT/VTT HTML tags and ``{\\...}``
    override blocks are read; in ASS (``ass=True``) every ``{...}`` is markup, elsewhere a block
    without a backslash is literal text. ``classes`` maps WebVTT class names to ``#rrggbb``
    (from the file's STYLE blocks; the default colour classes are always known); unknown classes
    are dropped, keeping their text. Only ``<i> <b> <u> <s> <font> <c>`` are tags: any other
    ``<...>`` ("Type <username> here", "<<hello>>") is text and kept as written (WebVTT's
    ``<v>``, ``<lang>``, ``<ruby>`` are rewritten by :mod:`engine.subtitles.webvtt` first).
    Outside ASS, MicroDVD control codes are markup too: ``{y:i}`` ``{y:b}`` ``{y:u}`` ``{y:s}``
    (several as ``{y:i,b}``) and ``{c:$BBGGRR}`` hold to the end of their line, the capitals
    ``{Y:...}`` ``{C:...}`` to the end of the cue (MicroDVD's readme); other ``{x:...}`` are text.
    ``styled=False`` (or a cue with thousands of tags) drops every tag at the regex engine's
    speed: the reader uses it for files whose tag count no real subtitle file has.

    ``style`` is the ASS event's style and ``styles`` all the file's (``[V4+ Styles]``, by
    name). The style is the text's base: its Bold/Italic/Underline/StrikeOut flags and its
    PrimaryColour (unless white, the player's default) wrap the text, and its Alignment is
    the position unless an inline ``\\an`` (or SSA's ``\\a1``-``\\a11``) overrides it; bottom
    centre (2) from a style is None. Inline tags switch from that base; ``{\\r}`` resets to the
    event's style, ``{\\rName}`` to style ``Name`` (the event's when there is none), and a
    valueless ``\\i``, ``\\b``, ``\\u``, ``\\s`` or ``\\c`` to the current style's value (libass's
    rules). Effects the markup cannot hold are found by :func:`engine.subtitles.ass_style.effects`.
    """
    if ass:
        # \n is a soft break in ASS: libass breaks there only in WrapStyle 2, otherwise it is a
        # space; \h is a non-breaking space (libass), kept as one.
        text = text.replace("\\N", "\n").replace("\\n", " ").replace("\\h", "\u00a0")
    else:
        text = text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")
    state = _AssState(style, styles)
    base_alignment = _style_alignment(style)
    if "<" not in text and "{" not in text:
        return _styled(text, state.event), base_alignment  # most cues: nothing to translate
    if not styled or text.count("<") + text.count("{") > _MAX_TAGS:
        # No real cue holds thousands of tags; a damaged one gets its text without styling,
        # at the regex engine's speed (20 million tags took 130 s through the builder).
        return _styled((_ASS_BLOCK if ass else _SRT_BLOCK).sub("", text), state.event), base_alignment
    known = {**VTT_COLOURS, **(classes or {})}
    out, alignment, pos = _Builder(), None, 0
    for key, opening in state.event.items():
        out.set(key, opening)
    line_only: _Tags = {}  # MicroDVD's lower-case codes: styles that end with their line
    for match in _TOKEN.finditer(text):
        closing, name, rest, block = match.groups()
        code = None
        if block is not None and not ass and not block.startswith("\\"):
            code = _MICRODVD.fullmatch(block)
            if code is None:
                continue  # "{aside}" in SRT/VTT is text
        tag = name.lower() if name else ""
        if block is None and tag not in _SIMPLE and tag != "font" and tag != "c" and not tag.startswith("c."):
            continue  # "<username>" is text
        _text_to(out, text[pos : match.start()], line_only, state)
        pos = match.end()
        if code is not None:
            _apply_microdvd(code, out, line_only)
        elif block is not None:
            alignment = _apply_ass_block(block, out, state) or alignment
        elif tag in _SIMPLE:
            out.set(tag, None if closing else f"<{tag}>")
        elif tag == "font":
            found = _HTML_COLOUR.search(rest)
            colour = _hex(found.group(1)) if found else None
            out.set("font", None if closing or colour is None else f'<font color="{colour}">')
        else:
            colour = next((_hex(known[c]) for c in tag.split(".")[1:] if c in known), None)
            out.set("font", None if closing or colour is None else f'<font color="{colour}">')
    _text_to(out, text[pos:], line_only, state)
    return out.finish(), alignment or base_alignment


def _text_to(out: _Builder, chunk: str, line_only: _Tags, state: _AssState) -> None:
    """Add ``chunk``; at its first line break, styles set for one line only (``line_only``)
    return to the current style's value."""
    if line_only and "\n" in chunk:
        head, _, tail = chunk.partition("\n")
        out.text(head)
        for key in line_only:
            out.set(key, state.current[key])
        line_only.clear()
        out.text("\n" + tail)
    else:
        out.text(chunk)


def _apply_microdvd(code: re.Match[str], out: _Builder, line_only: _Tags) -> None:
    """Apply one MicroDVD control code (``{y:i,b}``, ``{C:$BBGGRR}``)."""
    kind, letters, colour_kind, bgr = code.groups()
    if letters is not None:
        settings = {c: f"<{c}>" for c in re.findall(r"[ibus]", letters)}
        whole = kind == "Y"
    else:
        settings = {"font": f'<font color="#{bgr[4:6]}{bgr[2:4]}{bgr[0:2]}">'.lower()}
        whole = colour_kind == "C"
    for key, opening in settings.items():
        out.set(key, opening)
        if whole:
            line_only.pop(key, None)
        else:
            line_only[key] = opening


def ass_to_canonical(text: str) -> tuple[str, int | None]:
    """Canonical text and ``\\an`` position from an ASS/SSA event's text."""
    return canonical(text, ass=True)


def plain_text(text: str) -> str:
    """``text`` without its styling tags: what the viewer reads, for reading-speed counts."""
    return _CANONICAL_TAG.sub("", text)


def unkept_attributes(text: str) -> tuple[str, ...]:
    """What the ``<font>`` tags of a file's cue text (SubRip or WebVTT, before :func:`canonical`)
    ask for that the canonical markup cannot hold: ``"font face"`` and ``"font size"``, each
    once, in that order; the colour is kept."""
    found = set()
    for tag in re.finditer(r"<font\b[^<>]*>", text, re.IGNORECASE):
        for name in re.findall(r"\b(face|size)\s*=", tag.group(0), re.IGNORECASE):
            found.add(f"font {name.lower()}")
    return tuple(k for k in ("font face", "font size") if k in found)


_OUTER = re.compile(r"((?:<(?:[ibus]|font)(?: [^<>]*)?>)*)([^<>]*)((?:</(?:[ibus]|font)>)*)")


def outer_style(text: str) -> tuple[str, str, str] | None:
    """``(opening tags, plain text, closing tags)`` when one style covers all of ``text``
    ("<i>a b</i>" or "a b"), else None. Re-laying text (wrapping, re-segmenting) is safe only
    then: the tags go around each new piece."""
    match = _OUTER.fullmatch(text)
    return None if match is None else (match.group(1), match.group(2), match.group(3))


# Character references: WebVTT's own (W3C WebVTT §4.2.2: &amp; &lt; &gt; &lrm; &rlm; &nbsp;)
# and, as browsers read cue text with the HTML table, every HTML named reference (&copy;) and
# numeric one; a cue's text must write & < > as references.
_VTT_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_LT = "\ufdd0"  # a noncharacter (Unicode §23.7, for internal use) standing for a decoded "<"
# A decoded "<" that would make a canonical tag; [^<>\ufdd0]* stops at the next one, so a cue of
# "&lt;i &lt;i ..." costs one pass.
_LT_TAG = re.compile(r"\ufdd0(?=/?(?:[ibus]|font)(?: [^<>\ufdd0]*)?>)")


def unescape_vtt(text: str) -> str:
    """Canonical text read from WebVTT with its character references decoded ("Tom &amp; Jerry"
    -> "Tom & Jerry", "&copy;" -> "©": any HTML named or numeric reference, as
    :func:`html.unescape` reads them, but only with their ";"). A reference that would decode
    into a styling tag stays as written."""

    def decode(part: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("#"):
                code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                valid = 0 < code < 0x110000 and not 0xD800 <= code < 0xE000
                decoded = chr(code) if valid else match.group(0)
            else:
                decoded = html.unescape(match.group(0))  # an unknown name ("&bogus;") stays as written
            return _LT if decoded == "<" else decoded

        # "<" waits as _LT until the rest is decoded: "&lt;i&gt;" is text, not an italic tag.
        decoded = _VTT_REFERENCE.sub(one, part)
        return _LT_TAG.sub("&lt;", decoded).replace(_LT, "<") if _LT in decoded else decoded

    return _outside_tags(text, decode) if "&" in text else text


def tidy_lines(text: str) -> str:
    """Lines stripped, blank ones dropped; a line of tags alone ("<i>" above the text) joins
    the next line (or the previous, at the end) so no style is lost with it."""
    out: list[str] = []
    carry = ""
    for line in text.split("\n"):
        line = carry + line.strip()
        carry = ""
        if plain_text(line).strip():
            out.append(line)
        elif line:
            carry = line
    if carry and out:
        out[-1] += carry
    return "\n".join(out)


def split_markup(text: str, position: int) -> tuple[str, str]:
    """Split canonical ``text`` at character ``position`` with both halves' tags balanced.

    Styles open at the cut are closed at the end of the left half and reopened at the start of
    the right half (splitting "<i>one two</i>" gives "<i>one</i>" and "<i>two</i>"); the
    space at the cut is dropped. A position inside a tag moves to the tag's end.
    """
    for match in _CANONICAL_TAG.finditer(text):
        if match.start() < position < match.end():
            position = match.end()
    left, _ = canonical(text[:position].rstrip())
    open_tags: list[str] = []
    for match in _CANONICAL_TAG.finditer(text[:position]):
        raw = match.group(0)
        if raw.startswith("</"):
            name = raw[2:-1]
            open_tags = [t for t in open_tags if not t.startswith(f"<{name}")]
        else:
            open_tags.append(raw)
    right, _ = canonical("".join(open_tags) + text[position:].lstrip())
    return left, right
