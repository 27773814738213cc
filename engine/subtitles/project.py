"""Project files: the work in progress (cues with words, settings, the media it belongs to).

JSON, one object::

    {"format": "whisper-for-subs-project", "version": 1,
     "media": {"path": ..., "size": ..., "mtime_ns": ..., "sha256": ...} | null,
     "next_id": 42, "settings": {...},
     "source": {"frame_rate": 23.976, "vtt_blocks": ["WEBVTT - title", "STYLE\n..."]},
     "translation": {"language": "fr"},
     "cues": [[id, start_ms, end_ms, text, speaker, [[start_ms, end_ms, text, p], ...],
               {"alignment": 8, "vtt_settings": "line:0", "vtt_id": "intro",
                "translation": "Bonjour"}], ...]}

A cue's translation goes in the seventh element too (``{"translation": "Bonjour"}``) and the
translation's language in ``"translation": {"language": "fr"}``; a file holding either says
version 3, because an app from before translations would open it and drop them unsaid. A file
without them is written as before (version 1 or 2), and those still open.

The seventh element of a cue row (position, WebVTT settings and identifier, translation) is written only
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
import logging
import math
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
FORMAT_VERSION = 3
_EDGE = 1 << 20  # bytes hashed at each end of the media file
log = logging.getLogger(__name__)


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
    extra = {
        k: v
        for k, v in (
            ("alignment", cue.alignment),
            ("vtt_settings", cue.vtt_settings),
            ("vtt_id", cue.vtt_id),
            ("translation", cue.translation),
        )
        if v
    }
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
            media_obj.update(size=media.size, mtime_ns=media.mtime_ns, sha256=media.sha256)
    rows = [_cue_row(c) for c in document.cues]
    language = document.translation_language
    if language is not None or any(c.translation for c in document.cues):
        version = 3
    else:
        version = 2 if any(len(row) > 6 for row in rows) else 1
    payload: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": version,
        "media": media_obj,
        "next_id": document.next_id,
        "settings": settings or {},
        "cues": rows,
    }
    if language is not None:
        payload["translation"] = {"language": language}
    source = {k: v for k, v in (("frame_rate", frame_rate), ("vtt_blocks", list(vtt_blocks))) if v}
    if source:
        payload["source"] = source
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    write_atomic(path, data.encode("utf-8"), overwrite=overwrite)


class _Damaged(Exception):
    """Internal: what is wrong with a project's contents, as the end of a sentence."""


_LIMIT = 1 << 53  # no time, id or count in a real project comes near this (2**53 ms is 285,000 years)


def _int(value: Any, what: str, limit: int = _LIMIT) -> int:
    if isinstance(value, float) and value.is_integer() and abs(value) < limit:  # 1000.0 from another writer
        value = int(value)
    if type(value) is not int or not -limit < value < limit:
        raise _Damaged(f"{what} is not a whole number in range")
    return value


def _number(value: Any, what: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(value) or abs(value) >= _LIMIT:
        raise _Damaged(f"{what} is not a finite number")
    return float(value)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Damaged(f"{what} is not text")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Damaged(f"{what} is not a list")
    return value


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Damaged(f"{what} are not in the expected form")
    return value


def _parse_word(item: Any, where: str) -> Word:
    row = _list(item, f"a word of {where}")
    if len(row) != 4:
        raise _Damaged(f"a word of {where} does not have its four parts")
    start, end, text, probability = row
    return Word(
        _int(start, f"a word start of {where}"),
        _int(end, f"a word end of {where}"),
        _text(text, f"a word of {where}"),
        _number(probability, f"a word probability of {where}"),
    )


def _parse_cue(item: Any, number: int) -> Cue:
    where = f"cue row {number}"
    row = _list(item, where)
    if len(row) not in (6, 7):
        raise _Damaged(f"{where} has {len(row)} parts instead of 6 or 7")
    cue_id, start, end, text, speaker, words = row[:6]
    extra = (
        _mapping(row[6], f"the position, translation and WebVTT details of {where}") if len(row) > 6 else {}
    )
    if speaker is not None:
        speaker = _text(speaker, f"the speaker of {where}")
    timed = tuple(_parse_word(w, where) for w in _list(words, f"the words of {where}"))
    alignment = extra.get("alignment")
    try:
        return Cue(
            _int(cue_id, f"the id of {where}"),
            _int(start, f"the start of {where}"),
            _int(end, f"the end of {where}"),
            _text(text, f"the text of {where}"),
            timed,
            speaker,
            None if alignment is None else _int(alignment, f"the position of {where}"),
            _text(extra.get("vtt_settings", ""), f"the WebVTT settings of {where}"),
            _text(extra.get("vtt_id", ""), f"the WebVTT identifier of {where}"),
            _text(extra.get("translation", ""), f"the translation of {where}"),
        )
    except ValueError as e:  # the Cue's own sentence: an end before its start, a position not 1-9
        raise _Damaged(str(e)) from None


def _parse_media(value: Any) -> tuple[str | None, MediaFingerprint | None]:
    if value is None:
        return None, None
    media = _mapping(value, "the media file's details")
    path = media.get("path")
    if path is not None:
        path = _text(path, "the media file's path")
    if "sha256" not in media:
        return path, None
    fp = MediaFingerprint(
        _int(media.get("size"), "the media file's size"),
        _int(media.get("mtime_ns"), "the media file's time", 1 << 64),
        _text(media["sha256"], "the media file's checksum"),
    )
    return path, fp


def _reject_constant(name: str) -> Any:
    raise _Damaged(f"it holds {name}, which is not a number a project can have")


def _damaged(name: str, detail: str) -> ProjectError:
    return ProjectError(
        f"{name} is damaged ({detail}), so it cannot be opened. Open an autosaved or"
        " exported copy instead, or import the subtitles you exported from it."
    )


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read a project. Whatever is wrong with the file, the only error is ProjectError (a
    ValueError) whose text is a sentence saying so (fuzzed by tests/engine/subtitles/
    test_project_fuzz.py); OSError when the file cannot be read at all."""
    source = Path(path)
    name = source.name
    try:
        payload = json.loads(source.read_bytes().decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise ProjectError(
            f"{name} is not a project file (it is not UTF-8 text); choose a .wfsproj file"
        ) from None
    except json.JSONDecodeError as e:
        raise _damaged(name, f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except _Damaged as e:
        raise _damaged(name, str(e)) from None
    except RecursionError:
        raise _damaged(name, "it is nested far too deeply to be a project") from None
    except ValueError:  # e.g. an integer of more than 4,300 digits
        raise _damaged(name, "it holds a number far too long to be part of a project") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        raise ProjectError(f"{name} is not a Whisper for Subs project; choose a .wfsproj file")
    version = payload.get("version")
    if type(version) is not int or version < 1:
        raise _damaged(name, "it has no valid format version")
    if version > FORMAT_VERSION:
        raise ProjectVersionError(
            f"{name} was saved by a newer version of Whisper for Subs (project format"
            f" {version}; this version reads up to {FORMAT_VERSION}): please update the app"
        )
    try:
        if "cues" not in payload:
            raise _Damaged("it has no cues")
        rows = _list(payload["cues"], "the cues")
        cues = [_parse_cue(row, number) for number, row in enumerate(rows, 1)]
        try:
            document = Document(
                cues,
                next_id=_int(payload.get("next_id", 1), "the next cue id"),
                translation_language=_parse_translation(payload.get("translation") or {}),
            )
        except ValueError as e:  # the Document's own sentence: overlapping ids, end before start
            raise _Damaged(str(e)) from None
        media_path, fp = _parse_media(payload.get("media"))
        settings = _mapping(payload.get("settings") or {}, "the settings")
        frame_rate, vtt_blocks = _parse_source(payload.get("source") or {})
    except _Damaged as e:
        raise _damaged(name, str(e)) from None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError, RecursionError):
        log.warning("unexpected damage in %s", name, exc_info=True)  # a case the checks above missed
        raise _damaged(name, "its contents are not in the expected form") from None
    return Project(document, media_path, fp, settings, frame_rate, vtt_blocks)


def _parse_translation(value: Any) -> str | None:
    """The translation's language, or None; _Damaged when malformed."""
    language = _mapping(value, "the translation's details").get("language")
    if language is None:
        return None
    if not _text(language, "the translation's language").strip():
        raise _Damaged("the translation's language is empty")
    return str(language)


def _parse_source(value: Any) -> tuple[float | None, tuple[str, ...]]:
    """The imported file's frame rate and WebVTT blocks; _Damaged when malformed."""
    source = _mapping(value, "the imported file's details")
    rate = source.get("frame_rate")
    if rate is not None and _number(rate, "the frame rate") <= 0:
        raise _Damaged("the frame rate is not a positive number")
    blocks = [_text(b, "a WebVTT block") for b in _list(source.get("vtt_blocks", []), "the WebVTT blocks")]
    return (None if rate is None else float(rate)), tuple(blocks)
