"""Writing one input's subtitles for ``main.py transcribe``: every format, and nothing lost.

Each format is written on its own: when one fails (a full disk, a folder that became read-only)
the others are still written, and the failed one is written to a fallback folder instead (the
current folder, else the home folder, else the system's temporary folder), so a transcript the
engine computed is never thrown away. A partial file (``NAME.partial.srt``, for a file that
failed or was stopped) never replaces another input's subtitle or, without --overwrite, any
existing file: it takes a free name (``NAME.partial (2).srt``). A fallback never takes a name
planned for another input's subtitle, nor one already written in this run.
"""

from __future__ import annotations

import argparse
import errno
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from engine.cli.chunk_order import ChunkOrder
from engine.protocol import Segment
from engine.subtitles.chinese import is_cjk
from engine.subtitles.condense import LeftOut
from engine.subtitles.cue import Cue
from engine.subtitles.glossary import Rule
from engine.subtitles.presets import Rules, is_chinese, resolve


@dataclass
class FileJob:
    path: Path
    outputs: list[Path]
    segments: list[Segment] = field(default_factory=list)
    language: str = ""  # of the subtitles' text: "en" when Whisper translates
    spoken: str = ""  # the language heard, when it is not ``language`` (a translation)
    duration_ms: int = 0  # the decoded audio's length, once the file is done
    error: str | None = None
    frame_rate: float | None = None  # for frame-counting formats (MicroDVD): --fps or the video's
    done: bool = False
    written: list[Path] = field(default_factory=list)
    fallbacks: dict[Path, Path] = field(default_factory=dict)  # written elsewhere -> the planned path
    fraction: float = 0.0  # of its speech transcribed, from the engine's progress
    failed_stretches: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, reason
    stopped: bool = False  # by Ctrl+C or SIGTERM: reported on its own line, not as FAILED
    verbose: ChunkOrder = field(default_factory=ChunkOrder)  # --verbose lines held for time order
    glossary_misses: tuple[Rule, ...] = ()  # --glossary entries that matched nowhere in the file
    left_out: tuple[LeftOut, ...] = ()  # fillers left out of cues over the reading speed
    chunk_spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # chunks back: (start, end) ms
    media_ms: int = 0  # the media's length as its container gives it (JobStarted), 0 when unknown

    def untranscribed(self) -> list[tuple[int, int]]:
        """Stretches (start, end ms) not transcribed yet when the file stopped early: between the
        chunks that came back (chunks finish out of order), then from the last one's end to
        the end (given as -1), unless the media ends within a second of it. A chunk that failed alone counts as back:
        it is told as a failed stretch."""
        if not self.chunk_spans:
            return []
        gaps: list[tuple[int, int]] = []
        indices = sorted(self.chunk_spans)
        for before, after in zip(indices, indices[1:]):
            if after > before + 1:
                gaps.append((self.chunk_spans[before][1], self.chunk_spans[after][0]))
        if indices[0] > 0:
            gaps.insert(0, (0, self.chunk_spans[indices[0]][0]))
        last_end = self.chunk_spans[indices[-1]][1]
        end = self.duration_ms or self.media_ms
        if not end or last_end < end - 1_000:  # a last second of silence is not worth naming
            gaps.append((last_end, -1))  # to the end
        return gaps


def write_outputs(
    file: FileJob, args: argparse.Namespace, partial: bool, taken: set[Path] | None = None
) -> int:
    """Segment the words into cues by the preset's rules and write every format asked for.

    Returns the number of cues. Formats that could not be written are named in ``file.error``
    (after any error already there) with where they were saved instead. ``taken``
    (``taken_paths`` of every input) holds names that a partial file or a fallback must not
    take; each fallback is added to it. Without it only this input's own outputs are known.
    """
    from engine.subtitles.segmentation import cues_and_misses

    rules = file_rules(file, args)
    segments = sorted(file.segments, key=lambda s: (s.start_ms, s.end_ms))
    cues, file.glossary_misses, file.left_out = cues_and_misses(
        segments,
        rules.preset,
        language=file.language or None,
        chinese=rules.chinese,
        media_end_ms=file.duration_ms or None,
        glossary=getattr(args, "glossary", None),
    )
    problems: list[str] = []
    taken = set(file.outputs) if taken is None else taken
    for target in file.outputs:
        if partial:
            target = free_partial_name(target, taken, args.overwrite)
        karaoke = bool(getattr(args, "karaoke", False)) and target.suffix.lower() in (".ass", ".ssa")
        try:
            _save(cues, target, args.overwrite, file.frame_rate, karaoke)
        except (OSError, ValueError) as error:
            problem = f"could not write {target} ({describe_os_error(error)})"
            fallback = _save_elsewhere(cues, target, taken, file.frame_rate, karaoke)
            if fallback is not None:
                taken.add(fallback)
                file.written.append(fallback)
                file.fallbacks[fallback] = target
                problem += f"; saved it as {fallback} instead: move it where you want it"
            problems.append(problem)
            continue
        file.written.append(target)
    if problems:
        file.error = "; ".join(([file.error] if file.error else []) + problems)
    return len(cues)


def file_rules(file: FileJob, args: argparse.Namespace) -> Rules:
    """The preset and Chinese script for this file: --preset and --chinese, "auto" deciding by
    the detected language (engine.subtitles.presets.resolve, as the window does); --verbatim
    turns the preset's ``condense_fillers`` off."""
    return resolve(
        args.preset, file.language or None, args.chinese, verbatim=getattr(args, "verbatim", False)
    )


def rules_line(file: FileJob, args: argparse.Namespace) -> str:
    """``talk.wav: language ja, preset Netflix Japanese (13 full-width characters a line, 4 cps)``;
    the Chinese script conversion is named when one is applied: to the file, or to the lines
    written in Chinese in a file of another language."""
    rules = file_rules(file, args)
    language = f"{file.spoken}, translated to {file.language}" if file.spoken else file.language or "unknown"
    line = f"{file.path.name}: language {language}, preset {rules.describe()}"
    if rules.chinese != "none":
        if not file.language or is_chinese(file.language):
            line += f", Chinese script converted with OpenCC {rules.chinese}"
        elif any(is_chinese(s.language) and any(map(is_cjk, s.text)) for s in file.segments):
            # (a translation keeps the language heard on each line, but its text is not Chinese)
            line += f", its Chinese lines converted with OpenCC {rules.chinese}"
    return line


def written_list(file: FileJob) -> str:
    """The files written, a fallback marked as such: ``a.srt, ./a.vtt (instead of out/a.vtt)``."""
    return ", ".join(
        f"{p} (instead of {file.fallbacks[p]}, which could not be written)" if p in file.fallbacks else str(p)
        for p in file.written
    )


def taken_paths(files: list[FileJob]) -> set[Path]:
    """Every input's planned outputs and every file already written: names no other file may take."""
    return {p for f in files for p in [*f.outputs, *f.written]}


def save_cues(
    cues: list[Cue], target: Path, overwrite: bool, frame_rate: float | None = None, *, karaoke: bool = False
) -> None:
    """engine.subtitles.io.save, in one place so that tests can make a disk full. ``karaoke``
    (``--karaoke``, ASS/SSA targets only) puts a ``\\k`` tag before each timed word."""
    from engine.subtitles.io import save

    save(cues, target, overwrite=overwrite, frame_rate=frame_rate, karaoke=karaoke)


def _save(cues: list[Cue], target: Path, overwrite: bool, frame_rate: float | None, karaoke: bool) -> None:
    # karaoke is passed only when asked, so a stand-in save_cues without it (tests) still works
    if karaoke:
        save_cues(cues, target, overwrite, frame_rate, karaoke=True)
    else:
        save_cues(cues, target, overwrite, frame_rate)


def fallback_folders() -> list[Path]:
    return [Path.cwd(), Path.home(), Path(tempfile.gettempdir())]


def _save_elsewhere(
    cues: list[Cue], target: Path, taken: set[Path], frame_rate: float | None, karaoke: bool = False
) -> Path | None:
    """Save to the first fallback folder that takes it (never the target's own folder), under a
    name no file has and no input's output is planned to have."""
    own = _real(target.parent)
    names = {_name_key(p) for p in taken}
    for folder in fallback_folders():
        if _real(folder) == own:
            continue
        candidate = folder / target.name
        number = 1
        while candidate.exists() or _name_key(candidate) in names:
            number += 1
            candidate = folder / f"{target.stem} ({number}){target.suffix}"
        try:
            _save(cues, candidate, False, frame_rate, karaoke)
        except (OSError, ValueError):
            continue
        return candidate
    return None


def _real(folder: Path) -> str:
    try:
        return str(folder.resolve())
    except (OSError, RuntimeError):
        return str(folder.absolute())


def _name_key(path: Path) -> str:
    """One spelling of a file's name: relative or absolute, in any case (as Windows and macOS
    compare names)."""
    return os.path.join(_real(path.parent), path.name).casefold()


def free_partial_name(target: Path, taken: set[Path], overwrite: bool) -> Path:
    names = {_name_key(p) for p in taken}
    candidate = target.with_name(f"{target.stem}.partial{target.suffix}")
    number = 1
    while _name_key(candidate) in names or (candidate.exists() and not overwrite):
        number += 1
        candidate = target.with_name(f"{target.stem}.partial ({number}){target.suffix}")
    return candidate


def describe_os_error(error: BaseException) -> str:
    """What went wrong, in words a user can act on (no errno numbers, no Python class names)."""
    code = getattr(error, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def folder_problem(folder: Path) -> str | None:
    """Why subtitles cannot be written into ``folder`` now, or None: a real test write.

    A few kilobytes are written and flushed to disk, so a read-only folder or disk, missing
    permission and a full disk are all found before any transcribing.
    """
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".whisper-for-subs-", suffix=".tmp")
    except OSError as error:
        return describe_os_error(error)
    try:
        os.write(fd, b"\n" * 4096)
        os.fsync(fd)
    except OSError as error:
        return describe_os_error(error)
    finally:
        os.close(fd)
        try:
            os.unlink(probe)
        except OSError:
            pass
    return None


def prepare_output_dir(folder: Path) -> str | None:
    """Create ``--output-dir`` if missing; what is wrong with it (the CLI exits 2), or None."""
    if folder.exists() and not folder.is_dir():
        return (
            f"--output-dir {folder} is a file, not a folder. Give a folder (it is created if "
            "missing), e.g. --output-dir subs"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = describe_os_error(error)
        if error.errno == errno.ENOENT:  # its parent is there (parents=True) but takes no folders: /proc
            parent = next((p for p in folder.absolute().parents if p.is_dir()), None)
            reason = f"{parent} does not take new folders" if parent else reason
        return (
            f"--output-dir {folder}: the folder cannot be created ({reason}). "
            "Give a folder you can write to, e.g. --output-dir subs"
        )
    problem = folder_problem(folder)
    if problem:
        return (
            f"--output-dir {folder}: subtitles cannot be written there ({problem}). "
            "Give a folder you can write to."
        )
    return None
