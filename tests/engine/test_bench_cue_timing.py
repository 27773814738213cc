"""bench.cue_timing's measures, on cues and references whose errors are known by construction."""

from __future__ import annotations

from bench.cue_timing import LATE_MS, SILENCE_BEFORE_MS, Ref, _measured, summary, target_rows
from engine.subtitles.cue import Cue
from engine.subtitles.presets import PRESETS


def test_late_starts_after_silence_are_counted_and_early_ones_are_not() -> None:
    refs = [Ref(1_000, 2_000, "a"), Ref(2_100, 3_000, "b"), Ref(5_000, 6_000, "c"), Ref(8_000, 9_000, "d")]
    # a: 60 ms late after 1 s of silence; b: follows only 100 ms of silence (not counted);
    # c: 30 ms late (within LATE_MS); d: 200 ms early.
    cues = [
        Cue(1, 1_060, 2_000, "a"),
        Cue(2, 2_400, 3_000, "b"),
        Cue(3, 5_030, 6_000, "c"),
        Cue(4, 7_800, 9_000, "d"),
    ]
    result = _measured("made", refs, cues, PRESETS["netflix-en"])
    assert result.after_silence == [True, 2_100 - 2_000 >= SILENCE_BEFORE_MS, True, True]
    assert result.start_signed == [60, 300, 30, -200]
    row = summary("made", [result])
    assert LATE_MS == 40
    assert row["late > 40 ms"] == 1  # a only: b does not follow silence, c is 30 ms, d is early
    assert row["starts after silence"] == 3
    assert row["start err mean (after silence)"] == round((60 + 30 + 200) / 3)
    met = {measure: ok for measure, _value, _target, ok in target_rows(row)}
    assert met["starts late by > 40 ms"] is False
    assert met["mean start err, after silence"] is True  # 97 ms <= 100 ms


def test_a_reference_that_begins_with_a_filler_is_not_judged_after_silence() -> None:
    refs = [Ref(1_000, 2_000, "uh"), Ref(5_000, 6_000, "um so this is it"), Ref(8_000, 9_000, "Umbrellas")]
    cues = [Cue(1, 5_900, 6_000, "So this is it"), Cue(2, 8_000, 9_000, "Umbrellas")]
    result = _measured("made", refs, cues, PRESETS["netflix-en"])
    assert result.after_silence == [False, False, True]
    assert summary("made", [result])["late > 40 ms"] == 0


def test_wer_is_the_cues_text_against_the_references_pooled_over_files() -> None:
    # the segmenter never changes words: WER measures the decoder, and must not get worse
    one = _measured(
        "one", [Ref(0, 1_000, "the cat sat")], [Cue(1, 0, 1_000, "The cat\nsat.")], PRESETS["netflix-en"]
    )
    two = _measured(
        "two", [Ref(0, 1_000, "on the mat")], [Cue(1, 0, 1_000, "on a mat")], PRESETS["netflix-en"]
    )
    assert summary("one", [one])["WER %"] == 0.0
    assert summary("two", [two])["WER %"] == round(100 / 3, 1)
    assert summary("all", [one, two])["WER %"] == round(100 / 6, 1)
