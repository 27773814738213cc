"""WebVTT around pysubs2: what its reader and writer (SubRip's, with dots) do not know.

Both share pysubs2's SubRip writer, so :func:`rewrite_timings` serves SubRip too.

pysubs2 reads a WebVTT file as SubRip: every line with two timestamps starts a cue, so a cue
with inline word timings (``<00:00:07.000>``) is taken for a timing line and lost, NOTE, STYLE
and REGION blocks become cue text, and cue settings are thrown away. :func:`prepare` splits
the file into blocks as the W3C WebVTT specification does (section 4, "WebVTT file body"),
keeps only cue blocks, and hands pysubs2 a clean file plus, per cue, what it would lose.
:func:`finish` puts settings, voices and colour classes back into pysubs2's output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.protocol import Word
from engine.subtitles.markup import VTT_COLOURS, canonical, colour_name, plain_text

__all__ = ["VttCue", "VttFile", "finish", "parse_time", "prepare", "rewrite_timings"]

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})(.*)$")  # the spec's parser skips optional spaces
_INLINE_TIME = re.compile(rf"<({_TIME})>")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^<>]*)>")
_CLASS_COLOUR = re.compile(r"::cue\(\.([\w-]+)\)\s*\{[^{}]*?\bcolor\s*:\s*([#\w]+)", re.IGNORECASE)
_HEADER_BLOCKS = ("NOTE", "STYLE", "REGION")
# Word timings are kept for cues of speech length only: a damaged 100 KB cue made a million words.
_MAX_TIMED_CHARS = 5_000


def parse_time(text: str) -> int:
    """Milliseconds of ``[h+:]mm:ss.ttt`` (hours of any length: 100:00:01 is 100 h)."""
    clock, _, frac = text.replace(",", ".").partition(".")
    parts = [int(p) for p in clock.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return ((h * 60 + m) * 60 + s) * 1000 + int(frac.ljust(3, "0")[:3])


@dataclass(frozen=True)
class VttCue:
    """What one cue block holds besides pysubs2's times and text."""

    settings: str
    speaker: str | None
    words: tuple[Word, ...]
    empty: bool
    id: str = ""


@dataclass(frozen=True)
class VttFile:
    """The cleaned file for pysubs2, each cue's extras in file order, and the STYLE/REGION
    blocks (kept verbatim so a round trip can write them back)."""

    text: str
    cues: tuple[VttCue, ...]
    blocks: tuple[str, ...]
    classes: dict[str, str]


def _words(body: str, start_ms: int, end_ms: int) -> tuple[Word, ...]:
    """Word timings from inline timestamps: the text between two stamps spans them, its
    words share that span evenly. None for a cue longer than any spoken one."""
    pieces = _INLINE_TIME.split(body)
    if len(pieces) == 1 or len(body) > _MAX_TIMED_CHARS:
        return ()
    edges = [start_ms, *(parse_time(t) for t in pieces[1::2]), end_ms]
    words: list[Word] = []
    for k, piece in enumerate(pieces[::2]):
        tokens = plain_text(canonical(piece)[0]).split()
        lo, hi = edges[k], max(edges[k + 1], edges[k])
        for n, token in enumerate(tokens):
            a = lo + (hi - lo) * n // len(tokens)
            b = lo + (hi - lo) * (n + 1) // len(tokens)
            words.append(Word(a, max(b, a), token, 1.0))
    return tuple(words)


def prepare(text: str) -> VttFile:
    """Split a WebVTT file (``\\n`` line ends) into pysubs2's input and what pysubs2 drops."""
    blocks = re.split(r"\n\n+", text.strip("\n"))  # only an empty line ends a block (spaces do not)
    out = ["WEBVTT", ""]
    cues: list[VttCue] = []
    kept: list[str] = []
    classes: dict[str, str] = {}
    for k, block in enumerate(blocks):
        lines = block.split("\n")
        if k == 0 and lines[0].lstrip("\ufeff").startswith("WEBVTT"):
            continue  # header and its metadata lines (Kind:, Language:)
        first = lines[0].strip()
        # A timing line makes a block a cue, whatever its identifier ("NOTE 1" is a cue id).
        timing_at = next((n for n, line in enumerate(lines[:2]) if _TIMING.match(line)), None)
        if timing_at is None and first.split(" ", 1)[0].split("\t", 1)[0] in _HEADER_BLOCKS:
            if first.startswith(("STYLE", "REGION")):
                kept.append(block)
                for name, colour in _CLASS_COLOUR.findall(block):
                    classes[name] = colour
            continue
        if timing_at is None:
            continue  # not a cue: the specification says to skip it
        match = _TIMING.match(lines[timing_at])
        assert match is not None
        start, end, settings = match.groups()
        body_lines = [line for line in lines[timing_at + 1 :] if "-->" not in line and line.strip()]
        body = "\n".join(body_lines)
        voice = _VOICE.search(body)
        words = _words(body, parse_time(start), parse_time(end))
        clean = _VOICE.sub("", _INLINE_TIME.sub("", body)).replace("</v>", "")
        cues.append(VttCue(" ".join(settings.split()), voice.group(1).strip() if voice else None,
                           words, not canonical(clean, styled=False)[0].strip()))  # fmt: skip
        out += [f"{start} --> {end}", clean, ""]
    return VttFile("\n".join(out), tuple(cues), tuple(kept), classes)


def top_alignment(settings: str) -> int | None:
    """ASS ``\\an`` position a cue's settings ask for: 8 when its line is in the top half."""
    found = re.search(r"(?:^|\s)line:(-?[\d.]+)(%?)", settings)
    if not found:
        return None
    value, percent = float(found.group(1)), found.group(2)
    top = value < 50 if percent else 0 <= value < 4
    return 8 if top else None


def settings_for(alignment: int | None, settings: str) -> str:
    """Cue settings to write: the cue's own when it has them, else from its ``\\an`` position."""
    if settings or alignment in (None, 2):
        return settings
    assert alignment is not None
    row, column = (alignment - 1) // 3, (alignment - 1) % 3
    parts = [["line:100%", "line:50%", "line:0"][row]] if row else []
    if column != 1:
        parts.append("align:" + ("start" if column == 0 else "end"))
    return " ".join(parts)


def _timestamp(ms: int, sep: str) -> str:
    """``HH:MM:SS,mmm`` with as many hour digits as needed (SubRip's 99 h is no real limit)."""
    h, rest = divmod(ms, 3_600_000)
    return f"{h:02d}:{rest // 60_000:02d}:{rest // 1000 % 60:02d}{sep}{rest % 1000:03d}"


def rewrite_timings(output: str, times: list[tuple[int, int]], sep: str,
                    settings: list[str] | None = None) -> str:  # fmt: skip
    """pysubs2's SubRip or WebVTT output with the i-th timing line written from ``times[i]``
    (pysubs2 clamps both formats at 99:59:59.999) and ``settings[i]`` after it."""
    lines = output.split("\n")
    k = 0
    for n, line in enumerate(lines):
        # pysubs2 writes a cue number above each timing line (a WebVTT identifier).
        if k < len(times) and " --> " in line and n > 0 and lines[n - 1].strip().isdigit():
            start, end = times[k]
            extra = f" {settings[k]}" if settings and settings[k] else ""
            lines[n] = f"{_timestamp(start, sep)} --> {_timestamp(end, sep)}{extra}"
            k += 1
    return "\n".join(lines)


def finish(output: str, colours: set[str], blocks: tuple[str, ...], ids: Sequence[str] = ()) -> str:
    """pysubs2's WebVTT output without cue numbers, with STYLE/REGION blocks after the
    header (``blocks``, and a STYLE for ``colours`` that are no default class)."""
    lines = output.split("\n")
    for n in range(1, len(lines)):
        if " --> " in lines[n] and lines[n - 1].strip().isdigit():
            lines[n - 1] = ""  # WebVTT needs no identifier
    style = [f"::cue(.{colour_name(c)}) {{ color: {c}; }}" for c in sorted(colours)
             if c not in VTT_COLOURS.values()]  # fmt: skip
    head = [*blocks]
    if style and not any(b.startswith("STYLE") for b in blocks):
        head.append("STYLE\n" + "\n".join(style))
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines[1:]).lstrip("\n"))
    return "WEBVTT\n\n" + "".join(b + "\n\n" for b in head) + body
