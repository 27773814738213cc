"""``python main.py convert IN... OUT``: subtitle files from one format to another, no engine.

Modelled on Subtitle Edit's command-line converter, which studios script: any format pysubs2
reads to any it writes (:func:`engine.subtitles.io.writable_formats`), the output format from
``--format`` or OUT's extension; with several inputs OUT is a folder and each input keeps its
name. ``--fix`` applies the preset's quality fixes of :mod:`engine.subtitles.quality`. A file
that cannot be read or written is reported on stderr with its reason and the others go on;
the exit status is 1 if any failed, 2 for a wrong command line (argparse's rule).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from engine.subtitles import quality
from engine.subtitles.document import Document
from engine.subtitles.encodings import EXPORT_ENCODINGS
from engine.subtitles.io import (
    FORMATS,
    FormatInfo,
    SubtitleFileError,
    default_line_ending,
    format_for,
    read,
    save,
    writable_formats,
)
from engine.subtitles.presets import PRESETS

__all__ = ["build_parser", "main"]

log = logging.getLogger(__name__)
_LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n"}


def build_parser() -> argparse.ArgumentParser:
    """The ``convert`` command line (``main.py`` adds it as a sub-command)."""
    names = [f.name for f in writable_formats()]
    parser = argparse.ArgumentParser(
        prog="convert",
        description="Convert subtitle files. Formats written: "
        + ", ".join(f"{f.name} ({f.extension})" for f in writable_formats()),
        epilog="example: convert film.srt film.ass;  convert --format vtt *.srt out/",
    )
    parser.add_argument("paths", nargs="+", metavar="IN... OUT",
                        help="input files, then the output file (one input) or folder")  # fmt: skip
    parser.add_argument("--format", choices=names, help="output format (default: OUT's extension)")
    parser.add_argument("--encoding", metavar="E",
                        help="the inputs' text encoding, e.g. big5 (default: detected)")  # fmt: skip
    parser.add_argument("--output-encoding", default="utf-8", metavar="E",
                        help="; ".join(f"{c}: {label}" for c, label in EXPORT_ENCODINGS)
                        + " (default utf-8)")  # fmt: skip
    parser.add_argument("--line-ending", choices=["auto", *sorted(_LINE_ENDINGS)], default="auto",
                        help="auto: CRLF for SRT on Windows, else LF")  # fmt: skip
    parser.add_argument("--fps", type=float, metavar="F",
                        help="frame rate for MicroDVD input or output, e.g. 23.976")  # fmt: skip
    parser.add_argument("--preset", choices=sorted(PRESETS), default="netflix-en",
                        help="style guide for --fix")  # fmt: skip
    parser.add_argument("--fix", action="store_true",
                        help="apply the preset's fixes: merge tiny cues, split long ones, "
                        "lengthen short ones, keep the minimum gap")  # fmt: skip
    parser.add_argument("--overwrite", action="store_true", help="replace existing files")
    return parser


def _fix(doc: Document, preset_name: str) -> None:
    preset = PRESETS[preset_name]
    for fix in (quality.merge_tiny_cues, quality.split_long_cues,
                quality.extend_short_cues, quality.apply_min_gap):  # fmt: skip
        fix(doc, preset)


def _plan(inputs: list[Path], out_arg: str, fmt: str | None) -> list[tuple[Path, Path, FormatInfo]]:
    """(input, output, format) per input; ValueError for a plan that cannot work. OUT is a
    folder when there are several inputs, when it is one, or when written with a final slash."""
    out = Path(out_arg)
    to_folder = len(inputs) > 1 or out.is_dir() or out_arg.endswith(("/", "\\"))
    if not to_folder:
        return [(inputs[0], out, format_for(out, fmt))]
    if fmt is None:
        raise ValueError(f"{out} is a folder: give --format to say what to write")
    info = FORMATS[fmt]
    plan: list[tuple[Path, Path, FormatInfo]] = []
    taken: dict[Path, Path] = {}
    for source in inputs:
        target = out / (source.stem + info.extension)
        if target in taken:
            raise ValueError(f"{source} and {taken[target]} would both be written to {target}")
        taken[target] = source
        plan.append((source, target, info))
    return plan


def _convert(source: Path, target: Path, info: FormatInfo, args: argparse.Namespace) -> str:
    loaded = read(source, frame_rate=args.fps, encoding=args.encoding)
    guess = loaded.encoding_guess
    if guess is not None and guess.unsure:
        others = ", ".join(a.encoding for a in guess.alternatives[:3])
        also = f" (also possible: {others})" if others else ""
        print(f"convert: {source}: text encoding guessed as {guess.encoding}, unsure{also}; "
              "give --encoding to choose", file=sys.stderr)  # fmt: skip
    for warning in loaded.warnings:
        print(f"convert: {source}: {warning}", file=sys.stderr)
    doc = loaded.document
    if not len(doc):
        raise SubtitleFileError(f"no cue with text was found in it ({source.stat().st_size} bytes); "
                                "nothing was written")
    if args.fix:
        _fix(doc, args.preset)
    fps = args.fps or loaded.frame_rate
    save(doc, target, info.name, overwrite=args.overwrite, frame_rate=fps,
         encoding=args.output_encoding, line_ending=_LINE_ENDINGS.get(args.line_ending,
                                                                      default_line_ending(info.name)),
         vtt_blocks=loaded.vtt_blocks)  # fmt: skip
    return f"{source} -> {target} ({len(doc)} cue{'s' if len(doc) != 1 else ''}, {info.label})"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``convert`` with ``argv`` (without the program name); the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error("give at least one input and the output")
    inputs = [Path(p) for p in args.paths[:-1]]
    try:
        plan = _plan(inputs, args.paths[-1], args.format)
    except ValueError as e:
        print(f"convert: {e}", file=sys.stderr)
        return 1
    failed = 0
    for source, target, info in plan:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            print(_convert(source, target, info, args))
        except FileExistsError:
            failed += 1
            print(f"convert: {source}: {target} exists (give --overwrite to replace it)", file=sys.stderr)
        except (SubtitleFileError, ValueError, OSError) as e:
            failed += 1
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            print(f"convert: {source}: {reason}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
