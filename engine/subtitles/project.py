"""Project files: the work in progress (cues with words, settings, the media it belongs to).

JSON, one object::

    {"format": "whisper-for-subs-project", "version": 1,
     "media": {"path": ..., "size": ..., "mtime_ns": ..., "sha256": ...} | null,
     "next_id": 42, "settings": {...},
     "source": {"frame_rate": 23.976, "vtt_blocks": ["WEBVTT - title", "STYLE\n..."]},
     "cues": [[id, start_ms, end_ms, text, speaker, [[start_ms, end_ms, text, p], ...],
               {"alignment": 8, "vtt_settings": "line:0", "vtt_id": "intro"}], ...]}

The seventh element of a cue row (position, WebVTT settings and identifier) is written only
when the cue has one of them, so files from before it existed load unchanged and a plain cue's
row stays six long. A file with such a row says version 2, so that an app from before it says
"saved by a newer version" instead of calling the file damaged; a file without one stays
version 1. ``source`` (an imported file's own frame rate, and a WebVTT's header and
STYLE/REGION blocks, see :mod:`engine.subtitles.webvtt`) is written only when there is one;
apps from before it ignore it, and files without it load with None and ``()``.

Cues and words are arrays, not objects: a two-hour film (2,000 cues, ~20,000 words) then
serialises in a few tens of milliseconds, cheap enough to autosave after every edit (see
``tests/engine/subtitles/measure_autosave.py``). The media fingerprint hashes only the first
and last MiB, so reopening a project on a 4 GB film does not read the film.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.protocol import Word
from engine.subtitles.atomic import write_atomic
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MediaFingerprint",
    "Project",
    "ProjectError",
    "ProjectVersionError",
    "fingerprint",
    "load_project",
    "save_project",
]

FORMAT_NAME = "whisper-for-subs-project"
FORMAT_VERSION = 2
_EDGE = 1 << 20  # bytes hashed at each end of the media file


class ProjectError(ValueError):
    """The file is not a readable project (corrupt, truncated, not ours)."""


class ProjectVersionError(ProjectError):
    """The project was written by a newer version of the app."""


@dataclass(frozen=True)
class MediaFingerprint:
    """Enough to notice that the media file was replaced or re-encoded, without reading it all."""

    size: int
    mtime_ns: int
    sha256: str

    def same_content(self, other: MediaFingerprint) -> bool:
        """Size and sampled hash match (mtime may differ after a copy)."""
        return self.size == other.size and self.sha256 == other.sha256


def fingerprint(media_path: str | os.PathLike[str]) -> MediaFingerprint:
    """Size, mtime and a SHA-256 of the first and last MiB of the media file."""
    path = Path(media_path)
    st = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as f:
        digest.update(f.read(_EDGE))
        if st.st_size > 2 * _EDGE:
            f.seek(-_EDGE, os.SEEK_END)
        digest.update(f.read(_EDGE))
    return MediaFingerprint(st.st_size, st.st_mtime_ns, digest.hexdigest())


@dataclass
class Project:
    """A loaded project: the cues, the media it was made on, the app's settings, and what the
    imported subtitle file carried that its cues do not (written back on export)."""

    document: Document
    media_path: str | None = None
    media: MediaFingerprint | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    frame_rate: float | None = None  # the imported subtitle file's own frame rate (MicroDVD), frames/s
    vtt_blocks: tuple[str, ...] = ()  # the imported WebVTT's header and STYLE/REGION blocks, verbatim

    def media_matches(self, media_path: str | os.PathLike[str] | None = None) -> bool:
        """Whether the media file (default: the recorded path) is the one this project was made on."""
        path = media_path or self.media_path
        if path is None or self.media is None or not Path(path).is_file():
            return False
        return self.media.same_content(fingerprint(path))


def _cue_row(cue: Cue) -> list[Any]:
    words = [[w.start_ms, w.end_ms, w.text, round(w.probability, 4)] for w in cue.words]
    row: list[Any] = [cue.id, cue.start_ms, cue.end_ms, cue.text, cue.speaker, words]
    extra = {k: v for k, v in (("alignment", cue.alignment), ("vtt_settings", cue.vtt_settings),
                               ("vtt_id", cue.vtt_id)) if v}  # fmt: skip
    if extra:
        row.append(extra)
    return row


def save_project(
    path: str | os.PathLike[str],
    document: Document,
    *,
    media_path: str | os.PathLike[str] | None = None,
    media: MediaFingerprint | None = None,
    settings: dict[str, Any] | None = None,
    overwrite: bool = False,
    frame_rate: float | None = None,
    vtt_blocks: Sequence[str] = (),
) -> None:
    """Write a project atomically (autosave passes ``overwrite=True``).

    ``media`` is computed from ``media_path`` when not given; pass it to autosave cheaply.
    ``frame_rate`` (frames/s) and ``vtt_blocks`` are what an imported subtitle file carried
    (:class:`~engine.subtitles.io.LoadedFile`), kept so a reopened project exports the same.
    """
    if media_path is not None and media is None:
        media = fingerprint(media_path)
    media_obj: dict[str, Any] | None = None
    if media_path is not None or media is not None:
        media_obj = {"path": None if media_path is None else os.fspath(media_path)}
        if media is not None:
            media_obj.update(
                size=media.size, mtime_ns=media.mtime_ns, sha256=media.sha256
            )
    rows = [_cue_row(c) for c in document.cues]
    payload = {
        "format": FORMAT_NAME,
        "version": 2 if any(len(row) > 6 for row in rows) else 1,
        "media": media_obj,
        "next_id": document.next_id,
        "settings": settings or {},
        "cues": rows,
    }
    source = {k: v for k, v in (("frame_rate", frame_rate), ("vtt_blocks", list(vtt_blocks))) if v}
    if source:
        payload["source"] = source
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    write_atomic(path, data.encode("utf-8"), overwrite=overwrite)


def _parse_cue(row: Any) -> Cue:
    cue_id, start, end, text, speaker, words = row[:6]
    extra = row[6] if len(row) > 6 else {}
    if not isinstance(extra, dict):
        raise TypeError(f"cue {row[0]!r}: its seventh element must be an object")
    timed = tuple(Word(int(s), int(e), str(t), float(p)) for s, e, t, p in words)
    alignment = extra.get("alignment")
    return Cue(int(cue_id), int(start), int(end), str(text), timed, speaker,
               None if alignment is None else int(alignment),
               str(extra.get("vtt_settings", "")), str(extra.get("vtt_id", "")))  # fmt: skip


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read a project; ProjectError (a ValueError) says clearly what is wrong with the file."""
    source = Path(path)
    try:
        payload = json.loads(source.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ProjectError(
            f"{source.name} is not a project file (not UTF-8 text: {e})"
        ) from None
    except json.JSONDecodeError as e:
        raise ProjectError(
            f"{source.name} is damaged: invalid JSON at line {e.lineno}, column {e.colno}"
            f" ({e.msg}); an autosaved copy may be newer"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        raise ProjectError(f"{source.name} is not a Whisper for Subs project")
    version = payload.get("version")
    if not isinstance(version, int) or version < 1:
        raise ProjectError(f"{source.name} has no valid format version ({version!r})")
    if version > FORMAT_VERSION:
        raise ProjectVersionError(
            f"{source.name} was saved by a newer version of Whisper for Subs (project format"
            f" {version}; this version reads up to {FORMAT_VERSION}): please update the app"
        )
    try:
        cues = [_parse_cue(row) for row in payload["cues"]]
        document = Document(cues, next_id=int(payload.get("next_id", 1)))
        media = payload.get("media") or {}
        fp = None
        if "sha256" in media:
            fp = MediaFingerprint(
                int(media["size"]), int(media["mtime_ns"]), str(media["sha256"])
            )
        settings = payload.get("settings") or {}
        if not isinstance(settings, dict):
            raise TypeError("settings must be an object")
        frame_rate, vtt_blocks = _parse_source(payload.get("source") or {})
    except (KeyError, TypeError, ValueError) as e:
        raise ProjectError(
            f"{source.name} is damaged: {type(e).__name__}: {e}"
        ) from None
    return Project(document, media.get("path"), fp, settings, frame_rate, vtt_blocks)


def _parse_source(source: Any) -> tuple[float | None, tuple[str, ...]]:
    """The imported file's frame rate and WebVTT blocks; TypeError when malformed."""
    if not isinstance(source, dict):
        raise TypeError("source must be an object")
    rate = source.get("frame_rate")
    blocks = source.get("vtt_blocks", [])
    if rate is not None and (isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate <= 0):
        raise TypeError(f"the frame rate must be a positive number, not {rate!r}")
    if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
        raise TypeError("vtt_blocks must be a list of texts")
    return (None if rate is None else float(rate)), tuple(blocks)
