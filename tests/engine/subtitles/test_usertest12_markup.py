"""Faults of the issue-12 user test (notes/usertest12/REPORT.md #2, #7, #8, #10, #20, #23) in the
markup, WebVTT and ASS-style layers: literal ``<...>`` text, HTML entities, NOTE blocks, voice
classes, MicroDVD control codes, SSA's ``\\a`` positions, and the losses each import must name."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest

from engine.subtitles import ass_style, io, markup, webvtt
from engine.subtitles.cue import Cue

# --- #2: text in angle brackets is text unless it is a tag the format uses


@pytest.mark.parametrize("ass", [False, True])
@pytest.mark.parametrize("styled", [True, False])
@pytest.mark.parametrize("raw", ["Type <username> here", "Say <<hello>>", "a </end> b", "<br> x <3 y"])
def test_unknown_angle_bracket_text_is_kept(raw: str, ass: bool, styled: bool) -> None:
    assert markup.canonical(raw, ass=ass, styled=styled) == (raw, None)


def test_known_tags_next_to_literal_brackets_are_still_markup() -> None:
    assert markup.canonical("<i>Type <username></i>")[0] == "<i>Type <username></i>"
    assert markup.plain_text("<i>Type <username></i>") == "Type <username>"


def _srt(tmp_path: Path, body: str) -> io.LoadedFile:
    path = tmp_path / "in.srt"
    path.write_text(f"1\n00:00:01,000 --> 00:00:02,000\n{body}\n", encoding="utf-8")
    return io.read(path)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("srt", "Type <username> here\\NSay <<hello>>"),
        ("vtt", "Type &lt;username&gt; here\nSay &lt;&lt;hello&gt;&gt;"),
        ("ass", "Type <username> here\\NSay <<hello>>"),
    ],
)
def test_literal_brackets_survive_srt_to_each_format(tmp_path: Path, fmt: str, expected: str) -> None:
    loaded = _srt(tmp_path, "Type <username> here\nSay <<hello>>")
    assert loaded.cues[0].text == "Type <username> here\nSay <<hello>>"
    out = tmp_path / f"out.{fmt}"
    io.save(loaded.cues, out)
    assert expected.replace("\\N", "\n" if fmt == "srt" else "\\N") in out.read_text(encoding="utf-8")


def test_an_unknown_tag_in_webvtt_is_dropped_per_spec_and_said(tmp_path: Path) -> None:
    vtt = webvtt.prepare("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nType <username> here\n")
    assert any("<username>" in n for n in vtt.notes)
    path = tmp_path / "in.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nType <username> &lt;here&gt;\n", encoding="utf-8"
    )
    assert io.read(path).cues[0].text == "Type  <here>"


# --- #8: WebVTT round trip


def _vtt(tmp_path: Path, text: str) -> tuple[io.LoadedFile, str]:
    path = tmp_path / "in.vtt"
    path.write_text(text, encoding="utf-8")
    loaded = io.read(path)
    out = tmp_path / "out.vtt"
    io.save(loaded.document, out, vtt_blocks=loaded.vtt_blocks)
    return loaded, out.read_text(encoding="utf-8")


def test_html_entities_are_decoded_and_not_double_escaped(tmp_path: Path) -> None:
    loaded, out = _vtt(
        tmp_path,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
        "&copy; 2026 caf&eacute; &#233;&#xE9; &amp; &lt;tags&gt; &bogus;\n",
    )
    assert loaded.cues[0].text == "© 2026 café éé & <tags> &bogus;"
    assert "© 2026 café éé &amp; &lt;tags&gt; &amp;bogus;" in out


def test_note_blocks_are_counted_in_one_note() -> None:
    vtt = webvtt.prepare("WEBVTT\n\nNOTE one\nmore\n\n00:00:01.000 --> 00:00:02.000\nHi\n\nNOTE two\n")
    assert "2 NOTE comments were not imported" in vtt.notes


def test_a_voice_class_keeps_its_styling() -> None:
    vtt = webvtt.prepare(
        "WEBVTT\n\nSTYLE\n::cue(.loud) { color: red; font-weight: bold; }\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v.loud Aiko>STOP</v>\n"
    )
    (cue,) = vtt.cues
    assert cue.speaker == "Aiko"
    text, _ = markup.canonical(vtt.text.split("\n")[-2], classes=vtt.classes)
    assert text == '<font color="#ff0000"><b>STOP</b></font>'


def test_inline_timestamps_are_said_to_become_word_timings() -> None:
    vtt = webvtt.prepare("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<00:00:01.000>One <00:00:02.000>two\n")
    assert len(vtt.cues[0].words) == 2
    assert any("timestamp" in n and "word timings" in n for n in vtt.notes)


def test_only_voiced_turns_get_a_dash(tmp_path: Path) -> None:
    loaded, _ = _vtt(
        tmp_path,
        "WEBVTT\n\n00:01:00.000 --> 00:01:02.000\nTwo speakers\n<v Kenji>- Hi.</v>\n<v Aiko>Hello.</v>\n",
    )
    assert loaded.cues[0].text == "Two speakers\n- Hi.\n- Hello."


def test_the_ruby_note_is_true() -> None:
    vtt = webvtt.prepare("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<ruby>漢字<rt>かんじ</rt></ruby>\n")
    (note,) = vtt.notes
    assert "only WebVTT" not in note and "the editor has no ruby" in note


# --- #23: what has no place is said


def test_vtt_strike_and_font_face_are_said() -> None:
    vtt = webvtt.prepare(
        'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<s>gone</s> <font face="Courier" size="20">x</font>\n'
    )
    notes = " ".join(vtt.notes)
    assert "<s>" in notes and "font face" in notes and "font size" in notes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('<font face="Courier" size="20">Typed</font>', ("font face", "font size")),
        ('<font color="#ff0000">red</font>', ()),
        ("<i>plain</i>", ()),
    ],
)
def test_unkept_font_attributes_are_named(raw: str, expected: tuple[str, ...]) -> None:
    assert markup.unkept_attributes(raw) == expected


# --- #10: MicroDVD control codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{c:$0000FF}Red?", '<font color="#ff0000">Red?</font>'),
        ("{C:$00FF00}all\nlines", '<font color="#00ff00">all\nlines</font>'),
        ("{y:i}one\ntwo", "<i>one</i>\ntwo"),  # lower case: this line only
        ("{Y:b}one\ntwo", "<b>one\ntwo</b>"),  # capital: the whole cue
        ("{y:u,s}x", "<u><s>x</s></u>"),
        ("{x:zzz}text {y:q}", "{x:zzz}text {y:q}"),  # unknown codes stay text
    ],
)
def test_microdvd_codes_are_markup(raw: str, expected: str) -> None:
    assert markup.canonical(raw)[0] == expected


def test_pal25_sub_has_no_visible_colour_code(tmp_path: Path) -> None:
    path = tmp_path / "in.sub"
    path.write_text("{1}{1}25\n{175}{250}{c:$0000FF}Red?|{y:b}bold second\n", encoding="utf-8")
    (cue,) = io.read(path).cues
    # pysubs2 turns {y:b} into {\\b1}; the lower-case colour code holds for its line only.
    assert cue.text == '<font color="#ff0000">Red?</font>\n<b>bold second</b>'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<i>all</i>", "{Y:i}all"),
        ("<i>one</i>\ntwo", "{y:i}one|two"),
        ("a <b>b</b>", "a b"),
        ('<font color="#ff0000">red</font>', "{C:$0000FF}red"),
        ("<b><i>x</i></b>\n<b>y</b>", "{Y:b}{y:i}x|y"),
    ],
)
def test_microdvd_writing_codes(text: str, expected: str) -> None:
    assert markup.to_microdvd(text) == expected


# --- #20: SSA writes its own \a numbering


@pytest.mark.parametrize(("an", "a"), [(8, 6), (7, 5), (5, 10), (1, 1), (3, 3)])
def test_ssa_position_uses_a(an: int, a: int) -> None:
    assert markup.for_format("Hi", "ssa", an, None) == f"{{\\a{a}}}Hi"
    assert markup.for_format("Hi", "ass", an, None) == f"{{\\an{an}}}Hi"
    assert markup.canonical(f"{{\\a{a}}}Hi", ass=True)[1] == an


# --- #7: ASS styles and layers the editor does not keep


def _ass(styles: str, events: str) -> pysubs2.SSAFile:
    fmt = (
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
        "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
        "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding"
    )
    return pysubs2.SSAFile.from_string(
        f"[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n{fmt}\n{styles}\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" + events
    )


STOCK = "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1"
PLAIN = "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n"


@pytest.mark.parametrize(
    ("styles", "events"),
    [
        (STOCK.replace("Arial,20", "Verdana,48"), PLAIN),
        (STOCK + "\n" + STOCK.replace("Default", "Sign").replace("10,10,10,1", "10,10,80,1"), PLAIN),
        (STOCK, PLAIN.replace("Dialogue: 0", "Dialogue: 1")),
        (STOCK, PLAIN.replace(",0,0,0,,", ",0,0,40,,")),
        (STOCK, PLAIN.replace(",0,0,0,,", ",0,0,0,Scroll up;10;200,")),
    ],
)
def test_styles_note_when_the_file_has_more_than_the_editor_keeps(styles: str, events: str) -> None:
    assert ass_style.styles_note(_ass(styles, events)) == ass_style.STYLES_NOTE


def test_no_styles_note_for_a_plain_file_nor_the_apps_own(tmp_path: Path) -> None:
    assert ass_style.styles_note(_ass(STOCK, PLAIN)) is None
    io.save([Cue(1, 1000, 2000, "<i>Hi</i>")], tmp_path / "own.ass")
    assert ass_style.styles_note(pysubs2.load(str(tmp_path / "own.ass"))) is None
