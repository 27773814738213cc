"""``convert`` to the input's own format without ``--fix``: the file's own text, re-encoded.

Going through the editor's model would throw away what it cannot hold (ASS styles, fonts,
layers, WebVTT NOTE blocks ...), so the text is copied, only its encoding and line endings
changed (a TTML's XML declaration then names the new encoding: UTF-8 or UTF-16 only, as
:func:`~engine.subtitles.io.save` allows); ASS <-> SSA goes through pysubs2's SSAFile, which keeps styles. The reader's notes on
the cues are printed marked :data:`KEPT_AS_IS`, since the output keeps the text they describe.
See :mod:`engine.cli.convert`.
"""

from __future__ import annotations

import argparse
import codecs
import math
import sys
from pathlib import Path

import pysubs2

from engine.subtitles import ass_style
from engine.subtitles.io import FormatInfo, LoadedFile, SubtitleFileError, default_line_ending
from engine.subtitles.subtitle_formats import encoding_refusal
from engine.subtitles.ttml_write import declare_encoding

__all__ = ["KEPT_AS_IS", "LINE_ENDINGS", "as_it_is", "as_it_is_notes", "same_format", "ssa_losses"]

LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n"}
# After a reader's note on a file kept as it is: the note describes the cues, not the output.
KEPT_AS_IS = "(only when the file is opened as cues, in the window or with --fix: this output copies the file's own text, so it keeps all of it)"


def same_format(loaded: LoadedFile, info: FormatInfo, args: argparse.Namespace) -> bool:
    """Whether the file is kept as it is (see the module docstring): its own format or ASS<->SSA,
    no --fix, and a frame-based file kept at its own rate."""
    if args.fix or not ({loaded.format, info.name} <= {"ass", "ssa"} or loaded.format == info.name):
        return False
    rate = loaded.frame_rate
    return not (info.frame_based and args.output_fps and rate and not math.isclose(args.output_fps, rate))


def ssa_losses(subs: pysubs2.SSAFile) -> list[str]:
    """What SSA v4 cannot hold of an ASS file that pysubs2 converts: layers, the underline and
    strike-out style flags (SSA styles have neither field), ``\\an`` positions (ASS tags)."""
    out = []
    if any(e.layer for e in subs):
        out.append("SSA has no layers: every line is written on one")
    if any(s.underline or s.strikeout for s in subs.styles.values()):
        out.append("SSA styles have no underline or strike-out: styles that set them lose it")
    if any("\\an" in e.text for e in subs):
        out.append("\\an positions are ASS tags, which SSA players may not read (SSA writes \\a)")
    return out


def as_it_is(
    source: Path, loaded: LoadedFile, info: FormatInfo, args: argparse.Namespace
) -> tuple[bytes, int, list[str]]:
    """The file's own text in the output encoding and line ending (ASS<->SSA: through pysubs2's
    SSAFile, which keeps styles, fonts, layers and effects), and how many undecodable bytes
    became U+FFFD (decoded as io.read decoded it: a stray byte in UTF-8, with the guess's note)."""
    raw = source.read_bytes()
    guess = loaded.encoding_guess
    text = raw.decode(loaded.encoding, guess.errors if guess else "strict").removeprefix("\ufeff")
    replaced = text.count("\ufffd") - raw.decode(loaded.encoding, "ignore").count("\ufffd")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    losses: list[str] = []
    if loaded.format != info.name:
        subs = pysubs2.SSAFile.from_string(text, format_=loaded.format)
        losses = ssa_losses(subs) if info.name == "ssa" else []
        text = subs.to_string(info.name)
    if info.name == "ttml":  # XML: only UTF-8/16, and the declaration must say which (review 7, finding 4)
        refusal = encoding_refusal(info, args.output_encoding)
        if refusal:
            raise SubtitleFileError(refusal)
        text = declare_encoding(text, args.output_encoding)
    line_ending = LINE_ENDINGS.get(args.line_ending, default_line_ending(info.name))
    try:
        return text.replace("\n", line_ending).encode(args.output_encoding), replaced, losses
    except UnicodeEncodeError as e:
        bad = e.object[e.start : e.end]
        line = e.object[: e.start].count(line_ending) + 1
        raise SubtitleFileError(
            f"line {line}: {bad!r} (U+{ord(bad[0]):04X}) cannot be written in "
            f"{args.output_encoding}; choose UTF-8 or change the text"
        ) from None


def as_it_is_notes(source: Path, loaded: LoadedFile, replaced: int, output_encoding: str = "") -> str:
    """Print the reader's notes for a file kept as it is; what the output holds, for the summary.

    The output is the file's text, not the cues read from it, so the reader's repairs (a
    damaged SubRip tail left out, a backwards end moved, an empty cue dropped ...) are not made:
    a professional re-encoding a file expects its text untouched. Each note is printed with
    :data:`KEPT_AS_IS` so it reads as what the cues would be. Two are left out because the
    output keeps what they say is lost: the overlap note (overlaps are written as timed) and
    the ASS styles note. A stray byte's note is printed as it is: its U+FFFD is in the output.
    """
    guess = loaded.encoding_guess
    stray = guess.note if guess is not None else ""
    for warning in loaded.warnings:
        if warning in (loaded.overlap_note, ass_style.STYLES_NOTE):
            continue
        if warning == stray:
            print(f"convert: {source}: {warning}", file=sys.stderr)
        else:
            print(f"convert: {source}: {warning} {KEPT_AS_IS}", file=sys.stderr)
    if replaced:
        bytes_ = "1 byte that is" if replaced == 1 else f"{replaced} bytes that are"
        return f"the file's text but {bytes_} not valid {loaded.encoding}, written as \ufffd"
    if output_encoding and codecs.lookup(output_encoding).name != codecs.lookup(loaded.encoding).name:
        return f"the file as it is, re-encoded from {loaded.encoding} to {output_encoding}"
    return "the file as it is"
