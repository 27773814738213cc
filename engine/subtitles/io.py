"""Reading and writing subtitle files, through pysubs2 only (no hand-written formats).

pysubs2 objects live only inside this module: they compare by timing alone and are unhashable,
so they never become the editor's model. On import the text encoding is guessed
(:mod:`engine.subtitles.encodings`) unless given, styling becomes the canonical markup of
:mod:`engine.subtitles.markup` (italics, bold, underline, colour; ``{\\an1}``-``{\\an9}`` become
the cue's ``alignment``), WebVTT is cleaned around pysubs2 (:mod:`engine.subtitles.webvtt`),
SubRip hours past 99 are read as written, and overlapping cues are made valid without losing
text (see :func:`resolve_overlaps`). Every import failure is a :class:`SubtitleFileError`. In
ASS/SSA, TTML, MicroDVD and MPL2 a ``{...}`` in the text is markup and does not survive a round
trip; in SRT and VTT it does. Writes go through :func:`~engine.subtitles.atomic.write_atomic`.

ASS/SSA import: each event's style is its base styling and position (``{\\r}`` resets to it,
see :func:`~engine.subtitles.markup.canonical`). Override effects the markup cannot hold
(``\\pos``, ``\\fad``, ``\\clip``, ``\\t``, ``\\k`` ... see :mod:`engine.subtitles.ass_style`)
are dropped with their text and styling kept, and said in one :attr:`LoadedFile.warnings` line
per file (how many cues, which tags, the first cue's time); vector drawings (``{\\p1}``) are
left out and counted in that line. A ``\\pos``/``\\move`` whose y (where a move starts) lies
in the top third of the script's height (``PlayResY``; 288 in a script with no PlayRes, see
:func:`~engine.subtitles.ass_style.play_res_y`) puts the cue at the top (``alignment`` 8) unless
it is already in the top row (7-9), so signs at the top stay there. ``Comment:`` lines are not
imported; one warning line counts them. Export writes every position but bottom centre as
``{\\anN}`` at the start of the text in ASS/SSA and SubRip (where players read it).
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import os
import re
import sys
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pysubs2

from engine.subtitles import ass_style, import_repairs, markup, webvtt
from engine.subtitles.atomic import write_atomic
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document, format_ms
from engine.subtitles.encodings import EncodingGuess, guess_encoding
from engine.subtitles.karaoke import karaoke_text

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


@dataclass(frozen=True)
class FormatInfo:
    """A subtitle format: its pysubs2 name, usual extension and time resolution.

    This table is what the Export dialog, ``--format`` and ``convert`` offer; ``can_save`` is
    False where pysubs2 (1.8) only reads the format.
    """

    name: str
    extension: str
    label: str
    can_save: bool
    precision_ms: int  # times are rounded to this on save (frame-based: one frame)
    frame_based: bool = False

    @property
    def needs_fps(self) -> bool:
        """True when writing needs the video's frame rate (times are frame numbers)."""
        return self.frame_based


FORMATS: dict[str, FormatInfo] = {
    f.name: f
    for f in (
        FormatInfo("srt", ".srt", "SubRip", True, 1),
        FormatInfo("ass", ".ass", "Advanced SubStation Alpha", True, 10),
        FormatInfo("ssa", ".ssa", "SubStation Alpha", True, 10),
        FormatInfo("vtt", ".vtt", "WebVTT", True, 1),
        FormatInfo("microdvd", ".sub", "MicroDVD (frames)", True, 1, frame_based=True),
        FormatInfo("ttml", ".ttml", "TTML", True, 1),
        FormatInfo("sami", ".smi", "SAMI", False, 1),
        FormatInfo("mpl2", ".mpl", "MPL2", True, 100),
        FormatInfo("json", ".json", "pysubs2 JSON", True, 1),
        FormatInfo("tmp", ".txt", "TMPlayer", False, 1000),  # no end times, one line: read only
        FormatInfo("whisper_jax", ".txt", "Whisper JAX", False, 1),
    )
}

def writable_formats() -> list[FormatInfo]:
    """Formats :func:`save` writes, in the order to offer them (the common ones first)."""
    return [f for f in FORMATS.values() if f.can_save]


def default_line_ending(fmt: str, platform: str = sys.platform) -> str:
    """The line ending to offer for ``fmt``: CRLF for SubRip on Windows (what Windows players
    and Subtitle Edit write there), LF everywhere else."""
    return "\r\n" if fmt == "srt" and platform.startswith("win") else "\n"


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> FormatInfo:
    """The format ``fmt`` names, else the one ``path``'s extension implies; ValueError if none."""
    return _format_for(Path(path), fmt)


_BY_EXTENSION = {".srt": "srt", ".ass": "ass", ".ssa": "ssa", ".vtt": "vtt", ".sub": "microdvd",
                 ".ttml": "ttml", ".dfxp": "ttml", ".smi": "sami", ".sami": "sami",
                 ".mpl": "mpl2", ".json": "json", ".txt": "tmp"}  # fmt: skip

# A clean default look: white text, thin black outline, light shadow, sized for a 1080p script.
_STYLE = pysubs2.SSAStyle(
    fontname="Arial",
    fontsize=64,
    primarycolor=pysubs2.Color(255, 255, 255, 0),
    secondarycolor=pysubs2.Color(
        255, 200, 0, 0
    ),  # the karaoke highlight sweeps into this
    outlinecolor=pysubs2.Color(0, 0, 0, 0),
    backcolor=pysubs2.Color(0, 0, 0, 128),
    outline=3.0,
    shadow=1.0,
    marginl=60,
    marginr=60,
    marginv=50,
)


def _format_for(path: Path, fmt: str | None) -> FormatInfo:
    name = fmt or _BY_EXTENSION.get(path.suffix.lower())
    if name is None or name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(
            f"unknown subtitle format {fmt or path.suffix!r}; known: {known}"
        )
    return FORMATS[name]


class SubtitleFileError(ValueError):
    """A subtitle file that cannot be read or written, with a message fit for the user.

    Every failure of :func:`read` (damaged XML, JSON of the wrong shape, nesting too deep, an
    unknown encoding ...) comes out as this one class, naming the file; on export it names the
    first cue that cannot be written.
    """


class FrameRateNeededError(SubtitleFileError):
    """A frame-based file (MicroDVD) that declares no frame rate was read without one: read it
    again with ``frame_rate`` (the video's, in fps)."""


# ASS/SSA times are H:MM:SS.cc with one hour digit (Aegisub, libass): 9:59:59.99 at most.
_ASS_LIMIT_MS = 10 * 3_600_000


def _cue_name(n: int, cue: Cue) -> str:
    return f"cue {n} ({format_ms(cue.start_ms)})"


def _check_times(cues: Sequence[Cue], info: FormatInfo) -> None:
    if info.name not in ("ass", "ssa"):
        return
    for n, cue in enumerate(cues, 1):
        if round(cue.end_ms / 10) * 10 >= _ASS_LIMIT_MS:  # ASS stores centiseconds: 9:59:59.995 rounds up
            raise SubtitleFileError(
                f"{_cue_name(n, cue)} ends at {format_ms(cue.end_ms)}, past what {info.label} "
                "can store (9:59:59.99); save as SubRip (.srt) or WebVTT (.vtt) instead"
            )


def _encode(data: str, cues: Sequence[Cue], encoding: str) -> bytes:
    """``data`` in ``encoding``, or SubtitleFileError naming the first cue it cannot hold."""
    try:
        return data.encode(encoding)
    except LookupError:
        raise SubtitleFileError(f"unknown text encoding {encoding!r}") from None
    except UnicodeEncodeError as e:
        bad = e.object[e.start : e.end]
        for n, cue in enumerate(cues, 1):
            try:
                cue.text.encode(encoding)
            except UnicodeEncodeError:
                where = _cue_name(n, cue)
                break
        else:
            where = "the file's header"
        raise SubtitleFileError(
            f"{where}: {bad!r} (U+{ord(bad[0]):04X}) cannot be written in {encoding}; "
            "choose UTF-8 or change the text"
        ) from None


def _file_text(cue: Cue, info: FormatInfo, karaoke: bool) -> str:
    """A cue's text as pysubs2 should hold it for ``info``'s writer."""
    timed = karaoke_text(cue) if karaoke else None
    if timed is not None:
        return timed
    return markup.for_format(cue.text, info.name, cue.alignment, cue.speaker)


def save(
    document_or_cues: Document | Iterable[Cue],
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    overwrite: bool = False,
    karaoke: bool = False,
    frame_rate: float | None = None,
    encoding: str = "utf-8",
    line_ending: str = "\n",
    vtt_blocks: Sequence[str] = (),
) -> None:
    """Write cues to ``path`` (format from ``fmt`` or the extension), atomically.

    FileExistsError when the file exists and ``overwrite`` is False. ``karaoke`` adds ASS
    ``\\k`` tags from word timings (ASS/SSA only). Frame-based formats need ``frame_rate``.
    Speakers are kept in ASS/SSA (the Name field) and WebVTT (``<v>``), dropped elsewhere.
    Styling (italics, bold, underline, colour) and the position are translated per format.
    ``encoding`` is a Python codec (:data:`~engine.subtitles.encodings.EXPORT_ENCODINGS`);
    ``line_ending`` ``"\\n"`` or ``"\\r\\n"``. SubtitleFileError, naming the cue, for a time
    the format cannot store (ASS/SSA past 9:59:59.99) or a character the encoding cannot hold:
    nothing is clamped or replaced. ``vtt_blocks`` are the WebVTT header (first, when it says more than
    ``WEBVTT``) and STYLE/REGION blocks, as :attr:`LoadedFile.vtt_blocks` holds them.
    """
    target = Path(path)
    info = _format_for(target, fmt)
    if not info.can_save:
        raise ValueError(f"{info.label} files can be read but not written")
    if karaoke and info.name not in ("ass", "ssa"):
        raise ValueError("karaoke highlighting needs ASS or SSA output")
    if info.frame_based and not frame_rate:
        raise ValueError(f"{info.label} counts frames: it needs the video's frame rate (e.g. 23.976)")
    if line_ending not in ("\n", "\r\n"):
        raise ValueError(f"line ending must be LF or CRLF, not {line_ending!r}")
    if info.name == "vtt" and _codec_name(encoding) not in ("utf-8", "utf-8-sig"):
        raise SubtitleFileError(
            f"WebVTT files are UTF-8 (the WebVTT spec, W3C, section 4.1: a WebVTT file is encoded as "
            f"UTF-8), not {encoding}: choose UTF-8 or UTF-8 with BOM, or save as SubRip (.srt)"
        )
    cues = list(document_or_cues)
    _check_times(cues, info)
    subs = pysubs2.SSAFile()
    if info.frame_based and frame_rate:
        # pysubs2 writes the rate line as {0}{0}; players (VLC) look for {1}{1}.
        one_frame = round(1000 / frame_rate)
        subs.append(
            pysubs2.SSAEvent(start=one_frame, end=one_frame, text=f"{frame_rate:g}")
        )
    subs.info.update({"PlayResX": "1920", "PlayResY": "1080", "ScaledBorderAndShadow": "yes",
                      "WrapStyle": "0", "Title": target.stem})  # fmt: skip
    subs.styles = {"Default": _STYLE.copy()}
    for cue in cues:
        event = pysubs2.SSAEvent(start=cue.start_ms, end=cue.end_ms, name=cue.speaker or "")
        event.text = _file_text(cue, info, karaoke)
        subs.append(event)
    options: dict[str, object] = {}
    if info.name in ("srt", "vtt"):
        options["keep_ssa_tags"] = True  # plain text: "{" must survive as a character
    if info.frame_based:
        options["write_fps_declaration"] = False  # written above, the way players read it
    with warnings.catch_warnings():
        # pysubs2 clamps SubRip times past 99 h with a warning; _own_timings writes them exactly.
        warnings.filterwarnings("ignore", "Overflow in SubRip timestamp", RuntimeWarning)
        # It clamps ASS ends over 9:59:59.990 to it, which is where they round (_check_times
        # refused every end that rounds past it).
        warnings.filterwarnings("ignore", "Overflow in SubStation timestamp", RuntimeWarning)
        data = subs.to_string(info.name, fps=frame_rate, **options)
    if info.name in ("srt", "vtt"):
        data = _own_timings(data, cues, info, vtt_blocks)
    if info.name == "microdvd":
        data = _microdvd_codes(data, cues)
    if line_ending != "\n":
        data = data.replace("\n", line_ending)
    write_atomic(target, _encode(data, cues, encoding), overwrite=overwrite)
    log.info("saved %d cues to %s (%s, %s)", len(subs), target, info.name, encoding)


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise SubtitleFileError(f"unknown text encoding {encoding!r}") from None


_MICRODVD_TIMES = re.compile(r"\{\d+\}\{\d+\}")


def _microdvd_codes(data: str, cues: Sequence[Cue]) -> str:
    """pysubs2's MicroDVD output (the frame-rate line first, then one line per cue) with each
    cue's styling as MicroDVD codes (:func:`~engine.subtitles.markup.to_microdvd`): pysubs2
    writes only whole-cue italics."""
    lines = data.split("\n")
    for n, cue in enumerate(cues, 1):
        times = _MICRODVD_TIMES.match(lines[n]) if n < len(lines) else None
        if times is not None:
            lines[n] = times.group(0) + markup.to_microdvd(cue.text)
    return "\n".join(lines)


def _own_timings(data: str, cues: Sequence[Cue], info: FormatInfo, blocks: Sequence[str]) -> str:
    times = [(c.start_ms, c.end_ms) for c in cues]
    if info.name == "srt":
        return webvtt.rewrite_timings(data, times, ",")
    settings = [webvtt.settings_for(c.alignment, c.vtt_settings) for c in cues]
    colours = set().union(*(markup.to_vtt(c.text)[1] for c in cues)) if cues else set()
    return webvtt.finish(webvtt.rewrite_timings(data, times, ".", settings), colours, tuple(blocks),
                         [c.vtt_id for c in cues])  # fmt: skip


def detect_encoding(data: bytes) -> str:
    """The text encoding of a subtitle file's bytes (a Python codec name); see
    :func:`~engine.subtitles.encodings.guess_encoding` for how sure it is."""
    return guess_encoding(data).encoding


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


def _parse(text: str, source: Path, frame_rate: float | None) -> tuple[pysubs2.SSAFile, list[str]]:
    """pysubs2's reading of ``text``, with the repairs of :mod:`~engine.subtitles.import_repairs`
    around it, and notes for the user on what they left out."""
    try:
        name = pysubs2.formats.autodetect_format(text)
    except pysubs2.exceptions.FormatAutodetectionError:
        name = _format_for(source, None).name
    notes: list[str] = []
    final_number = lost_at = None
    if name in ("ass", "ssa"):
        text = _NOT_A_HEADING.sub("", text)
        text, cut, first = import_repairs.ass_events(text, name == "ssa")
        if cut:
            lines = "Dialogue lines have times that cannot" if cut > 1 else "Dialogue line has times that cannot"
            notes.append(f"{cut} {lines} be read (the first on line {first}); "
                         f"{'they were' if cut > 1 else 'it was'} left out and the rest kept: "
                         "check the end of the file, which may be cut short")  # fmt: skip
    elif name == "ttml":
        text = import_repairs.ttml_clock_times(text)
    elif name == "srt":
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
        notes.append(f"the file ends inside a cue at line {lost_at}{after}: the damaged lines were "
                     "left out; check the end of the file, which may be cut short")  # fmt: skip
    if subs.format == "sami":
        _sami_ends(subs)
    return subs, notes


def _sami_ends(subs: pysubs2.SSAFile) -> None:
    """Each SAMI cue ends where the next SYNC starts (an ``&nbsp;`` SYNC clears the screen):
    pysubs2 1.8 guesses ends as start + 500 ms + 67 ms a character instead. The last SYNC has
    no end in the file and keeps the guess."""
    for event, following in zip(subs.events, subs.events[1:]):
        if following.start > event.start:
            event.end = following.start


def _is_fps_declaration(subs: pysubs2.SSAFile, event: pysubs2.SSAEvent) -> bool:
    """MicroDVD's ``{1}{1}23.976`` line, which pysubs2 keeps when the caller gave the rate."""
    if subs.format != "microdvd" or event.start != event.end:
        return False
    try:
        float(event.text)
    except ValueError:
        return False
    return True


_DRAWING = re.compile(r"\{[^{}]*\\p[1-9]")


def _is_drawing(event: pysubs2.SSAEvent, ass: bool) -> bool:
    """A vector drawing (ASS ``{\\p1}``), not text. pysubs2's ``is_text`` parses every
    override tag quadratically: 10,000 tags in one line took 25 s."""
    return ass and _DRAWING.search(event.text) is not None


def _comment_note(count: int) -> str:
    lines = "comment lines (Comment:) were" if count > 1 else "comment line (Comment:) was"
    return f"{count} {lines} not imported"


def _srt_times(text: str) -> list[tuple[int, int]]:
    """Each SubRip timing line's times as written: pysubs2 reads at most two hour digits and
    took 100:00:01,000 for 00:00:01,000. Lines are the ones pysubs2 takes for timings."""
    out = []
    for line in text.split("\n"):
        if len(pysubs2.time.TIMESTAMP.findall(line)) == 2:
            stamps = _LONG_TIME.findall(line)
            if len(stamps) == 2:
                out.append((webvtt.parse_time(stamps[0]), webvtt.parse_time(stamps[1])))
            else:
                return []  # not the lines pysubs2 saw: keep its reading
    return out


_LONG_TIME = re.compile(r"\d+:\d{1,2}:\d{1,2}[.,]\d{1,3}")
_LONG_HOURS = re.compile(r"\d{3}:\d{1,2}:\d{1,2}[.,]\d")  # only then is _srt_times needed


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
    empty when nothing overlapped)."""

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

    @property
    def empty_message(self) -> str:
        """``""`` when the file has cues; else a sentence for the user to refuse it with (an
        empty file, or one pysubs2 finds no cue in): what ``convert`` refuses, and what the
        window should say rather than open an empty document."""
        if self.cues:
            return ""
        return (f"{self.source_name} holds no cue with text ({self.size_bytes} bytes): "
                "it is empty or not a subtitle file")  # fmt: skip


def read(
    path: str | os.PathLike[str],
    *,
    frame_rate: float | None = None,
    encoding: str | None = None,
) -> LoadedFile:
    """Load a subtitle file and say what it was (format, encoding, frame rate).

    ``encoding`` (a Python codec) overrides detection. Any failure is a SubtitleFileError
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
            loaded = _read(source, data, frame_rate, encoding)
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


def _wide_unicode(encoding: str | None) -> bool:
    """True for a UTF-16/32 codec, whose text holds NUL bytes."""
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def _read(source: Path, data: bytes, frame_rate: float | None, encoding: str | None) -> LoadedFile:
    guess = None
    if not _wide_unicode(encoding) and import_repairs.is_binary(data):
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
    subs, repair_notes = _parse(vtt.text if vtt else text, source, frame_rate)
    if subs.format == "microdvd":
        for event, raw_text in zip(subs, import_repairs.microdvd_texts(text, len(subs)) or (), strict=False):
            event.text = raw_text  # with its {y:i} codes as written (pysubs2 stretches them)
    long_times = _srt_times(text) if subs.format == "srt" and _LONG_HOURS.search(text) else []
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
    backwards: list[int] = []
    tally, comments = ass_style.EffectTally(), 0
    font_lost: dict[str, int] = {}  # "font face"/"font size" -> the first cue's start
    top_third = ass_style.play_res_y(subs.info) / 3 if braces else 0.0
    for k, event in enumerate(subs):
        if event.is_comment:
            comments += 1
            continue
        if _is_drawing(event, braces):
            tally.add(event.start, ass_style.effects(event.text), drawing=True)
            continue
        if k == 0 and _is_fps_declaration(subs, event):
            continue  # MicroDVD's frame-rate line
        start, end = long_times[k] if long_times else (event.start, event.end)
        effects = ass_style.effects(event.text) if braces else ass_style.Effects()
        for kind in markup.unkept_attributes(event.text) if not vtt and not braces else ():
            font_lost.setdefault(kind, max(start, 0))  # WebVTT's are in vtt.notes already
        text_k, alignment = markup.canonical(event.text, ass=braces,
                                             classes=vtt.classes if vtt else None,
                                             styled=styled,
                                             style=subs.styles.get(event.style) if braces else None,
                                             styles=subs.styles if braces else None)  # fmt: skip
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
        tally.add(start, effects)
        if end < start:
            backwards.append(max(start, 0))
        end = max(end, start + 1, 1)  # a zero-length cue still shows its text
        speaker = (extra.speaker if extra else None) or event.name or None
        raw.append(Cue(0, max(start, 0), end, body, extra.words if extra else (), speaker,
                       alignment, settings, extra.id if extra else ""))  # fmt: skip
    if not styled:
        notes.append("the file holds more tags than any real subtitle file: styling was dropped")
    effects_note = tally.note()
    if effects_note:
        notes.append(effects_note)
    if comments:
        notes.append(_comment_note(comments))
    styles_note = ass_style.styles_note(subs) if braces else None
    if styles_note:
        notes.append(styles_note)
    if font_lost:
        notes.append(f"<font> attributes ({', '.join(font_lost)}) cannot be kept, only its colour; the text "
                     f"was kept (first at {format_ms(min(font_lost.values()))})")  # fmt: skip
    if backwards:
        notes.append(_backwards_note(backwards))
    as_read = [dataclasses.replace(c, id=n) for n, c in enumerate(sorted(raw, key=lambda c: c.start_ms), 1)]
    cues, merged, shortened = _resolve(as_read)
    overlap_note = _overlap_note(as_read, merged, shortened) if merged or shortened else ""
    if overlap_note:
        notes.append(overlap_note)
    log.info("loaded %d cues from %s (%s, %s)", len(cues), source, subs.format, encoding)
    return LoadedFile(Document(cues), subs.format or "", encoding, subs.fps, guess,
                      tuple(notes), vtt.blocks if vtt else (), tuple(as_read), overlap_note,
                      source.name, len(data))  # fmt: skip


def _backwards_note(starts: Sequence[int]) -> str:
    """Cues whose end time in the file comes before their start (``00:00:11,000 -->
    00:00:10,500``): each was kept, ending 1 ms after it starts."""
    many = len(starts) > 1
    return (f"{len(starts)} cue{'s end' if many else ' ends'} before {'they start' if many else 'it starts'} "
            f"(the first at {format_ms(min(starts))}); {'each' if many else 'it'} now ends 1 ms after "
            f"{'it starts' if many else 'its start'}: check {'their' if many else 'its'} end time"
            f"{'s' if many else ''} against the video")  # fmt: skip


def _overlap_note(as_read: Sequence[Cue], merged: int, shortened: int) -> str:
    """What :func:`resolve_overlaps` did, for the user: counts and the first overlap."""
    first = next(b.start_ms for a, b in zip(as_read, as_read[1:]) if b.start_ms < a.end_ms)
    parts = []
    if merged:
        parts.append(f"{merged} starting with or inside another {'were' if merged > 1 else 'was'} "
                     "merged into it (texts joined)")  # fmt: skip
    if shortened:
        parts.append(f"{shortened} now end{'' if shortened > 1 else 's'} where the next one starts")
    return (f"the file has overlapping cues; in the editor they were kept apart: {'; '.join(parts)} "
            f"(first at {format_ms(first)}). The file is not changed until you save or export.")


def load(
    path: str | os.PathLike[str],
    *,
    frame_rate: float | None = None,
    encoding: str | None = None,
) -> Document:
    """A document from any subtitle file pysubs2 reads (see :func:`read`)."""
    return read(path, frame_rate=frame_rate, encoding=encoding).document


def resolve_overlaps(cues: Sequence[Cue]) -> list[Cue]:
    """Valid, numbered cues from imported ones that may overlap, without losing any text.

    In time order, when a cue starts before the previous one ends: if it starts later and ends
    no earlier (staggered dialogue), the previous cue is cut to end where it starts; if both
    start together or it lies inside the previous one (signs, simultaneous speakers), the two
    are merged: texts joined by a line break, spanning both.
    """
    return _resolve(cues)[0]


def _resolve(cues: Sequence[Cue]) -> tuple[list[Cue], int, int]:
    """:func:`resolve_overlaps`, with how many cues were merged and how many cut short."""
    out: list[Cue] = []
    merged = shortened = 0
    for cue in sorted(cues, key=lambda c: c.start_ms):  # stable: file order on ties
        prev = out[-1] if out else None
        if prev is not None and prev.end_ms > cue.start_ms:
            if prev.start_ms < cue.start_ms and prev.end_ms <= cue.end_ms:
                out[-1] = dataclasses.replace(prev, end_ms=cue.start_ms)
                shortened += 1
            else:
                speaker = prev.speaker if prev.speaker == cue.speaker else None
                text = f"{prev.text}\n{cue.text}"
                end = max(prev.end_ms, cue.end_ms)
                words = prev.words + cue.words
                out[-1] = dataclasses.replace(
                    prev, end_ms=end, text=text, words=words, speaker=speaker
                )
                merged += 1
                continue
        out.append(dataclasses.replace(cue, id=len(out) + 1))
    return out, merged, shortened
