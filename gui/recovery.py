"""What an earlier run left in the autosave folder, read once at start-up (no Qt).

    autosave folder ──scan()──> RecoveryScan
        *.wfsproj that loads          -> RecoveryEntry (media file, time, cues, edited or not)
        *.wfsproj that does not load  -> renamed *.wfsproj.damaged (kept, never deleted), reported
        .*.wfsproj.*.tmp              -> removed: a temp file of an autosave killed mid-write
                                         (engine.subtitles.atomic writes a temp, then renames it)

Nothing here can raise: a start-up with a damaged autosave must still open the window (issue 11:
one such file used to freeze the app at every start).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from engine.subtitles.project import ProjectError, load_project

log = logging.getLogger(__name__)

TEMP_PATTERN = ".*.wfsproj.*.tmp"  # engine.subtitles.atomic's temp names for an autosave
DAMAGED_SUFFIX = ".damaged"


@dataclass(frozen=True)
class RecoveryEntry:
    """One transcript to offer back."""

    autosave: Path  # the autosave file itself
    media: Path  # the media (or imported subtitle) file it belongs to
    saved_at: datetime  # local time of the last autosave
    cues: int
    edited: bool  # the user changed it; False: only what the engine (or an import) made
    origin: str  # "transcribed", "imported" or "project"


@dataclass(frozen=True)
class DamagedAutosave:
    """An autosave that could not be read, and where it was moved (None: it could not be)."""

    original: Path
    set_aside: Path | None
    reason: str  # a sentence (ProjectError's text)


@dataclass
class RecoveryScan:
    entries: list[RecoveryEntry] = field(default_factory=list)
    damaged: list[DamagedAutosave] = field(default_factory=list)
    temps_removed: int = 0


def remove_leftover_temps(folder: Path) -> int:
    """Delete the temp files of autosaves killed mid-write; returns how many."""
    removed = 0
    for temp in folder.glob(TEMP_PATTERN):
        try:
            temp.unlink()
            removed += 1
        except OSError as error:
            log.warning("could not remove the leftover %s: %s", temp, error)
    return removed


def set_aside(path: Path) -> Path | None:
    """Rename a damaged autosave to ``NAME.wfsproj.damaged`` (``.damaged-2`` ... if taken) so it
    is neither offered again nor lost; None when even that fails."""
    target = path.with_name(path.name + DAMAGED_SUFFIX)
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}{DAMAGED_SUFFIX}-{n}")
    try:
        path.rename(target)
    except OSError as error:
        log.warning("could not set aside %s: %s", path, error)
        return None
    return target


def scan(folder: Path, exclude: Collection[Path] = ()) -> RecoveryScan:
    """Every autosave in ``folder`` (but those in ``exclude``, open in this run), oldest first."""
    found = RecoveryScan()
    if not folder.is_dir():
        return found
    found.temps_removed = remove_leftover_temps(folder)
    for path in sorted(folder.glob("*.wfsproj"), key=_mtime):
        if path in exclude:
            continue
        try:
            project = load_project(path)
            stamp = datetime.fromtimestamp(path.stat().st_mtime)
        except ProjectError as error:
            found.damaged.append(DamagedAutosave(path, set_aside(path), str(error)))
            continue
        except OSError as error:  # unreadable: left where it is, and said
            found.damaged.append(
                DamagedAutosave(path, None, f"{path.name} could not be read: {error.strerror}")
            )
            continue
        except Exception as error:  # noqa: BLE001 - a start-up must never fail on an autosave
            log.exception("unexpected failure reading %s", path)
            found.damaged.append(
                DamagedAutosave(path, set_aside(path), f"{path.name} could not be read ({error})")
            )
            continue
        settings = project.settings
        media = project.media_path or settings.get("media_path")
        origin = settings.get("origin")
        found.entries.append(
            RecoveryEntry(
                path,
                Path(media if isinstance(media, str) else path.stem),
                stamp,
                len(project.document),
                settings.get("edited") is True,
                origin if isinstance(origin, str) else "transcribed",
            )
        )
    return found


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
