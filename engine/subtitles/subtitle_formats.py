"""The subtitle formats this app reads and writes, and the one error every read or write failure is.

:data:`FORMATS` is the table the Export dialog, ``--format`` and ``convert`` offer (pysubs2's
format names, usual extensions and time resolution); :func:`format_for` picks a format from a
name or a file's extension. :class:`SubtitleFileError` (and :class:`FrameRateNeededError`) is
what :mod:`engine.subtitles.io` raises, with a message fit for the user. Re-exported by
:mod:`engine.subtitles.io`.
"""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FORMATS",
    "FormatInfo",
    "FrameRateNeededError",
    "SubtitleFileError",
    "default_line_ending",
    "encoding_refusal",
    "format_for",
    "writable_formats",
]


@dataclass(frozen=True)
class FormatInfo:
    """A subtitle format: its pysubs2 name, usual extension and time resolution.

    This table is what the Export dialog, ``--format`` and ``convert`` offer; ``can_save`` is
    False where the app only reads the format
    (pysubs2 1.8 writes no SAMI: :mod:`engine.subtitles.sami_write` does). ``encodings`` are the
    only Python codecs a file of the format may be written in (None: any of
    :data:`~engine.subtitles.encodings.EXPORT_ENCODINGS`); :func:`~engine.subtitles.io.save` refuses
    others and the Export dialog offers no others.
    """

    name: str
    extension: str
    label: str
    can_save: bool
    precision_ms: int  # times are rounded to this on save (frame-based: one frame)
    frame_based: bool = False
    encodings: tuple[str, ...] | None = None

    @property
    def needs_fps(self) -> bool:
        """True when writing needs the video's frame rate (times are frame numbers)."""
        return self.frame_based


FORMATS: dict[str, FormatInfo] = {
    f.name: f
    for f in (
        FormatInfo("srt", ".srt", "SubRip", True, 1),
        FormatInfo("ass", ".ass", "Advanced SubStation Alpha", True, 10),
        FormatInfo("ssa", ".ssa", "SubStation Alpha", True, 10),
        # WebVTT text is UTF-8 (W3C WebVTT, section 4.1: "a WebVTT file is encoded as UTF-8");
        # players decode it as UTF-8 whatever the bytes are, so another encoding shows garbage.
        FormatInfo("vtt", ".vtt", "WebVTT", True, 1, encodings=("utf-8", "utf-8-sig")),
        FormatInfo("microdvd", ".sub", "MicroDVD (frames)", True, 1, frame_based=True),
        # TTML is XML, which every reader must read in UTF-8 and UTF-16 (XML 1.0, section 4.3.3);
        # expat (Python's, pysubs2's) reads no Big5.
        FormatInfo("ttml", ".ttml", "TTML", True, 1, encodings=("utf-8", "utf-8-sig", "utf-16")),
        FormatInfo("sami", ".smi", "SAMI", True, 1),  # our writer: engine.subtitles.sami_write
        FormatInfo("mpl2", ".mpl", "MPL2", True, 100),
        FormatInfo("json", ".json", "pysubs2 JSON", True, 1),
        FormatInfo("tmp", ".txt", "TMPlayer", False, 1000),  # no end times, one line: read only
        FormatInfo("whisper_jax", ".txt", "Whisper JAX", False, 1),
    )
}


# Why a format allows only its FormatInfo.encodings, and what to do instead: the sentence save
# (and convert, which copies a file as it is) refuses another encoding with.
_ONLY = {
    "vtt": "WebVTT files are UTF-8 (the WebVTT spec, W3C, section 4.1: a WebVTT file is encoded as "
    "UTF-8), not {0}: choose UTF-8 or UTF-8 with BOM, or save as SubRip (.srt)",
    "ttml": "TTML files are XML, which every reader reads in UTF-8 or UTF-16 only (XML 1.0, section "
    "4.3.3), not {0}: choose UTF-8 (or UTF-16), or save as SubRip (.srt)",
}


def encoding_refusal(info: FormatInfo, encoding: str) -> str:
    """The sentence refusing to write ``info``'s format in Python codec ``encoding``, "" when it
    may be (``info.encodings`` is None or holds it); an unknown codec is refused too."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return f"unknown text encoding {encoding!r}"
    if info.encodings is None or name in info.encodings:
        return ""
    return _ONLY.get(info.name, "{0} cannot be written in " + info.label).format(encoding)


def writable_formats() -> list[FormatInfo]:
    """Formats :func:`save` writes, in the order to offer them (the common ones first)."""
    return [f for f in FORMATS.values() if f.can_save]


def default_line_ending(fmt: str, platform: str = sys.platform) -> str:
    """The line ending to offer for ``fmt``: CRLF for SubRip on Windows (what Windows players
    and Subtitle Edit write there), LF everywhere else."""
    return "\r\n" if fmt == "srt" and platform.startswith("win") else "\n"


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> FormatInfo:
    """The format ``fmt`` names, else the one ``path``'s extension implies; ValueError if none."""
    return _format_for(Path(path), fmt)


_BY_EXTENSION = {
    ".srt": "srt",
    ".ass": "ass",
    ".ssa": "ssa",
    ".vtt": "vtt",
    ".sub": "microdvd",
    ".ttml": "ttml",
    ".dfxp": "ttml",
    ".smi": "sami",
    ".sami": "sami",
    ".mpl": "mpl2",
    ".json": "json",
    ".txt": "tmp",
}


def _format_for(path: Path, fmt: str | None) -> FormatInfo:
    name = fmt or _BY_EXTENSION.get(path.suffix.lower())
    if name is None or name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown subtitle format {fmt or path.suffix!r}; known: {known}")
    return FORMATS[name]


class SubtitleFileError(ValueError):
    """A subtitle file that cannot be read or written, with a message fit for the user.

    Every failure of :func:`read` (damaged XML, JSON of the wrong shape, nesting too deep, an
    unknown encoding ...) comes out as this one class, naming the file; on export it names the
    first cue that cannot be written.
    """


class FrameRateNeededError(SubtitleFileError):
    """A frame-based file (MicroDVD) that declares no frame rate was read without one: read it
    again with ``frame_rate`` (the video's, in fps)."""
