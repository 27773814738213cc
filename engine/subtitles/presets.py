"""Subtitle presets: the reading limits a job is segmented and checked against.

Presets are plain data so that a job, the CLI and the GUI's settings page can all name one
("netflix-en") and the user's "custom" preset is just another instance. Lengths are counted with
:func:`text_length`, which knows the Netflix CJK rule (full-width characters count 1, half-width
characters 0.5), so a 16-character Chinese line may hold 32 Latin letters.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass

from engine.subtitles.timecode import frames_span_ms

__all__ = [
    "PRESETS",
    "Preset",
    "char_units",
    "frames_ms",
    "line_lengths",
    "text_length",
]


# Whole milliseconds spanned by ``frames`` frames at ``frame_rate`` (rounded): a gap, not a frame start.
frames_ms = frames_span_ms


@dataclass(frozen=True)
class Preset:
    """Reading limits and timing habits for one subtitle style guide.

    ``max_cps`` counts every visible character (spaces included, line breaks not), as Netflix does.
    ``tail_ms`` is how long a cue may linger after its last word; ``pause_ms`` is the silence
    between words treated as a natural break, and ``max_pause_in_cue_ms`` the silence that always
    ends a cue (nobody wants text on screen through three seconds of nothing).
    """

    name: str
    max_chars_per_line: int = 42
    max_lines: int = 2
    max_cps: float = 20.0
    min_duration_ms: int = 833
    max_duration_ms: int = 7000
    min_gap_ms: int = 83
    frame_rate: float = 24.0
    cjk_width_counting: bool = False
    tail_ms: int = 500
    pause_ms: int = 500
    max_pause_in_cue_ms: int = 1500

    def __post_init__(self) -> None:
        if self.max_chars_per_line < 1 or self.max_lines < 1:
            raise ValueError(
                f"preset {self.name!r}: lines must hold at least one character"
            )
        if self.max_cps <= 0 or self.frame_rate <= 0:
            raise ValueError(
                f"preset {self.name!r}: max_cps and frame_rate must be positive"
            )
        if not 0 < self.min_duration_ms <= self.max_duration_ms:
            raise ValueError(
                f"preset {self.name!r}: need 0 < min_duration_ms ({self.min_duration_ms})"
                f" <= max_duration_ms ({self.max_duration_ms})"
            )
        if (
            min(self.min_gap_ms, self.tail_ms, self.pause_ms, self.max_pause_in_cue_ms)
            < 0
        ):
            raise ValueError(
                f"preset {self.name!r}: gaps, tail and pauses cannot be negative"
            )

    def replace(self, **changes: object) -> Preset:
        """A copy with some fields changed (the settings page edits "custom" this way)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def _is_full_width(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W")


def char_units(ch: str, preset: Preset) -> int:
    """Width of one character in half-units (2 = one counted character), newlines 0."""
    if ch == "\n":
        return 0
    if preset.cjk_width_counting and not _is_full_width(ch):
        return 1
    return 2


def text_length(text: str, preset: Preset) -> float:
    """Counted length of ``text`` under the preset's rule; line breaks are not counted."""
    return sum(char_units(ch, preset) for ch in text) / 2


def line_lengths(text: str, preset: Preset) -> list[float]:
    """Counted length of each line of a cue's text."""
    return [text_length(line, preset) for line in text.split("\n")]


_NETFLIX_EN = Preset(
    # Netflix English Timed Text Style Guide: 42 characters per line, 2 lines, adult reading
    # speed 20 cps, minimum duration 5/6 s, maximum 7 s, 2 frames between cues (24 fps here).
    name="Netflix English",
    max_chars_per_line=42,
    max_lines=2,
    max_cps=20.0,
    min_duration_ms=833,
    max_duration_ms=7000,
    min_gap_ms=frames_ms(2, 24.0),
    frame_rate=24.0,
)

PRESETS: dict[str, Preset] = {
    "netflix-en": _NETFLIX_EN,
    # Netflix Traditional Chinese (Taiwan) guide: 16 characters per line, 2 lines, 9 cps for
    # adult programmes, full-width characters count 1 and half-width 0.5; durations and gap as
    # in the English guide.
    "netflix-zh-tw": _NETFLIX_EN.replace(
        name="Netflix Traditional Chinese",
        max_chars_per_line=16,
        max_cps=9.0,
        cjk_width_counting=True,
    ),
    # BBC Subtitle Guidelines (bbc.github.io/subtitle-guidelines): 37 fixed-width characters a
    # line (the Teletext legacy, ~68 % of a 16:9 picture), two lines preferred, a speed of 160-180
    # words a minute: 170 wpm x ~6 characters a word (5 letters + space) / 60 s ~ 17 cps. BBC
    # gives no hard minimum in ms ("0.3 s a word"); 1 s keeps one- to three-word cues readable.
    # UK video is 25 fps; a 2-frame gap is 80 ms. The 7 s cap is ours (BBC states none).
    "bbc": _NETFLIX_EN.replace(
        name="BBC",
        max_chars_per_line=37,
        max_cps=17.0,
        min_duration_ms=1000,
        min_gap_ms=frames_ms(2, 25.0),
        frame_rate=25.0,
    ),
    "custom": _NETFLIX_EN.replace(name="Custom"),
}
