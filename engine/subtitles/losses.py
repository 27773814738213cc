"""What an export format cannot hold, said before writing (usertest12 #9).

Writers drop what their format has no room for without a word: MPL2 keeps italics only over
whole lines (its ``/``) and no other styling, MicroDVD styles and colour only over whole lines,
TTML and SAMI no speaker (our TTML writer, :mod:`engine.subtitles.ttml_write`, keeps colour
and position), SAMI no position and one block of text at a time (cues that overlap are shown
together), SubRip no speaker. :func:`export_losses` names each kind of loss once, with a count
and the first cue's time, so the window can offer another format and ``convert`` can print
it. An imported WebVTT also loses its header, STYLE and REGION blocks in any other format, and
its inline word times (read as ``Cue.words``) in every format, WebVTT included: no writer puts
them back.

The table below is what each writer keeps as pysubs2 1.8 (and our SAMI writer) writes it through
:func:`engine.subtitles.io.save` (tests/engine/subtitles/test_losses.py writes every kind
and reads it back, so a pysubs2 upgrade that changes a writer fails there). Times past a format's
limit are refused by ``save`` itself and not listed here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.subtitles import markup, webvtt
from engine.subtitles.cue import Cue
from engine.subtitles.document import format_ms
from engine.subtitles.io import FORMATS
from engine.subtitles.markup_write import mpl2_loses_italics

__all__ = ["export_losses"]

# tag -> (what it is called, the pronoun for it)
_STYLES = {
    "i": ("italics", "them"),
    "b": ("bold", "it"),
    "u": ("underline", "it"),
    "s": ("strike-through", "it"),
}
_COLOUR = re.compile(r"<font [^<>]*color", re.IGNORECASE)


@dataclass(frozen=True)
class _Keeps:
    """What one writer keeps: styles anywhere, styles only over a whole cue, and the rest."""

    styles: frozenset[str] = frozenset()
    whole_styles: frozenset[str] = frozenset()
    colour: bool = False
    position: bool = False
    speaker: bool = False
    vtt: bool = False  # WebVTT cue settings and identifiers


_ALL = frozenset(_STYLES)
_KEEPS = {
    "srt": _Keeps(_ALL, colour=True, position=True),
    "ass": _Keeps(_ALL, colour=True, position=True, speaker=True),
    "ssa": _Keeps(_ALL, colour=True, position=True, speaker=True),
    "json": _Keeps(_ALL, colour=True, position=True, speaker=True),
    "vtt": _Keeps(frozenset("ibu"), colour=True, position=True, speaker=True, vtt=True),  # no <s>
    "ttml": _Keeps(_ALL, colour=True, position=True),  # tts:color spans, regions; no speaker
    "sami": _Keeps(_ALL, colour=True),  # HTML <i> <b> <u> <s> <font color>; no position
    # {y:i}/{c:$..} codes hold to the end of a line or cue: see _microdvd_losses
    "microdvd": _Keeps(whole_styles=_ALL, colour=True),
    "mpl2": _Keeps(whole_styles=frozenset("i")),  # "/" before a wholly italic line: see _whole
}


def _has_tag(text: str, tag: str) -> bool:
    return f"<{tag}>" in text


_TAG = re.compile(r"<(/?)(i|b|u|s|font)\b[^<>]*>")


def _covered(text: str, tag: str) -> list[bool]:
    """For each visible character of canonical ``text``: is it inside a ``tag`` span?"""
    depth, out, pos = 0, [], 0
    for match in _TAG.finditer(text):
        out += [depth > 0] * len(text[pos : match.start()])
        pos = match.end()
        if match.group(2) == tag:
            depth = max(depth + (-1 if match.group(1) else 1), 0)
    return out + [depth > 0] * len(text[pos:])


def _whole(text: str, tag: str, fmt: str) -> bool:
    """Whether ``fmt``'s writer keeps every ``tag`` span of ``text``: MicroDVD's codes cover
    whole lines or the whole cue (the text is written with its codes and read back); other
    formats with ``whole_styles`` keep a style only around the whole cue."""
    if fmt == "mpl2":
        return tag == "i" and not mpl2_loses_italics(text)
    if fmt == "microdvd":
        back = markup.canonical(markup.to_microdvd(text).replace("|", "\n"))[0]
        return _covered(back, tag) == _covered(text, tag)
    outer = markup.outer_style(text)
    return outer is not None and f"<{tag}>" in outer[0]


def _extra_settings(cue: Cue) -> bool:
    """WebVTT settings that say more than the cue's position (which other formats may keep)."""
    implied = set(webvtt.settings_for(cue.alignment, "").split())
    return bool(set(cue.vtt_settings.split()) - implied)


def _sentence(label: str, what: str, cues: list[Cue], loses: Callable[[int], str]) -> str:
    n = len(cues)
    return (
        f"{label} {what}: {n} cue{'s' if n != 1 else ''} {loses(n)} (first at {format_ms(cues[0].start_ms)})"
    )


def export_losses(
    cues: Sequence[Cue], fmt: str, *, vtt_blocks: Sequence[str] = (), imported: bool = False
) -> tuple[str, ...]:
    """One sentence per kind of thing format ``fmt`` (a :data:`~engine.subtitles.io.FORMATS`
    name) cannot hold that ``cues`` use, e.g. ``"MPL2 keeps no colour: 3 cues lose it (first at
    0:00:05.000)"``; empty when the export keeps everything (or ``fmt`` is not written).

    ``vtt_blocks`` are an imported WebVTT's header and STYLE/REGION blocks
    (:attr:`~engine.subtitles.io.LoadedFile.vtt_blocks`): only a WebVTT output writes them back.
    ``imported`` says the cues were read from a file, so their word times are a WebVTT's inline
    timestamps (``<00:00:07.000>``, the only words io reads), which no writer puts back; a
    transcript's word times come from the model, were never in a file, and are not named.
    """
    keeps = _KEEPS.get(fmt)
    if keeps is None:
        return ()
    label = FORMATS[fmt].label.removesuffix(" (frames)")
    out: list[str] = []

    def verb(singular: str, plural: str) -> Callable[[int], str]:
        return lambda n: singular if n == 1 else plural

    if not keeps.colour or fmt == "microdvd":
        hit = [
            c
            for c in cues
            if _COLOUR.search(c.text) and (not keeps.colour or not _whole(c.text, "font", fmt))
        ]
        if hit:
            what = "keeps colour only over whole lines" if keeps.colour else "keeps no colour"
            out.append(_sentence(label, what, hit, verb("loses it", "lose it")))
    if not keeps.position:
        hit = [c for c in cues if c.alignment not in (None, 2)]
        if hit:
            out.append(
                _sentence(
                    label,
                    "keeps no position",
                    hit,
                    verb("is shown at the bottom instead", "are shown at the bottom instead"),
                )
            )
    for tag, (name, it) in _STYLES.items():
        if tag in keeps.styles:
            continue
        if tag in keeps.whole_styles:
            hit = [c for c in cues if _has_tag(c.text, tag) and not _whole(c.text, tag, fmt)]
            over = "whole lines" if fmt in ("microdvd", "mpl2") else "a whole cue"
            what = f"keeps {name} only over {over}"
        else:
            hit = [c for c in cues if _has_tag(c.text, tag)]
            what = f"keeps no {name}"
        if hit:
            out.append(_sentence(label, what, hit, verb(f"loses {it}", f"lose {it}")))
    if not keeps.speaker:
        hit = [c for c in cues if c.speaker]
        if hit:
            out.append(
                _sentence(
                    label, "keeps no speaker names", hit, verb("loses its speaker", "lose their speaker")
                )
            )
    if not keeps.vtt:
        hit = [c for c in cues if c.vtt_settings and _extra_settings(c)]
        if hit:
            out.append(
                _sentence(
                    label,
                    "keeps no WebVTT cue settings",
                    hit,
                    verb("loses its settings", "lose their settings"),
                )
            )
        hit = [c for c in cues if c.vtt_id]
        if hit:
            out.append(
                _sentence(
                    label,
                    "keeps no WebVTT cue identifiers",
                    hit,
                    verb("loses its identifier", "lose their identifier"),
                )
            )
    if fmt == "sami":  # a SYNC block shows until the next: sami_write joins cues that overlap
        hit = _overlapping(cues)
        if hit:
            out.append(
                _sentence(
                    label,
                    "shows one block of text at a time",
                    hit,
                    verb(
                        "is shown together with the cue it overlaps, in one block",
                        "are shown together with the cues they overlap, in one block",
                    ),
                )
            )
    if vtt_blocks and not keeps.vtt:
        out.append(f"{label} keeps no WebVTT header, STYLE or REGION blocks: {_blocks(vtt_blocks)} left out")
    if imported:
        hit = [c for c in cues if c.words]
        if hit:
            out.append(
                _sentence(
                    label,
                    "is written without the WebVTT inline word times (<00:00:07.000>)",
                    hit,
                    verb("loses them", "lose them"),
                )
            )
    return tuple(out)


def _overlapping(cues: Sequence[Cue]) -> list[Cue]:
    """The cues that overlap another in time, in order of start: each one that starts before
    the latest end so far, and the cue with that end. Linear after the sort."""
    ordered = sorted(cues, key=lambda c: c.start_ms)
    hit: set[int] = set()
    latest = -1  # index into ordered of the cue that ends last so far
    for i, cue in enumerate(ordered):
        if latest >= 0 and cue.start_ms < ordered[latest].end_ms:
            hit.update((i, latest))
        if latest < 0 or cue.end_ms > ordered[latest].end_ms:
            latest = i
    return [ordered[i] for i in sorted(hit)]


def _blocks(blocks: Sequence[str]) -> str:
    """``"the file's header, 1 STYLE block and 1 REGION block are"``: what ``blocks`` hold."""
    parts = ["header"] if blocks[0].startswith("WEBVTT") else []
    for kind in ("STYLE", "REGION"):
        n = sum(1 for b in blocks if b.split()[:1] == [kind])
        if n:
            parts.append(f"{n} {kind} block{'s' if n != 1 else ''}")
    if not parts:  # not what io.read gives; still a sentence
        return f"the file's {len(blocks)} block{'s are' if len(blocks) != 1 else ' is'}"
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    one = parts == ["header"] or parts in (["1 STYLE block"], ["1 REGION block"])
    return f"the file's {listed} {'is' if one else 'are'}"
