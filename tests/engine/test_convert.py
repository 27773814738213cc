"""``convert`` (issue 12), through :func:`engine.cli.convert.main` and as a user runs it (``main.py convert``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.io import read

REPO = Path(__file__).resolve().parents[2]
_KEPT_AS_IS = "(that is how the cues read; this output is the file's own text, unchanged)"
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
    assert f"convert: {bad}: bad.ttml cannot be read: " in err
    assert "ParseError" not in err  # a Python class name means nothing to the user


def test_a_folder_needs_a_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _srt(tmp_path, "a.srt"), _srt(tmp_path, "a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n")
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
    assert main([str(_srt(tmp_path, "a.ass.srt")), str(out)]) == 1
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


# ---------------------------------------------------------------------- issue 12 user test

OVERLAPPING = (
    "1\n00:00:01,000 --> 00:00:04,000\nA: Where were you?\n\n"
    "2\n00:00:02,500 --> 00:00:05,000\nB: Out.\n\n"  # staggered dialogue
    "3\n00:00:06,000 --> 00:00:09,000\nSpeech under a sign\n\n"
    "4\n00:00:06,000 --> 00:00:07,000\nEXIT\n"  # a sign over speech
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """``main.py convert`` as the user runs it."""
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "convert", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def _times(path: Path) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in read(path).cues]


def test_overlapping_cues_are_written_as_timed(tmp_path: Path) -> None:
    src = _srt(tmp_path, "talk.srt", OVERLAPPING)
    done = _run(str(src), str(tmp_path / "talk.vtt"))
    assert done.returncode == 0, done.stderr
    assert (
        _times(tmp_path / "talk.vtt")
        == _times(src)
        == [
            (1000, 4000, "A: Where were you?"),
            (2500, 5000, "B: Out."),
            (6000, 9000, "Speech under a sign"),
            (6000, 7000, "EXIT"),
        ]
    )
    assert "4 cues" in done.stdout and "overlap" not in done.stderr  # nothing changed


def test_fix_makes_overlaps_apart_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _srt(tmp_path, "talk.srt", OVERLAPPING)
    assert main([str(src), str(tmp_path / "fixed.srt"), "--fix"]) == 0
    err = capsys.readouterr().err
    assert f"convert: {src}: the file has overlapping cues" in err
    cues = read(tmp_path / "fixed.srt").cues
    assert all(a.end_ms <= b.start_ms for a, b in zip(cues, cues[1:]))


def test_input_warnings_are_printed_with_the_file_name(tmp_path: Path) -> None:
    src = _srt(tmp_path, "gap.srt", SRT + "\n3\n00:00:05,000 --> 00:00:06,000\n\n")
    done = _run(str(src), str(tmp_path / "gap.vtt"))
    assert done.returncode == 0
    assert f"convert: {src}: the cue at 0:00:05.000 has no text; it was left out" in done.stderr


def test_colliding_outputs_are_reported_and_the_rest_converted(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b, upper = _srt(tmp_path / "a", "x.srt"), _srt(tmp_path / "b", "x.srt"), _srt(tmp_path / "b", "X.SRT")
    other = _srt(tmp_path, "y.srt")
    out = tmp_path / "out"
    done = _run(str(a), str(b), str(upper), str(other), str(out), "--format", "vtt")
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
    a, b = _srt(tmp_path, "a.srt"), _srt(tmp_path, "b.srt")
    done = _run(str(a), str(b), str(out), "--format", "vtt")
    assert done.returncode == 1
    assert (out / "a.vtt").read_text() == "mine" and (out / "b.vtt").read_text().startswith("WEBVTT")
    assert (
        f"convert: {a}: {out / 'a.vtt'} exists; it was kept (give --overwrite to replace it)" in done.stderr
    )
    assert "overwrite=True" not in done.stderr


def test_fix_never_moves_a_start(tmp_path: Path) -> None:
    src = _srt(
        tmp_path,
        "s.srt",
        "1\n00:00:01,000 --> 00:00:01,300\nShort\n\n"
        "2\n00:00:01,400 --> 00:00:03,000\nRight after\n\n"
        "3\n00:00:08,000 --> 00:00:08,100\nA cue far too quick to read here\n",
    )
    done = _run(str(src), str(tmp_path / "f.srt"), "--fix")
    assert done.returncode == 0, done.stderr
    starts = {c.start_ms for c in read(src).cues}
    fixed = read(tmp_path / "f.srt").cues
    assert {c.start_ms for c in fixed} <= starts and fixed[-1].end_ms > 8100


MICRODVD_25 = "{1}{1}25\n{25}{50}One second\n{250}{300}Ten seconds\n"


def test_microdvd_from_25_to_23_976(tmp_path: Path) -> None:
    src = tmp_path / "film.sub"
    src.write_text(MICRODVD_25)
    out = tmp_path / "ntsc.sub"
    done = _run(str(src), str(out), "--output-fps", "23.976")
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
    assert _times(tmp_path / "bare.srt") == [(1000, 2000, "One second")]


def test_microdvd_without_any_rate_says_which_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(_srt(tmp_path, "a.srt")), str(tmp_path / "a.sub")]) == 1
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
        main([str(_srt(tmp_path, "a.srt")), str(tmp_path / "a.sub"), f"{option}={value}"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: " in err and "frame rate" in err and not (tmp_path / "a.sub").exists()


@pytest.mark.parametrize("option", ["--encoding", "--output-encoding"])
@pytest.mark.parametrize("value", ["klingon", "rot13"])
def test_an_unknown_encoding_is_named_with_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    with pytest.raises(SystemExit) as e:
        main([str(_srt(tmp_path, "a.srt")), str(tmp_path / "b.srt"), option, value])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: unknown text encoding {value!r}" in err and "utf-8" in err and "big5" in err
    assert "LookupError" not in err


def test_no_python_names_reach_the_user(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttml"
    bad.write_bytes(b'<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"><body><div><p')
    (tmp_path / "taken.srt").write_text("mine")
    done = _run(str(bad), str(tmp_path / "bad.srt"))
    also = _run(str(_srt(tmp_path, "a.srt")), str(tmp_path / "taken.srt"))
    unknown = _run(str(tmp_path / "a.srt"), str(tmp_path / "a.xyz"))
    for run in (done, also, unknown):
        assert run.returncode == (2 if run is unknown else 1)  # an unknown extension: command line (#15)
        assert not any(name in run.stderr for name in ("Error:", "overwrite=", "frame_rate", "Traceback"))
    assert "give --format" in unknown.stderr


def test_an_input_given_twice_is_converted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _srt(tmp_path, "a.srt")
    assert main([str(a), str(a), str(tmp_path / "out"), "--format", "vtt"]) == 0
    assert f"convert: {a}: given twice; converted once" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.vtt"]


def test_a_file_where_the_output_folder_should_be(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "web").write_text("not a folder")
    assert main([str(_srt(tmp_path, "a.srt")), f"{tmp_path / 'web'}/", "--format", "vtt"]) == 1
    assert f"{tmp_path / 'web'} is a file, not a folder: give a folder as OUT" in capsys.readouterr().err


# ---------------------------------------------------------------------- usertest12 (issue 12)

ASS = (
    "[Script Info]\nTitle: Episode 3\nScriptType: v4.00+\nYCbCr Matrix: TV.709\n\n"
    "[Aegisub Project Garbage]\nActive Line: 5\n\n"
    "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
    "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Sign,Verdana,60,&H0000FFFF,&H000000FF,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,2,0,5,10,10,10,1\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 1,0:00:02.00,0:00:07.00,Sign,,0,0,0,scroll up;1;2;3,a soft\\nbreak and\\hspace\n"
)


def test_same_format_without_fix_keeps_the_file_as_it_is(tmp_path: Path) -> None:
    """#7: what the editor's model cannot hold (styles, layers, Effect, sections, \\h, soft \\n,
    NOTE blocks, literal <...>) survives ASS->ASS, VTT->VTT, SRT->SRT; only the text's encoding
    and line ending change."""
    source = tmp_path / "in.ass"
    source.write_text(ASS, encoding="utf-8")
    assert main([str(source), str(tmp_path / "out.ass"), "--line-ending", "crlf"]) == 0
    assert (tmp_path / "out.ass").read_bytes() == ASS.replace("\n", "\r\n").encode()
    vtt = "WEBVTT\n\nNOTE keep me\n\n00:01.000 --> 00:02.000\n<ruby>漢字<rt>かんじ</rt></ruby> &copy;\n"
    (tmp_path / "in.vtt").write_text(vtt, encoding="utf-8")
    assert main([str(tmp_path / "in.vtt"), str(tmp_path / "out.vtt")]) == 0
    assert (tmp_path / "out.vtt").read_text(encoding="utf-8") == vtt
    srt = "1\n00:00:01,000 --> 00:00:02,000\nType <username> here\n"
    (tmp_path / "in.srt").write_text(srt, encoding="utf-8")
    assert main([str(tmp_path / "in.srt"), str(tmp_path / "out.srt"), "--output-encoding", "utf-16"]) == 0
    assert (tmp_path / "out.srt").read_text(encoding="utf-16") == srt


def test_ass_to_ssa_keeps_the_styles(tmp_path: Path) -> None:
    source = tmp_path / "in.ass"
    source.write_text(ASS, encoding="utf-8")
    assert main([str(source), str(tmp_path / "out.ssa")]) == 0
    written = (tmp_path / "out.ssa").read_text()
    assert "Style: Sign,Verdana,60," in written and "Title: Episode 3" in written


def test_ass_to_ssa_says_what_ssa_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.ass"
    source.write_text(
        ASS.replace("Dialogue: 0,", "Dialogue: 1,", 1).replace(",Default,,", ",Default,,", 1)
        + "Dialogue: 0,0:00:09.00,0:00:10.00,Default,,0,0,0,,{\\an8}top\n",
        encoding="utf-8",
    )
    assert main([str(source), str(tmp_path / "out.ssa")]) == 0
    out = capsys.readouterr()
    assert "SSA has no layers" in out.err and "\\an positions are ASS tags" in out.err
    assert "the file as it is" not in out.out and "its styles converted by pysubs2" in out.out


def test_fix_still_goes_through_the_editor(tmp_path: Path) -> None:
    source = tmp_path / "in.ass"
    source.write_text(ASS, encoding="utf-8")
    assert main([str(source), str(tmp_path / "out.ass"), "--fix"]) == 0
    assert "Verdana" not in (tmp_path / "out.ass").read_text()


def test_what_the_output_format_cannot_hold_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#9: colour, position and italics dropped by MPL2 are named, with the file."""
    source = _srt(
        tmp_path, "a.srt", SRT + '\n3\n00:00:05,000 --> 00:00:06,000\n<font color="#ff0000">red</font>\n'
    )
    assert main([str(source), str(tmp_path / "a.mpl")]) == 0
    err = capsys.readouterr().err
    assert f"convert: {source}: MPL2 keeps no colour: 1 cue loses it (first at 0:00:05.000)" in err
    assert f"convert: {source}: MPL2 keeps no position: 1 cue is shown" in err
    assert f"convert: {source}: MPL2 keeps no italics: 1 cue loses them (first at 0:00:01.000)" in err


def test_format_and_extension_that_disagree_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#11: --format vtt with OUT x.srt would put WebVTT in a .srt file."""
    with pytest.raises(SystemExit) as e:
        main([str(_srt(tmp_path, "a.srt")), str(tmp_path / "x.srt"), "--format", "vtt"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "x.srt" in err and "WebVTT" in err and "x.vtt" in err
    assert not (tmp_path / "x.srt").exists()


def test_webvtt_is_utf_8_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """#11: the WebVTT spec allows UTF-8 alone."""
    with pytest.raises(SystemExit) as e:
        main([str(_srt(tmp_path, "a.srt")), str(tmp_path / "x.vtt"), "--output-encoding", "big5"])
    assert e.value.code == 2
    assert "WebVTT" in capsys.readouterr().err and not (tmp_path / "x.vtt").exists()
    assert main([str(tmp_path / "a.srt"), str(tmp_path / "x.vtt"), "--output-encoding", "UTF8"]) == 0


def test_several_inputs_need_a_folder_and_an_unknown_extension_is_a_command_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#15: exit 2, saying what is wrong."""
    a, b = _srt(tmp_path, "a.srt"), _srt(tmp_path, "b.srt")
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
    a = _srt(tmp_path, "a.srt")
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
    assert main([str(_srt(tmp_path, "a.srt")), str(tmp_path / "x.vtt"), "--output-fps", "25"]) == 0
    assert "--output-fps is ignored" in capsys.readouterr().err


def test_one_file_named_two_ways_is_given_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """#22: ../in/x.srt and x.srt are one file, not a collision."""
    (tmp_path / "in").mkdir()
    _srt(tmp_path / "in", "x.srt")
    monkeypatch.chdir(tmp_path / "in")
    assert main(["../in/x.srt", "x.srt", str(tmp_path / "out"), "--format", "vtt"]) == 0
    assert "given twice; converted once" in capsys.readouterr().err


def test_same_format_reads_a_stray_byte_as_the_reader_does(tmp_path: Path) -> None:
    """The file kept as it is is decoded like io.read decodes it (a stray byte in UTF-8 is not
    a Python UnicodeDecodeError)."""
    source = tmp_path / "stray.srt"
    source.write_bytes(
        "1\n00:00:01,000 --> 00:00:02,000\nDéjà vu, café\n\n".encode() * 3
        + b"2\n00:00:03,000 --> 00:00:04,000\ncaf\xe9\n"
    )
    assert main([str(source), str(tmp_path / "out.srt")]) == 0
    assert read(tmp_path / "out.srt").cues[-1].text == read(source).cues[-1].text


def test_same_format_says_a_stray_byte_was_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review #1: the text kept "as it is" was decoded with U+FFFD for a stray byte; the
    reader's note is printed and the summary says what changed instead of "as it is"."""
    source = tmp_path / "s.srt"
    source.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nCaf\xc3\xa9 ol\xe9\n\n")
    assert main([str(source), str(tmp_path / "o.srt")]) == 0
    out, err = capsys.readouterr()
    assert "\ufffd" in (tmp_path / "o.srt").read_text(encoding="utf-8")
    assert f"convert: {source}: 1 byte is not valid UTF-8" in err
    assert "as it is" not in out
    assert "1 byte that is not valid utf-8, written as \ufffd" in out


def test_same_format_keeps_damage_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Review #1: a damaged SubRip tail and a cue ending before it starts are kept as the file
    has them (the text is copied, not repaired), and the reader's notes are printed, each
    saying that the output keeps the file's text as is."""
    srt = (
        "1\n00:00:05,000 --> 00:00:04,000\nBackwards\n\n"
        "2\n00:00:06,000 --> 00:00:07,000\nFine\n\n3\n00:00:08,000 --> 00:0"
    )
    source = tmp_path / "d.srt"
    source.write_text(srt, encoding="utf-8")
    assert main([str(source), str(tmp_path / "o.srt")]) == 0
    out, err = capsys.readouterr()
    assert (tmp_path / "o.srt").read_text(encoding="utf-8") == srt
    lines = [line for line in err.splitlines() if line.startswith(f"convert: {source}: ")]
    assert any("ends before it starts" in line for line in lines), err
    assert any("the file ends inside a cue" in line for line in lines), err
    assert all(line.endswith(_KEPT_AS_IS) for line in lines), err
    assert "the file as it is" in out


def test_same_format_ass_says_nothing_about_styles_it_keeps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.ass"
    source.write_text(ASS, encoding="utf-8")
    assert main([str(source), str(tmp_path / "out.ass")]) == 0
    out, err = capsys.readouterr()
    assert "styles" not in err and "the file as it is" in out


def test_both_paths_refuse_an_existing_output_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review #3: the same-format path and the cue path say the same thing."""
    source = _srt(tmp_path, "a.srt")
    for name in ("o.srt", "o.vtt"):
        (tmp_path / name).write_text("mine")
        assert main([str(source), str(tmp_path / name)]) == 1
        assert capsys.readouterr().err == (
            f"convert: {source}: {tmp_path / name} exists; it was kept (give --overwrite to replace it)\n"
        )


def test_webvtt_blocks_and_inline_times_lost_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review #2: VTT's header, STYLE and REGION blocks are not in an SRT; inline word times
    are not written back (the reader's note says so, for any output through the cues)."""
    source = tmp_path / "in.vtt"
    source.write_text(
        "WEBVTT\n\nSTYLE\n::cue { color: lime }\n\n00:01.000 --> 00:03.000\none <00:02.000>two\n"
    )
    assert main([str(source), str(tmp_path / "out.srt")]) == 0
    err = capsys.readouterr().err
    assert (
        f"convert: {source}: SubRip keeps no WebVTT header, STYLE or REGION blocks: the file's 1 STYLE "
        in err
    )
    assert main([str(source), str(tmp_path / "out.vtt"), "--fix"]) == 0
    err = capsys.readouterr().err
    assert "STYLE" not in err and "inline timestamps became word timings" in err
    assert "::cue { color: lime }" in (tmp_path / "out.vtt").read_text()
