"""Where each input of ``convert`` goes: the output format from ``--format`` or OUT's extension,
OUT a file or a folder, and inputs whose outputs collide (names that differ only in case are
one file on Windows, macOS and exFAT) or that are given twice; and how each is read
(:func:`read_input`). See :mod:`engine.cli.convert`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.subtitles.io import (
    FORMATS,
    FormatInfo,
    FrameRateNeededError,
    LoadedFile,
    SubtitleFileError,
    format_for,
    read,
    writable_formats,
)

__all__ = ["Job", "PlanError", "output_format", "plan", "read_input"]


class PlanError(Exception):
    """A command line that cannot work for any input (the message is for the user)."""


@dataclass(frozen=True)
class Job:
    """One input: where it goes, or why it is not converted (``problem``); ``again`` for an
    input given twice, converted the first time."""

    source: Path
    target: Path
    info: FormatInfo
    problem: str = ""
    again: bool = False


def output_format(out: Path, fmt: str | None) -> FormatInfo:
    try:
        info: FormatInfo | None = format_for(out)
    except ValueError:
        info = None
    if fmt is not None:
        wanted = FORMATS[fmt]
        if info is not None and info.can_save and info.name != fmt:
            raise PlanError(
                f"OUT {out.name} has the extension of {info.label} but --format says "
                f"{wanted.label}: name it {out.stem}{wanted.extension}, or leave out "
                "--format"
            )
        return wanted
    if info is None or not info.can_save:
        names = ", ".join(f.name for f in writable_formats())
        raise PlanError(
            f"cannot tell which format to write from {out.name!r}: give --format "
            f"({names}) or an extension such as .srt"
        )
    return info


def plan(inputs: list[Path], out_arg: str, fmt: str | None) -> list[Job]:
    """A job per input. OUT is a folder when there are several inputs, when it is one, or when
    written with a final slash; outputs whose names differ only in case are one output."""
    out = Path(out_arg)
    if len(inputs) > 1 and out.exists() and not out.is_dir():
        raise PlanError(
            f"OUT must be a folder when there are several inputs, and {out} is a "
            "file: give a folder (it is made if missing)"
        )
    to_folder = len(inputs) > 1 or out.is_dir() or out_arg.endswith(("/", "\\"))
    if not to_folder:
        return [Job(inputs[0], out, output_format(out, fmt))]
    if fmt is None:
        raise PlanError(f"{out} is a folder: give --format to say what to write")
    info = FORMATS[fmt]
    jobs: list[Job] = []
    taken: dict[str, Job] = {}
    for source in inputs:
        target = out / (source.stem + info.extension)
        first = taken.get(str(target.absolute()).casefold())
        if first is None:
            job = Job(source, target, info)
            taken[str(target.absolute()).casefold()] = job
        elif first.source.resolve() == source.resolve():  # ../in/x.srt and x.srt
            job = Job(source, target, info, again=True)
        else:
            case = (
                (
                    f" ({target.name} and {first.target.name} differ only in case: one file on "
                    "Windows, macOS and exFAT)"
                )
                if target.name != first.target.name
                else ""
            )
            job = Job(
                source,
                target,
                info,
                f"not converted: {first.source} is also written to {first.target}{case}; "
                "convert it on its own to another OUT, or rename one of them",
            )
        jobs.append(job)
    return jobs


def read_input(source: Path, encoding: str | None, fps: float | None, sami_class: str | None) -> LoadedFile:
    """An input read at its own frame rate, else at ``fps`` (``--fps``); ``encoding`` and
    ``sami_class`` as :func:`engine.subtitles.io.read` takes them."""
    try:
        return read(source, encoding=encoding, sami_class=sami_class)
    except FrameRateNeededError:
        if fps is None:
            raise SubtitleFileError(
                f"{source.name} counts frames but does not say its frame rate: "
                "give the video's frame rate with --fps (e.g. 23.976)"
            ) from None
    return read(source, frame_rate=fps, encoding=encoding, sami_class=sami_class)
