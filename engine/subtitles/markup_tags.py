"""The building blocks the canonical markup's reader and writers share (package-internal).

The tag and colour patterns of the canonical form (``<i> <b> <u> <s> <font color="#rrggbb">``),
WebVTT's default colour classes, SSA v4's position numbering, and ``_Builder``, which keeps
a text's tags balanced while styles switch on and off. :mod:`engine.subtitles.markup` reads
files' markup into this form, :mod:`engine.subtitles.ass_overrides` applies ASS styles and
override blocks, :mod:`engine.subtitles.markup_write` writes it back; this module imports none
of them, so they import it without a cycle. Every pattern here is linear in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["NAMED_COLOURS", "VTT_COLOURS", "colour_name", "named_colour"]

# Colours WebVTT names as default classes (W3C WebVTT section 5.1, "default text colour").
VTT_COLOURS = {
    "white": "#ffffff",
    "lime": "#00ff00",
    "cyan": "#00ffff",
    "red": "#ff0000",
    "yellow": "#ffff00",
    "magenta": "#ff00ff",
    "blue": "#0000ff",
    "black": "#000000",
}
_SIMPLE = ("i", "b", "u", "s")
_CANONICAL_TAG = re.compile(r"</?(?:[ibus]|font)(?: [^<>]*)?>")
_HTML_COLOUR = re.compile(r"""color\s*=\s*["']?\s*(#?[0-9A-Za-z]+)""", re.IGNORECASE)


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


def _outside_tags(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the text between canonical tags, the tags left as they are."""
    out, pos = [], 0
    for tag in _CANONICAL_TAG.finditer(text):
        out += [change(text[pos : tag.start()]), tag.group(0)]
        pos = tag.end()
    out.append(change(text[pos:]))
    return "".join(out)


# The colour keywords of HTML 4.01 (section 6.5) and TTML1 (section 10.3.2 <namedColor>, which
# adds magenta, cyan and transparent), which SAMI's <font color> and TTML's tts:color use.
NAMED_COLOURS = {
    "black": "#000000",
    "silver": "#c0c0c0",
    "gray": "#808080",
    "grey": "#808080",
    "white": "#ffffff",
    "maroon": "#800000",
    "red": "#ff0000",
    "purple": "#800080",
    "fuchsia": "#ff00ff",
    "magenta": "#ff00ff",
    "green": "#008000",
    "lime": "#00ff00",
    "olive": "#808000",
    "yellow": "#ffff00",
    "navy": "#000080",
    "blue": "#0000ff",
    "teal": "#008080",
    "aqua": "#00ffff",
    "cyan": "#00ffff",
}
_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*\d{1,3}\s*)?\)")


def named_colour(value: str) -> str | None:
    """``#rrggbb`` from a colour as HTML and TTML write it: a keyword of :data:`NAMED_COLOURS`,
    ``#rgb``, ``#rrggbb``, ``#rrggbbaa`` (TTML; the alpha is dropped), ``rgb(r,g,b)`` or
    ``rgba(r,g,b,a)`` (0-255 each), ``rrggbb``; None for anything else (``transparent`` too)."""
    value = value.strip().lower()
    if value in NAMED_COLOURS:
        return NAMED_COLOURS[value]
    if m := _RGB.fullmatch(value):
        parts = [int(p) for p in m.groups()]
        return "#{:02x}{:02x}{:02x}".format(*parts) if max(parts) <= 255 else None
    if re.fullmatch(r"#[0-9a-f]{8}", value):
        return value[:7]
    return _hex(value)  # also "ff0000" with no "#", as browsers read legacy colours
