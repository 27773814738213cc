"""What a media file holds, read from its container without decoding: its duration, its video
frame rate, its audio streams, and which audio stream to transcribe.

Streams are numbered from 1 among the file's audio streams, as mpv's --aid counts. PyAV is
imported where a file is opened, so importing this module stays cheap.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from engine.languages import is_tagged, tag_match
from engine.protocol import AudioStreamInfo

# numpy and the decoders are imported where audio is decoded: the command line checks its
# files and options with this module long before (and in another process than) any decoding.
if TYPE_CHECKING:
    pass

from engine.media_checks import MediaError

log = logging.getLogger(__name__)


def probe_duration_ms(path: str | os.PathLike[str]) -> int:
    """The container's stated duration, 0 when unknown; cheap, for progress before decoding."""
    try:
        import av

        with av.open(str(path), metadata_errors="ignore") as container:
            if container.duration:
                return int(container.duration * 1000 // av.time_base)
    except Exception:
        pass
    return 0


def probe_frame_rate(path: str | os.PathLike[str]) -> float | None:
    """The frame rate of the file's first video stream (cover art is no video), or None."""
    try:
        import av

        with av.open(str(path), metadata_errors="ignore") as container:
            for stream in container.streams.video:
                if stream.disposition & av.stream.Disposition.attached_pic:
                    continue
                rate = stream.average_rate or stream.guessed_rate
                if rate:
                    return float(rate)
    except Exception:
        pass
    return None


def probe_audio_streams(path: str | os.PathLike[str]) -> tuple[AudioStreamInfo, ...]:
    """Every audio stream of the file, numbered from 1; () when PyAV cannot open it."""
    try:
        import av

        with av.open(str(path), metadata_errors="ignore") as container:
            return tuple(stream_info(stream, n) for n, stream in enumerate(container.streams.audio, 1))
    except Exception:
        return ()


def stream_info(stream: Any, number: int) -> AudioStreamInfo:
    """What the window and the CLI show of PyAV's audio ``stream``, the ``number``-th (from 1)."""
    import av

    metadata = stream.metadata or {}
    language = str(metadata.get("language", "")).strip()
    layout = stream.layout.name if stream.layout is not None else ""
    return AudioStreamInfo(
        number=number,
        language=language if is_tagged(language) else "",
        title=_title(metadata),
        channels=int(stream.channels or 0),
        layout=layout,
        codec=stream.codec_context.name if stream.codec_context is not None else "",
        default=bool(stream.disposition & av.stream.Disposition.default),
    )


# Handler names that muxers write for every audio track of an MP4/MOV; they are not titles.
_GENERIC_HANDLERS = frozenset(
    {
        "soundhandler",
        "sound handler",
        "core media audio",
        "gpac iso audio handler",
        "apple sound media handler",
        "l-smash audio handler",
        "audiohandler",
        "mainconcept mp4 sound media handler",
    }
)


def _title(metadata: dict[str, Any]) -> str:
    """Matroska's title; in MP4 the track name, or the handler name that tools such as
    HandBrake and MKVToolNix's mp4 output use as the title."""
    for key in ("title", "name", "handler_name"):
        value = str(metadata.get(key, "")).strip()
        if value and value.lower() not in _GENERIC_HANDLERS:
            return value
    return ""


def choose_audio_stream(
    streams: tuple[AudioStreamInfo, ...],
    language: str | None,
    requested: int | None,
    path: str | os.PathLike[str] = "",
) -> int:
    """The number of the stream to transcribe: ``requested`` if given, else the first stream tagged
    with ``language`` (the default one among them first), else the one flagged default, else #1.

    Raises MediaError naming the file's streams when ``requested`` is not one of them.
    """
    if requested is not None:
        if not 1 <= requested <= max(len(streams), 1):
            listed = "; ".join(describe_audio_stream(s) for s in streams)
            raise MediaError(
                f"{path}: there is no audio stream #{requested}; the file has {len(streams)}: {listed}. "
                "Choose one of these numbers."
            )
        return requested
    if not streams:
        return 1
    ranked = [
        (rank, s) for s in streams if language and (rank := tag_match(s.language, language)) is not None
    ]
    if ranked:  # its own tag before a family tag, then the default one
        return min(ranked, key=lambda r: (r[0], not r[1].default))[1].number
    return min(streams, key=lambda s: not s.default).number


def describe_audio_stream(stream: AudioStreamInfo) -> str:
    """One line for messages and logs: ``#2 eng "English", 2 ch (default)``."""
    parts = [f"#{stream.number}"]
    if stream.language:
        parts.append(stream.language)
    if stream.title:
        parts.append(f'"{stream.title}"')
    text = " ".join(parts) + f", {stream.channels} ch"
    return text + " (default)" if stream.default else text
