"""engine.subtitles.timecode: the one home of time <-> text and frame conversions."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cli import convert, transcribe
from engine.subtitles import retime
from engine.subtitles.timecode import (
    format_clock,
    frame_rate_name,
    frame_start_ms,
    frames_span_ms,
    ms_from_seconds,
    ms_to_frames,
    parse_clock,
    parse_frame_rate,
)

NTSC_23 = 24000 / 1001


def test_format_clock_variants() -> None:
    assert format_clock(3_723_004) == "01:02:03.004"
    assert format_clock(3_723_004, sep=",") == "01:02:03,004"
    assert format_clock(3_723_004, hour_digits=1) == "1:02:03.004"
    assert format_clock(360_000_000) == "100:00:00.000"
    assert format_clock(3_723_999, hour_digits=1, millis=False) == "1:02:03"
    assert format_clock(-1_500, hour_digits=1) == "-0:00:01.500"


def test_parse_clock_lenient_reads_file_times() -> None:
    assert parse_clock("100:00:01.5") == 360_001_500
    assert parse_clock("01:02.0039") == 62_003
    assert parse_clock("00:00:01,250") == 1_250
    with pytest.raises(ValueError):
        parse_clock("1:2:3:4")


@pytest.mark.parametrize(
    ("text", "ms"),
    [("1500", 1500), ("1.5", 1500), ("2:03,25", 123_250), ("1:02:03.004", 3_723_004), (" 0:59 ", 59_000)],
)
def test_parse_clock_strict_reads_what_a_user_types(text: str, ms: int) -> None:
    assert parse_clock(text, strict=True) == ms


@pytest.mark.parametrize("text", ["", "1:60", "1:60:00", "1.", "1.2345", "a", "1:2:3:4", "１２"])
def test_parse_clock_strict_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a time"):
        parse_clock(text, strict=True)


def test_ms_from_seconds_rounds() -> None:
    assert ms_from_seconds(1.2346) == 1235 and ms_from_seconds(-0.0015) == -2 and ms_from_seconds(0.0004) == 0


@pytest.mark.parametrize("rate", [NTSC_23, 24.0, 25.0, 30000 / 1001, 30.0, 50.0, 60000 / 1001])
def test_frame_start_is_the_exact_inverse_of_ms_to_frames(rate: float) -> None:
    to_frames, start = ms_to_frames, frame_start_ms
    for frame in range(200_001):
        ms = start(frame, rate)
        assert to_frames(ms, rate) == frame and to_frames(ms - 1, rate) == frame - 1, (frame, ms)


def test_frame_start_and_span_differ_where_they_should() -> None:
    # Frame 2 at 23.976 fps starts at 83.42 ms: 84 is its first whole ms, 83 still shows frame 1.
    assert frame_start_ms(2, NTSC_23) == 84 and ms_to_frames(83, NTSC_23) == 1
    assert frames_span_ms(2, NTSC_23) == 83  # two frames last 83 ms (rounded): a gap or a shift
    # retime.frames_to_ms used to call the rounded figure "the start of frame n"; it is the span.
    assert retime.frames_to_ms(2, NTSC_23) == frames_span_ms(2, NTSC_23)
    with pytest.raises(ValueError):
        frame_start_ms(1, 0.0)


def test_frame_rates_parse_and_name_exactly() -> None:
    assert parse_frame_rate("23.976") == NTSC_23 and parse_frame_rate(" 59.94 ") == 60000 / 1001
    assert parse_frame_rate("24000/1001") == NTSC_23 and parse_frame_rate("25") == 25.0
    for bad in ("0", "-5", "x", "nan", "inf", "1/0", "1001"):
        assert parse_frame_rate(bad) is None, bad
    assert parse_frame_rate("5000", maximum=float("inf")) == 5000.0
    assert frame_rate_name(NTSC_23) == "23.976" and frame_rate_name(25.0) == "25"


@pytest.mark.parametrize("parse", [transcribe._frame_rate, convert._frame_rate])
def test_the_cli_reads_ntsc_rates_as_the_window_does(parse: object) -> None:
    # The CLI read "23.976" as the float 23.976 and the window as 24000/1001: MicroDVD frame
    # numbers could differ by one between them (at 6:57 the float says frame 9997, the video 9998).
    assert callable(parse)
    assert parse("23.976") == NTSC_23 and parse("29.97") == 30000 / 1001 and parse("25") == 25.0
    assert ms_to_frames(417_000, parse("23.976")) == 9998 == ms_to_frames(417_000, NTSC_23)
    with pytest.raises(argparse.ArgumentTypeError):
        parse("0")


@settings(max_examples=300, deadline=None)
@given(
    ms=st.integers(0, 40 * 3_600_000), rate=st.sampled_from([23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94])
)
def test_a_timecode_names_the_frame_holding_the_time_and_parses_back_to_its_start(
    ms: int, rate: float
) -> None:
    from engine.subtitles.timecode import format_timecode, parse_frame_rate, parse_timecode

    fps = parse_frame_rate(str(rate))
    assert fps is not None
    text = format_timecode(ms, fps)
    start = parse_timecode(text, fps)
    assert start is not None and start <= ms and ms - start < 1000 / fps + 1
    assert format_timecode(start, fps) == text


def test_a_timecode_that_names_no_frame_is_refused() -> None:
    from engine.subtitles.timecode import format_timecode, parse_timecode

    assert format_timecode(3_723_500, 24.0) == "1:02:03:12"
    assert parse_timecode("1:02:03:12", 24.0) == 3_723_500
    for text in ("0:00:01:25", "0:60:00:00", "0:00:60:00", "1:02:03", "a:00:00:00", "0:00:00:1000"):
        assert parse_timecode(text, 25.0) is None, text
