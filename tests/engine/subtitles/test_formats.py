"""Every format :func:`save` writes, read back by pysubs2 and, where FFmpeg has a demuxer for
it, by FFmpeg itself through PyAV (issue 12 item 6): what we write is what other tools read."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.io import FORMATS, default_line_ending, save, writable_formats
from tests.engine.subtitles.ffmpeg_read import ffmpeg_packets

FPS = 25.0
CUES = [Cue(1, 1000, 2500, "<i>Hello</i> there"), Cue(2, 3000, 4000, "Second\nline", speaker="Ana")]
# FFmpeg demuxer per format; TTML and pysubs2's JSON have none (FFmpeg only writes TTML).
FFMPEG = {
    "srt": "srt",
    "ass": "ass",
    "ssa": "ass",
    "vtt": "webvtt",
    "microdvd": "microdvd",
    "mpl2": "mpl2",
    "sami": "sami",
}
NAMES = [f.name for f in writable_formats()]


def test_the_table_names_the_formats_the_issue_asks_for() -> None:
    assert {"srt", "ass", "ssa", "vtt", "ttml", "sami", "microdvd", "mpl2", "json"} <= set(NAMES)
    assert [f.name for f in FORMATS.values() if f.needs_fps] == ["microdvd"]
    assert all(f.extension.startswith(".") and f.label for f in writable_formats())


@pytest.mark.parametrize("fmt", NAMES)
def test_pysubs2_reads_what_we_write(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"x{FORMATS[fmt].extension}"
    save(CUES, path, fmt, frame_rate=FPS)
    subs = pysubs2.load(str(path), fps=FPS, format_=fmt)
    events = [e for e in subs if e.start != e.end]  # MicroDVD's frame-rate line
    tol = FORMATS[fmt].precision_ms if not FORMATS[fmt].frame_based else 40
    if fmt == "sami":  # no end times: pysubs2 guesses them, and reads each clear as a cue
        events = [e for e in events if e.plaintext.strip()]
        assert [e.start for e in events] == [c.start_ms for c in CUES]
        assert all(e.end <= c.end_ms for e, c in zip(events, CUES))
        tol = 10**9
    assert len(events) == 2
    for cue, event in zip(CUES, events):
        assert abs(event.start - cue.start_ms) <= tol and abs(event.end - cue.end_ms) <= tol
    assert [e.plaintext.replace("\n", " ").replace("  ", " ") for e in events][1] == "Second line"


@pytest.mark.parametrize("fmt", sorted(FFMPEG))
def test_ffmpeg_reads_what_we_write(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"x{FORMATS[fmt].extension}"
    save(CUES, path, fmt, frame_rate=FPS)
    # a packet PyAV cannot decode (a SAMI clear, &nbsp;) shows nothing
    got = [(start, text) for start, _, text in ffmpeg_packets(path, FFMPEG[fmt]) if text is not None]
    assert [start for start, _ in got] == [1, 3]
    assert got[1][1].replace("\\N", " ") == "Second line"
    if fmt in ("srt", "ass", "ssa", "vtt", "sami"):
        assert "{\\i1}Hello{\\i0} there" in got[0][1]  # italics reach FFmpeg too


def test_default_line_ending_is_crlf_only_for_srt_on_windows() -> None:
    assert default_line_ending("srt", "win32") == "\r\n"
    assert default_line_ending("srt", "linux") == default_line_ending("vtt", "win32") == "\n"
