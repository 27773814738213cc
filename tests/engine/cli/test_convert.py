"""``convert`` (issue 12), through :func:`engine.cli.convert.main` and as a user runs it (``main.py convert``):
formats, encodings, batches of inputs, and the command line's errors in plain sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.io import read
from tests.engine.cli.convert_helpers import CASES, SRT, run_convert, write_srt


def test_one_file_by_the_output_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.ass"
    assert main([str(write_srt(tmp_path, "a.srt")), str(out)]) == 0
    assert "{\\an8}{\\i1}Hello{\\i0} there" in out.read_text()
    assert "2 cues" in capsys.readouterr().out


def test_several_inputs_into_a_folder_and_a_bad_one_does_not_stop_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_srt(tmp_path, "good.srt")
    bad = tmp_path / "bad.ttml"
    bad.write_bytes(b'<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"><body><div><p')
    also = write_srt(tmp_path, "also.srt")
    out = tmp_path / "out"
    assert main([str(good), str(bad), str(also), str(out), "--format", "vtt"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["also.vtt", "good.vtt"]
    err = capsys.readouterr().err
    assert f"convert: {bad}: bad.ttml cannot be read: " in err
    assert "ParseError" not in err  # a Python class name means nothing to the user


def test_a_folder_needs_a_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = (
        write_srt(tmp_path, "a.srt"),
        write_srt(tmp_path, "a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n"),
    )
    with pytest.raises(SystemExit) as e:  # a command line error (usertest12 #15)
        main([str(a), str(b), str(tmp_path / "o")])
    assert e.value.code == 2
    assert "give --format" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_existing_output_is_kept_without_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.srt"
    out.write_text("mine")
    assert main([str(write_srt(tmp_path, "a.ass.srt")), str(out)]) == 1
    assert out.read_text() == "mine" and "--overwrite" in capsys.readouterr().err
    assert main([str(tmp_path / "a.ass.srt"), str(out), "--overwrite"]) == 0


def test_encodings_in_and_out(tmp_path: Path) -> None:
    if not CASES.is_dir():
        pytest.skip("../shared/cases/subs is not here")
    out = tmp_path / "out.srt"
    assert (
        main(
            [
                str(CASES / "big5_two_cues.srt"),
                str(out),
                "--output-encoding",
                "utf-8-sig",
                "--line-ending",
                "crlf",
            ]
        )
        == 0
    )
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


def test_a_wrong_command_line_exits_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as e:
        main([str(tmp_path / "only_one.srt")])
    assert e.value.code == 2


def test_one_input_into_a_new_folder_written_with_a_slash(tmp_path: Path) -> None:
    assert main([str(write_srt(tmp_path, "a.srt")), f"{tmp_path / 'web'}/", "--format", "vtt"]) == 0
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


def test_input_warnings_are_printed_with_the_file_name(tmp_path: Path) -> None:
    src = write_srt(tmp_path, "gap.srt", SRT + "\n3\n00:00:05,000 --> 00:00:06,000\n\n")
    done = run_convert(str(src), str(tmp_path / "gap.vtt"))
    assert done.returncode == 0
    assert f"convert: {src}: the cue at 0:00:05.000 has no text; it was left out" in done.stderr


def test_colliding_outputs_are_reported_and_the_rest_converted(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b, upper = (
        write_srt(tmp_path / "a", "x.srt"),
        write_srt(tmp_path / "b", "x.srt"),
        write_srt(tmp_path / "b", "X.SRT"),
    )
    other = write_srt(tmp_path, "y.srt")
    out = tmp_path / "out"
    done = run_convert(str(a), str(b), str(upper), str(other), str(out), "--format", "vtt")
    assert done.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["x.vtt", "y.vtt"]
    err = done.stderr
    assert f"convert: {b}: not converted: {a} is also written to {out / 'x.vtt'}" in err
    assert f"convert: {upper}: not converted: {a} is also written to {out / 'x.vtt'}" in err
    assert "differ only in case" in err and "convert it on its own" in err
    assert "Error" not in err


def test_existing_outputs_are_skipped_and_the_rest_converted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.vtt").write_text("mine")
    a, b = write_srt(tmp_path, "a.srt"), write_srt(tmp_path, "b.srt")
    done = run_convert(str(a), str(b), str(out), "--format", "vtt")
    assert done.returncode == 1
    assert (out / "a.vtt").read_text() == "mine" and (out / "b.vtt").read_text().startswith("WEBVTT")
    assert (
        f"convert: {a}: {out / 'a.vtt'} exists; it was kept (give --overwrite to replace it)" in done.stderr
    )
    assert "overwrite=True" not in done.stderr


@pytest.mark.parametrize("option", ["--encoding", "--output-encoding"])
@pytest.mark.parametrize("value", ["klingon", "rot13"])
def test_an_unknown_encoding_is_named_with_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    with pytest.raises(SystemExit) as e:
        main([str(write_srt(tmp_path, "a.srt")), str(tmp_path / "b.srt"), option, value])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: unknown text encoding {value!r}" in err and "utf-8" in err and "big5" in err
    assert "LookupError" not in err


def test_no_python_names_reach_the_user(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttml"
    bad.write_bytes(b'<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"><body><div><p')
    (tmp_path / "taken.srt").write_text("mine")
    done = run_convert(str(bad), str(tmp_path / "bad.srt"))
    also = run_convert(str(write_srt(tmp_path, "a.srt")), str(tmp_path / "taken.srt"))
    unknown = run_convert(str(tmp_path / "a.srt"), str(tmp_path / "a.xyz"))
    for run in (done, also, unknown):
        assert run.returncode == (2 if run is unknown else 1)  # an unknown extension: command line (#15)
        assert not any(name in run.stderr for name in ("Error:", "overwrite=", "frame_rate", "Traceback"))
    assert "give --format" in unknown.stderr


def test_an_input_given_twice_is_converted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write_srt(tmp_path, "a.srt")
    assert main([str(a), str(a), str(tmp_path / "out"), "--format", "vtt"]) == 0
    assert f"convert: {a}: given twice; converted once" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.vtt"]


def test_a_file_where_the_output_folder_should_be(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "web").write_text("not a folder")
    assert main([str(write_srt(tmp_path, "a.srt")), f"{tmp_path / 'web'}/", "--format", "vtt"]) == 1
    assert f"{tmp_path / 'web'} is a file, not a folder: give a folder as OUT" in capsys.readouterr().err


def test_format_and_extension_that_disagree_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#11: --format vtt with OUT x.srt would put WebVTT in a .srt file."""
    with pytest.raises(SystemExit) as e:
        main([str(write_srt(tmp_path, "a.srt")), str(tmp_path / "x.srt"), "--format", "vtt"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "x.srt" in err and "WebVTT" in err and "x.vtt" in err
    assert not (tmp_path / "x.srt").exists()


def test_webvtt_is_utf_8_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """#11: the WebVTT spec allows UTF-8 alone."""
    with pytest.raises(SystemExit) as e:
        main([str(write_srt(tmp_path, "a.srt")), str(tmp_path / "x.vtt"), "--output-encoding", "big5"])
    assert e.value.code == 2
    assert "WebVTT" in capsys.readouterr().err and not (tmp_path / "x.vtt").exists()
    assert main([str(tmp_path / "a.srt"), str(tmp_path / "x.vtt"), "--output-encoding", "UTF8"]) == 0


def test_several_inputs_need_a_folder_and_an_unknown_extension_is_a_command_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#15: exit 2, saying what is wrong."""
    a, b = write_srt(tmp_path, "a.srt"), write_srt(tmp_path, "b.srt")
    (tmp_path / "ep1.vtt").write_text("WEBVTT\n")
    with pytest.raises(SystemExit) as e:
        main([str(a), str(b), str(tmp_path / "ep1.vtt"), "--format", "vtt"])
    assert e.value.code == 2
    assert "OUT must be a folder when there are several inputs" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main([str(a), str(tmp_path / "x.txt")])
    assert e.value.code == 2
    assert "srt, ass, ssa, vtt" in capsys.readouterr().err


def test_os_errors_are_plain_sentences_without_temporary_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#16."""
    a = write_srt(tmp_path, "a.srt")
    assert main([str(tmp_path / "gone.srt"), str(tmp_path / "x.vtt")]) == 1
    assert f"{tmp_path / 'gone.srt'} does not exist" in capsys.readouterr().err
    assert main([str(tmp_path), str(tmp_path / "x.vtt")]) == 1
    assert f"{tmp_path} is a folder, not a subtitle file" in capsys.readouterr().err
    assert main([str(a), "/proc/x.vtt"]) == 1
    err = capsys.readouterr().err
    assert "/proc/x.vtt cannot be written" in err and ".tmp" not in err and "choose" in err


def test_junk_gets_no_encoding_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """#17: the encoding guess matters only when there was something to read."""
    junk = tmp_path / "junk.srt"
    junk.write_bytes(bytes(range(128, 256)) * 4)
    assert main([str(junk), str(tmp_path / "x.vtt")]) == 1
    err = capsys.readouterr().err
    assert "no cue with text" in err and "text encoding" not in err


def test_usage_says_in_out_once(capsys: pytest.CaptureFixture[str]) -> None:
    """#18."""
    with pytest.raises(SystemExit):
        main(["--help"])
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert usage.count("OUT") == 1 and "IN..." in usage


def test_output_fps_for_a_time_based_output_is_said_to_be_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#21."""
    assert main([str(write_srt(tmp_path, "a.srt")), str(tmp_path / "x.vtt"), "--output-fps", "25"]) == 0
    assert "--output-fps is ignored" in capsys.readouterr().err


def test_one_file_named_two_ways_is_given_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """#22: ../in/x.srt and x.srt are one file, not a collision."""
    (tmp_path / "in").mkdir()
    write_srt(tmp_path / "in", "x.srt")
    monkeypatch.chdir(tmp_path / "in")
    assert main(["../in/x.srt", "x.srt", str(tmp_path / "out"), "--format", "vtt"]) == 0
    assert "given twice; converted once" in capsys.readouterr().err
