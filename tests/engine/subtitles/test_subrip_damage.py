"""User test 6, fault 2: a SubRip timecode pysubs2 cannot read is never dropped in silence nor
pasted into the cue before; ``convert`` refuses the file naming the line, the window's import
gets the same sentence as a note (``LoadedFile.damage``, also in ``warnings``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.io import read

BROKEN = (
    "1\n00:00:01,000 --> 00:00:0x,000\nEnd broken.\n\n"
    "2\n00:00:04,000 --> 00:00:05,000\nGood.\n\n"
    "3\n00:00:07;000 -> 00:00:08,000\nArrow broken.\n"
)


def _file(tmp_path: Path, text: str, name: str = "broken.srt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reading_names_each_broken_timecode_line_and_glues_no_timecode_into_a_cue(tmp_path: Path) -> None:
    loaded = read(_file(tmp_path, BROKEN))
    assert [c.text for c in loaded.cues] == ["Good."]
    assert len(loaded.damage) == 2
    assert loaded.damage[0].startswith("line 2: '00:00:01,000 --> 00:00:0x,000' looks like a timecode")
    assert loaded.damage[1].startswith("line 10: '00:00:07;000 -> 00:00:08,000' looks like a timecode")
    assert all(d in " ".join(loaded.warnings) for d in loaded.damage)  # the window shows them


def test_text_before_the_first_cue_is_named(tmp_path: Path) -> None:
    loaded = read(_file(tmp_path, "Some stray words\n\n1\n00:00:01,000 --> 00:00:02,000\nHi.\n"))
    assert [c.text for c in loaded.cues] == ["Hi."]
    assert loaded.damage and loaded.damage[0].startswith("line 1: 'Some stray words' is in no cue")


def test_a_good_file_has_no_damage(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nMeet at 10:30, go.\n\n2\n00:00:03,000 --> 00:00:04,000\n42\n"
    assert read(_file(tmp_path, text)).damage == ()


@pytest.mark.parametrize("out_name", ["broken.vtt", "out.srt"])
def test_convert_refuses_naming_the_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out_name: str
) -> None:
    out = tmp_path / "out" / out_name
    assert main([str(_file(tmp_path, BROKEN)), str(out)]) == 1
    err = capsys.readouterr().err
    assert "line 10: '00:00:07;000 -> 00:00:08,000' looks like a timecode but cannot be read" in err
    assert "line 2: '00:00:01,000 --> 00:00:0x,000'" in err
    assert "fix them and convert again; nothing was written" in err
    assert not out.exists()


def test_a_file_whose_only_timecode_is_broken_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _file(tmp_path, "1\n00:00:0a --> zz\nOnly cue.\n")
    assert main([str(src), str(tmp_path / "o.vtt")]) == 1
    err = capsys.readouterr().err
    assert "line 2: '00:00:0a --> zz' looks like a timecode but cannot be read" in err
    assert "fix it and convert again" in err
    assert "no cue with text" not in err


def test_a_webvtt_timecode_that_cannot_be_read_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nGood.\n\n00:00:07;000 --> 00:00:08.000\nArrow broken.\n\n"
        "00:00:09.000 --> 00:00:10.000 align:start\nLast.\n"
    )
    src = _file(tmp_path, text, "b.vtt")
    loaded = read(src)
    assert [c.text for c in loaded.cues] == ["Good.", "Last."]
    assert loaded.damage == (
        "line 6: '00:00:07;000 --> 00:00:08.000' looks like a timecode but cannot be read",
    )
    assert main([str(src), str(tmp_path / "b.srt")]) == 1
    assert "line 6: " in capsys.readouterr().err


def test_a_cue_line_that_merely_looks_like_a_time_is_text_not_damage(tmp_path: Path) -> None:
    """'9:15 -> Boston' inside a cue was blanked and named as a broken timecode (review 6)."""
    srt = tmp_path / "train.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nDepartures:\n9:15 -> Boston\n\n"
        "2\n00:00:04,000 --> 00:00:05,000\n10:30:00 -> 11:00:00 is the slot\n",
        encoding="utf-8",
    )
    loaded = read(srt)
    assert not loaded.damage
    assert [c.text for c in loaded.document.cues] == [
        "Departures:\n9:15 -> Boston",
        "10:30:00 -> 11:00:00 is the slot",
    ]
    vtt = tmp_path / "train.vtt"
    vtt.write_text(
        "WEBVTT\n\nintro\n00:01.000 --> 00:03.000\nDepartures:\n9:15 -> Boston\n", encoding="utf-8"
    )
    loaded = read(vtt)
    assert not loaded.damage and loaded.document.cues[0].text == "Departures:\n9:15 -> Boston"
