"""Reading and writing subtitle files, through pysubs2 only (no hand-written formats).

pysubs2 objects live only inside this module: they compare by timing alone and are unhashable,
so they never become the editor's model. On import the text encoding is detected (BOMs first,
then strict UTF-8, then charset-normalizer for Big5, GBK/GB18030, UTF-16 without BOM ...), ASS
override tags are stripped to plain text, and overlapping cues are made valid without losing
text (see :func:`resolve_overlaps`). In ASS/SSA, TTML, MicroDVD and MPL2 a ``{...}`` in the
text is markup and does not survive a round trip; in SRT and VTT it does. Writes go through :func:`~engine.subtitles.atomic.write_atomic`.
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer
import pysubs2

from engine.subtitles.atomic import write_atomic
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.karaoke import karaoke_text

__all__ = [
    "FORMATS",
    "FormatInfo",
    "LoadedFile",
    "detect_encoding",
    "load",
    "read",
    "resolve_overlaps",
    "save",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FormatInfo:
    """A subtitle format: its pysubs2 name, usual extension and time resolution."""

    name: str
    extension: str
    label: str
    can_save: bool
    precision_ms: int  # times are rounded to this on save (frame-based: one frame)
    frame_based: bool = False


FORMATS: dict[str, FormatInfo] = {
    f.name: f
    for f in (
        FormatInfo("srt", ".srt", "SubRip", True, 1),
        FormatInfo("ass", ".ass", "Advanced SubStation Alpha", True, 10),
        FormatInfo("ssa", ".ssa", "SubStation Alpha", True, 10),
        FormatInfo("vtt", ".vtt", "WebVTT", True, 1),
        FormatInfo("microdvd", ".sub", "MicroDVD (frames)", True, 1, frame_based=True),
        FormatInfo("ttml", ".ttml", "TTML", True, 1),
        FormatInfo("sami", ".smi", "SAMI", False, 1),
        FormatInfo("mpl2", ".mpl", "MPL2", True, 100),
        FormatInfo("json", ".json", "pysubs2 JSON", True, 1),
        FormatInfo("tmp", ".txt", "TMPlayer", False, 1000),
        FormatInfo("whisper_jax", ".txt", "Whisper JAX", False, 1),
    )
}

_BY_EXTENSION = {".srt": "srt", ".ass": "ass", ".ssa": "ssa", ".vtt": "vtt", ".sub": "microdvd",
                 ".ttml": "ttml", ".dfxp": "ttml", ".smi": "sami", ".sami": "sami",
                 ".mpl": "mpl2", ".json": "json", ".txt": "tmp"}  # fmt: skip

# A clean default look: white text, thin black outline, light shadow, sized for a 1080p script.
_STYLE = pysubs2.SSAStyle(
    fontname="Arial",
    fontsize=64,
    primarycolor=pysubs2.Color(255, 255, 255, 0),
    secondarycolor=pysubs2.Color(
        255, 200, 0, 0
    ),  # the karaoke highlight sweeps into this
    outlinecolor=pysubs2.Color(0, 0, 0, 0),
    backcolor=pysubs2.Color(0, 0, 0, 128),
    outline=3.0,
    shadow=1.0,
    marginl=60,
    marginr=60,
    marginv=50,
)


def _format_for(path: Path, fmt: str | None) -> FormatInfo:
    name = fmt or _BY_EXTENSION.get(path.suffix.lower())
    if name is None or name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(
            f"unknown subtitle format {fmt or path.suffix!r}; known: {known}"
        )
    return FORMATS[name]


def save(
    document_or_cues: Document | Iterable[Cue],
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    overwrite: bool = False,
    karaoke: bool = False,
    frame_rate: float | None = None,
    encoding: str = "utf-8",
) -> None:
    """Write cues to ``path`` (format from ``fmt`` or the extension), atomically.

    FileExistsError when the file exists and ``overwrite`` is False. ``karaoke`` adds ASS
    ``\\k`` tags from word timings (ASS/SSA only). MicroDVD needs ``frame_rate``. Speakers are
    kept in ASS/SSA (the Name field) and dropped by formats that have no place for them.
    """
    target = Path(path)
    info = _format_for(target, fmt)
    if not info.can_save:
        raise ValueError(f"{info.label} files can be read but not written")
    if karaoke and info.name not in ("ass", "ssa"):
        raise ValueError("karaoke highlighting needs ASS or SSA output")
    if info.frame_based and not frame_rate:
        raise ValueError(f"{info.label} counts frames: give the video's frame rate")
    subs = pysubs2.SSAFile()
    if info.frame_based and frame_rate:
        # pysubs2 writes the rate line as {0}{0}; players (VLC) look for {1}{1}.
        one_frame = round(1000 / frame_rate)
        subs.append(
            pysubs2.SSAEvent(start=one_frame, end=one_frame, text=f"{frame_rate:g}")
        )
    subs.info.update({"PlayResX": "1920", "PlayResY": "1080", "ScaledBorderAndShadow": "yes",
                      "WrapStyle": "0", "Title": target.stem})  # fmt: skip
    subs.styles = {"Default": _STYLE.copy()}
    for cue in document_or_cues:
        text = karaoke_text(cue) if karaoke else None
        event = pysubs2.SSAEvent(
            start=cue.start_ms, end=cue.end_ms, name=cue.speaker or ""
        )
        if text is None:
            event.plaintext = cue.text
        else:
            event.text = text
        subs.append(event)
    options: dict[str, object] = {}
    if info.name in ("srt", "vtt"):
        options["keep_ssa_tags"] = True  # plain text: "{" must survive as a character
    if info.frame_based:
        options["write_fps_declaration"] = (
            False  # written above, the way players read it
        )
    data = subs.to_string(info.name, fps=frame_rate, **options)
    write_atomic(target, data.encode(encoding), overwrite=overwrite)
    log.info("saved %d cues to %s (%s)", len(subs), target, info.name)


def detect_encoding(data: bytes) -> str:
    """The text encoding of a subtitle file's bytes (a Python codec name)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                      (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("cannot tell the text encoding of this file")
    # GB2312/GBK files often use characters only their superset GB18030 names.
    return {"gb2312": "gb18030", "gbk": "gb18030"}.get(best.encoding, best.encoding)


# Keep SRT's HTML tags for _plain to strip (pysubs2 would also eat "a < b"); take MicroDVD's
# frame rate from its first line even when written as {0}{0} (pysubs2's own writer does that).
_READ_OPTIONS: dict[str, Any] = {
    "keep_html_tags": True,
    "strict_fps_inference": False,
}


def _parse(text: str, source: Path, frame_rate: float | None) -> pysubs2.SSAFile:
    try:
        try:
            return pysubs2.SSAFile.from_string(text, fps=frame_rate, **_READ_OPTIONS)
        except pysubs2.exceptions.FormatAutodetectionError:
            name = _format_for(source, None).name
            return pysubs2.SSAFile.from_string(
                text, format_=name, fps=frame_rate, **_READ_OPTIONS
            )
    except pysubs2.exceptions.UnknownFPSError:
        raise ValueError(
            f"{source.name} counts frames but does not say its frame rate: give frame_rate"
        ) from None


def _is_fps_declaration(subs: pysubs2.SSAFile, event: pysubs2.SSAEvent) -> bool:
    """MicroDVD's ``{1}{1}23.976`` line, which pysubs2 keeps when the caller gave the rate."""
    if subs.format != "microdvd" or event.start != event.end:
        return False
    try:
        float(event.text)
    except ValueError:
        return False
    return True


_OVERRIDE = re.compile(
    r"\{\\[^}]*\}"
)  # {\i1}, {\an8}: SubStation tags, also found in SRT
_MARKUP = re.compile(
    r"</?(?:[ibus]|font|c|v|lang|ruby|rt)(?:[ .][^>]*)?>|<\d+:[\d:.]+>", re.IGNORECASE
)


def _plain(event: pysubs2.SSAEvent, ass: bool) -> str:
    """An event's text for the editor: no tags, real line breaks.

    In ASS every ``{...}`` block is markup; elsewhere only blocks starting with a backslash are
    (SRT files carry ``{\\an8}``), and only known HTML-like tags are removed, so a literal
    "{aside}" or "a < b" survives.
    """
    if ass:
        return event.plaintext
    text = _MARKUP.sub("", _OVERRIDE.sub("", event.text))
    return text.replace("\\h", " ").replace("\\n", "\n").replace("\\N", "\n")


@dataclass(frozen=True)
class LoadedFile:
    document: Document
    format: str
    encoding: str
    frame_rate: float | None


def read(
    path: str | os.PathLike[str], *, frame_rate: float | None = None
) -> LoadedFile:
    """Load a subtitle file and say what it was (format, encoding, frame rate)."""
    source = Path(path)
    data = source.read_bytes()
    encoding = detect_encoding(data)
    text = (
        data.decode(encoding).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    )
    subs = _parse(text, source, frame_rate)
    ass = subs.format in ("ass", "ssa")
    raw = []
    for k, event in enumerate(subs):
        if not event.is_text or (k == 0 and _is_fps_declaration(subs, event)):
            continue  # comments, vector drawings and MicroDVD's frame-rate line
        lines = [line.strip() for line in _plain(event, ass).split("\n")]
        body = "\n".join(line for line in lines if line)
        if body:
            end = max(
                event.end, event.start + 1, 1
            )  # a zero-length cue still shows its text
            raw.append(
                Cue(0, max(event.start, 0), end, body, speaker=event.name or None)
            )
    cues = resolve_overlaps(raw)
    log.info(
        "loaded %d cues from %s (%s, %s)", len(cues), source, subs.format, encoding
    )
    return LoadedFile(Document(cues), subs.format or "", encoding, subs.fps)


def load(path: str | os.PathLike[str], *, frame_rate: float | None = None) -> Document:
    """A document from any subtitle file pysubs2 reads (see :func:`read`)."""
    return read(path, frame_rate=frame_rate).document


def resolve_overlaps(cues: Sequence[Cue]) -> list[Cue]:
    """Valid, numbered cues from imported ones that may overlap, without losing any text.

    In time order, when a cue starts before the previous one ends: if it starts later and ends
    no earlier (staggered dialogue), the previous cue is cut to end where it starts; if both
    start together or it lies inside the previous one (signs, simultaneous speakers), the two
    are merged: texts joined by a line break, spanning both.
    """
    out: list[Cue] = []
    for cue in sorted(cues, key=lambda c: c.start_ms):  # stable: file order on ties
        prev = out[-1] if out else None
        if prev is not None and prev.end_ms > cue.start_ms:
            if prev.start_ms < cue.start_ms and prev.end_ms <= cue.end_ms:
                out[-1] = dataclasses.replace(prev, end_ms=cue.start_ms)
            else:
                speaker = prev.speaker if prev.speaker == cue.speaker else None
                text = f"{prev.text}\n{cue.text}"
                end = max(prev.end_ms, cue.end_ms)
                words = prev.words + cue.words
                out[-1] = dataclasses.replace(
                    prev, end_ms=end, text=text, words=words, speaker=speaker
                )
                continue
        out.append(
            Cue(
                len(out) + 1, cue.start_ms, cue.end_ms, cue.text, cue.words, cue.speaker
            )
        )
    return out
