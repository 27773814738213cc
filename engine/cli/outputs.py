"""Where each input's subtitles go, decided for the whole command before any work starts.

A subtitle is named after its media file: ``clip.mp4`` -> ``clip.srt``, next to the file or in
``--output-dir``. When several inputs would get the same name (``clip.wav`` and ``clip.mp4`` in
one folder, or ``a/clip.flac`` and ``b/clip.flac`` into one ``--output-dir``), the first in the
order given keeps ``clip.srt`` (so a player still finds it beside the video) and each later one is
told apart by, in turn: its extension (``clip.mp4.srt``) when no other clashing input has it; else
its folder's name (``clip (b).srt``); else its place among them (``clip (3).srt``). Names are
compared without case, as Windows and macOS compare them. A file given twice is done once.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputPlan:
    inputs: list[Path]  # each file once, in the order given
    outputs: dict[Path, list[Path]]  # input -> one subtitle path per format
    notes: list[str]  # what the user should know before work starts


def plan_outputs(paths: list[Path], formats: list[str], output_dir: Path | None) -> OutputPlan:
    """Give every distinct input a base name no other input of this run will write."""
    inputs: list[Path] = []
    seen: dict[str, Path] = {}
    notes: list[str] = []
    for path in paths:
        key = _identity(path)
        if key not in seen:
            seen[key] = path
            inputs.append(path)
        elif (note := f"{seen[key]} is given more than once; transcribing it once") not in notes:
            notes.append(note)
    groups: dict[str, list[Path]] = defaultdict(list)
    for path in inputs:
        groups[_key((output_dir or path.parent) / path.stem)].append(path)
    bases: dict[Path, Path] = {}
    taken = set(groups)
    for group in groups.values():
        folder = output_dir or group[0].parent
        bases[group[0]] = folder / group[0].stem
        for index, path in enumerate(group[1:], start=2):
            folder = output_dir or path.parent
            base = folder / _distinct_stem(path, group, index)
            number = index
            while _key(base) in taken:  # a made-up name that another input has as its own
                base = folder / f"{path.stem} ({number})"
                number += 1
            taken.add(_key(base))
            bases[path] = base
        if len(group) > 1:
            names = ", ".join(f"{p} -> {bases[p].name}.{'/.'.join(formats)}" for p in group)
            notes.append(f"{len(group)} inputs share the name {group[0].stem!r}: {names}")
    outputs = {p: [bases[p].with_name(f"{bases[p].name}.{fmt}") for fmt in formats] for p in inputs}
    return OutputPlan(inputs, outputs, notes)


def _distinct_stem(path: Path, group: list[Path], index: int) -> str:
    others = [p for p in group if p != path]
    if path.suffix and path.suffix.casefold() not in {p.suffix.casefold() for p in others}:
        return path.name  # clip.mp4 -> clip.mp4(.srt)
    folder = path.parent.resolve().name
    if folder and folder.casefold() not in {p.parent.resolve().name.casefold() for p in others}:
        return f"{path.stem} ({folder})"
    return f"{path.stem} ({index})"


def _identity(path: Path) -> str:
    """Two spellings of one file (./clip.wav, clip.wav, a link to it) give the same identity."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop before Python 3.13
        return os.path.abspath(path)


def _key(base: Path) -> str:
    return str(base.resolve() if base.parent.exists() else base.absolute()).casefold()
