"""Inline styling of a cue's text: one canonical markup, and its translations to each format.

A cue's text keeps its styling as SubRip-style tags, the most widely read form: ``<i>``, ``<b>``,
``<u>``, ``<s>`` and ``<font color="#rrggbb">``, always balanced and never nested twice. The
screen position is not markup: it is the cue's ``alignment`` field (ASS ``\\an`` numbering).
Files are translated to this form on import (SRT's HTML tags and ``{\\anN}``, ASS override
blocks on top of the event's style, WebVTT's ``<c.class>``) and back on export (see
:mod:`engine.subtitles.io`). ASS tags this form cannot hold (``\\pos``, ``\\fad``, ``\\k`` ...)
are dropped here; :mod:`engine.subtitles.ass_style` names them so import can say so.

Every pattern here is linear in the text's length: no pattern can rescan the rest of the text
from each ``<`` or ``{`` (a 120 KB cue of ``"<i "`` repeated took 23 s with ``<[^>]*>``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

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

# Colours WebVTT names as default classes (W3C WebVTT section 5.1, "default text colour").
VTT_COLOURS = {"white": "#ffffff", "lime": "#00ff00", "cyan": "#00ffff", "red": "#ff0000",
               "yellow": "#ffff00", "magenta": "#ff00ff", "blue": "#0000ff", "black": "#000000"}  # fmt: skip
_SIMPLE = ("i", "b", "u", "s")
# One token: an HTML-like tag, or a {...} block. [^<>]* and [^{}]* stop at the next opener, so
# an unclosed "<i <i <i" costs one pass, not one pass per "<".
_TOKEN = re.compile(r"<(/?)([A-Za-z][\w.]*)([^<>]*)>|\{([^{}]*)\}")
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
_CANONICAL_TAG = re.compile(r"</?(?:[ibus]|font)(?: [^<>]*)?>")
_HTML_COLOUR = re.compile(r"""color\s*=\s*["']?\s*(#?[0-9A-Za-z]+)""", re.IGNORECASE)
# \an, SSA's \a, \i \b \u \s, \c/\1c, and \r with its style name (up to the next tag); not
# \bord, \blur, \clip, \alpha (a letter or "(" follows).
_ASS_TAG = re.compile(r"\\(?:(an|a|[ibus]|1?c)(&H[0-9A-Fa-f]+&?|\d*)(?![A-Za-z(])|r([^\\]*))")


def _hex(value: str) -> str | None:
    """``#rrggbb`` from an HTML colour (``#ff0``, ``#FFFF00``, ``yellow``), or None."""
    value = value.strip().lower()
    if value in VTT_COLOURS:
        return VTT_COLOURS[value]
    digits = value.lstrip("#")
    if re.fullmatch(r"[0-9a-f]{3}", digits):
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}" if re.fullmatch(r"[0-9a-f]{6}", digits) else None


def colour_name(hex_colour: str) -> str:
    """A WebVTT class name for ``#rrggbb``: the default class when there is one."""
    for name, value in VTT_COLOURS.items():
        if value == hex_colour:
            return name
    return "color" + hex_colour.lstrip("#")


class _Builder:
    """Canonical text under construction: each style is on or off, the colour is one value."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.open: list[tuple[str, str]] = []  # (name, opening tag), outermost first

    def set(self, name: str, opening: str | None) -> None:
        """Turn style ``name`` on with tag ``opening``, or off (None)."""
        current = next((k for k, (n, _) in enumerate(self.open) if n == name), None)
        if current is not None:
            if opening == self.open[current][1]:
                return
            reopen = self.open[current + 1 :]
            for n, _ in reversed(self.open[current:]):
                self.parts.append(f"</{n}>")
            del self.open[current:]
            for n, tag in reopen:
                self._push(n, tag)
        if opening is not None:
            self._push(name, opening)

    def _push(self, name: str, opening: str) -> None:
        self.parts.append(opening)
        self.open.append((name, opening))

    def text(self, chunk: str) -> None:
        self.parts.append(chunk)

    def finish(self) -> str:
        for name, _ in reversed(self.open):
            self.parts.append(f"</{name}>")
        out = "".join(self.parts)
        # Styles that wrap nothing ("<i></i>") are noise left by toggles.
        previous = None
        while previous != out:
            previous, out = out, re.sub(r"<([ibus]|font)(?: [^<>]*)?></\1>", "", out)
        return out


# SSA v4's \\a numbering in \\an order: \\a1-3 bottom, \\a9-11 middle, \\a5-7 top (pysubs2's table).
_SSA_ALIGNMENT = (1, 2, 3, 9, 10, 11, 5, 6, 7)
_Tags = dict[str, str | None]  # style name ("i", "b", "u", "s", "font") -> opening tag, or None
_UNSTYLED: _Tags = {"font": None, "i": None, "b": None, "u": None, "s": None}
_WHITE = (255, 255, 255)  # the player's default text colour (libass's default style)


def _style_tags(style: pysubs2.SSAStyle | None) -> _Tags:
    """The canonical tags an ASS style stands for: its italic, bold, underline and strike-out
    flags, and its primary colour unless white (pysubs2 has read ``&HAABBGGRR`` into r, g, b)."""
    if style is None:
        return _UNSTYLED
    colour = style.primarycolor
    rgb = (colour.r, colour.g, colour.b)
    return {
        "font": None if rgb == _WHITE else '<font color="#{:02x}{:02x}{:02x}">'.format(*rgb),
        "i": "<i>" if style.italic else None,
        "b": "<b>" if style.bold else None,
        "u": "<u>" if style.underline else None,
        "s": "<s>" if style.strikeout else None,
    }


def _style_alignment(style: pysubs2.SSAStyle | None) -> int | None:
    """An ASS style's position as a cue alignment: None for bottom centre (2), the default."""
    if style is None:
        return None
    try:
        value = int(style.alignment)
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 9 and value != 2 else None


class _AssState:
    """The styles an override block resets to: the event's, and the current one (``\\rName``)."""

    def __init__(self, style: pysubs2.SSAStyle | None, styles: dict[str, pysubs2.SSAStyle] | None) -> None:
        self.event = _style_tags(style)
        self.current = self.event
        self.styles = styles or {}

    def reset(self, name: str) -> _Tags:
        """``\\r`` (``name`` empty) or ``\\rName``: the tags of that style, or of the event's
        when the file has no style ``name`` (as libass does); it becomes the current style."""
        target = self.styles.get(name) or self.styles.get(name.strip()) if name else None
        self.current = _style_tags(target) if target is not None else self.event
        return self.current


def _apply_ass_block(block: str, out: _Builder, state: _AssState) -> int | None:
    """Apply one override block's styling tags; the ``\\an`` (or SSA ``\\a``) it sets, if any.

    A tag without a value (``\\i``, ``\\c``) returns to the current style's value. No text lies
    between a block's tags, so only each style's last value is applied: a block of 100,000
    toggles costs one pass, not 100,000 reopened tags.
    """
    alignment = None
    final: _Tags = {}
    for name, value, reset in _ASS_TAG.findall(block):
        if not name:
            final.update(state.reset(reset))
        elif name == "an":
            if value.isdigit() and 1 <= int(value) <= 9:
                alignment = int(value)
        elif name == "a":
            if value.isdigit() and int(value) in _SSA_ALIGNMENT:
                alignment = _SSA_ALIGNMENT.index(int(value)) + 1
        elif name in _SIMPLE:
            # \\b may carry a weight (\\b700); 0 is off, anything else on.
            final[name] = (f"<{name}>" if value != "0" else None) if value else state.current[name]
        else:
            bgr = value.strip("&Hh").rjust(6, "0")[-6:] if value.startswith("&") else ""
            colour = f'<font color="#{bgr[4:6]}{bgr[2:4]}{bgr[0:2]}">'.lower() if bgr else None
            final["font"] = colour or state.current["font"]
    for key, opening in final.items():
        out.set(key, opening)
    return alignment


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


def _outside_tags(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the text between canonical tags, the tags left as they are."""
    out, pos = [], 0
    for tag in _CANONICAL_TAG.finditer(text):
        out += [change(text[pos : tag.start()]), tag.group(0)]
        pos = tag.end()
    out.append(change(text[pos:]))
    return "".join(out)


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
