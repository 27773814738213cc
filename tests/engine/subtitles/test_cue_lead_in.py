"""A cue appears at most 2 frames before its first word, whatever the preset's reading speed.

Issue 13: "a cue appears within 2 frames (83 ms) of its first word's onset and never after it".
Before, a cue short of its reading time started earlier into the silence before it, by as much as
it lacked: at Japanese's 4 cps a 1 s lead-in (the Japanese sentence below started at 0 ms for
speech at 1000 ms).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.protocol import Segment, Word
from engine.subtitles.presets import PRESETS, frames_ms, resolve
from engine.subtitles.segmentation import segments_to_cues
from tests.engine.subtitles.test_presets_languages import japanese_segment


def first_word_starts(cues: list) -> list[int]:
    return [cue.words[0].start_ms for cue in cues]


def test_a_slow_reading_speed_does_not_start_a_cue_a_second_early() -> None:
    rules = resolve("auto", "ja")
    cues = segments_to_cues([japanese_segment()], rules.preset, language="ja", chinese=rules.chinese)
    lead_in = frames_ms(2, rules.preset.frame_rate)
    assert cues[0].start_ms >= 1_000 - lead_in
    for cue, first in zip(cues, first_word_starts(cues)):
        assert first - lead_in <= cue.start_ms <= first


@settings(max_examples=80, deadline=None)
@given(
    preset=st.sampled_from(sorted(PRESETS)),
    gaps=st.lists(st.integers(0, 3_000), min_size=1, max_size=12),
    sizes=st.lists(st.integers(1, 30), min_size=12, max_size=12),
)
def test_no_cue_starts_more_than_two_frames_before_its_first_word(
    preset: str, gaps: list[int], sizes: list[int]
) -> None:
    words, t = [], 500
    for gap, size in zip(gaps, sizes):
        t += gap
        words.append(Word(t, t + 60 * size, "x" * size + ".", 0.9))  # a sentence a word: many short cues
        t += 60 * size
    cues = segments_to_cues(
        [Segment(words[0].start_ms, t, " ".join(w.text for w in words), tuple(words))], PRESETS[preset]
    )
    lead_in = frames_ms(2, PRESETS[preset].frame_rate)
    for cue, first in zip(cues, first_word_starts(cues)):
        assert first - lead_in <= cue.start_ms <= first
