"""``python main.py convert IN... OUT``: subtitle files from one format to another, no engine.

Modelled on Subtitle Edit's command-line converter, which studios script: any format pysubs2
reads to any it writes (:func:`engine.subtitles.io.writable_formats`), the output format from
``--format`` or OUT's extension; with several inputs OUT is a folder and each input keeps its
name (``a/x.srt`` -> ``OUT/x.vtt``); an input given twice is converted once.

What is written::

    IN --read--> LoadedFile.cues (as timed; may overlap) --------------------------> OUT
                 LoadedFile.document (overlaps made apart) --(--fix: quality)------> OUT

A conversion to the input's own format (ASS to ASS, SRT to SRT ..., and ASS to SSA or back)
without ``--fix`` keeps the file as it is, only its text re-encoded (``--output-encoding``,
``--line-ending``): going through the editor's model would throw away what it cannot hold
(ASS styles, fonts, layers, the Effect field, the title and Aegisub's sections, ``\\h`` and soft
``\\n``; WebVTT NOTE blocks, ruby and inline times; literal ``<...>`` text). ASS and SSA go
through pysubs2's own SSAFile, which keeps their styles. The text is copied, not repaired: a
damaged SubRip tail, a cue ending before it starts, an empty cue stay as the file has them, and
the reader's notes on them are printed, each saying so (:mod:`engine.cli.convert_as_is`). The one change is a stray byte in
UTF-8, decoded as U+FFFD as the reader decodes it: its note is printed and the summary says how
many bytes were replaced instead of "the file as it is". Otherwise every cue is written as the
file times it, overlaps included (staggered dialogue, a sign over speech), and what the output
format cannot hold (colour, position, italics ..., see :mod:`engine.subtitles.losses`) is
printed on stderr; with ``--fix`` the preset's fixes of
:mod:`engine.subtitles.quality` run on the editor's document, whose overlaps are made apart, and
no fix moves a start (:mod:`engine.cli.convert_fix`: ``--preset auto``, the default, takes the
preset of the language of the file's text, and the line ``IN: language ja (from the text),
preset ...`` says which; text of no clear language falls back to English and says so). Whatever
reading changed (a cue without text left out, overlaps made apart for ``--fix``, with any cue
that now reads too fast named) is printed on stderr after the input's name.

Refused (exit 1, nothing written; user test 6): a file with a timecode that cannot be read, or
text in no cue (:attr:`~engine.subtitles.io.LoadedFile.damage`: "line 10: '00:00:07;000 ->
00:00:08,000' looks like a timecode but cannot be read: fix it and convert again"), and a file
whose encoding the guess is unsure of (the text as each likely encoding reads it, and
``--encoding NAME`` to choose; UTF-8 with a few stray bytes is read, with its note).

``--karaoke`` (ASS/SSA outputs only, else exit 2) writes a ``\\k`` tag before each word that
has a time (WebVTT inline ``<00:00:01.000>`` timestamps), by :mod:`engine.subtitles.karaoke`.

``--sami-class NAME`` reads that language of a SAMI file holding several (default: the first
its STYLE block defines; a note names the others), see :mod:`engine.subtitles.sami_read`.

Frame rates (frames per second, finite and > 0): ``--fps`` is the input's rate when the file
has none (MicroDVD without its ``{1}{1}25`` line); ``--output-fps`` is what a frame-based output
is written at, by default the input's own rate, else ``--fps``.

Batch rules: each input is converted on its own; an input that cannot be read or written, whose
output exists (without ``--overwrite``), or whose output name another input already takes is
reported on stderr with its reason and what to do, and the others go on
(:mod:`engine.cli.convert_plan`). Names that differ only
in case (``x.srt``, ``X.SRT``) are one file on Windows, macOS and exFAT, so they collide too.
The exit status is 0 when every input was written, 1 if any was not, 2 for a wrong command line
(argparse's rule): several inputs and an OUT that is a file, an OUT whose extension names no
format written or another format than ``--format``, or WebVTT in another encoding than UTF-8
(the W3C WebVTT specification allows UTF-8 only).
"""

from __future__ import annotations

import argparse
import codecs
import logging
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.cli.convert_as_is import LINE_ENDINGS, as_it_is, as_it_is_notes, same_format
from engine.cli.convert_checks import refusal_of
from engine.cli.convert_fix import apply_fixes, fix_notes, fix_rules
from engine.cli.convert_plan import Job, PlanError, plan, read_input
from engine.subtitles.atomic import write_atomic
from engine.subtitles.cue import Cue
from engine.subtitles.encodings import EXPORT_ENCODINGS
from engine.subtitles.io import (
    FormatInfo,
    SubtitleFileError,
    default_line_ending,
    save,
    writable_formats,
)
from engine.subtitles.losses import export_losses
from engine.subtitles.presets import PRESETS
from engine.subtitles.subtitle_formats import encoding_refusal
from engine.subtitles.timecode import parse_frame_rate

__all__ = ["build_parser", "main"]

log = logging.getLogger(__name__)
_ENCODING_EXAMPLES = "utf-8, utf-8-sig, utf-16, cp1252, latin-1, big5, gb18030, shift_jis"


def _frame_rate(text: str) -> float:
    """argparse type: frames per second, finite and > 0 ("23.976" is exactly 24000/1001)."""
    value = parse_frame_rate(text, maximum=math.inf)
    if value is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a frame rate: give the video's frames per second, e.g. 23.976 or 25"
        )
    return value


def _encoding(name: str) -> str:
    """argparse type: a Python text codec name."""
    try:
        is_text = getattr(codecs.lookup(name), "_is_text_encoding", True)
    except LookupError:
        is_text = False
    if not is_text:  # rot13, base64 ... are codecs but not text encodings
        raise argparse.ArgumentTypeError(
            f"unknown text encoding {name!r}; give one such as {_ENCODING_EXAMPLES}"
        )
    return name


def build_parser() -> argparse.ArgumentParser:
    """The ``convert`` command line (``main.py`` adds it as a sub-command)."""
    names = [f.name for f in writable_formats()]
    parser = argparse.ArgumentParser(
        prog="convert",
        usage="%(prog)s [options] IN... OUT",
        description="Convert subtitle files. Formats written: "
        + ", ".join(f"{f.name} ({f.extension})" for f in writable_formats())
        + ". Each input is converted on its own: one that cannot be (unreadable, its output "
        "exists, or another input's output has the same name, case aside) is reported and the "
        "rest go on; the exit status is then 1.",
        epilog="example: convert film.srt film.ass;  convert --format vtt *.srt out/;  "
        "convert film.sub ntsc.sub --output-fps 23.976",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="IN... OUT",
        help="input files, then the output file (one input) or folder",
    )
    parser.add_argument("--format", choices=names, help="output format (default: OUT's extension)")
    parser.add_argument(
        "--encoding",
        type=_encoding,
        metavar="E",
        help="the inputs' text encoding, e.g. big5 (default: detected)",
    )
    parser.add_argument(
        "--output-encoding",
        type=_encoding,
        default="utf-8",
        metavar="E",
        help="; ".join(f"{c}: {label}" for c, label in EXPORT_ENCODINGS) + " (default utf-8)",
    )
    parser.add_argument(
        "--line-ending",
        choices=["auto", *sorted(LINE_ENDINGS)],
        default="auto",
        help="auto: CRLF for SRT on Windows, else LF",
    )
    parser.add_argument(
        "--fps",
        type=_frame_rate,
        metavar="F",
        help="the input's frame rate when the file has none (MicroDVD), e.g. 23.976",
    )
    parser.add_argument(
        "--output-fps",
        type=_frame_rate,
        metavar="F",
        help="frame rate of a MicroDVD output (default: the input's own, else --fps)",
    )
    parser.add_argument(
        "--preset",
        choices=["auto", *sorted(PRESETS)],
        default="auto",
        metavar="NAME",
        help="style guide for --fix: auto (the Netflix guide of the language of each file's "
        "text, as transcribe picks by the language heard), or one of " + ", ".join(sorted(PRESETS)),
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="make overlapping cues apart and apply the preset's fixes: space CJK text, merge "
        "tiny cues, split long ones, re-wrap over-long lines, lengthen short ones, keep the "
        "minimum gap (ends move, starts never do)",
    )
    parser.add_argument(
        "--karaoke",
        action="store_true",
        help="ASS or SSA output: highlight each word as it is said (a \\k tag per "
        "word) from the input's word times, such as WebVTT's inline <00:00:01.000> "
        "timestamps",
    )
    parser.add_argument(
        "--sami-class",
        metavar="NAME",
        help="the language to read from a SAMI file holding several (its <P Class=NAME>, e.g. "
        "KOKRCC; default: the first its STYLE block defines)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace existing files")
    return parser


# The reader's words on WebVTT inline times (engine/subtitles/webvtt_spans.py), said here for
# what this command does with them.
_KARAOKE_NOTE = "(used for ASS karaoke)"


def _karaoke_note(warning: str, info: FormatInfo, karaoke: bool) -> str:
    """The reader's note on inline times, saying whether they become ``\\k`` tags and how."""
    if _KARAOKE_NOTE not in warning:
        return warning
    if karaoke:
        said = "(written as \\k karaoke tags)"
    elif info.name in ("ass", "ssa"):
        said = "(add --karaoke to write them as \\k karaoke tags)"
    else:
        said = "(convert to .ass with --karaoke to highlight each word with \\k karaoke tags)"
    return warning.replace(_KARAOKE_NOTE, said)


def _convert(job: Job, args: argparse.Namespace) -> str:
    source, target, info = job.source, job.target, job.info
    if not source.exists():
        raise SubtitleFileError(f"{source} does not exist; check its name and folder")
    if source.is_dir():
        raise SubtitleFileError(f"{source} is a folder, not a subtitle file")
    loaded = read_input(source, args.encoding, args.fps, args.sami_class)
    refusal = refusal_of(loaded, source.stat().st_size)
    if refusal:
        raise SubtitleFileError(refusal)
    guess = loaded.encoding_guess
    if guess is not None and guess.unsure:  # UTF-8 with a few stray bytes: its note says so
        others = ", ".join(a.encoding for a in guess.alternatives[:3])
        also = f" (also possible: {others})" if others else ""
        print(
            f"convert: {source}: text encoding guessed as {guess.encoding}, unsure{also}; "
            "give --encoding to choose",
            file=sys.stderr,
        )
    if same_format(loaded, info, args) and not (args.sami_class and loaded.format == "sami"):
        data, replaced, losses = as_it_is(source, loaded, info, args)
        kept = as_it_is_notes(source, loaded, replaced, args.output_encoding)
        for loss in losses:
            print(f"convert: {source}: {loss}", file=sys.stderr)
        if args.karaoke:
            print(
                f"convert: {source}: --karaoke adds nothing to an ASS or SSA file kept as it is (its "
                "own \\k tags stay); word times come from other inputs, such as WebVTT",
                file=sys.stderr,
            )
        if loaded.format != info.name:
            kept = kept.replace("the file as it is", "its styles converted by pysubs2", 1)
        _write(target, data, args)
        n = len(loaded.cues)
        return f"{source} -> {target} ({n} cue{'s' if n != 1 else ''}, {info.label}, {kept})"
    for warning in loaded.warnings:
        if warning != loaded.overlap_note:  # without --fix overlaps are kept; with it, see below
            print(f"convert: {source}: {_karaoke_note(warning, info, args.karaoke)}", file=sys.stderr)
    cues: Sequence[Cue] = loaded.cues
    if args.fix:
        rules, said = fix_rules(loaded.document, args.preset)
        print(f"{source}: {said}")
        before = list(loaded.document.cues)
        apply_fixes(loaded.document, rules)
        cues = loaded.document.cues
        for line in fix_notes(loaded.cues, before, cues, rules.preset):
            print(f"convert: {source}: {line}", file=sys.stderr)
    rate = args.output_fps or loaded.frame_rate or args.fps
    if info.frame_based and rate is None:
        raise SubtitleFileError(
            f"{info.label.removesuffix(' (frames)')} counts frames: give the "
            "video's frame rate with --output-fps (e.g. 23.976)"
        )
    # imported=False: the reader's own note on inline word times was printed above.
    for loss in export_losses(cues, info.name, vtt_blocks=loaded.vtt_blocks):
        print(f"convert: {source}: {loss}", file=sys.stderr)
    if args.karaoke and not any(cue.words for cue in cues):
        print(
            f"convert: {source}: it has no word times, so no word is highlighted (--karaoke needs "
            "them, e.g. WebVTT inline <00:00:01.000> timestamps)",
            file=sys.stderr,
        )
    _write(
        target,
        lambda: save(
            cues,
            target,
            info.name,
            overwrite=args.overwrite,
            karaoke=args.karaoke,
            frame_rate=rate if info.frame_based else None,
            encoding=args.output_encoding,
            line_ending=LINE_ENDINGS.get(args.line_ending, default_line_ending(info.name)),
            vtt_blocks=loaded.vtt_blocks,
        ),
        args,
    )
    return f"{source} -> {target} ({len(cues)} cue{'s' if len(cues) != 1 else ''}, {info.label})"


def _write(target: Path, data: bytes | Callable[[], None], args: argparse.Namespace) -> None:
    """Write ``data`` (bytes, or a call that writes ``target`` itself) into a folder made if
    missing; an existing ``target`` is kept without ``--overwrite``, said in one sentence."""
    _make_folder(target)
    try:
        if isinstance(data, bytes):
            write_atomic(target, data, overwrite=args.overwrite)
        else:
            data()
    except FileExistsError:
        raise SubtitleFileError(f"{target} exists; it was kept (give --overwrite to replace it)") from None


def _make_folder(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        if target.parent.exists() and not target.parent.is_dir():
            raise SubtitleFileError(
                f"{target.parent} is a file, not a folder: give a folder as OUT"
            ) from None
        raise SubtitleFileError(
            f"the folder {target.parent} cannot be made ({(e.strerror or 'refused').lower()}): "
            "choose a folder you can write to"
        ) from None


# A Python class name ("ParseError: ") in a message from a library means nothing to the user.
_CLASS_NAME = re.compile(r"\b(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Warning): ?")


def _reason(e: Exception) -> str:
    """What went wrong, as a sentence for the user."""
    if isinstance(e, FileNotFoundError) and e.filename:
        return f"{e.filename} does not exist; check its name and folder"
    if isinstance(e, IsADirectoryError) and e.filename:
        return f"{e.filename} is a folder, not a subtitle file"
    if isinstance(e, PermissionError) and e.filename:
        return f"{e.filename} cannot be opened: permission denied (check who may read it)"
    if isinstance(e, OSError) and e.strerror:
        return f"{e.filename}: {e.strerror.lower()}" if e.filename else e.strerror
    text = _CLASS_NAME.sub("", str(e)).strip()
    return text or "it is damaged or not a subtitle file"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``convert`` with ``argv`` (without the program name); the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error("give at least one input and the output")
    inputs = [Path(p) for p in args.paths[:-1]]
    try:
        jobs = plan(inputs, args.paths[-1], args.format)
    except PlanError as e:
        parser.error(str(e))  # exits 2: the command line cannot work for any input
    info = jobs[0].info
    refusal = encoding_refusal(info, args.output_encoding)  # WebVTT: UTF-8 only; TTML: UTF-8/16
    if refusal:
        parser.error(refusal)
    if args.karaoke and info.name not in ("ass", "ssa"):
        parser.error(
            f"--karaoke highlights words in ASS or SSA files, and {info.label} has no "
            "highlighting: write .ass (e.g. convert IN OUT.ass --karaoke), or leave out "
            "--karaoke"
        )
    if args.output_fps is not None and not info.frame_based:
        print(f"convert: --output-fps is ignored: {info.label} counts time, not frames", file=sys.stderr)
    failed = 0
    for job in jobs:
        if job.again:
            print(f"convert: {job.source}: given twice; converted once", file=sys.stderr)
            continue
        try:
            if job.problem:
                raise SubtitleFileError(job.problem)
            print(_convert(job, args))
        except (SubtitleFileError, ValueError, OSError) as e:
            failed += 1
            reason = _reason(e)
            named = reason.startswith(str(job.source))  # "x.srt does not exist": no need to name it twice
            print(f"convert: {reason}" if named else f"convert: {job.source}: {reason}", file=sys.stderr)
    if failed and len(jobs) > 1:
        print(f"convert: {failed} of {len(jobs)} inputs not converted", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
