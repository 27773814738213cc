"""``convert`` (issue 12 item 5), through :func:`engine.convert.main` as ``main.py`` calls it."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.convert import main
from engine.subtitles.io import read

REPO = Path(__file__).resolve().parents[2]
CASES = REPO.parent / "shared" / "cases" / "subs"
SRT = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Hello</i> there\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n"


def _srt(folder: Path, name: str, text: str = SRT) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_one_file_by_the_output_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.ass"
    assert main([str(_srt(tmp_path, "a.srt")), str(out)]) == 0
    assert "{\\an8}{\\i1}Hello{\\i0} there" in out.read_text()
    assert "2 cues" in capsys.readouterr().out


def test_several_inputs_into_a_folder_and_a_bad_one_does_not_stop_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _srt(tmp_path, "good.srt")
    bad = tmp_path / "bad.ttml"
    bad.write_bytes(b'<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"><body><div><p')
    also = _srt(tmp_path, "also.srt")
    out = tmp_path / "out"
    assert main([str(good), str(bad), str(also), str(out), "--format", "vtt"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["also.vtt", "good.vtt"]
    err = capsys.readouterr().err
    assert f"convert: {bad}: bad.ttml cannot be read: ParseError" in err


def test_a_folder_needs_a_format_and_names_may_not_collide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = _srt(tmp_path, "a.srt"), _srt(tmp_path, "a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n")
    assert main([str(a), str(b), str(tmp_path / "o")]) == 1
    assert "give --format" in capsys.readouterr().err
    assert main([str(a), str(b), str(tmp_path / "o"), "--format", "ass"]) == 1
    assert "would both be written" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_existing_output_is_kept_without_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.srt"
    out.write_text("mine")
    assert main([str(_srt(tmp_path, "a.ass.srt")), str(out)]) == 1
    assert out.read_text() == "mine" and "--overwrite" in capsys.readouterr().err
    assert main([str(tmp_path / "a.ass.srt"), str(out), "--overwrite"]) == 0


def test_encodings_in_and_out(tmp_path: Path) -> None:
    if not CASES.is_dir():
        pytest.skip("../shared/cases/subs is not here")
    out = tmp_path / "out.srt"
    assert main([str(CASES / "big5_two_cues.srt"), str(out), "--output-encoding", "utf-8-sig",
                 "--line-ending", "crlf"]) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"\xef\xbb\xbf1\r\n00:00:01,000")
    assert read(out).document.cues[0].text == "第一句：我們開始吧。"
    forced = tmp_path / "forced.srt"
    assert main([str(CASES / "big5_two_cues.srt"), str(forced), "--encoding", "gb18030"]) == 0
    assert read(forced).document.cues[0].text != "第一句：我們開始吧。"


def test_past_ten_hours_to_ass_fails_with_the_cue_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not CASES.is_dir():
        pytest.skip("../shared/cases/subs is not here")
    assert main([str(CASES / "past_10_hours.srt"), str(tmp_path / "x.ass")]) == 1
    assert "cue 2 (10:00:05.500)" in capsys.readouterr().err
    assert not (tmp_path / "x.ass").exists()


def test_microdvd_needs_fps_and_fix_applies_the_preset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _srt(tmp_path, "short.srt", "1\n00:00:01,000 --> 00:00:01,200\nA rather long line to read\n")
    assert main([str(src), str(tmp_path / "x.sub")]) == 1
    assert "frame rate" in capsys.readouterr().err
    assert main([str(src), str(tmp_path / "x.sub"), "--fps", "25"]) == 0
    assert main([str(src), str(tmp_path / "fixed.srt"), "--fix", "--preset", "netflix-en"]) == 0
    cue = read(tmp_path / "fixed.srt").document.cues[0]
    assert cue.end_ms - cue.start_ms > 200  # lengthened to its reading time


def test_a_wrong_command_line_exits_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as e:
        main([str(tmp_path / "only_one.srt")])
    assert e.value.code == 2


def test_one_input_into_a_new_folder_written_with_a_slash(tmp_path: Path) -> None:
    assert main([str(_srt(tmp_path, "a.srt")), f"{tmp_path / 'web'}/", "--format", "vtt"]) == 0
    assert (tmp_path / "web" / "a.vtt").read_text().startswith("WEBVTT")


@pytest.mark.parametrize("content", [b"", b"1\n00:00:01,000 --> 00:00:02,000\n\n"])
def test_an_input_without_cues_is_refused_not_written_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    source = tmp_path / "empty.srt"
    source.write_bytes(content)
    assert main([str(source), str(tmp_path / "out.vtt")]) == 1
    assert "no cue with text was found" in capsys.readouterr().err
    assert not (tmp_path / "out.vtt").exists()
