"""Dialogue cues: two speakers in one cue, each turn opened by a dash.

Netflix Timed Text Style Guide, "Dual speakers": a hyphen (without a space) for each speaker, one
speaker per line; the BBC guidelines write "- " and may leave the first speaker without one. Both
are read here, so that re-wrapping a cue and merging cues never run two speakers into one line.
"""

from __future__ import annotations

import re

__all__ = ["is_dialogue", "turns"]

# A dialogue dash opening a line ("- Hi.", "-Hi."), not "--" (an interruption) nor a minus ("-10").
_TURN = re.compile(r"^[-‐‑–—](?![-‐‑–—\d])")


def turns(text: str) -> list[str]:
    """A cue's dialogue turns: a line that opens with a dash starts one (Netflix "-Hi." and BBC
    "- Hi." alike; the first speaker may have none), other lines continue the turn before. One
    turn (the whole text) unless a line after the first opens with a dash."""
    lines = text.split("\n")
    if not any(_TURN.match(line.lstrip()) for line in lines[1:]):
        return [text]
    out: list[str] = []
    for k, line in enumerate(lines):
        if k == 0 or _TURN.match(line.lstrip()):
            out.append(line.strip())
        else:
            out[-1] += " " + line.strip()
    return out


def is_dialogue(text: str) -> bool:
    """Whether ``text`` opens with a dialogue dash or holds two or more turns (:func:`turns`)."""
    return bool(_TURN.match(text.lstrip())) or len(turns(text)) > 1
