"""The rests of a batch packed into one window (engine.rest_pack): which rests share a window,
how each word of the packed decode goes back to its own chunk, and that no rest is lost."""

from __future__ import annotations

import dataclasses
from typing import Any

from faster_whisper.feature_extractor import FeatureExtractor
from faster_whisper.transcribe import Segment, Word

from engine.rest_pack import GAP_FRAMES, PACK_FRAMES, RestPack, groups, split_back


class Window:
    """What groups() reads of a window: its length and where its rest starts (10 ms frames)."""

    def __init__(self, content_frames: int, rest_seek: int | None) -> None:
        self.content_frames = content_frames
        self.rest_seek = rest_seek


def word(start: float, end: float, text: str) -> Word:
    return Word(start=start, end=end, word=text, probability=0.9)


def segment(words: list[Word], start: float | None = None, end: float | None = None) -> Segment:
    return Segment(
        id=1,
        seek=0,
        start=words[0].start if start is None else start,
        end=words[-1].end if end is None else end,
        text="".join(w.word for w in words),
        tokens=[],
        avg_logprob=-0.2,
        compression_ratio=1.2,
        no_speech_prob=0.01,
        words=words,
        temperature=0.0,
    )


def said(parts: list[list[Segment]]) -> list[list[tuple[float, float, str]]]:
    return [[(s.start, s.end, s.text) for s in rest] for rest in parts]


def test_rests_are_grouped_in_order_up_to_one_window() -> None:
    windows: list[Any] = [
        Window(2800, 2000),  # 8 s rest
        Window(2800, None),  # said everything: no rest
        Window(2900, 2000),  # 9 s
        Window(2700, 1800),  # 9 s: 8 + 2 + 9 + 2 + 9 = 30 s, still one window
        Window(2500, 2400),  # 1 s: would pass 30 s, so a new window
    ]
    found = groups(windows)
    assert [[windows.index(w) for w in g] for g in found] == [[0, 2, 3], [4]]
    for g in found:
        assert (
            sum(w.content_frames - (w.rest_seek or 0) for w in g) + GAP_FRAMES * (len(g) - 1) <= PACK_FRAMES
        )


def test_a_rest_longer_than_the_room_left_starts_a_window_of_its_own() -> None:
    windows: list[Any] = [Window(2900, 200), Window(2900, 2700), Window(3000, 0)]  # 27 s, 2 s, 30 s
    assert [[windows.index(w) for w in g] for g in groups(windows)] == [[0], [1], [2]]


PLACES = [(0.0, 4.0, 20.0), (5.0, 7.5, 18.5)]  # rest 1: 0-4 s of the pack; rest 2: 5-7.5 s


def test_a_segment_over_two_rests_is_cut_between_them_and_moved_to_each_chunk() -> None:
    words = [
        word(2.0, 3.0, " by a"),
        word(3.0, 4.4, " process"),
        word(4.7, 5.6, " Or"),
        word(5.6, 6.0, " printing"),
    ]
    parts = split_back([segment(words, start=1.8, end=6.2)], PLACES)
    assert said(parts) == [[(22.0, 24.0, " by a process")], [(18.5, 19.5, " Or printing")]]  # clamped
    assert [(w.start, w.end) for w in parts[0][0].words] == [(22.0, 23.0), (23.0, 24.0)]
    assert [(w.start, w.end) for w in parts[1][0].words] == [(18.5, 19.1), (19.1, 19.5)]


def test_a_word_stretched_over_the_gap_stays_with_the_rest_it_was_said_in() -> None:
    # " Press." is timed 1.1 s past its rest's end, its middle past the gap's middle; with 2 s of
    # silence it does not reach the next rest, so it stays with its own.
    places = [(0.0, 4.0, 20.0), (6.0, 8.5, 18.5)]
    words = [word(2.0, 3.9, " a printing"), word(3.9, 5.1, " Press."), word(6.2, 7.0, " It was")]
    parts = split_back([segment(words)], places)
    assert said(parts) == [[(22.0, 24.0, " a printing Press.")], [(18.7, 19.5, " It was")]]


def test_a_word_timed_late_into_the_silence_stays_with_its_rest() -> None:
    # " end." is timed wholly in the gap (4.55-4.95 s): Whisper times words late, so it is the
    # last word of rest 1, not an invention, and not a word of rest 2.
    late = segment([word(3.0, 3.8, " the"), word(4.55, 4.95, " end.")])
    real = segment([word(5.2, 5.6, " Or"), word(5.6, 6.0, " printing.")])
    parts = split_back([late, real], PLACES)
    assert said(parts) == [[(23.0, 24.0, " the end.")], [(18.7, 19.5, " Or printing.")]]
    assert [(w.start, w.end) for w in parts[0][0].words] == [(23.0, 23.8), (24.0, 24.0)]


def test_a_rests_first_word_stretched_back_over_the_silence_is_that_rests() -> None:
    # Whisper timed " of", the first word of "of movable types.", from the end of the rest before.
    places = [(0.0, 3.96, 19.26), (5.96, 7.38, 18.3)]
    words = [word(3.22, 3.96, " process"), word(3.96, 6.2, " of"), word(6.2, 6.76, " movable")]
    parts = split_back([segment(words)], places)
    assert [[w.word for s in rest for w in s.words] for rest in parts] == [[" process"], [" of", " movable"]]


def test_a_word_timed_after_its_rest_stays_with_it_across_the_gap() -> None:
    # A word timed 0.45-1.09 s after its rest (as the user test's " it's" was with 1 s between
    # rests): with 2 s of silence it does not reach the next rest, and stays with its own.
    places = [(0.0, 5.53, 22.7), (7.53, 12.26, 23.26)]
    words = [word(4.5, 5.98, " incurred,"), word(5.98, 6.62, " it's"), word(7.62, 8.2, " composed")]
    parts = split_back([segment(words)], places)
    assert [[w.word for s in rest for w in s.words] for rest in parts] == [
        [" incurred,", " it's"],
        [" composed"],
    ]
    assert GAP_FRAMES >= 200  # what keeps such a word out of the next rest


def test_a_rests_only_word_stretched_back_over_the_whole_gap_stays_its_own() -> None:
    # Review: " Yes." alone in rest 2, its timing stretched from the end of rest 1's audio (the
    # planner keeps 200 ms of silence there) to 0.2 s into rest 2. Given to rest 1, it left rest 2
    # empty, which is then decoded alone: the word would be said twice, in two chunks.
    places = [(0.0, 4.0, 20.0), (6.0, 8.0, 50.0), (10.0, 12.0, 80.0)]
    words = [word(3.0, 3.6, " the end."), word(3.7, 6.2, " Yes."), word(10.1, 10.5, " More.")]
    parts = split_back([segment(words)], places)
    assert [[w.word for s in rest for w in s.words] for rest in parts] == [
        [" the end."],
        [" Yes."],
        [" More."],
    ]


def test_words_without_length_and_past_the_last_rest_find_their_rest() -> None:
    places = [(0.0, 4.0, 20.0), (6.0, 8.0, 50.0)]
    words = [word(2.0, 2.0, " a"), word(4.5, 4.5, " b"), word(6.0, 6.0, " c"), word(8.5, 9.0, " d")]
    parts = split_back([segment(words)], places)
    assert [[w.word for s in rest for w in s.words] for rest in parts] == [[" a", " b"], [" c", " d"]]
    assert [(w.start, w.end) for w in parts[1][0].words] == [(50.0, 50.0), (52.0, 52.0)]


def test_no_word_of_a_packed_window_is_left_out() -> None:
    words = [word(0.2, 0.5, " a"), word(4.1, 4.2, " b"), word(4.8, 4.9, " c"), word(7.4, 7.9, " d")]
    parts = split_back([segment(words)], PLACES)
    assert [w.word for rest in parts for s in rest for w in s.words] == [" a", " b", " c", " d"]
    assert [[w.word for s in rest for w in s.words] for rest in parts] == [[" a", " b", " c"], [" d"]]


def test_a_segment_within_one_rest_keeps_its_text_and_own_bounds() -> None:
    whole = dataclasses.replace(
        segment([word(5.2, 5.6, " Or"), word(5.6, 6.0, " printing.")], start=5.1, end=6.3),
        text=" Or printing.",
    )
    assert said(split_back([whole], PLACES)) == [[], [(18.6, 19.8, " Or printing.")]]


def test_a_segment_without_words_goes_whole_to_the_rest_it_overlaps() -> None:
    bare = dataclasses.replace(segment([word(5.5, 7.0, " x")]), words=[])
    assert said(split_back([bare], PLACES)) == [[], [(19.0, 20.5, " x")]]


class Model:
    """What RestPack calls on its model: looks that may fail, packed decodes that may fail."""

    def __init__(self, failing_look: Any = None, pack_fails: bool = False) -> None:
        self.failing_look = failing_look
        self.pack_fails = pack_fails
        self.decoded: list[list[int]] = []

    def _first_look(self, window: Any) -> bool:
        if window is self.failing_look:
            raise RuntimeError("alignment failed")
        return True

    def _decode_pack(self, group: list[Any]) -> dict[int, list[str]]:
        self.decoded.append([w.content_frames for w in group])
        if self.pack_fails and len(group) > 1:
            raise RuntimeError("packed decode failed")
        return {id(w): [f"rest of {w.content_frames}"] for w in group}


def test_a_failed_packed_decode_sends_each_rest_to_a_window_of_its_own() -> None:
    windows: list[Any] = [Window(2000, 1500), Window(2100, 1500), Window(2200, 1500)]
    model = Model(pack_fails=True)
    pack = RestPack(model, windows)  # type: ignore[arg-type]
    assert [pack.rest_of(w) for w in windows] == [["rest of 2000"], ["rest of 2100"], ["rest of 2200"]]
    assert model.decoded == [[2000, 2100, 2200], [2000], [2100], [2200]]


def test_a_window_whose_look_fails_is_left_out_of_the_pack() -> None:
    windows: list[Any] = [Window(2000, 1500), Window(2100, 1500), Window(2200, 1500)]
    model = Model(failing_look=windows[1])
    pack = RestPack(model, windows)  # type: ignore[arg-type]
    assert pack.rest_of(windows[0]) == ["rest of 2000"] and pack.rest_of(windows[2]) == ["rest of 2200"]
    assert model.decoded == [[2000, 2200]]


def test_the_feature_extractor_has_what_packing_reads() -> None:
    extractor = FeatureExtractor()
    assert extractor.hop_length == 160 and extractor.sampling_rate == 16_000
    assert extractor.time_per_frame == 0.01
