"""WebVTT around pysubs2: what its reader and writer (SubRip's, with dots) do not know.

Both share pysubs2's SubRip writer, so :func:`rewrite_timings` serves SubRip too.

pysubs2 reads a WebVTT file as SubRip: every line with two timestamps starts a cue, so a cue
with inline word timings (``<00:00:07.000>``) is taken for a timing line and lost, NOTE, STYLE
and REGION blocks become cue text, and cue identifiers, settings and the header's text are
thrown away. :func:`prepare` splits the file into blocks as the W3C WebVTT specification does
(section 4, "WebVTT file body"), keeps only cue blocks, and hands pysubs2 a clean file plus,
per cue, what it would lose (identifier, settings, voice, word timings); :func:`finish` puts
them back into pysubs2's output. Data flow::

    file text -> prepare() -> VttFile(text for pysubs2, cues' extras, blocks, classes, notes)
    cues -> pysubs2 -> rewrite_timings() -> finish(ids, colours, blocks) -> file text

``VttFile.blocks`` (kept by the caller as ``vtt_blocks``) holds, in file order: the header
(``"WEBVTT - title\nKind: captions"``, first, only when it says more than ``WEBVTT``), then
the STYLE and REGION blocks verbatim. NOTE blocks are comments and are dropped (counted in a note).

Cue text is rewritten by :func:`engine.subtitles.webvtt_spans.cue_body` (voices, ruby, language
and class spans, unknown tags), which says each loss in ``VttFile.notes``; inline timestamps
become the cue's word timings here.

Positions: :func:`alignment_for` maps the ``line``/``position``/``align`` settings to an ASS
``\\an`` numpad position (1-9) and :func:`settings_for` maps it back, so a position survives
VTT -> ASS/SRT -> VTT.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.protocol import Word
from engine.subtitles.markup import VTT_COLOURS, canonical, colour_name
from engine.subtitles.timecode import format_clock, parse_clock
from engine.subtitles.webvtt_spans import ANY_TAG, INLINE_TIME, TIME, Notes, cue_body

__all__ = [
    "VttCue",
    "VttFile",
    "alignment_for",
    "finish",
    "parse_time",
    "prepare",
    "rewrite_timings",
    "settings_for",
]

_TIMING = re.compile(rf"^\s*({TIME})\s*-->\s*({TIME})(.*)$")  # the spec's parser skips optional spaces
_CLASS_COLOUR = re.compile(r"::cue\(\.([\w-]+)\)\s*\{[^{}]*?\bcolor\s*:\s*([#\w]+)", re.IGNORECASE)
_CLASS_RULE = re.compile(r"::cue\(\.([\w-]+)\)\s*\{([^{}]*)\}", re.IGNORECASE)
_HEADER_BLOCKS = ("NOTE", "STYLE", "REGION")
# Word timings are kept for cues of speech length only: a damaged 100 KB cue made a million words.
_MAX_TIMED_CHARS = 5_000
# W3C WebVTT 7.2 ("processing cue settings"): a line number counts lines of 5.33 % of the height.
_LINE_HEIGHT_PERCENT = 5.33


def parse_time(text: str) -> int:
    """Milliseconds of ``[h+:]mm:ss.ttt`` (hours of any length: 100:00:01 is 100 h), leniently."""
    return parse_clock(text)


@dataclass(frozen=True)
class VttCue:
    """What one cue block holds besides pysubs2's times and text: its settings as written,
    its one voice (None for none or several), word timings, whether it is empty, and its
    identifier (\"\" for none)."""

    settings: str
    speaker: str | None
    words: tuple[Word, ...]
    empty: bool
    id: str = ""


@dataclass(frozen=True)
class VttFile:
    """The cleaned file for pysubs2, each cue's extras in file order, the blocks to write back
    (the header first when it says more than ``WEBVTT``, then STYLE/REGION verbatim), the
    classes' colours (name -> ``#rrggbb``) and ``notes``: what could not be kept, one
    sentence per kind for the user."""

    text: str
    cues: tuple[VttCue, ...]
    blocks: tuple[str, ...]
    classes: dict[str, str]
    notes: tuple[str, ...] = ()


def _words(body: str, start_ms: int, end_ms: int) -> tuple[Word, ...]:
    """Word timings from inline timestamps: the text between two stamps spans them, its
    words share that span evenly. None for a cue longer than any spoken one."""
    pieces = INLINE_TIME.split(body)
    if len(pieces) == 1 or len(body) > _MAX_TIMED_CHARS:
        return ()
    edges = [start_ms, *(parse_time(t) for t in pieces[1::2]), end_ms]
    words: list[Word] = []
    for k, piece in enumerate(pieces[::2]):
        tokens = html.unescape(ANY_TAG.sub("", piece)).split()
        lo, hi = edges[k], max(edges[k + 1], edges[k])
        for n, token in enumerate(tokens):
            a = lo + (hi - lo) * n // len(tokens)
            b = lo + (hi - lo) * (n + 1) // len(tokens)
            words.append(Word(a, max(b, a), token, 1.0))
    return tuple(words)


def _class_styles(block: str) -> dict[str, str]:
    """Class name -> the canonical tags (``<b><i>``) its ``::cue(.name)`` rules ask for."""
    found: dict[str, str] = {}
    for name, rule in _CLASS_RULE.findall(block):
        rule = rule.lower()
        tags = ""
        if re.search(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", rule):
            tags += "<b>"
        if re.search(r"font-style\s*:\s*(?:italic|oblique)", rule):
            tags += "<i>"
        # Declaration by declaration: searching on for "underline" from each name was quadratic.
        decorations = " ".join(
            value
            for prop, _, value in (d.partition(":") for d in rule.split(";"))
            if prop.strip().startswith("text-decoration")
        )
        if "underline" in decorations:
            tags += "<u>"
        if "line-through" in decorations:
            tags += "<s>"
        found[name] = found.get(name, "") + tags
    return found


_REPEATED_ID_NOTE = (
    "cue identifiers used more than once ({details}): WebVTT makes them unique, so a WebVTT "
    "export writes each on its first cue only ({where})"
)


def prepare(text: str) -> VttFile:
    """Split a WebVTT file (``\\n`` line ends) into pysubs2's input and what pysubs2 drops."""
    blocks = re.split(r"\n\n+", text.strip("\n"))  # only an empty line ends a block (spaces do not)
    out = ["WEBVTT", ""]
    cues: list[VttCue] = []
    kept: list[str] = []
    classes: dict[str, str] = {}
    styles: dict[str, str] = {}
    notes = Notes()
    comments = 0
    if blocks and blocks[0].lstrip("\ufeff").startswith("WEBVTT"):
        lines = blocks[0].lstrip("\ufeff").split("\n")
        # The header ends at a timing line (section 6.1, "collect a WebVTT block"): a cue
        # written with no empty line after the header is still a cue.
        timing = next((n for n, line in enumerate(lines) if "-->" in line), len(lines))
        header = "\n".join(lines[:timing]).rstrip()
        if header != "WEBVTT":
            kept.append(header)
        blocks[0:1] = ["\n".join(lines[timing:])] if timing < len(lines) else []
    ids_seen: set[str] = set()
    for block in blocks:
        lines = block.split("\n")
        first = lines[0].strip()
        # A timing line makes a block a cue, whatever its identifier ("NOTE 1" is a cue id).
        timing_at = next((n for n, line in enumerate(lines[:2]) if _TIMING.match(line)), None)
        if timing_at is None and first.split(" ", 1)[0].split("\t", 1)[0] in _HEADER_BLOCKS:
            comments += first.startswith("NOTE")
            if first.startswith(("STYLE", "REGION")):
                kept.append(block)
                for name, colour in _CLASS_COLOUR.findall(block):
                    classes[name] = colour
                styles.update(_class_styles(block))
            continue
        if timing_at is None:
            continue  # not a cue: the specification says to skip it
        match = _TIMING.match(lines[timing_at])
        assert match is not None
        start, end, settings = match.groups()
        body_lines = [line for line in lines[timing_at + 1 :] if "-->" not in line and line.strip()]
        body = "\n".join(body_lines)
        words = _words(body, parse_time(start), parse_time(end))
        clean, speaker = cue_body(body, classes, styles, notes, format_clock(parse_time(start)))
        cue_id = lines[0] if timing_at == 1 else ""
        if cue_id and cue_id in ids_seen:
            notes.add(_REPEATED_ID_NOTE, format_clock(parse_time(start)), cue_id)
        ids_seen.add(cue_id)
        cues.append(
            VttCue(
                " ".join(settings.split()),
                speaker,
                words,
                not canonical(clean, styled=False)[0].strip(),
                cue_id,
            )
        )
        out += [f"{start} --> {end}", clean, ""]
    said = notes.sentences()
    if comments:
        said += (f"{comments} NOTE comment{'s were' if comments > 1 else ' was'} not imported",)
    return VttFile("\n".join(out), tuple(cues), tuple(kept), classes, said)


def _percent(value: str, line: bool) -> float | None:
    """A ``line``/``position`` value as a percentage of the height/width (line numbers count
    lines of 5.33 %, negative ones from the bottom), None when it is ``auto`` or unreadable."""
    value = value.split(",", 1)[0]
    try:
        if value.endswith("%"):
            return float(value[:-1])
        if not line:
            return None
        number = float(value)
    except ValueError:
        return None
    return number * _LINE_HEIGHT_PERCENT if number >= 0 else 100 + number * _LINE_HEIGHT_PERCENT


def alignment_for(settings: str) -> int | None:
    """The ASS ``\\an`` numpad position (1-9) that a cue's WebVTT settings put it at, None for
    the default (bottom centre).

    Rows from ``line``: under 25 % top, under 75 % middle, else bottom; columns from
    ``position``: under 25 % left, over 75 % right (both thresholds Subtitle Edit's), else from
    ``align`` (``start``/``left`` left, ``end``/``right`` right), as section 7.2 places a cue
    whose position is ``auto`` at the edge its alignment names.
    """
    values = dict(part.split(":", 1) for part in settings.split() if ":" in part)
    line = _percent(values.get("line", ""), True)
    row = 0 if line is None or line >= 75 else 1 if line >= 25 else 2
    position = _percent(values.get("position", ""), False)
    if position is not None:
        column = 0 if position < 25 else 2 if position > 75 else 1
    else:
        column = {"start": 0, "left": 0, "end": 2, "right": 2}.get(values.get("align", ""), 1)
    alignment = row * 3 + column + 1
    return None if alignment == 2 else alignment


def settings_for(alignment: int | None, settings: str) -> str:
    """Cue settings to write for a cue at ``alignment`` (ASS ``\\an``, None bottom centre):
    its own when they put it there, else its own without ``line``/``position``/``align``
    plus ``line:0`` (top) or ``line:50%`` (middle) and ``align:start``/``align:end``."""
    wanted = None if alignment == 2 else alignment
    if alignment_for(settings) == wanted:
        return settings
    parts = [p for p in settings.split() if p.split(":", 1)[0] not in ("line", "position", "align")]
    if wanted is not None:
        row, column = (wanted - 1) // 3, (wanted - 1) % 3
        if row:
            parts.append("line:50%" if row == 1 else "line:0")
        if column != 1:
            parts.append("align:" + ("start" if column == 0 else "end"))
    return " ".join(parts)


def rewrite_timings(
    output: str, times: list[tuple[int, int]], sep: str, settings: list[str] | None = None
) -> str:
    """pysubs2's SubRip or WebVTT output with the i-th timing line written from ``times[i]``
    (pysubs2 clamps both formats at 99:59:59.999) and ``settings[i]`` after it."""
    lines = output.split("\n")
    k = 0
    for n, line in enumerate(lines):
        # pysubs2 writes a cue number above each timing line (a WebVTT identifier).
        if k < len(times) and " --> " in line and n > 0 and lines[n - 1].strip().isdigit():
            start, end = times[k]
            extra = f" {settings[k]}" if settings and settings[k] else ""
            lines[n] = f"{format_clock(start, sep=sep)} --> {format_clock(end, sep=sep)}{extra}"
            k += 1
    return "\n".join(lines)


def _valid_id(cue_id: str) -> bool:
    """Section 4.1: an identifier is one line, not empty, without ``-->``."""
    return bool(cue_id.strip()) and "-->" not in cue_id and "\n" not in cue_id and "\r" not in cue_id


def finish(output: str, colours: set[str], blocks: tuple[str, ...], ids: Sequence[str] = ()) -> str:
    """pysubs2's WebVTT output with each cue's identifier (``ids[i]`` for the i-th cue; ""
    for none; invalid or repeated ones are left out) instead of pysubs2's numbers, the header
    from ``blocks[0]`` when it starts with ``WEBVTT``, the STYLE/REGION ``blocks`` after it,
    and a STYLE block declaring each of ``colours`` (``#rrggbb``) that is no default class
    and that no STYLE block declares."""
    lines = output.split("\n")
    seen: set[str] = set()
    k = 0
    for n in range(1, len(lines)):
        if " --> " in lines[n] and lines[n - 1].strip().isdigit():
            cue_id = ids[k] if k < len(ids) else ""
            lines[n - 1] = cue_id if _valid_id(cue_id) and cue_id not in seen else ""
            seen.add(cue_id)
            k += 1
    header = "WEBVTT"
    if blocks and blocks[0].startswith("WEBVTT"):
        header, blocks = blocks[0], blocks[1:]
    declared = {name for b in blocks if b.startswith("STYLE") for name, _ in _CLASS_COLOUR.findall(b)}
    style = [
        f"::cue(.{colour_name(c)}) {{ color: {c}; }}"
        for c in sorted(colours)
        if c not in VTT_COLOURS.values() and colour_name(c) not in declared
    ]
    head = [*blocks]
    if style:
        head.append("STYLE\n" + "\n".join(style))
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines[1:]).lstrip("\n"))
    return header + "\n\n" + "".join(b + "\n\n" for b in head) + body
