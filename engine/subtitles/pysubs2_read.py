"""pysubs2's reading of a subtitle text, with the repairs around it and the notes for the user.

The steps of :func:`engine.subtitles.io.read` that touch pysubs2 objects (split from ``io``,
issue 11; no behaviour change): format detection and parsing (:func:`parse`), SAMI ends,
MicroDVD's frame-rate line, ASS drawings, and the sentences that tell the user what was left out.
pysubs2 objects never leave this module and ``io``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pysubs2

from engine.subtitles import import_repairs, sami_read, ttml_styles
from engine.subtitles.document import format_ms
from engine.subtitles.markup_tags import _CANONICAL_TAG
from engine.subtitles.subtitle_formats import FrameRateNeededError, format_for

__all__ = [
    "backwards_note",
    "comment_note",
    "is_drawing",
    "is_fps_declaration",
    "parse",
    "wide_unicode",
]

# Keep SRT's HTML tags for markup.canonical (pysubs2 would also eat "a < b"); take MicroDVD's
# frame rate from its first line even when written as {0}{0} (pysubs2's own writer does that).
_READ_OPTIONS: dict[str, Any] = {
    "keep_html_tags": True,
    "strict_fps_inference": False,
}


# pysubs2's section-heading pattern backtracks quadratically on a long line that starts with
# "[" and has no "]" (a 240 KB damaged line took 20 s); such a line is never a heading, nor
# anything else pysubs2 reads from an ASS file.
_NOT_A_HEADING = re.compile(r"^[^\S\n]*.{0,3}\[[^\]\n]{200,}$", re.MULTILINE)  # pysubs2 strips lines first


def parse(
    text: str, source: Path, frame_rate: float | None, sami_class: str | None = None
) -> tuple[pysubs2.SSAFile, list[str], list[str]]:
    """pysubs2's reading of ``text``, with the repairs of :mod:`~engine.subtitles.import_repairs`
    and :mod:`~engine.subtitles.sami_read` (one language, ``sami_class`` or the first; font
    colours) around it; notes for the user on what they left out; and the damage found (a SubRip line
    that looks like a timecode but cannot be read, text in no cue: see
    :func:`~engine.subtitles.import_repairs.subrip_damage`), one sentence per place, which
    ``convert`` refuses the file for."""
    try:
        name = pysubs2.formats.autodetect_format(text)
    except pysubs2.exceptions.FormatAutodetectionError:
        name = format_for(source).name
    notes: list[str] = []
    damage: list[str] = []
    final_number = lost_at = None
    if name in ("ass", "ssa"):
        text = _NOT_A_HEADING.sub("", text)
        text, cut, first = import_repairs.ass_events(text, name == "ssa")
        if cut:
            lines = (
                "Dialogue lines have times that cannot" if cut > 1 else "Dialogue line has times that cannot"
            )
            notes.append(
                f"{cut} {lines} be read (the first on line {first}); "
                f"{'they were' if cut > 1 else 'it was'} left out and the rest kept: "
                "check the end of the file, which may be cut short"
            )
    elif name == "ttml":
        ttml_styles.refuse_entities(text, source.name)
        text = ttml_styles.without_declared_encoding(text)  # decoded already: a UTF-16 file's would be wrong
        text = import_repairs.ttml_clock_times(text)
    elif name == "sami":
        text, notes = sami_read.prepare(text, sami_class, source.name)
    elif name == "srt":
        text, damage = import_repairs.subrip_damage(text)
        text, final_number, lost_at = import_repairs.subrip_tail(text)
    try:
        subs = pysubs2.SSAFile.from_string(text, format_=name, fps=frame_rate, **_READ_OPTIONS)
    except pysubs2.exceptions.UnknownFPSError:
        raise FrameRateNeededError(
            f"{source.name} counts frames but does not say its frame rate: give the video's frame rate"
        ) from None
    if final_number is not None and subs.events and not subs.events[-1].text.endswith(final_number):
        subs.events[-1].text += "\\N" + final_number  # pysubs2 took it for the next cue's number
    if lost_at is not None:
        after = f" (after the cue at {format_ms(subs.events[-1].start)})" if subs.events else ""
        notes.append(
            f"the file ends inside a cue at line {lost_at}{after}: the damaged lines were "
            "left out; check the end of the file, which may be cut short"
        )
    if subs.format == "sami":
        _sami_ends(subs)
    if subs.format == "ttml":
        notes += _ttml_styling(subs, text)
    return subs, notes, damage


def _sami_ends(subs: pysubs2.SSAFile) -> None:
    """Each SAMI cue ends where the next SYNC starts (an ``&nbsp;`` SYNC clears the screen):
    pysubs2 1.8 guesses ends as start + 500 ms + 67 ms a character instead. The last SYNC has
    no end in the file and keeps the guess."""
    for event, following in zip(subs.events, subs.events[1:]):
        if following.start > event.start:
            event.end = following.start


def is_fps_declaration(subs: pysubs2.SSAFile, event: pysubs2.SSAEvent) -> bool:
    """MicroDVD's ``{1}{1}23.976`` line, which pysubs2 keeps when the caller gave the rate."""
    if subs.format != "microdvd" or event.start != event.end:
        return False
    try:
        float(event.text)
    except ValueError:
        return False
    return True


_DRAWING = re.compile(r"\{[^{}]*\\p[1-9]")


def is_drawing(event: pysubs2.SSAEvent, ass: bool) -> bool:
    """A vector drawing (ASS ``{\\p1}``), not text. pysubs2's ``is_text`` parses every
    override tag quadratically: 10,000 tags in one line took 25 s."""
    return ass and _DRAWING.search(event.text) is not None


def comment_note(count: int) -> str:
    lines = "comment lines (Comment:) were" if count > 1 else "comment line (Comment:) was"
    return f"{count} {lines} not imported"


def wide_unicode(encoding: str | None) -> bool:
    """True for a UTF-16/32 codec, whose text holds NUL bytes."""
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


# The TTML styling attributes; with them, a file :mod:`~engine.subtitles.ttml_styles` could not
# read is said to have lost its styling.
_TTML_STYLING = re.compile(r"tts:(?:fontStyle|fontWeight|textDecoration|color|displayAlign|origin)|<region\b")


def _ttml_styling(subs: pysubs2.SSAFile, text: str) -> list[str]:
    """Each TTML cue's text with its styling and ``{\\anN}`` position (see
    :mod:`~engine.subtitles.ttml_styles`) where its plain text is pysubs2's reading; the notes on
    what was not read."""
    styled, stray = ttml_styles.styled_paragraphs(text)
    kept_plain = styled is None or len(styled) != len(subs.events)
    for event, (markup, alignment) in zip(subs.events, () if kept_plain else styled or ()):
        if _CANONICAL_TAG.sub("", markup) != event.text:
            kept_plain = True  # not the text pysubs2 read: its reading stands
            continue
        event.text = (f"{{\\an{alignment}}}" if alignment else "") + markup
    notes = [stray, ttml_styles.unread_note(text)]
    if kept_plain and _TTML_STYLING.search(text):
        notes.append(
            "TTML styling (italics, bold, colours, positions) could not be read in every cue: those "
            "cues were kept with their text and times, plain"
        )
    return [n for n in notes if n]


def backwards_note(starts: Sequence[int]) -> str:
    """Cues whose end time in the file comes before their start (``00:00:11,000 -->
    00:00:10,500``): each was kept, ending 1 ms after it starts."""
    many = len(starts) > 1
    return (
        f"{len(starts)} cue{'s end' if many else ' ends'} before {'they start' if many else 'it starts'} "
        f"(the first at {format_ms(min(starts))}); {'each' if many else 'it'} now ends 1 ms after "
        f"{'it starts' if many else 'its start'}: check {'their' if many else 'its'} end time"
        f"{'s' if many else ''} against the video"
    )
