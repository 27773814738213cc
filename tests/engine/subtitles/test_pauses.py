"""Pauses end cues (issue 13, point 2): a silence of the preset's ``pause_ms`` between two
sentences or two speakers ends a cue even when Whisper wrote no punctuation there, and no cue
spans a silence longer than ``max_pause_in_cue_ms``."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from engine.protocol import Segment, Word
from engine.subtitles.presets import PRESETS, Preset
from engine.subtitles.segmentation import segments_to_cues

from .strategies import segments

EN = PRESETS["netflix-en"]


def spoken(text: str, start_ms: int, duration_ms: int) -> list[Word]:
    """Words of ``text`` spread evenly over ``duration_ms``, back to back (no gaps)."""
    parts = text.split()
    step = duration_ms // len(parts)
    return [Word(start_ms + k * step, start_ms + (k + 1) * step, " " + w, 0.9) for k, w in enumerate(parts)]


SHORT = "Okay I will see you then"  # 1.5 s
LONG = "so we should leave before the traffic gets really bad"  # 4 s, fits one cue with SHORT


def two_sentences(silence_ms: int, *, one_segment: bool) -> tuple[list[Segment], Word]:
    """The issue's input: a 1.5 s utterance, ``silence_ms`` of silence, then a long sentence,
    no punctuation between; as one Whisper segment or as two (a speaker change)."""
    a = spoken(SHORT, 10_000, 1_500)
    b = spoken(LONG, 11_500 + silence_ms, 4_000)
    if one_segment:
        segs = [Segment(10_000, b[-1].end_ms, SHORT + " " + LONG, tuple(a + b))]
    else:
        segs = [
            Segment(10_000, 11_500, SHORT, tuple(a)),
            Segment(b[0].start_ms, b[-1].end_ms, LONG, tuple(b)),
        ]
    return segs, b[0]


def test_a_pause_between_unpunctuated_sentences_ends_the_cue() -> None:
    """Before: one cue 10.0-16.7 s holding both, so the second sentence showed 2.2 s early."""
    for one_segment in (True, False):
        segs, second = two_sentences(700, one_segment=one_segment)
        cues = segments_to_cues(segs, EN)
        assert [c.text.replace("\n", " ") for c in cues] == [SHORT, LONG]
        assert cues[0].start_ms == 10_000
        assert cues[1].start_ms == second.start_ms == 12_200
        assert cues[0].end_ms <= second.start_ms - EN.min_gap_ms


def test_the_pause_is_the_presets() -> None:
    """Just under the preset's pause the two stay together (they fit one cue); at it they part."""
    segs, _ = two_sentences(EN.pause_ms - 1, one_segment=True)
    assert len(segments_to_cues(segs, EN)) == 1
    segs, _ = two_sentences(EN.pause_ms, one_segment=True)
    assert len(segments_to_cues(segs, EN)) == 2
    patient = EN.replace(name="patient", pause_ms=800)
    segs, _ = two_sentences(700, one_segment=True)
    assert len(segments_to_cues(segs, patient)) == 1


def check_no_pause_inside(segs: list[Segment], preset: Preset) -> None:
    """No cue holds a silence over ``max_pause_in_cue_ms`` (one of ``pause_ms`` or more is kept
    only where a break is very dear: the tests above)."""
    cues = segments_to_cues(segs, preset)
    for cue in cues:
        for a, b in itertools.pairwise(cue.words):
            gap = b.start_ms - a.end_ms
            assert gap <= preset.max_pause_in_cue_ms, (cue.text, a, b)


QUICK = settings(max_examples=25, deadline=None)  # the wide search is test_segmentation's


@QUICK
@given(segments(max_words=30))
def test_no_cue_spans_a_pause(segs: list[Segment]) -> None:
    check_no_pause_inside(segs, EN)
    check_no_pause_inside(segs, EN.replace(name="long pauses", pause_ms=3_000, max_pause_in_cue_ms=1_000))


@QUICK
@given(segments(cjk=True, max_words=30))
def test_no_chinese_cue_spans_a_pause(segs: list[Segment]) -> None:
    check_no_pause_inside(segs, PRESETS["netflix-zh-tw"])


def hesitant(*spec: str | int) -> list[Segment]:
    """One segment of 250 ms words 10 ms apart; an int is an extra silence (ms) before the next word."""
    words: list[Word] = []
    t = 0
    for item in spec:
        if isinstance(item, int):
            t += item
            continue
        words.append(Word(t, t + 250, " " + item, 0.9))
        t += 260
    return [Segment(0, words[-1].end_ms, "".join(w.text for w in words), tuple(words))]


def test_a_hesitation_does_not_leave_a_fragment_or_a_dear_break() -> None:
    """Review 13 finding 2. Before: "So" alone (697 ms, under the 833 ms minimum), a cue ending
    on "the", and "Mr." | "Smith": every pause of 500 ms or more was a hard edge."""
    cases = [
        hesitant("So", 520, "the", "thing", "is", "that", "we", "never", "really", "talked", "about", "it."),
        hesitant("I", "went", "to", "the", 550, "uh", "the", "store", "and", "bought", "some", "bread."),
        hesitant("Mr.", 600, "Smith", "is", "here."),
    ]
    for segs in cases:
        cues = segments_to_cues(segs, EN)
        assert len(cues) == 1, [c.text for c in cues]


def test_a_pause_longer_than_the_cue_limit_still_always_ends_the_cue() -> None:
    segs = hesitant("Mr.", EN.max_pause_in_cue_ms + 1, "Smith", "is", "here.")
    assert [c.text for c in segments_to_cues(segs, EN)] == ["Mr.", "Smith is here."]


def _short_piece_between_pauses(gap_before: int, gap_after: int) -> list[str]:
    """ "…therefore [gap_before] printing, [gap_after] in the only sense…" as one segment: how
    LJSpeech's joined clips came back (Whisper wrote no full stop at the clip boundary)."""
    a = spoken("and it was natural therefore", 10_000, 1_800)
    b = spoken("printing,", 11_800 + gap_before, 250)
    c = spoken("in the only sense with which we are at present concerned", b[-1].end_ms + gap_after, 3_000)
    words = a + b + c
    cues = segments_to_cues(
        [Segment(10_000, c[-1].end_ms, " ".join(w.text for w in words), tuple(words))], EN
    )
    return [cue.text.replace("\n", " ") for cue in cues]


def test_a_short_piece_between_two_pauses_joins_the_side_with_the_shorter_pause() -> None:
    # before: both pauses were waived and "printing," ended the earlier cue, 820 ms from its speech
    texts = _short_piece_between_pauses(1_300, 570)
    assert any(t.startswith("printing, in the only sense") for t in texts), texts
    texts = _short_piece_between_pauses(570, 1_300)  # the longer pause after it: never across that
    assert not any("printing, in the only" in t for t in texts), texts
