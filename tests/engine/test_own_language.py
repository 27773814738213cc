"""The rule that moves a window to its own language, and the stretches the CLI and the window
name (engine.own_language); the real model's side is in tests/integration/test_own_language.py."""

from __future__ import annotations

import pytest

from engine.own_language import other_language_stretches, own_language
from engine.protocol import Segment


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
        f"talk.wav: 00:00:31.008-00:00:59.554 is de (German), not en (English): {done}. "
        "--language en takes every line as en."
    )
    assert other_languages_note(FileJob(Path("a.wav"), [], segments=[Segment(0, 900, " Hi")])) is None
