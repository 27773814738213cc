"""Writing subtitle files: :func:`save`, through pysubs2 only, atomically.

Cues become pysubs2 events in the format's own markup (:func:`~engine.subtitles.markup.for_format`,
karaoke ``\\k`` tags from word timings); SubRip and WebVTT timings are then written exactly
(hours past 99, cue settings, STYLE blocks: :mod:`engine.subtitles.webvtt`), MicroDVD gets its
line codes, MPL2 is written here (with its ``/`` italic lines), TTML is made valid
(:mod:`engine.subtitles.ttml_write`), SAMI, which pysubs2 does not write, is written by
:mod:`engine.subtitles.sami_write`, and the bytes go through :func:`~engine.subtitles.atomic.write_atomic`. A time the
format cannot store or a character the encoding cannot hold is a
:class:`~engine.subtitles.subtitle_formats.SubtitleFileError` naming the cue: nothing is clamped
or replaced. Re-exported by :mod:`engine.subtitles.io`.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import pysubs2

from engine.subtitles import markup, webvtt
from engine.subtitles.atomic import write_atomic
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document, format_ms
from engine.subtitles.karaoke import karaoke_text
from engine.subtitles.markup_write import to_mpl2
from engine.subtitles.sami_write import to_sami
from engine.subtitles.subtitle_formats import FormatInfo, SubtitleFileError, encoding_refusal, format_for
from engine.subtitles.text_language import text_language
from engine.subtitles.timecode import ASS_LIMIT_MS
from engine.subtitles.ttml_write import finish_ttml, ttml_text

__all__ = ["save"]

log = logging.getLogger("engine.subtitles.io")  # the name its log lines have always had


# A clean default look: white text, thin black outline, light shadow, sized for a 1080p script.
_STYLE = pysubs2.SSAStyle(
    fontname="Arial",
    fontsize=64,
    primarycolor=pysubs2.Color(255, 255, 255, 0),
    secondarycolor=pysubs2.Color(255, 200, 0, 0),  # the karaoke highlight sweeps into this
    outlinecolor=pysubs2.Color(0, 0, 0, 0),
    backcolor=pysubs2.Color(0, 0, 0, 128),
    outline=3.0,
    shadow=1.0,
    marginl=60,
    marginr=60,
    marginv=50,
)


def _cue_name(n: int, cue: Cue) -> str:
    return f"cue {n} ({format_ms(cue.start_ms)})"


def _check_times(cues: Sequence[Cue], info: FormatInfo) -> None:
    if info.name not in ("ass", "ssa"):
        return
    for n, cue in enumerate(cues, 1):
        if round(cue.end_ms / 10) * 10 >= ASS_LIMIT_MS:  # ASS stores centiseconds: 9:59:59.995 rounds up
            edge = "starts" if cue.start_ms >= ASS_LIMIT_MS else f"ends at {format_ms(cue.end_ms)},"
            raise SubtitleFileError(
                f"{_cue_name(n, cue)} {edge} past what {info.label} "
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
    if timed is not None:  # its position kept before the syllables (a top karaoke line stays on top)
        return (markup.for_format("", info.name, cue.alignment, None) if cue.alignment else "") + timed
    if info.name == "ttml":
        return ttml_text(cue.text, _STYLE.fontname)
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
    language: str | None = None,
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
    ``language`` (a BCP 47 / Whisper code: the transcript's or the imported file's) is what TTML's
    ``xml:lang`` and SAMI's class say; None: the cues' text tells
    (:func:`~engine.subtitles.text_language.text_language`), else ``"und"``.
    """
    target = Path(path)
    info = format_for(target, fmt)
    if not info.can_save:
        raise ValueError(f"{info.label} files can be read but not written")
    if karaoke and info.name not in ("ass", "ssa"):
        raise ValueError("karaoke highlighting needs ASS or SSA output")
    if info.frame_based and not frame_rate:
        raise ValueError(f"{info.label} counts frames: it needs the video's frame rate (e.g. 23.976)")
    if line_ending not in ("\n", "\r\n"):
        raise ValueError(f"line ending must be LF or CRLF, not {line_ending!r}")
    refusal = encoding_refusal(info, encoding)
    if refusal:
        raise SubtitleFileError(refusal)
    cues = list(document_or_cues)
    _check_times(cues, info)
    if info.name in ("ttml", "sami"):
        language = language or text_language(markup.plain_text(c.text) for c in cues) or "und"
    if info.name in ("sami", "mpl2"):
        data = to_sami(cues, language or "und", target.stem) if info.name == "sami" else _mpl2(cues)
        _write(target, data, cues, encoding, line_ending, overwrite)
        log.info("saved %d cues to %s (%s, %s)", len(cues), target, info.name, encoding)
        return
    subs = pysubs2.SSAFile()
    if info.frame_based and frame_rate:
        # pysubs2 writes the rate line as {0}{0}; players (VLC) look for {1}{1}.
        one_frame = round(1000 / frame_rate)
        subs.append(pysubs2.SSAEvent(start=one_frame, end=one_frame, text=f"{frame_rate:g}"))
    subs.info.update(
        {
            "PlayResX": "1920",
            "PlayResY": "1080",
            "ScaledBorderAndShadow": "yes",
            "WrapStyle": "0",
            "Title": target.stem,
        }
    )
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
    if info.name == "ttml":
        # pysubs2 writes only get_text_events(): no event it takes for a drawing ({\\p1})
        written = {id(e) for e in subs.get_text_events()}
        shown = [cue for cue, event in zip(cues, subs.events) if id(event) in written]
        data = finish_ttml(data, shown, language or "und", _codec_name(encoding))
    _write(target, data, cues, encoding, line_ending, overwrite)
    log.info("saved %d cues to %s (%s, %s)", len(subs), target, info.name, encoding)


def _write(target: Path, data: str, cues: Sequence[Cue], encoding: str, ending: str, overwrite: bool) -> None:
    if ending != "\n":
        data = data.replace("\n", ending)
    write_atomic(target, _encode(data, cues, encoding), overwrite=overwrite)


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


def _mpl2(cues: Sequence[Cue]) -> str:
    """MPL2, one line per cue: ``[start][end] text``, times in tenths of a second (rounded
    down, as pysubs2 writes them), lines joined by ``|``, a ``/`` before each wholly italic line
    (:func:`~engine.subtitles.markup_write.to_mpl2`). Written here, not by pysubs2, whose writer
    leaves out every cue it takes for an ASS drawing and writes no italics (review 7, finding 9)."""
    return "".join(f"[{c.start_ms // 100}][{c.end_ms // 100}] {to_mpl2(c.text)}\n" for c in cues)


def _own_timings(data: str, cues: Sequence[Cue], info: FormatInfo, blocks: Sequence[str]) -> str:
    times = [(c.start_ms, c.end_ms) for c in cues]
    if info.name == "srt":
        return webvtt.rewrite_timings(data, times, ",")
    settings = [webvtt.settings_for(c.alignment, c.vtt_settings) for c in cues]
    colours = set().union(*(markup.to_vtt(c.text)[1] for c in cues)) if cues else set()
    return webvtt.finish(
        webvtt.rewrite_timings(data, times, ".", settings), colours, tuple(blocks), [c.vtt_id for c in cues]
    )
