"""The CLI picks each file's rules by its detected language and says which (issue 13, point 3)."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest

from engine.cli import transcribe as cli
from engine.protocol import JobFinished, LanguageDetected, SegmentsReady
from tests.engine.cli.test_transcribe_events import Run, segment
from tests.engine.subtitles.test_presets_languages import japanese_segment


def test_a_japanese_file_is_written_and_announced_with_the_japanese_rules(tmp_path: Path) -> None:
    run = Run(tmp_path, "talk.wav")
    run.feed(
        LanguageDetected("job0", "ja", 0.98),
        SegmentsReady("job0", 1, 0, (japanese_segment(),)),
        JobFinished("job0", "ja", 10_000, 1, 1.0, speech_ms=6_000),
    )
    assert "talk.wav: language ja, preset Netflix Japanese (13 full-width characters a line, 4 cps)\n" in (
        run.stream.getvalue()
    )
    lines = [
        line for event in pysubs2.load(str(tmp_path / "talk.srt")) for line in event.plaintext.split("\n")
    ]
    assert lines and max(len(line) for line in lines) <= 13, lines


def test_chinese_names_the_script_conversion_and_a_chosen_preset_is_kept(tmp_path: Path) -> None:
    run = Run(tmp_path, "talk.wav", "talk2.wav")
    run.feed(
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, "你好"),)),
        JobFinished("job0", "zh", 4_000, 1, 1.0, speech_ms=2_000),
    )
    assert (
        "talk.wav: language zh, preset Netflix Traditional Chinese (16 full-width characters a line, "
        "9 cps), Chinese script converted with OpenCC s2twp\n"
    ) in run.stream.getvalue()
    run.args.preset = "netflix-en"
    run.feed(
        SegmentsReady("job1", 1, 0, (segment(1_000, 3_000, "Bonjour"),)),
        JobFinished("job1", "fr", 4_000, 1, 1.0, speech_ms=2_000),
    )
    assert (
        "talk2.wav: language fr, preset Netflix English (42 characters a line, 20 cps)\n"
        in run.stream.getvalue()
    )


def test_preset_defaults_to_auto_and_lists_every_language() -> None:
    args = cli.build_parser().parse_args(["a.wav"])
    assert args.preset == "auto"
    for key in (
        "netflix-ja",
        "netflix-ko",
        "netflix-zh-hans",
        "netflix-th",
        "netflix-zh-tw",
        "bbc",
        "custom",
    ):
        assert cli.build_parser().parse_args(["a.wav", "--preset", key]).preset == key
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["a.wav", "--preset", "netflix-xx"])


def test_a_translation_is_announced_with_the_language_heard_and_english_rules(tmp_path: Path) -> None:
    run = Run(tmp_path, "talk.wav")
    run.feed(
        LanguageDetected("job0", "en", 0.98, spoken="ja"),
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, " Hello there."),)),
        JobFinished("job0", "en", 10_000, 1, 1.0, speech_ms=6_000),
    )
    assert "talk.wav: language ja, translated to en, preset Netflix English (42" in run.stream.getvalue()


def test_an_english_files_chinese_lines_are_converted_and_the_line_says_so(tmp_path: Path) -> None:
    """A user test: --chinese did nothing to the Chinese lines of an English file (the rules
    dropped the mode for any language but Chinese), and nothing said so."""
    import dataclasses

    run = Run(tmp_path, "talk.wav", "talk2.wav", "talk3.wav")
    chinese = dataclasses.replace(segment(4_000, 6_000, "出现软件"), language="zh")
    run.feed(
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, "Hello there."), chinese)),
        JobFinished("job0", "en", 7_000, 1, 1.0, speech_ms=4_000),
    )
    assert (
        "talk.wav: language en, preset Netflix English (42 characters a line, 20 cps), "
        "its Chinese lines converted with OpenCC s2twp\n"
    ) in run.stream.getvalue()
    assert [e.plaintext for e in pysubs2.load(str(tmp_path / "talk.srt"))] == [
        "Hello there. here.",
        "出現軟體 here.",
    ]
    run.feed(
        SegmentsReady("job1", 1, 0, (segment(1_000, 3_000, "Hello there."),)),
        JobFinished("job1", "en", 4_000, 1, 1.0, speech_ms=2_000),
    )
    assert (
        "talk2.wav: language en, preset Netflix English (42 characters a line, 20 cps)\n"
        in run.stream.getvalue()
    )
    # A translation keeps the language heard on a line, but writes no Chinese (a review).
    said = dataclasses.replace(segment(4_000, 6_000, "Software"), language="zh")
    run.feed(
        SegmentsReady("job2", 1, 0, (segment(1_000, 3_000, "Hello there."), said)),
        JobFinished("job2", "en", 7_000, 1, 1.0, speech_ms=4_000),
    )
    assert (
        "talk3.wav: language en, preset Netflix English (42 characters a line, 20 cps)\n"
        in run.stream.getvalue()
    )
