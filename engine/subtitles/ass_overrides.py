"""ASS/SSA styles and override blocks as canonical markup (package-internal).

An event's style is its text's base styling (Bold/Italic/Underline/StrikeOut flags, the
PrimaryColour unless white) and position (Alignment); an override block (``{\\i1\\c&H0000FF&}``)
switches styles from there, ``\\r``/``\\rName`` resets to a style, and ``\\an``/SSA's ``\\a``
set the position (libass's rules). :func:`engine.subtitles.markup.canonical` uses this;
effects the markup cannot hold are named by :mod:`engine.subtitles.ass_style`. Tag names are
those of the Aegisub override-tag reference (https://aegisub.org/docs/latest/ass_tags/).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from engine.subtitles.markup_tags import _SIMPLE, _SSA_ALIGNMENT, _Builder, _Tags

if TYPE_CHECKING:
    import pysubs2

__all__: list[str] = []  # package-internal: _AssState, _apply_ass_block, _style_alignment

# \an, SSA's \a, \i \b \u \s, \c/\1c, and \r with its style name (up to the next tag); not
# \bord, \blur, \clip, \alpha (a letter or "(" follows).
_ASS_TAG = re.compile(r"\\(?:(an|a|[ibus]|1?c)(&H[0-9A-Fa-f]+&?|\d*)(?![A-Za-z(])|r([^\\]*))")
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
