"""Reading and writing subtitle files, through pysubs2 only (no hand-written formats).

pysubs2 objects live only inside this module, :mod:`engine.subtitles.pysubs2_read` (parsing)
and :mod:`engine.subtitles.subtitle_save`: they compare by timing alone and are unhashable, so
they never become the editor's model. On import the text encoding is guessed
(:mod:`engine.subtitles.encodings`) unless given, styling becomes the canonical markup of
:mod:`engine.subtitles.markup` (italics, bold, underline, colour; ``{\\an1}``-``{\\an9}`` become
the cue's ``alignment``), WebVTT is cleaned around pysubs2 (:mod:`engine.subtitles.webvtt`),
SubRip hours past 99 are read as written, and overlapping cues are made valid without losing
text (see :func:`resolve_overlaps`). Every import failure is a :class:`SubtitleFileError`. In
ASS/SSA, TTML, MicroDVD and MPL2 a ``{...}`` in the text is markup and does not survive a round
trip; in SRT and VTT it does. Writes go through :func:`~engine.subtitles.atomic.write_atomic`.

ASS/SSA import: each event's style is its base styling and position (``{\\r}`` resets to it,
see :func:`~engine.subtitles.markup.canonical`). Override effects the markup cannot hold
(``\\pos``, ``\\fad``, ``\\clip``, ``\\t`` ... see :mod:`engine.subtitles.ass_style`)
are dropped with their text and styling kept, and said in one :attr:`LoadedFile.warnings` line
per file (how many cues, which tags, the first cue's time); vector drawings (``{\\p1}``) are
left out and counted in that line. A ``\\pos``/``\\move`` whose y (where a move starts) lies
in the top third of the script's height (``PlayResY``; 288 in a script with no PlayRes, see
:func:`~engine.subtitles.ass_style.play_res_y`) puts the cue at the top (``alignment`` 8) unless
it is already in the top row (7-9), so signs at the top stay there. ``Comment:`` lines are not
imported; one warning line counts them. Karaoke ``\\k`` syllables of an unstyled line become
the cue's words (:mod:`engine.subtitles.ass_karaoke`). Export writes every position but bottom
centre as ``{\\anN}`` at the start of the text in ASS/SSA and SubRip (where players read it).

SAMI: one language class is read (``sami_class``, else the first defined), ``<font color>``
kept (:mod:`engine.subtitles.sami_read`). TTML: styling and region positions are read beside
pysubs2 (:mod:`engine.subtitles.ttml_styles`).

This module reads (:func:`read`, :class:`LoadedFile`, :func:`load`); the rest of the public API
lives beside it and is re-exported here: the format table and errors in
:mod:`engine.subtitles.subtitle_formats`, :func:`save` in :mod:`engine.subtitles.subtitle_save`,
:func:`resolve_overlaps` in :mod:`engine.subtitles.overlaps`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from engine.protocol import Word
from engine.subtitles import ass_karaoke, ass_style, import_repairs, markup, overlaps, webvtt
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document, format_ms
from engine.subtitles.encodings import EncodingGuess, guess_encoding
from engine.subtitles.overlaps import resolve_overlaps
from engine.subtitles.pysubs2_read import (
    backwards_note,
    comment_note,
    is_drawing,
    is_fps_declaration,
    parse,
    wide_unicode,
)
from engine.subtitles.subtitle_formats import (
    FORMATS,
    FormatInfo,
    FrameRateNeededError,
    SubtitleFileError,
    default_line_ending,
    format_for,
    writable_formats,
)
from engine.subtitles.subtitle_save import save
from engine.subtitles.words import align_words

__all__ = [
    "FORMATS",
    "FormatInfo",
    "FrameRateNeededError",
    "LoadedFile",
    "MAX_FILE_BYTES",
    "SubtitleFileError",
    "default_line_ending",
    "detect_encoding",
    "format_for",
    "load",
    "read",
    "resolve_overlaps",
    "save",
    "writable_formats",
]

log = logging.getLogger(__name__)


def detect_encoding(data: bytes) -> str:
    """The text encoding of a subtitle file's bytes (a Python codec name); see
    :func:`~engine.subtitles.encodings.guess_encoding` for how sure it is."""
    return guess_encoding(data).encoding


@dataclass(frozen=True)
class LoadedFile:
    """A read file: its cues and what it was. ``encoding_guess`` says how sure the encoding
    is and what else it could be (None when the caller gave the encoding); ``warnings`` are
    things dropped on the way, for the user (one line per kind: ASS effects, comment lines,
    empty cues ...); ``vtt_blocks`` a VTT's header (first, when it says more than ``WEBVTT``)
    and STYLE/REGION blocks.
    ``cues`` are the file's cues exactly as timed there, in time order and numbered, which may
    overlap (``convert`` writes these); ``document`` holds them made valid for the editor by
    :func:`resolve_overlaps`, with a warning saying what that changed (also in ``overlap_note``,
    empty when nothing overlapped).
    ``damage`` names each place in the file the reading could not take as written, one
    sentence each without advice (``line 10: '00:00:07;000 -> 00:00:08,000' looks like a
    timecode but cannot be read``; :func:`~engine.subtitles.import_repairs.subrip_damage`):
    ``convert`` refuses such a file; ``warnings`` holds each with the window's advice."""

    document: Document
    format: str
    encoding: str
    frame_rate: float | None
    encoding_guess: EncodingGuess | None = None
    warnings: tuple[str, ...] = ()
    vtt_blocks: tuple[str, ...] = ()
    cues: tuple[Cue, ...] = ()
    overlap_note: str = ""
    source_name: str = ""
    size_bytes: int = 0
    damage: tuple[str, ...] = ()

    @property
    def empty_message(self) -> str:
        """``""`` when the file has cues; else a sentence for the user to refuse it with (an
        empty file, or one pysubs2 finds no cue in): what ``convert`` refuses, and what the
        window should say rather than open an empty document."""
        if self.cues:
            return ""
        if self.damage:
            return f"{self.source_name}: " + "; ".join(self.damage) + ": fix the file and open it again"
        return (
            f"{self.source_name} holds no cue with text ({self.size_bytes} bytes): "
            "it is empty or not a subtitle file"
        )


def read(
    path: str | os.PathLike[str],
    *,
    frame_rate: float | None = None,
    encoding: str | None = None,
    sami_class: str | None = None,
) -> LoadedFile:
    """Load a subtitle file and say what it was (format, encoding, frame rate).

    ``encoding`` (a Python codec) overrides detection. ``sami_class`` is the language class
    to read from a SAMI file holding several (``KOKRCC``; default the first its STYLE block
    defines, see :mod:`engine.subtitles.sami_read`); other formats ignore it. Any failure is a SubtitleFileError
    naming the file; OSError from reading it passes through.
    """
    source = Path(path)
    size = source.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SubtitleFileError(
            f"{source.name} is {size / 2**20:.0f} MB, larger than any subtitle file "
            f"(the limit is {MAX_FILE_BYTES // 2**20} MB): is it a subtitle file?"
        )
    data = source.read_bytes()
    try:
        with warnings.catch_warnings(record=True) as caught:
            # pysubs2 warns on stderr ("Failed to parse marginr"); the user sees them instead.
            warnings.simplefilter("always")
            loaded = _read(source, data, frame_rate, encoding, sami_class)
    except SubtitleFileError:
        raise
    except Exception as e:  # noqa: BLE001 - see below
        # pysubs2's readers raise whatever their parsers do on damaged input (ParseError,
        # TypeError, RecursionError, NotImplementedError for a TTML time ...): the caller gets
        # one error it can show; the traceback goes to the debug log for bugs of our own.
        log.debug("cannot read %s", source, exc_info=True)
        reason = str(e).strip() or "it is damaged or not a subtitle file"
        raise SubtitleFileError(f"{source.name} cannot be read: {reason}"[:500]) from e
    found = tuple(dict.fromkeys(f"pysubs2: {w.message}" for w in caught))
    return dataclasses.replace(loaded, warnings=loaded.warnings + found) if found else loaded


# Larger than a subtitle file (an ASS with embedded fonts is a few MB); the slowest damaged
# text reads at ~3 MB/s on a 2-core machine and takes ~15 bytes of memory per byte, so this
# keeps any import within 10 s and far under 1 GB.
MAX_FILE_BYTES = 20 * 2**20
_MAX_FILE_TAGS = 300_000


def _read(
    source: Path, data: bytes, frame_rate: float | None, encoding: str | None, sami_class: str | None
) -> LoadedFile:
    guess = None
    if not wide_unicode(encoding) and import_repairs.is_binary(data):
        raise SubtitleFileError(
            f"{source.name} is not a subtitle file (it holds binary data): choose a subtitle file "
            "(.srt, .ass, .vtt ...)"
        )
    if encoding is None:
        try:
            guess = guess_encoding(data)
        except ValueError as e:
            raise SubtitleFileError(
                f"{source.name}: {e}; choose its encoding: --encoding on the command line, or the "
                "encoding question in the window"
            ) from None
        encoding = guess.encoding
    try:
        text = data.decode(encoding, guess.errors if guess else "strict")
    except UnicodeDecodeError as e:
        raise SubtitleFileError(
            f"{source.name} is not valid {encoding}: {e.reason} at byte {e.start}; choose its encoding: "
            "--encoding on the command line, or the encoding question in the window"
        ) from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")  # NUL is never text; pysubs2's XML readers choke on it
    vtt = webvtt.prepare(text) if text.lstrip().startswith("WEBVTT") else None
    subs, repair_notes, damage = parse(vtt.text if vtt else text, source, frame_rate, sami_class)
    if vtt:
        damage += import_repairs.vtt_damage(text)
    if subs.format == "microdvd":
        for event, raw_text in zip(subs, import_repairs.microdvd_texts(text, len(subs)) or (), strict=False):
            event.text = raw_text  # with its {y:i} codes as written (pysubs2 stretches them)
    long_times = import_repairs.subrip_times(text) if subs.format == "srt" else []
    if len(long_times) != len(subs):
        long_times = []
    extras = vtt.cues if vtt and len(vtt.cues) == len(subs) else None
    # A karaoke-heavy ASS film has ~100,000 tags; millions come only from damage, and the
    # markup builder handles ~150,000 a second.
    styled = text.count("<") + text.count("{") <= _MAX_FILE_TAGS
    braces = subs.format in ("ass", "ssa")  # every {...} is markup; elsewhere only {\...}
    raw: list[Cue] = []
    notes = [guess.note] if guess and guess.note else []
    notes += vtt.notes if vtt else ()
    notes += repair_notes
    notes += [f"{d}; it was left out of the cues: fix the file and open it again" for d in damage]
    backwards: list[int] = []
    tally, comments = ass_style.EffectTally(), 0
    karaoke: list[tuple[int, int, tuple[Word, ...], tuple[str, ...]]] = []  # cues whose \k were read
    font_lost: dict[str, int] = {}  # "font face"/"font size" -> the first cue's start
    unknown_styles: dict[str, int] = {}  # a style name no [V4+ Styles] line defines -> first start
    top_third = ass_style.play_res_y(subs.info) / 3 if braces else 0.0
    for k, event in enumerate(subs):
        if event.is_comment:
            comments += 1
            continue
        if is_drawing(event, braces):
            tally.add(event.start, ass_style.effects(event.text), drawing=True)
            continue
        if k == 0 and is_fps_declaration(subs, event):
            continue  # MicroDVD's frame-rate line
        start, end = long_times[k] if long_times else (event.start, event.end)
        effects = ass_style.effects(event.text) if braces else ass_style.Effects()
        if braces and event.style not in subs.styles:
            unknown_styles.setdefault(event.style, max(start, 0))
        for kind in markup.unkept_attributes(event.text) if not vtt and not braces else ():
            font_lost.setdefault(kind, max(start, 0))  # WebVTT's are in vtt.notes already
        text_k, alignment = markup.canonical(
            event.text,
            ass=braces,
            classes=vtt.classes if vtt else None,
            styled=styled,
            style=subs.styles.get(event.style) if braces else None,
            styles=subs.styles if braces else None,
        )
        if vtt:
            text_k = markup.unescape_vtt(text_k)
        body = markup.tidy_lines(text_k)
        extra = extras[k] if extras else None
        if not markup.plain_text(body).strip():
            if subs.format != "sami":  # a SAMI SYNC with no text (&nbsp;) ends the cue before it
                notes.append(f"the cue at {format_ms(max(start, 0))} has no text; it was left out")
            continue
        settings = extra.settings if extra else ""
        if alignment is None and settings:
            alignment = webvtt.alignment_for(settings)
        if effects.y is not None and effects.y < top_third and alignment not in (7, 8, 9):
            alignment = 8  # a \pos/\move sign at the top stays at the top
        words = extra.words if extra else ()
        if braces and (timed := ass_karaoke.syllable_words(event.text, max(start, 0))):
            # Only unstyled text: karaoke export writes plain syllables (else \k stay in the effects note)
            if markup.plain_text(body) == body and align_words(body, timed) is not None:
                words, karaoke = timed, karaoke + [(max(start, 0), end, timed, effects.names)]
                effects = dataclasses.replace(
                    effects, names=tuple(n for n in effects.names if n not in ass_karaoke.KARAOKE_TAGS)
                )
        tally.add(start, effects)
        if end < start:
            backwards.append(max(start, 0))
        end = max(end, start + 1, 1)  # a zero-length cue still shows its text
        speaker = (extra.speaker if extra else None) or event.name or None
        raw.append(
            Cue(
                0,
                max(start, 0),
                end,
                body,
                words,
                speaker,
                alignment,
                settings,
                extra.id if extra else "",
            )
        )
    if not styled:
        notes.append("the file holds more tags than any real subtitle file: styling was dropped")
    if karaoke:
        notes.append(ass_karaoke.read_note(karaoke))
    effects_note = tally.note()
    if effects_note:
        notes.append(effects_note)
    if comments:
        notes.append(comment_note(comments))
    styles_note = ass_style.styles_note(subs) if braces else None
    if styles_note:
        notes.append(styles_note)
    if unknown_styles:
        names = ", ".join(list(unknown_styles)[:5]) + (
            f" and {len(unknown_styles) - 5} more" if len(unknown_styles) > 5 else ""
        )
        notes.append(
            f"lines name styles the file does not define ({names}): they were read without a style, as "
            f"players show them with the default (first at {format_ms(min(unknown_styles.values()))})"
        )
    if font_lost:
        notes.append(
            f"<font> attributes ({', '.join(font_lost)}) cannot be kept, only its colour; the text "
            f"was kept (first at {format_ms(min(font_lost.values()))})"
        )
    if backwards:
        notes.append(backwards_note(backwards))
    as_read = [dataclasses.replace(c, id=n) for n, c in enumerate(sorted(raw, key=lambda c: c.start_ms), 1)]
    cues, merged, shortened = overlaps.resolve_and_count(as_read)
    overlap_note = overlaps.overlap_note(as_read, merged, shortened) if merged or shortened else ""
    if overlap_note:
        notes.append(overlap_note)
    log.info("loaded %d cues from %s (%s, %s)", len(cues), source, subs.format, encoding)
    return LoadedFile(
        Document(cues),
        subs.format or "",
        encoding,
        subs.fps,
        guess,
        tuple(notes),
        vtt.blocks if vtt else (),
        tuple(as_read),
        overlap_note,
        source.name,
        len(data),
        tuple(damage),
    )


def load(
    path: str | os.PathLike[str],
    *,
    frame_rate: float | None = None,
    encoding: str | None = None,
) -> Document:
    """A document from any subtitle file pysubs2 reads (see :func:`read`)."""
    return read(path, frame_rate=frame_rate, encoding=encoding).document
