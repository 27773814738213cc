"""convert --sami-class: the language read from a SAMI file holding several (user test 7,
fault 1); see tests/engine/subtitles/test_sami_read.py for the reading itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.io import read
from tests.engine.subtitles.test_sami_read import TWO_LANG


def test_sami_class_chooses_the_language_and_the_default_names_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "two.smi"
    source.write_text(TWO_LANG, encoding="utf-8")
    assert main([str(source), str(tmp_path / "en.srt")]) == 0
    assert "--sami-class KOKRCC" in capsys.readouterr().err
    assert [(c.start_ms, c.end_ms, c.text) for c in read(tmp_path / "en.srt").cues] == [
        (1000, 3000, "Hello, everyone."),
        (4000, 6000, "<i>Let's begin.</i>"),
    ]
    assert main([str(source), str(tmp_path / "ko.srt"), "--sami-class", "KOKRCC"]) == 0
    assert [c.text for c in read(tmp_path / "ko.srt").cues] == ["안녕하세요, 여러분.", "<i>시작합시다.</i>"]


def test_a_sami_class_the_file_lacks_is_refused_naming_those_it_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "two.smi"
    source.write_text(TWO_LANG, encoding="utf-8")
    assert main([str(source), str(tmp_path / "x.srt"), "--sami-class", "FRFRCC"]) == 1
    err = capsys.readouterr().err
    assert "no language class 'FRFRCC'" in err and "ENUSCC (English, en-US)" in err
    assert not (tmp_path / "x.srt").exists()


def test_sami_to_sami_with_a_class_writes_that_language_only(tmp_path: Path) -> None:
    source = tmp_path / "two.smi"
    source.write_text(TWO_LANG, encoding="utf-8")
    assert main([str(source), str(tmp_path / "ko.smi"), "--sami-class", "kokrcc"]) == 0
    written = (tmp_path / "ko.smi").read_text(encoding="utf-8")
    assert "시작합시다" in written and "Hello" not in written
