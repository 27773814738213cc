"""Repairs of a subtitle file's text before pysubs2 reads it, where its readers lose or refuse
what the file holds (found by user test 12). pysubs2 stays the only parser: these only cut
damaged lines, rewrite time expressions it cannot read into ones it can, or say what its
reading dropped. Each returns the text to parse and the notes for the user.

- :func:`is_binary`: bytes that are no text at all (NULs outside UTF-16, control bytes).
- :func:`subrip_tail`: the last cue of a SubRip file. pysubs2 drops a final number line as the
  next cue's index ("Countdown:\\n3" loses "3") and glues a truncated next cue ("2\\n00:00:0")
  into the text.
- :func:`subrip_damage`: SubRip lines that look like a timecode pysubs2 cannot read
  (``00:00:07;000 -> 00:00:08,000``), which it drops with their cue or glues into the cue
  before, and text before the first cue, which it drops (user test 6); :func:`vtt_damage`
  names such WebVTT timings.
- :func:`subrip_times`: SubRip times with three or more hour digits, as written (pysubs2 reads
  two: 100:00:01,000 became 00:00:01,000).
- :func:`ttml_clock_times`: TTML tick (``10000000t``) and frame (``00:00:09:12``, ``300f``)
  times become clock times, per TTML1 section 10.3.1 and its ``ttp:tickRate``,
  ``ttp:frameRate``, ``ttp:frameRateMultiplier`` and ``ttp:subFrameRate`` parameters (7.2).
- :func:`ass_events`: ASS/SSA events under a ``Format:`` line pysubs2 ignores, and
  ``Dialogue:`` lines whose times it cannot parse (a truncated file), which fail the whole file.
"""

from __future__ import annotations

import codecs
import re

import pysubs2
from pysubs2.formats.substation import EVENT_FIELDS

from engine.subtitles import webvtt
from engine.subtitles.webvtt_spans import TIME

__all__ = [
    "ass_events",
    "is_binary",
    "subrip_damage",
    "subrip_tail",
    "vtt_damage",
    "subrip_times",
    "ttml_clock_times",
]

_SAMPLE = 64 * 1024
# Control bytes text never holds (all below 32 but tab, LF, VT, FF and CR); neither a legacy
# code page nor UTF-8 encodes a letter with them.
_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r")


def is_binary(data: bytes) -> bool:
    """True when ``data`` (a file's bytes) is not text in any encoding a subtitle file uses.

    The rule, on the first 64 KB: a UTF-16/32 BOM is text; NUL bytes are binary unless nearly
    all of them fall on one byte parity and fill at least a tenth of it (UTF-16 without a BOM,
    whose ASCII characters have a NUL high byte; its text is then judged); more than one byte in
    20 being a control byte other than tab, line feed, form feed and carriage return is binary.
    """
    sample = data[:_SAMPLE]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # also UTF-32's BOMs
        return False
    nuls = sample.count(0)
    if nuls:
        even = sample[0::2].count(0)
        most, half = max(even, nuls - even), max(len(sample) // 2, 1)
        if not (most >= 0.95 * nuls and most >= 0.1 * half):
            return True
        # UTF-16 without a BOM: NUL high bytes on even offsets are big-endian. Judge its text.
        codec = "utf-16-be" if even * 2 >= nuls else "utf-16-le"
        sample = sample[: len(sample) // 2 * 2].decode(codec, "replace").encode("utf-8")
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return controls * 20 > len(sample)


# --- SubRip -------------------------------------------------------------------------------

_NUMBER = re.compile(r"\s*\d+\s*")
# What is left of a timing line cut short: digits, colons, commas, dots, an arrow's start.
_CUT_TIMING = re.compile(r"\s*\d+:[\d:,.]*(\s*-{1,2}>?\s*[\d:,.]*)?\s*")


def _is_timing(line: str) -> bool:
    return len(pysubs2.formats.subrip.SubripFormat.TIMESTAMP.findall(line)) == 2  # what pysubs2 reads


# A timecode line as a person meant it: a time-like start (digits and a colon), then an arrow
# of any length, then something with a digit ("00:00:07;000 -> 00:00:08,000", "00:00:0a --> zz"
# has none after it, so the arrow alone after a time start also counts).
_TIMING_LIKE = re.compile(r"\s*\d+:\d+\S*\s*-+>.*|\s*\d+:\d+:\d+\S*\s+\d+:\d+:\d+\S*\s*")
_SHOWN = 60  # characters of a damaged line quoted in a sentence


def _where_timing_goes(lines: list[str], i: int, vtt: bool = False) -> bool:
    """Whether line ``i`` is where a cue's timing is expected: a block's first line, or (SubRip)
    after the cue's number, (WebVTT) after the cue's identifier. A cue's own text ("9:15 ->
    Boston") comes after its timing and is never taken for a damaged one (review 6)."""
    if i == 0 or not lines[i - 1].strip():
        return True
    if not vtt:
        return bool(_NUMBER.fullmatch(lines[i - 1])) and (i == 1 or not lines[i - 2].strip())
    return (i == 1 or not lines[i - 2].strip()) and not _TIMING_LIKE.fullmatch(lines[i - 1])


def _quote(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…")


def subrip_damage(text: str) -> tuple[str, list[str]]:
    """SubRip ``text`` (LF line ends) with the cues whose timecode cannot be read blanked out,
    and one sentence per damaged place, for the user (``line 10: '00:00:07;000 -> 00:00:08,000'
    looks like a timecode but cannot be read``).

    pysubs2 takes a line for a timing only when it holds two ``H:M:S,ms`` times
    (:data:`pysubs2.time.TIMESTAMP`); any other line after a timing is that cue's text, and lines
    before the first timing are dropped. So a timecode with a typo lost its cue (the first) or
    was pasted with its number and text into the cue before (user test 6). A line that looks
    like a timing (:data:`_TIMING_LIKE`: a time start and an arrow) but is not one is damage:
    its block (the number line before it, the lines after it up to a blank line or the next
    cue) becomes blank lines, so line numbers stay and no cue holds its text; a timing cut
    short at the very end is :func:`subrip_tail`'s. Text lines before the first timing, other
    than that cue's number, are named as in no cue. Line numbers count from 1 in ``text``.
    """
    lines = text.split("\n")
    said: list[str] = []
    first_timing = next((i for i, line in enumerate(lines) if _is_timing(line)), len(lines))
    for i, line in enumerate(lines):
        if _is_timing(line) or not _TIMING_LIKE.fullmatch(line) or not _where_timing_goes(lines, i):
            continue
        if _CUT_TIMING.fullmatch(line) and not "".join(lines[i + 1 :]).strip():
            continue  # the file cut short inside a timing: subrip_tail's note says so
        said.append(f"line {i + 1}: {_quote(line)} looks like a timecode but cannot be read")
        start = i - 1 if i > 0 and _NUMBER.fullmatch(lines[i - 1]) else i
        end = i + 1
        while end < len(lines) and lines[end].strip() and not _is_timing(lines[end]):
            if _NUMBER.fullmatch(lines[end]) and end + 1 < len(lines) and _is_timing(lines[end + 1]):
                break
            end += 1
        lines[start:end] = [""] * (end - start)
    stray = [  # only in a file with cues: a file with none is not SubRip at all
        i
        for i, line in enumerate(lines[:first_timing] if first_timing < len(lines) else ())
        if line.strip() and not (i == first_timing - 1 and _NUMBER.fullmatch(line))
    ]
    if stray:
        original = text.split("\n")
        said.insert(
            0,
            f"line {stray[0] + 1}: {_quote(original[stray[0]])} is in no cue (it comes before the "
            "first timecode)",
        )
    return "\n".join(lines), said


_VTT_TIMING = re.compile(rf"\s*{TIME}\s*-->\s*{TIME}(?:\s.*)?")


def vtt_damage(text: str) -> list[str]:
    """One sentence per WebVTT line (``text``: LF line ends) that looks like a timing
    (:data:`_TIMING_LIKE`) but is not one (W3C WebVTT section 4.3: ``[h:]mm:ss.ttt --> ...``),
    as :func:`subrip_damage` words it. Detection only: the WebVTT reader already leaves such
    a block out (it held no text of another cue), but said nothing (user test 6)."""
    lines = text.split("\n")
    return [
        f"line {i + 1}: {_quote(line)} looks like a timecode but cannot be read"
        for i, line in enumerate(lines)
        if _TIMING_LIKE.fullmatch(line)
        and not _VTT_TIMING.fullmatch(line)
        and _where_timing_goes(lines, i, vtt=True)
    ]


def subrip_tail(text: str) -> tuple[str, str | None, int | None]:
    """The last cue of SubRip ``text`` (LF line ends), as pysubs2 should read it.

    Returns (text to parse, a final number line pysubs2 will drop and the caller must add back
    to the last cue's text or None, the line number where a truncated cue starts or None).
    After the last timing line: a number line right after a text line is text; a blank line,
    then a number line, then nothing or a cut timing line is the start of a cue the file lost,
    and those lines are cut from the text.
    """
    lines = text.split("\n")
    last = next((i for i in range(len(lines) - 1, -1, -1) if _is_timing(lines[i])), None)
    if last is None:
        return text, None, None
    body = lines[last + 1 :]
    while body and not body[-1].strip():
        body.pop()
    if body and _CUT_TIMING.fullmatch(body[-1]) and len(body) >= 2 and _NUMBER.fullmatch(body[-2]):
        index = len(body) - 2  # number + cut timing line
    elif body and _NUMBER.fullmatch(body[-1]):
        index = len(body) - 1  # number alone
    else:
        return text, None, None
    if index > 0 and not body[index - 1].strip():  # after a blank line: a lost cue's start
        start = index - 1
        while start > 0 and not body[start - 1].strip():
            start -= 1
        return "\n".join(lines[: last + 1 + start]) + "\n", None, last + 2 + index
    if index == len(body) - 1 and index > 0:  # a number ending the last cue's text
        return text, body[-1].strip(), None
    return text, None, None


def subrip_times(text: str) -> list[tuple[int, int]]:
    """Each SubRip timing line's times as written, in ms, when a time has three or more hour
    digits; else ``[]`` (pysubs2's reading holds). pysubs2 reads at most two hour digits and
    took 100:00:01,000 for 00:00:01,000. Lines are the ones pysubs2 takes for timings."""
    if not _LONG_HOURS.search(text):
        return []
    out = []
    for line in text.split("\n"):
        if len(pysubs2.time.TIMESTAMP.findall(line)) == 2:
            stamps = _LONG_TIME.findall(line)
            if len(stamps) == 2:
                out.append((webvtt.parse_time(stamps[0]), webvtt.parse_time(stamps[1])))
            else:
                return []  # not the lines pysubs2 saw: keep its reading
    return out


_LONG_TIME = re.compile(r"\d+:\d{1,2}:\d{1,2}[.,]\d{1,3}")
_LONG_HOURS = re.compile(r"\d{3}:\d{1,2}:\d{1,2}[.,]\d")  # only then is subrip_times needed


# --- TTML ---------------------------------------------------------------------------------

_TIME_ATTRIBUTE = re.compile(r"""(\s(?:begin|end|dur)\s*=\s*)(["'])([^"'<>]*)\2""")
_TICKS = re.compile(r"\s*(\d+(?:\.\d+)?)t\s*")
_FRAMES = re.compile(r"\s*(\d+(?:\.\d+)?)f\s*")
_FRAME_CLOCK = re.compile(r"\s*(\d+):(\d{2}):(\d{2}):(\d+)(?:\.(\d+))?\s*")


def _parameter(text: str, name: str) -> str | None:
    found = re.search(rf"""\s[\w.-]*:?{name}\s*=\s*(["'])([^"']*)\1""", text)
    return found.group(2).strip() if found else None


def _positive(value: str | None, default: float) -> float:
    try:
        number = float(value) if value is not None else default
    except ValueError:
        return default
    return number if 0 < number < float("inf") else default


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def ttml_clock_times(text: str) -> str:
    """TTML ``text`` with tick and frame time expressions rewritten as clock times (ms).

    Rates come from the ``tt`` element (TTML1 7.2): ``frameRate`` (default 30) times
    ``frameRateMultiplier`` ("1000 1001" for NTSC); ``subFrameRate`` (default 1);
    ``tickRate`` (default ``frameRate`` x ``subFrameRate`` when a frame rate is given, else 1).
    """
    if "t" not in text and "f" not in text:
        return text
    frame_rate = _positive(_parameter(text, "frameRate"), 30.0)
    multiplier = (_parameter(text, "frameRateMultiplier") or "").split()
    if len(multiplier) == 2:
        frame_rate *= _positive(multiplier[0], 1.0) / _positive(multiplier[1], 1.0)
    sub_frames = _positive(_parameter(text, "subFrameRate"), 1.0)
    has_rate = _parameter(text, "frameRate") is not None
    tick_rate = _positive(_parameter(text, "tickRate"), frame_rate * sub_frames if has_rate else 1.0)

    def seconds(value: str) -> float | None:
        if m := _TICKS.fullmatch(value):
            return float(m.group(1)) / tick_rate
        if m := _FRAMES.fullmatch(value):
            return float(m.group(1)) / frame_rate
        if m := _FRAME_CLOCK.fullmatch(value):
            h, mi, s, f, sub = m.groups()
            frames = int(f) + (int(sub) / sub_frames if sub else 0)
            return int(h) * 3600 + int(mi) * 60 + int(s) + frames / frame_rate
        return None

    def rewrite(m: re.Match[str]) -> str:
        value = seconds(m.group(3))
        return m.group(0) if value is None else f"{m.group(1)}{m.group(2)}{_clock(value)}{m.group(2)}"

    return _TIME_ATTRIBUTE.sub(rewrite, text)


# --- ASS/SSA ------------------------------------------------------------------------------


def _readable_time(value: str) -> bool:
    value = value.strip().removeprefix("-")
    return bool(pysubs2.time.TIMESTAMP.match(value) or pysubs2.time.TIMESTAMP_SHORT.match(value))


_DEFAULTS = {
    "layer": "0",
    "marked": "Marked=0",
    "style": "Default",
    "marginl": "0",
    "marginr": "0",
    "marginv": "0",
}


def ass_events(text: str, ssa: bool) -> tuple[str, int, int]:
    """ASS/SSA ``text`` as pysubs2 can read it, as (text, how many event lines were cut, the
    first one's line number or 0).

    pysubs2 reads every ``Dialogue:``/``Comment:`` line in the standard field order, whatever
    the ``[Events]`` ``Format:`` line says ("Format: Layer, Start, End, Style, Text" put the
    text in the Name field): lines under another order are rewritten in the standard one
    (missing fields get their defaults). Lines whose Start or End cannot be read (a truncated
    file) are cut: pysubs2 fails the whole file on one.
    """
    order = EVENT_FIELDS["ssa" if ssa else "ass"]
    lines = text.split("\n")
    kept: list[str] = []
    cut = first = 0
    in_events, fields = False, order
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_events, fields = stripped.lower() == "[events]", order
        elif in_events and stripped.lower().startswith("format:"):
            names = [n.strip().lower() for n in stripped.split(":", 1)[1].split(",")]
            known = "start" in names and "end" in names and names[-1] == "text"
            fields = names if known and set(names) <= set(order) else order
        elif stripped.startswith(("Dialogue:", "Comment:")):
            kind, rest = stripped.split(":", 1)
            values = rest.strip().split(",", len(fields) - 1)
            event = dict(zip(fields, values))
            if not (_readable_time(event.get("start", "")) and _readable_time(event.get("end", ""))):
                cut += 1
                first = first or number
                continue
            if fields != order:
                line = f"{kind}: " + ",".join(event.get(f, _DEFAULTS.get(f, "")) for f in order)
        kept.append(line)
    return "\n".join(kept), cut, first


# pysubs2's own pattern for a MicroDVD line (formats/microdvd.py), and the codes it turns into
# ASS tags itself: font (f), size (s), position (P).
_MICRODVD_LINE = re.compile(r" *\{ *(\d+) *\} *\{ *(\d+) *\}(.+)")
_PYSUBS2_CODES = (
    (re.compile(r"\{[Ff]:([^}]+)\}"), r"{\\fn\1}"),
    (re.compile(r"\{[Ss]:([^}]+)\}"), r"{\\fs\1}"),
    (re.compile(r"\{P:(\d+),(\d+)\}"), r"{\\pos(\1,\2)}"),
)


def microdvd_texts(text: str, count: int) -> list[str] | None:
    """Each MicroDVD cue's text as written, with its style and colour codes (``{y:i}``,
    ``{c:$BBGGRR}``) left for :func:`engine.subtitles.markup.canonical`; None when the file's
    lines do not match pysubs2's ``count`` events one to one.

    pysubs2 turns a lower-case ``{y:i}`` into ``{\\i1}`` for the rest of the cue, though
    MicroDVD's readme says it holds to the end of its line, and drops ``{y:s}``; ``|`` becomes
    ``\\N`` as pysubs2 does.
    """
    found = [m.group(3) for line in text.split("\n") if (m := _MICRODVD_LINE.match(line))]
    if len(found) == count + 1 and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", found[0]):
        found = found[1:]  # the frame-rate line, which pysubs2 reads as the rate, not a cue
    if len(found) != count:
        return None
    out = []
    for raw in found:
        raw = raw.replace("|", "\\N")
        for pattern, replacement in _PYSUBS2_CODES:
            raw = pattern.sub(replacement, raw)
        out.append(raw.strip())
    return out
