"""What FFmpeg's own demuxer (through PyAV) reads of a subtitle file, for round-trip tests."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest


def ffmpeg_packets(path: Path, fmt: str) -> list[tuple[Fraction, Fraction | None, str | None]]:
    """``(start s, end s or None, text as FFmpeg's ASS event text)`` of each timed packet of
    ``path`` read with FFmpeg's ``fmt`` demuxer; text None for a packet PyAV cannot decode (a
    SAMI clear, ``&nbsp;``: PyAV 18 raises on it), "" for one that decodes to no subtitle.
    Skips the test when PyAV is missing."""
    av = pytest.importorskip("av")
    got: list[tuple[Fraction, Fraction | None, str | None]] = []
    with av.open(str(path), format=fmt) as container:
        stream = container.streams.subtitles[0]
        for packet in container.demux(stream):
            if packet.pts is None:
                continue
            try:
                texts: list[str] | None = [
                    bytes(sub.ass).decode().split(",", 8)[-1] for sub in packet.decode()
                ]
            except av.error.FFmpegError:
                texts = None
            end = Fraction((packet.pts + packet.duration) * stream.time_base) if packet.duration else None
            text = None if texts is None else texts[-1] if texts else ""
            got.append((Fraction(packet.pts * stream.time_base), end, text))
    return got
