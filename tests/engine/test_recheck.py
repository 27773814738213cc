"""The second look at chunks that repeat a phrase (repeated_line_x8.flac)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np

from engine.protocol import Segment, Word
from engine.recheck import decode_by_stretch, repeats_a_phrase, stretches, word_count


def s(text: str, start: int = 0, end: int = 1_000) -> Segment:
    return Segment(start, end, text)


def test_a_phrase_said_three_times_asks_for_a_second_look() -> None:
    assert repeats_a_phrase(
        [s(" as never been surpassed, as never been surpassed,"), s(" As never, been surpassed.")]
    )
    assert not repeats_a_phrase([s(" as never been surpassed, as never been surpassed, then in the same")])
    assert not repeats_a_phrase([s(" no no no")])  # one-word repetitions are ordinary speech


def test_stretches_cut_at_the_middle_of_pauses_and_cover_the_whole_chunk() -> None:
    spans = stretches([(100, 1_000), (1_200, 2_000), (2_600, 4_000)], 4_100)
    assert spans == [(0, 2_300), (2_300, 4_100)]  # the 200 ms pause is not a cut
    assert stretches([], 3_000) == [(0, 3_000)]


def test_each_stretch_is_decoded_alone_and_put_back_on_the_chunks_timeline() -> None:
    audio = np.zeros(16 * 6_000, dtype=np.float32)
    seen: list[int] = []

    def transcribe(piece: np.ndarray) -> Iterator[Segment]:
        seen.append(piece.size // 16)
        yield Segment(10, 500, " has never been surpassed.", (Word(10, 500, " has", 0.9),))

    out = list(decode_by_stretch(transcribe, audio, [(1_000, 2_000), (3_000, 4_000), (5_000, 5_900)]))
    assert seen == [2_500, 2_000, 1_500]
    assert [(x.start_ms, x.words[0].start_ms) for x in out] == [(10, 10), (2_510, 2_510), (4_510, 4_510)]
    assert word_count(out) == 12


def test_scattered_common_phrases_are_not_repetitions() -> None:
    text = " one of the best, most of the time, out of the blue, speech at 10 in en speech at 20 in en speech at 30 in en"
    assert not repeats_a_phrase([s(text)])


def test_a_chunk_without_punctuation_is_decoded_again_with_a_prompt() -> None:
    from engine.recheck import lacks_punctuation, style_prompt

    flat = [s(" this is the acoustic corpus i'm talking pretty fast here there's nothing going on")]
    assert lacks_punctuation(flat, "en")
    assert not lacks_punctuation([s(" This is the acoustic corpus. I'm talking pretty fast here.")], "en")
    assert not lacks_punctuation(
        [s(" in being comparatively modern, as never been surpassed, then in the same")], "en"
    )
    assert not lacks_punctuation([s(" yes okay")], "en")  # too short to need marks
    assert lacks_punctuation([s("今天的天气非常好我们一起去公园散步吧")], "zh")
    assert not lacks_punctuation([s("今天的天气非常好，我们一起去公园散步吧。")], "zh")
    assert style_prompt("en") and style_prompt("zh") and style_prompt("xx") is None


def test_a_flat_second_window_is_not_hidden_by_a_punctuated_first() -> None:
    """A chunk on CPU workers may hold two windows (engine.planner.chunk_limit_ms): each is judged."""
    from engine.recheck import lacks_punctuation

    first = Segment(
        0, 25_000, " This is the acoustic corpus. I'm talking pretty fast here, and then some more."
    )
    second = Segment(31_000, 55_000, " this is the second window and it has no marks at all in it")
    assert not lacks_punctuation([first], "en") and lacks_punctuation([second], "en")
    assert lacks_punctuation([first, second], "en")
    assert not lacks_punctuation([first, dataclasses.replace(first, start_ms=31_000, end_ms=55_000)], "en")
    # A later stretch opening mid-sentence in lower case, with a few marks, is punctuated text.
    words = " ".join(["word"] * 55)
    later = Segment(31_000, 55_000, f" and in the course of it, {words}.")
    assert not lacks_punctuation([first, later], "en")


def test_speech_no_word_overlaps_asks_for_the_stretch_pass() -> None:
    """A 12 s file with one line said 5 times came back as one line ending at 4.4 s."""
    from engine.recheck import unheard_ms

    said = [Segment(480, 4_440, " As never been surpassed.", (Word(480, 4_440, " surpassed", 0.9),))]
    speech = [(500, 2_280), (2_780, 4_560), (5_060, 6_840), (7_340, 9_120), (9_620, 11_400), (11_500, 11_700)]
    assert unheard_ms(said, speech) == 3 * 1_780  # the last 200 ms region is too short to count
    assert unheard_ms(said, speech[:2]) == 0


def test_a_word_stretched_over_speech_is_measured_beyond_its_letters() -> None:
    """lj_600s, tiny.en, chunk 12: "it is of the first [importance that the letter used should]
    be fine in form" came back without the bracketed words, "the" timed 22480-24860 ms over them."""
    from engine.recheck import stretched_ms

    words = (
        Word(21_460, 21_640, " of", 0.9),
        Word(22_480, 24_860, " the", 0.9),
        Word(24_860, 25_060, " first", 0.9),
    )
    said = [Segment(21_000, 25_060, " it is of the first", words)]
    speech = [(18_500, 22_000), (22_710, 27_400)]  # the pause before "the" is not speech
    assert stretched_ms(said, speech) == 2_150 - (300 + 3 * 100)
    # A sentence's first word stretched back into the pause before it holds little speech.
    opening = [Segment(0, 2_000, " The", (Word(0, 1_540, " The", 0.9),))]
    assert stretched_ms(opening, [(1_200, 3_000)]) == 0  # 340 ms of speech, 600 allowed
    # "1455" is said "fourteen fifty-five": digits are allowed more than letters.
    year = [Segment(0, 1_300, " 1455,", (Word(0, 1_300, " 1455,", 0.9),))]
    assert stretched_ms(year, [(0, 1_300)]) == 0  # 1500 allowed
    then = [Segment(0, 1_300, " then", (Word(0, 1_300, " then", 0.9),))]
    assert stretched_ms(then, [(0, 1_300)]) == 1_300 - 700
    assert stretched_ms([], speech) == 0


def test_marks_count_as_letters_and_symbols_say_nothing() -> None:
    from engine.recheck import stretched_ms

    music = [Segment(0, 10_000, " ♪", (Word(0, 10_000, " ♪", 0.5),))]
    assert stretched_ms(music, [(0, 10_000)]) == 0
    # "प्रधानमंत्री" is 12 code points, 5 of them vowel signs and viramas (category M).
    hindi = [Segment(0, 1_600, " प्रधानमंत्री", (Word(0, 1_600, " प्रधानमंत्री", 0.9),))]
    assert stretched_ms(hindi, [(0, 1_600)]) == 1_600 - (300 + 12 * 100)
