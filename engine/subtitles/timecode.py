"""Every conversion between times and text or frames, in one place (Qt-free).

Times are int milliseconds throughout (as pysubs2 keeps them). Frames are counted from 0 at
time 0, non-drop: frame ``f`` at ``rate`` frames per second shows from ``f * 1000 / rate`` ms.
Two conversions from frames exist on purpose:

* :func:`frame_start_ms` is the first whole millisecond that shows frame ``f`` (ceil), the exact
  inverse of :func:`ms_to_frames` (floor): ``ms_to_frames(frame_start_ms(f, r), r) == f``.
* :func:`frames_span_ms` is how long ``f`` frames last, rounded: for durations, gaps and shifts.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = [
    "ASS_LIMIT_MS",
    "NTSC_RATES",
    "format_clock",
    "frame_rate_name",
    "frame_start_ms",
    "frames_span_ms",
    "format_timecode",
    "ms_from_seconds",
    "ms_to_frames",
    "parse_clock",
    "parse_frame_rate",
    "parse_timecode",
]

# ASS/SSA times are H:MM:SS.cc with one hour digit (Aegisub, libass): under ten hours.
ASS_LIMIT_MS = 10 * 3_600_000

# The NTSC family is 1000/1001 of the whole rate; these names mean the exact fractions
# (SMPTE ST 12-1), so the window and the CLI count the same frames.
NTSC_RATES: dict[str, float] = {
    "23.976": 24000 / 1001,
    "29.97": 30000 / 1001,
    "47.952": 48000 / 1001,
    "59.94": 60000 / 1001,
}


def format_clock(ms: int, *, sep: str = ".", hour_digits: int = 2, millis: bool = True) -> str:
    """``ms`` milliseconds as ``HH:MM:SS.mmm``.

    ``sep`` goes before the milliseconds ("," for SubRip); ``hour_digits`` is the least number
    of hour digits (more are written when needed: 100 h is "100"); ``millis=False`` drops the
    milliseconds (truncated, not rounded). Negative times get a leading "-".
    """
    sign, ms = ("-", -ms) if ms < 0 else ("", ms)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    text = f"{sign}{h:0{hour_digits}d}:{m:02d}:{rest // 1000:02d}"
    return f"{text}{sep}{rest % 1000:03d}" if millis else text


def _parse_strict(text: str) -> int:
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)  # plain milliseconds
    clock, dot, fraction = text.replace(",", ".").partition(".")
    parts = clock.split(":")
    if (
        len(parts) > 3
        or not all(p.isascii() and p.isdigit() for p in parts)
        or (dot and not (fraction.isascii() and fraction.isdigit() and len(fraction) <= 3))
    ):
        raise ValueError(f"{text!r} is not a time: write it as h:mm:ss.mmm, e.g. 0:01:02.500")
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        raise ValueError(f"{text!r} is not a time: minutes and seconds go up to 59")
    while len(numbers) < 3:
        numbers.insert(0, 0)
    h, m, s = numbers
    return ((h * 60 + m) * 60 + s) * 1000 + int(fraction.ljust(3, "0"))


def parse_clock(text: str, *, strict: bool = False) -> int:
    """Milliseconds of ``[h:][mm:]ss[.mmm]`` ("," also separates the milliseconds).

    Lenient (``strict=False``, for WebVTT/SubRip files): hours of any length, fields not range
    checked, digits past the third millisecond ignored. Strict (for what a user types): also a
    bare number of milliseconds ("1500"); minutes and seconds under 60 when a larger field is
    given; at most three millisecond digits. Raises ValueError with a sentence for the user.
    """
    if strict:
        return _parse_strict(text)
    clock, _, frac = text.replace(",", ".").partition(".")
    try:
        parts = [int(p) for p in clock.split(":")]
        frac_ms = int(frac.ljust(3, "0")[:3])
    except ValueError:
        raise ValueError(f"{text!r} is not a time: write it as hh:mm:ss.mmm, e.g. 00:01:02.500") from None
    if len(parts) > 3:
        raise ValueError(f"{text!r} is not a time: write it as hh:mm:ss.mmm, e.g. 00:01:02.500")
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return ((h * 60 + m) * 60 + s) * 1000 + frac_ms


def ms_from_seconds(seconds: float) -> int:
    """Seconds (float, as faster-whisper and pyqtgraph give them) to whole milliseconds, rounded."""
    return int(round(seconds * 1000))


def _check_rate(frame_rate: float) -> None:
    if not frame_rate > 0:
        raise ValueError(f"frame rate must be positive, got {frame_rate}")


def ms_to_frames(ms: int, frame_rate: float) -> int:
    """The frame showing at ``ms`` milliseconds (floor), as frame-based formats count."""
    _check_rate(frame_rate)
    return int(ms * frame_rate // 1000)


def frame_start_ms(frame: int, frame_rate: float) -> int:
    """The first whole millisecond showing ``frame`` (ceil of ``frame * 1000 / frame_rate``).

    The exact inverse of :func:`ms_to_frames`: that frame's number comes back, and the
    millisecond before it is still the previous frame. Use it to place a time on a frame.
    """
    _check_rate(frame_rate)
    ms = math.ceil(frame * 1000 / frame_rate - 1e-9)
    # Correct the float maths against ms_to_frames itself, so the two can never disagree.
    while ms_to_frames(ms, frame_rate) < frame:
        ms += 1
    while ms_to_frames(ms - 1, frame_rate) >= frame:
        ms -= 1
    return ms


def frames_span_ms(frames: float, frame_rate: float) -> int:
    """How long ``frames`` frames last at ``frame_rate``, in whole milliseconds (rounded).

    For durations, gaps and shifts (2 frames at 23.976 fps is 83 ms); not for placing a time on
    a frame, which is :func:`frame_start_ms` (frame 2 starts at 84 ms).
    """
    _check_rate(frame_rate)
    return round(frames * 1000.0 / frame_rate)


def parse_frame_rate(text: str, *, maximum: float = 1000.0) -> float | None:
    """Frames per second from "25", "23.976" (exactly 24000/1001, see :data:`NTSC_RATES`) or
    "24000/1001"; None unless it is finite, above 0 and at most ``maximum``."""
    text = text.strip()
    if text in NTSC_RATES:
        return NTSC_RATES[text]
    try:
        rate = float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        try:
            rate = float(text)  # the forms float() reads and Fraction does not
        except ValueError:
            return None
    return rate if math.isfinite(rate) and 0 < rate <= maximum else None


def frame_rate_name(rate: float) -> str:
    """The name :func:`parse_frame_rate` reads back as ``rate`` ("23.976" for 24000/1001)."""
    for name, exact in NTSC_RATES.items():
        if abs(exact - rate) < 0.0005:
            return name
    return f"{rate:g}"


def format_timecode(ms: int, frame_rate: float) -> str:
    """``H:MM:SS:FF`` (non-drop timecode, frames counted within each second) of the frame that
    holds ``ms``: 3,723,500 ms at 24 fps is "1:02:03:12"."""
    seconds, rest = divmod(ms, 1000)
    h, remainder = divmod(seconds, 3600)
    return f"{h}:{remainder // 60:02d}:{remainder % 60:02d}:{ms_to_frames(rest, frame_rate):02d}"


def parse_timecode(text: str, frame_rate: float) -> int | None:
    """The first millisecond of the frame ``H:MM:SS:FF`` (the inverse of :func:`format_timecode`);
    None unless it is such a timecode with minutes and seconds under 60 and a frame that exists
    at ``frame_rate`` (frame 25 does not at 25 fps)."""
    parts = text.strip().split(":")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() for p in parts) or len(parts[3]) > 3:
        return None
    hours, minutes, seconds, frame = (int(p) for p in parts)
    if minutes >= 60 or seconds >= 60 or frame >= math.ceil(frame_rate):
        return None
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + frame_start_ms(frame, frame_rate)
