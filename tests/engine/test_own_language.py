"""The rule that moves a window to its own language, and the stretches the CLI and the window
name (engine.own_language); the real model's side is in tests/integration/test_own_language.py."""

from __future__ import annotations

import numpy as np
import pytest

from engine.own_language import decode_by_language, mixed_with, other_language_stretches, own_language
from engine.protocol import Segment, Word


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ([("<|de|>", 0.998), ("<|en|>", 0.001)], "de"),  # multilingual.mp3's German chunks
        ([("<|en|>", 0.996), ("<|ja|>", 0.0)], None),  # the file's own language
        # a user test's English chunk in a Japanese file (en 0.885, zh 0.114, ja 0.0003), mirrored
        ([("<|ja|>", 0.885), ("<|zh|>", 0.114), ("<|en|>", 0.0003)], "ja"),
        ([("<|de|>", 0.45), ("<|nl|>", 0.4), ("<|en|>", 0.01)], None),  # no language leads
        ([("<|zh|>", 0.93), ("<|en|>", 0.06)], None),  # English still heard
        ([("<|en|>", 0.89), ("<|zh|>", 0.10)], None),  # the 5.1 mix of ../shared/cases
        ([("<|fr|>", 0.95)], "fr"),  # the file's language not among the answers
        ([], None),
    ],
)
def test_a_window_moves_only_when_clearly_in_another_language(
    answer: list[tuple[str, float]], expected: str | None
) -> None:
    assert own_language(answer, "en") == expected


def test_stretches_in_another_language_join_their_neighbours() -> None:
    segments = [
        Segment(31_000, 35_000, " Jeden", language="de"),
        Segment(0, 5_000, " Permission"),
        Segment(42_000, 47_000, " Dies", language="de"),
        Segment(50_000, 52_000, " And"),
        Segment(53_000, 54_000, " Merci", language="fr"),
    ]
    assert other_language_stretches(segments) == [("de", 31_000, 47_000), ("fr", 53_000, 54_000)]
    assert other_language_stretches(segments[1:2]) == []


def test_chinese_script_conversion_leaves_a_line_in_its_own_language_alone() -> None:
    """A Chinese file converted to Taiwan's script (OpenCC s2twp): its own lines are converted,
    a Japanese line written in Japanese keeps its kanji (国, not 國)."""
    from engine.protocol import Word
    from engine.subtitles.presets import PRESETS
    from engine.subtitles.segmentation import segments_to_cues

    def said(text: str, start: int, language: str = "") -> Segment:
        return Segment(
            start, start + 1_500, text, (Word(start, start + 1_500, text, 0.9),), language=language
        )

    segments = [said("这个国家很好。", 0), said("日本の国です。", 4_000, "ja"), said("软件。", 8_000)]
    cues = segments_to_cues(segments, PRESETS["netflix-zh-tw"], language="zh", chinese="s2twp")
    assert [c.text for c in cues] == ["這個國家很好。", "日本の国です。", "軟體。"]


@pytest.mark.parametrize(
    ("translating", "done"), [(False, "written as heard"), (True, "translated from what was said")]
)
def test_the_commands_note_names_the_stretch_and_what_was_done(translating: bool, done: str) -> None:
    """User test: a translation's note said "written as heard" over English it had translated."""
    from pathlib import Path

    from engine.cli.events import other_languages_note
    from engine.cli.writing import FileJob

    file = FileJob(
        Path("talk.wav"),
        [],
        segments=[Segment(0, 900, " Hi"), Segment(31_008, 59_554, " Jeden", language="de")],
    )
    file.language = "en"
    note = other_languages_note(file, translating=translating)
    assert note == (
        f"talk.wav: en (English), but 00:00:31.008-00:00:59.554 is de (German): {done}. "
        "--language en takes every line as en."
    )
    # A user test: "A is zh; B is ja, not en" read as if only B were not English; and "A is en
    # (English) and B is en (English)" said the language twice.
    file.segments += [
        Segment(70_000, 75_000, "電球", language="ja"),
        Segment(80_000, 81_000, "你好", language="zh"),
        Segment(90_000, 91_000, " Hi"),
        Segment(95_000, 99_000, " Tschüss", language="de"),
    ]
    assert other_languages_note(file) == (
        "talk.wav: en (English), but 00:00:31.008-00:00:59.554 and 00:01:35.000-00:01:39.000 are de "
        "(German), 00:01:10.000-00:01:15.000 is ja (Japanese) and 00:01:20.000-00:01:21.000 is zh "
        "(Chinese): written as heard. --language en takes every line as en."
    )
    assert other_languages_note(FileJob(Path("a.wav"), [], segments=[Segment(0, 900, " Hi")])) is None


@pytest.mark.parametrize(
    ("probabilities", "expected"),
    [
        ([("<|en|>", 0.52), ("<|de|>", 0.45)], ("de",)),  # an English window, its second half German
        ([("<|de|>", 0.6), ("<|en|>", 0.35)], ("de",)),  # more German than English: not clearly German
        ([("<|en|>", 0.743), ("<|zh|>", 0.254)], ("zh",)),  # measured: 13 s of Chinese in 26 s
        ([("<|en|>", 0.54), ("<|ja|>", 0.41), ("<|zh|>", 0.04), ("<|ko|>", 0.01)], ("ja", "zh")),
        ([("<|en|>", 0.888), ("<|zh|>", 0.107)], ()),  # measured: a 5.1 mix, English only
        ([("<|en|>", 0.6), ("<|de|>", 0.15), ("<|fr|>", 0.15)], ()),  # no other language stands out
        ([("<|de|>", 0.99), ("<|en|>", 0.001)], ()),  # clearly German: own_language's, whole
        ([("<|de|>", 0.963), ("<|en|>", 0.032)], ("de",)),  # measured: moved to German, 18 s English in it
        ([], ()),
    ],
)
def test_a_window_holding_two_languages_is_told_apart(
    probabilities: list[tuple[str, float]], expected: tuple[str, ...]
) -> None:
    assert mixed_with(probabilities, "en") == expected


# A fake chunk whose samples say their language (16 kHz).
LEVEL = {"en": 0.1, "de": 0.2, "ja": 0.3}
RATE = 16_000


def chunk(*parts: tuple[str, int, int]) -> np.ndarray:
    """(language, start ms, end ms) of each line; silence between."""
    audio = np.zeros(max(end for _, _, end in parts) * RATE // 1000 + RATE // 2, np.float32)
    for language, start, end in parts:
        audio[start * RATE // 1000 : end * RATE // 1000] = LEVEL[language]
    return audio


class Ear:
    """detect: the language most of the piece is in; transcribe: one segment per call, its text
    the language it was told and the piece's length, its one word over the whole piece."""

    def __init__(self) -> None:
        self.asked: list[int] = []  # ms of each piece asked its language
        self.decoded: list[tuple[str, int]] = []  # (language, ms) of each decode
        self.speech: list[tuple[tuple[int, int], ...]] = []  # the VAD regions it was given

    def detect(self, audio: np.ndarray) -> list[tuple[str, float]]:
        self.asked.append(audio.size * 1000 // RATE)
        most = max(LEVEL, key=lambda code: np.count_nonzero(np.isclose(audio, LEVEL[code])))
        return [(f"<|{most}|>", 0.7), *((f"<|{c}|>", 0.1) for c in LEVEL if c != most)]

    def transcribe(
        self, audio: np.ndarray, language: str, speech: tuple[tuple[int, int], ...]
    ) -> list[Segment]:
        ms = audio.size * 1000 // RATE
        self.decoded.append((language, ms))
        self.speech.append(speech)
        return [Segment(0, ms, f" {language}", (Word(0, ms, f" {language}", 0.9),))]


def test_a_mixed_window_is_decoded_in_runs_of_one_language() -> None:
    lines = (("en", 500, 4_500), ("en", 5_500, 11_000), ("de", 12_000, 19_000), ("de", 20_000, 27_000))
    ear = Ear()
    out = decode_by_language(
        ear.transcribe, ear.detect, chunk(*lines), [(a, b) for _, a, b in lines], "en", ("de",)
    )
    assert out is not None
    # Cut at the middles of the pauses (5,000, 11,500, 19,500 ms); each stretch asked once.
    assert ear.asked == [5_000, 6_500, 8_000, 8_000]
    assert ear.decoded == [("en", 11_500), ("de", 16_000)]  # neighbours of one language together
    assert ear.speech == [((500, 4_500), (5_500, 11_000)), ((500, 7_500), (8_500, 15_500))]  # its own regions
    assert [(s.start_ms, s.end_ms, s.text, s.language) for s in out] == [
        (0, 11_500, " en", ""),
        (11_500, 27_500, " de", "de"),
    ]
    assert [(w.start_ms, w.end_ms) for w in out[1].words] == [(11_500, 27_500)]  # words moved too


def test_a_stretch_too_short_to_tell_takes_its_neighbours_language() -> None:
    """A 0.9 s answer is not asked: alone, a short piece of one language is often heard as
    another. It goes with the stretch before it, or after it at the chunk's start."""
    lines = (("de", 300, 1_200), ("de", 2_500, 9_000), ("en", 10_000, 17_000), ("en", 18_000, 18_800))
    ear = Ear()
    out = decode_by_language(
        ear.transcribe, ear.detect, chunk(*lines), [(a, b) for _, a, b in lines], "en", ("de",)
    )
    assert out is not None
    assert len(ear.asked) == 2  # the two long stretches only
    assert ear.decoded == [("de", 9_500), ("en", 9_800)]
    assert [s.language for s in out] == ["de", ""]


def test_a_window_where_no_stretch_is_heard_in_the_other_language_is_left_as_decoded() -> None:
    lines = (("en", 500, 8_000), ("en", 9_000, 16_000))
    ear = Ear()
    assert (
        decode_by_language(
            ear.transcribe, ear.detect, chunk(*lines), [(a, b) for _, a, b in lines], "en", ("de",)
        )
        is None
    )
    assert ear.decoded == []  # nothing decoded again


def test_a_stretch_in_a_third_language_of_the_window_is_decoded_in_it() -> None:
    """Measured: a window with a Chinese line at its start and two Japanese lines gave ja 0.41
    and zh 0.04; asked only of Japanese, the Chinese line stayed in English."""
    lines = (("ja", 500, 6_000), ("en", 7_000, 14_000), ("de", 15_000, 22_000))
    ear = Ear()
    out = decode_by_language(
        ear.transcribe, ear.detect, chunk(*lines), [(a, b) for _, a, b in lines], "en", ("de", "ja")
    )
    assert out is not None
    assert ear.decoded == [("ja", 6_500), ("en", 8_000), ("de", 8_000)]
    assert [s.language for s in out] == ["ja", "", "de"]


def test_a_window_moved_to_another_language_is_left_as_decoded_when_all_of_it_is_in_that_one() -> None:
    lines = (("de", 500, 8_000), ("de", 9_000, 16_000))
    ear = Ear()
    speech = [(a, b) for _, a, b in lines]
    assert decode_by_language(ear.transcribe, ear.detect, chunk(*lines), speech, "en", ("de",), "de") is None
    assert ear.decoded == []
    # Decoded in the file's language, the same chunk is decoded again in German.
    out = decode_by_language(ear.transcribe, ear.detect, chunk(*lines), speech, "en", ("de",))
    assert out is not None and ear.decoded == [("de", 16_500)] and [s.language for s in out] == ["de"]
