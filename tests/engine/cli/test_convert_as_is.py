"""``convert`` to the input's own format without ``--fix`` keeps the file as it is (usertest 12),
and what an output format cannot hold is said."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.io import read
from tests.engine.cli.convert_helpers import KEPT_AS_IS, SRT, write_srt

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
    source = write_srt(
        tmp_path, "a.srt", SRT + '\n3\n00:00:05,000 --> 00:00:06,000\n<font color="#ff0000">red</font>\n'
    )
    assert main([str(source), str(tmp_path / "a.mpl")]) == 0
    err = capsys.readouterr().err
    assert f"convert: {source}: MPL2 keeps no colour: 1 cue loses it (first at 0:00:05.000)" in err
    assert f"convert: {source}: MPL2 keeps no position: 1 cue is shown" in err
    assert (
        f"convert: {source}: MPL2 keeps italics only over whole lines: 1 cue loses them (first at 0:00:01.000)"
        in err
    )


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
    assert all(line.endswith(KEPT_AS_IS) for line in lines), err
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
    source = write_srt(tmp_path, "a.srt")
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


def test_a_utf16_file_kept_as_it_is_says_it_was_re_encoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """User test 7: a UTF-16 SubRip converted to SubRip said 'the file as it is' but was UTF-8."""
    source = tmp_path / "u16.srt"
    source.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nHéllo\n".encode("utf-16"))
    assert main([str(source), str(tmp_path / "o.srt")]) == 0
    assert "the file as it is, re-encoded from utf-16 to utf-8" in capsys.readouterr().out
    assert (tmp_path / "o.srt").read_text(encoding="utf-8").endswith("Héllo\n")


def test_a_ttml_kept_as_it_is_declares_the_encoding_it_is_written_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review 7, finding 4: the copy kept its old declaration (encoding="UTF-16" over UTF-8
    bytes, or "UTF-8" over cp1252 ones): broken XML. Only UTF-8 and UTF-16 are written."""
    import xml.etree.ElementTree as ET

    from engine.subtitles.cue import Cue
    from engine.subtitles.io import save

    source = tmp_path / "u16.ttml"
    save([Cue(1, 1000, 2000, "Héllo 中文")], source, encoding="utf-16")
    assert main([str(source), str(tmp_path / "o.ttml")]) == 0
    data = (tmp_path / "o.ttml").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert "Héllo 中文" in "".join(ET.fromstring(data).itertext())
    assert main([str(source), str(tmp_path / "o16.ttml"), "--output-encoding", "utf-16"]) == 0
    assert ET.fromstring((tmp_path / "o16.ttml").read_bytes()) is not None
    capsys.readouterr()
    with pytest.raises(SystemExit) as refused:  # a command-line error: exit 2, before any input is read
        main([str(source), str(tmp_path / "bad.ttml"), "--output-encoding", "cp1252"])
    assert refused.value.code == 2
    assert "TTML files are XML" in capsys.readouterr().err
    assert not (tmp_path / "bad.ttml").exists()
