"""``convert --fix`` lays text out by the preset's rules (issue 13's rest, point 3): over-long lines
are re-wrapped by the transcriber's own line breaking (:func:`segmentation.wrap_text`), Latin
words in Chinese text get one space on each side in every cue, and ``--preset auto`` (the
default) picks the preset of the language of the file's text, as ``transcribe`` does by the
language it hears."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.io import read


def srt(folder: Path, *cues: tuple[str, str]) -> Path:
    blocks = [f"{k}\n{times}\n{text}\n" for k, (times, text) in enumerate(cues, 1)]
    path = folder / "in.srt"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def texts(path: Path) -> list[str]:
    return [cue.text for cue in read(path).cues]


def test_an_over_long_line_is_re_wrapped_on_balanced_lines(tmp_path: Path) -> None:
    long = "This line is much too long for one subtitle line and it goes on"  # 63 characters
    source = srt(tmp_path, ("00:00:01,000 --> 00:00:05,000", long))
    assert main([str(source), str(tmp_path / "out.srt"), "--fix"]) == 0
    # was the one 63-character line (Netflix English: 42 a line)
    assert texts(tmp_path / "out.srt") == ["This line is much too long\nfor one subtitle line and it goes on"]


def test_lines_that_fit_keep_the_author_s_breaks(tmp_path: Path) -> None:
    source = srt(tmp_path, ("00:00:01,000 --> 00:00:05,000", "Short line here\nand a second one"))
    assert main([str(source), str(tmp_path / "out.srt"), "--fix"]) == 0
    assert texts(tmp_path / "out.srt") == ["Short line here\nand a second one"]


def test_latin_words_in_chinese_text_are_spaced_evenly_in_every_cue(tmp_path: Path) -> None:
    # the retest's file: cue 1 became 用iPhone15拍 (no spaces), cue 2 上传到 Google Drive 里面
    source = srt(
        tmp_path,
        ("00:00:01,000 --> 00:00:04,000", "我们在2024年用iPhone15拍了3000张照片然后上传到Google Drive里面"),
        ("00:00:04,500 --> 00:00:05,200", "OK"),
    )
    assert main([str(source), str(tmp_path / "out.srt"), "--fix", "--preset", "netflix-zh-hans"]) == 0
    assert texts(tmp_path / "out.srt") == [
        "我们在2024年用\niPhone15 拍了3000张照片",
        "然后上传到 Google Drive 里面",
        "OK",
    ]


def test_a_cue_that_is_not_split_gets_the_same_spacing(tmp_path: Path) -> None:
    source = srt(tmp_path, ("00:00:01,000 --> 00:00:04,000", "用iPhone15拍照"))
    assert main([str(source), str(tmp_path / "out.srt"), "--fix", "--preset", "netflix-zh-hans"]) == 0
    assert texts(tmp_path / "out.srt") == ["用 iPhone15 拍照"]


def test_preset_auto_picks_japanese_rules_from_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = srt(
        tmp_path, ("00:00:01,000 --> 00:00:07,000", "これは字幕の一行としては長すぎる日本語の文章です")
    )
    assert main([str(source), str(tmp_path / "out.srt"), "--fix"]) == 0  # auto is the default
    # 24 full-width characters: two lines of 12 (Netflix Japanese: 13 a line); English rules kept one line
    assert texts(tmp_path / "out.srt") == ["これは字幕の一行としては\n長すぎる日本語の文章です"]
    out = capsys.readouterr().out
    assert (
        f"{source}: language ja (from the text), preset Netflix Japanese (13 full-width characters a line, 4 cps)"
        in out
    )


def test_a_chosen_preset_is_named_and_auto_can_be_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = srt(tmp_path, ("00:00:01,000 --> 00:00:03,000", "Hello there, how are you?"))
    assert main([str(source), str(tmp_path / "a.srt"), "--fix", "--preset", "netflix-de"]) == 0
    assert main([str(source), str(tmp_path / "b.srt"), "--fix", "--preset", "auto"]) == 0
    out = capsys.readouterr().out
    assert f"{source}: preset Netflix German" in out
    assert (
        f"{source}: language en (from the text), preset Netflix English (42 characters a line, 20 cps)" in out
    )


def test_without_fix_no_preset_is_used_or_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = srt(
        tmp_path,
        ("00:00:01,000 --> 00:00:05,000", "This line is much too long for one subtitle line and it goes on"),
    )
    assert main([str(source), str(tmp_path / "out.vtt")]) == 0
    out = capsys.readouterr().out
    assert ": preset" not in out and "language" not in out
    assert texts(tmp_path / "out.vtt") == ["This line is much too long for one subtitle line and it goes on"]


def test_what_fix_cannot_mend_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """User test 7, fault 3: a cue of three speakers' lines was joined into one line in silence;
    now it is kept, each dash opening its line, and named with what is still wrong."""
    source = srt(
        tmp_path,
        ("00:00:01,000 --> 00:00:04,000", "Two speakers\n- Hi.\n- Hello."),
        ("00:00:05,000 --> 00:00:08,000", "- Are you coming?\n- In a minute,\nI said."),
    )
    assert main([str(source), str(tmp_path / "out.srt"), "--fix"]) == 0
    assert texts(tmp_path / "out.srt") == [
        "Two speakers\n- Hi.\n- Hello.",
        "- Are you coming?\n- In a minute, I said.",
    ]
    err = capsys.readouterr().err
    assert (
        "1 cue is still outside the preset's rules" in err and "cue 1 (0:00:01.000): 3 lines (limit 2)" in err
    )
