"""ASS/SSA override effects the canonical markup cannot hold, found so import can say so.

The canonical markup (:mod:`engine.subtitles.markup`) keeps italics, bold, underline,
strike-out, the primary colour and the ``\\an`` position; every other override tag (``\\pos``,
``\\move``, ``\\fad``, ``\\clip``, ``\\t``, karaoke ``\\k``, fonts, borders, blur, rotation,
other colours and alphas, drawings ``\\p1`` ...) is dropped on import. :func:`effects` names
those in one event's text; :class:`EffectTally` gathers them over a file into the one warning
line the user sees. Tag names are those of the Aegisub override-tag reference
(https://aegisub.org/docs/latest/ass_tags/). Every pattern is linear in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.subtitles.document import format_ms

if TYPE_CHECKING:
    import pysubs2

__all__ = ["STYLES_NOTE", "EffectTally", "Effects", "effects", "play_res_y", "styles_note"]

_BLOCK = re.compile(r"\{([^{}]*)\}")
# Longer names first where one begins another (\fade before \fad, \fscx before \fs). \b, \i,
# \u, \s, \c, \1c, \an, \a and \r are what the canonical markup keeps; \p0 ends a drawing.
_EFFECT = re.compile(
    r"\\(pos|move|org|fade|fad|iclip|clip|t(?=\s*\()|kf|ko|kt|k|K|fn|fsp|fscx|fscy|fsc|fs|fe"
    r"|xbord|ybord|bord|xshad|yshad|shad|blur|be|frx|fry|frz|fr|fax|fay|alpha|[1-4]a|[2-4]c"
    r"|q|pbo|p(?=\s*[1-9]))"
)
_PLACED = re.compile(r"\\(?:pos|move)\s*\(\s*-?[\d.]+\s*,\s*(-?[\d.]+)")
_MAX_NAMES = 8


@dataclass(frozen=True)
class Effects:
    """What one event's override blocks hold that the editor cannot keep.

    ``names`` are the tags as written (``"\\pos"``, ``"\\fad"``), first-seen order, each once.
    ``y`` is the vertical position in script pixels of the first ``\\pos``/``\\move`` (where a
    move starts), None without one.
    """

    names: tuple[str, ...] = ()
    y: float | None = None


def effects(text: str) -> Effects:
    """The effects in ASS event ``text`` (as pysubs2 holds it); only ``{...}`` blocks count."""
    names: dict[str, None] = {}
    y = None
    for block in _BLOCK.finditer(text):
        body = block.group(1)
        if "\\" not in body:
            continue
        for match in _EFFECT.finditer(body):
            names.setdefault("\\" + match.group(1), None)
        if y is None and ("\\pos" in body or "\\move" in body):
            placed = _PLACED.search(body)
            if placed is not None:
                try:
                    y = float(placed.group(1))
                except ValueError:  # "1.2.3"
                    y = None
    return Effects(tuple(names), y)


def play_res_y(info: Mapping[str, str]) -> float:
    """The script's height in pixels, the space ``\\pos`` is in: ``PlayResY``, else what libass
    takes without it (``ass_lazy_track_init`` in libass's ass.c): 288 when PlayResX is unset
    too, 1024 for PlayResX 1280, else 3/4 of PlayResX."""

    def number(key: str) -> float:
        try:
            value = float(str(info.get(key, "")).strip())
        except ValueError:
            return 0.0
        return value if value > 0 else 0.0

    height, width = number("PlayResY"), number("PlayResX")
    if height:
        return height
    if not width:
        return 288.0
    return 1024.0 if width == 1280 else max(1.0, width * 3 / 4)


@dataclass
class EffectTally:
    """Effects over a file's events, for one warning line (see :meth:`note`)."""

    kept: int = 0  # cues imported without their effects
    drawings: int = 0  # vector drawings ({\p1}), left out
    names: dict[str, None] = field(default_factory=dict)
    first_ms: int | None = None

    def add(self, start_ms: int, found: Effects, *, drawing: bool = False) -> None:
        """Count one event at ``start_ms`` with ``found`` effects; a drawing is always counted."""
        if not found.names and not drawing:
            return
        if drawing:
            self.drawings += 1
            self.names.setdefault("\\p", None)
        else:
            self.kept += 1
        for name in found.names:
            self.names.setdefault(name, None)
        start_ms = max(start_ms, 0)
        self.first_ms = start_ms if self.first_ms is None else min(self.first_ms, start_ms)

    def note(self) -> str | None:
        """The warning line, or None when no event had effects. For example: "2 cues use ASS
        effects the editor cannot keep (\\pos, \\fad); their text and styling were kept, the
        effects dropped (first at 0:01:02.000)"."""
        total = self.kept + self.drawings
        if not total or self.first_ms is None:
            return None
        names = list(self.names)
        if len(names) > _MAX_NAMES:
            names = [*names[:_MAX_NAMES], f"and {len(names) - _MAX_NAMES} more"]
        head = (
            f"{total} cue{'s use' if total > 1 else ' uses'} ASS effects the editor cannot keep "
            f"({', '.join(names)})"
        )
        kept_text = "their text and styling were kept" if self.kept > 1 else "its text and styling were kept"
        if not self.drawings:
            tail = f"{kept_text}, the effects dropped"
        elif not self.kept:
            tail = (
                "they are vector drawings and were left out"
                if self.drawings > 1
                else "it is a vector drawing and was left out"
            )
        else:
            tail = (
                f"{self.kept} kept {'their' if self.kept > 1 else 'its'} text and styling, the effects "
                f"dropped; {self.drawings} vector drawing{'s were' if self.drawings > 1 else ' was'} left out"
            )
        return f"{head}; {tail} (first at {format_ms(self.first_ms)})"


STYLES_NOTE = (
    "the file's ASS styles (fonts, sizes, margins) and layers are not kept: exporting to ASS writes "
    "one Default style; `convert` to ASS keeps them"
)
# (font, size, left, right and vertical margins, outline, shadow) of the styles nothing is lost
# from: pysubs2's stock Default (Arial 20, as Aegisub and SSA v4 write it) and the Default this
# app writes (engine.subtitles.subtitle_save's _STYLE).
_STOCK_LOOKS = (("Arial", 20.0, 10, 10, 10, 2.0, 2.0), ("Arial", 64.0, 60, 60, 50, 3.0, 1.0))


def styles_note(subs: pysubs2.SSAFile) -> str | None:
    """:data:`STYLES_NOTE` when an ASS/SSA file holds layout the editor does not keep: a style
    whose font, size, margins, outline or shadow differ from a stock Default (bold, italic,
    colour and alignment become markup and are kept), or a text event with a layer, margins or
    an Effect field; None otherwise."""
    for style in subs.styles.values():
        look = (
            style.fontname,
            float(style.fontsize),
            style.marginl,
            style.marginr,
            style.marginv,
            float(style.outline),
            float(style.shadow),
        )
        if look not in _STOCK_LOOKS:
            return STYLES_NOTE
    for event in subs:
        if event.is_comment:
            continue
        if event.layer or event.marginl or event.marginr or event.marginv or event.effect.strip():
            return STYLES_NOTE
    return None
