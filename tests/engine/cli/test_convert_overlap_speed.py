"""User test 6, fault 6: ``convert --fix`` cut an overlapping cue so short that it read at 27
characters a second against the preset's 20, without a word, and spoke of the editor ("kept
apart for editing ... the file itself is unchanged")."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main

OVERLAP = (
    "1\n00:00:01,000 --> 00:00:04,000\nFirst speaker talks over.\n\n"
    "2\n00:00:02,000 --> 00:00:05,000\nSecond speaker overlaps.\n"
)


def test_a_cue_cut_by_an_overlap_that_now_reads_too_fast_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "ov.srt"
    src.write_text(OVERLAP, encoding="utf-8")
    assert main(["--fix", str(src), str(tmp_path / "out.srt")]) == 0
    err = capsys.readouterr().err
    assert "cue 1 (0:00:01.000 'First speaker talks over.') now reads at 27 characters a second" in err
    assert "over the preset's 20" in err
    assert "kept apart for editing" not in err and "the file itself is unchanged" not in err
    assert "1 now ends where the next one starts" in err


def test_a_cut_cue_that_still_reads_well_gets_no_speed_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "ov.srt"
    src.write_text(OVERLAP.replace("00:00:02,000 -->", "00:00:03,500 -->"), encoding="utf-8")
    assert main(["--fix", str(src), str(tmp_path / "out.srt")]) == 0
    assert "characters a second" not in capsys.readouterr().err
