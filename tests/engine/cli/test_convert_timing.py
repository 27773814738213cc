"""``convert``'s timing: overlaps written as timed, ``--fix`` (no start moves), and frame rates
(MicroDVD's ``--fps`` and ``--output-fps``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.io import read
from tests.engine.cli.convert_helpers import run_convert, times, write_srt


def test_microdvd_needs_fps_and_fix_applies_the_preset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_srt(tmp_path, "short.srt", "1\n00:00:01,000 --> 00:00:01,200\nA rather long line to read\n")
    assert main([str(src), str(tmp_path / "x.sub")]) == 1
    assert "frame rate" in capsys.readouterr().err
    assert main([str(src), str(tmp_path / "x.sub"), "--fps", "25"]) == 0
    assert main([str(src), str(tmp_path / "fixed.srt"), "--fix", "--preset", "netflix-en"]) == 0
    cue = read(tmp_path / "fixed.srt").document.cues[0]
    assert cue.end_ms - cue.start_ms > 200  # lengthened to its reading time


OVERLAPPING = (
    "1\n00:00:01,000 --> 00:00:04,000\nA: Where were you?\n\n"
    "2\n00:00:02,500 --> 00:00:05,000\nB: Out.\n\n"  # staggered dialogue
    "3\n00:00:06,000 --> 00:00:09,000\nSpeech under a sign\n\n"
    "4\n00:00:06,000 --> 00:00:07,000\nEXIT\n"  # a sign over speech
)


def test_overlapping_cues_are_written_as_timed(tmp_path: Path) -> None:
    src = write_srt(tmp_path, "talk.srt", OVERLAPPING)
    done = run_convert(str(src), str(tmp_path / "talk.vtt"))
    assert done.returncode == 0, done.stderr
    assert (
        times(tmp_path / "talk.vtt")
        == times(src)
        == [
            (1000, 4000, "A: Where were you?"),
            (2500, 5000, "B: Out."),
            (6000, 9000, "Speech under a sign"),
            (6000, 7000, "EXIT"),
        ]
    )
    assert "4 cues" in done.stdout and "overlap" not in done.stderr  # nothing changed


def test_fix_makes_overlaps_apart_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_srt(tmp_path, "talk.srt", OVERLAPPING)
    assert main([str(src), str(tmp_path / "fixed.srt"), "--fix"]) == 0
    err = capsys.readouterr().err
    assert f"convert: {src}: overlapping cues were made apart (--fix)" in err
    cues = read(tmp_path / "fixed.srt").cues
    assert all(a.end_ms <= b.start_ms for a, b in zip(cues, cues[1:]))


def test_fix_never_moves_a_start(tmp_path: Path) -> None:
    src = write_srt(
        tmp_path,
        "s.srt",
        "1\n00:00:01,000 --> 00:00:01,300\nShort\n\n"
        "2\n00:00:01,400 --> 00:00:03,000\nRight after\n\n"
        "3\n00:00:08,000 --> 00:00:08,100\nA cue far too quick to read here\n",
    )
    done = run_convert(str(src), str(tmp_path / "f.srt"), "--fix")
    assert done.returncode == 0, done.stderr
    starts = {c.start_ms for c in read(src).cues}
    fixed = read(tmp_path / "f.srt").cues
    assert {c.start_ms for c in fixed} <= starts and fixed[-1].end_ms > 8100


MICRODVD_25 = "{1}{1}25\n{25}{50}One second\n{250}{300}Ten seconds\n"


def test_microdvd_from_25_to_23_976(tmp_path: Path) -> None:
    src = tmp_path / "film.sub"
    src.write_text(MICRODVD_25)
    out = tmp_path / "ntsc.sub"
    done = run_convert(str(src), str(out), "--output-fps", "23.976")
    assert done.returncode == 0, done.stderr
    assert out.read_text().splitlines() == ["{1}{1}23.976", "{24}{48}One second", "{240}{288}Ten seconds"]
    assert [(c.start_ms, c.end_ms) for c in read(out).cues] == [(1001, 2002), (10010, 12012)]


def test_microdvd_output_keeps_the_input_rate_and_fps_reads_a_file_without_one(tmp_path: Path) -> None:
    src = tmp_path / "film.sub"
    src.write_text(MICRODVD_25)
    assert main([str(src), str(tmp_path / "same.sub"), "--fps", "23.976"]) == 0  # the file's 25 wins
    assert (tmp_path / "same.sub").read_text() == "{1}{1}25\n{25}{50}One second\n{250}{300}Ten seconds\n"
    bare = tmp_path / "bare.sub"
    bare.write_text("{25}{50}One second\n")
    assert main([str(bare), str(tmp_path / "bare.srt"), "--fps", "25"]) == 0
    assert times(tmp_path / "bare.srt") == [(1000, 2000, "One second")]


def test_microdvd_without_any_rate_says_which_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(write_srt(tmp_path, "a.srt")), str(tmp_path / "a.sub")]) == 1
    assert (
        "MicroDVD counts frames: give the video's frame rate with --output-fps (e.g. 23.976)"
        in capsys.readouterr().err
    )
    bare = tmp_path / "bare.sub"
    bare.write_text("{25}{50}One second\n")
    assert main([str(bare), str(tmp_path / "bare.srt")]) == 1
    err = capsys.readouterr().err
    assert "--fps" in err and "frame_rate" not in err


@pytest.mark.parametrize("option", ["--fps", "--output-fps"])
@pytest.mark.parametrize("value", ["nan", "inf", "0", "-5", "abc"])
def test_a_frame_rate_must_be_a_positive_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    with pytest.raises(SystemExit) as e:
        main([str(write_srt(tmp_path, "a.srt")), str(tmp_path / "a.sub"), f"{option}={value}"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: " in err and "frame rate" in err and not (tmp_path / "a.sub").exists()
