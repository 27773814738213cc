"""TTML styling on import (user test 7, fault 5): italics, bold, underline, strike-out and
colour from inline attributes, referenced and chained styles, spans and regions, and the
position from the region, beside pysubs2's reading of text and times."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.io import SubtitleFileError, read, save
from engine.subtitles.ttml_styles import styled_paragraphs
from tests.engine.subtitles.test_fuzz_import import _growth

UT7 = Path(__file__).parent / "data"  # user test 7's inputs
UT12 = UT7 / "usertest12"  # user test 12's, in its folders

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
    'xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
    'xml:lang="en"{root}>'
)


def _ttml(tmp_path: Path, head: str, body: str, root: str = "") -> Path:
    path = tmp_path / "t.ttml"
    path.write_text(HEAD.format(root=root) + f"<head>{head}</head><body>{body}</body></tt>", encoding="utf-8")
    return path


def _read(path: Path) -> list[tuple[str, int | None]]:
    return [(c.text, c.alignment) for c in read(path).cues]


def test_the_ebu_tt_file_keeps_italics_colour_and_the_top_region() -> None:
    loaded = read(UT7 / "ebu_tt.ttml")
    assert [(c.text, c.alignment) for c in loaded.cues] == [
        ("Guten Abend,\nmeine Damen und Herren.", None),
        ('<font color="#ffff00">Sprecher: Müller</font>', 8),
        ("<i>Gedanken sind frei.</i>", None),
        ("Straße & Größe: „Anführung“", None),
    ]
    assert loaded.warnings == (
        "TTML styling not read: tts:backgroundColor, tts:fontFamily, tts:fontSize, tts:lineHeight; "
        "the text, italics, bold, underline, colours and top/bottom positions were kept",
    )


def test_the_tick_and_netflix_files_keep_their_styling() -> None:
    assert _read(UT12 / "in_retest" / "tick.ttml") == [
        ("<i>Italic by style</i>", None),
        ('<font color="#ffff00"><b>Yellow bold</b></font> plain', None),
        ("At the top", 8),
        ("<u>under</u> frame 5 at 25fps", None),
    ]
    loaded = read(UT12 / "in" / "netflix.ttml")
    assert [(c.text, c.alignment) for c in loaded.cues] == [
        ("Bonjour\ntout le monde.", None),
        ("<i>En italique</i> et normal.", 8),
        ("Seconds offset", None),
        ("Frames timecode", None),
    ]
    assert loaded.warnings == ()


def test_chained_and_listed_styles_inline_attributes_and_inheritance(tmp_path: Path) -> None:
    head = (
        '<styling><style xml:id="base" tts:fontWeight="bold"/>'
        '<style xml:id="chain" style="base" tts:color="red"/>'
        '<style xml:id="ital" tts:fontStyle="italic"/>'
        '<style xml:id="plainw" tts:fontWeight="normal"/>'
        '<style xml:id="loop" style="loop" tts:textDecoration="underline"/></styling>'
    )
    body = (
        '<div style="ital">'
        '<p begin="1s" end="2s" style="chain">All <span style="plainw">not bold</span></p>'
        '<p begin="3s" end="4s" style="ital plainw" tts:fontStyle="normal">'
        '<span tts:textDecoration="underline lineThrough">both</span> none</p>'
        '<p begin="5s" end="6s"><span style="loop">u</span><br/> <span tts:color="#00ff0080">green</span></p>'
        "</div>"
    )
    assert _read(_ttml(tmp_path, head, body)) == [
        ('<font color="#ff0000"><i><b>All </b>not bold</i></font>', None),
        ("<u><s>both</s></u> none", None),
        ('<i><u>u</u></i>\n<font color="#00ff00"><i>green</i></font>', None),
    ]


def test_regions_place_the_text_top_middle_or_bottom_and_left_or_right(tmp_path: Path) -> None:
    head = (
        '<styling><style xml:id="mid" tts:displayAlign="center"/></styling><layout>'
        '<region xml:id="low" tts:origin="10% 70%" tts:extent="80% 20%"/>'
        '<region xml:id="whole" tts:displayAlign="after" tts:textAlign="left"/>'
        '<region xml:id="middle" style="mid"/>'
        '<region xml:id="cells" tts:origin="2c 1c" tts:extent="28c 3c"/>'
        '<region xml:id="px" tts:origin="0px 900px" tts:extent="1920px 180px" tts:textAlign="end"/>'
        "</layout>"
    )
    body = (
        '<div region="low"><p begin="1s" end="2s">low</p>'
        '<p begin="2s" end="3s" region="whole">left bottom</p>'
        '<p begin="3s" end="4s" region="middle">middle</p>'
        '<p begin="4s" end="5s" region="cells">cells top</p>'
        '<p begin="5s" end="6s" region="px">right bottom</p>'
        '<p begin="6s" end="7s" region="nosuch">no region</p></div>'
        '<div><p begin="7s" end="8s">none</p></div>'
    )
    assert _read(_ttml(tmp_path, head, body, root=' tts:extent="1920px 1080px"')) == [
        ("low", None),  # a region in the bottom third, placed at its top
        ("left bottom", 1),
        ("middle", 5),
        ("cells top", 8),
        ("right bottom", 3),
        ("no region", None),
        ("none", None),
    ]


def test_a_file_declaring_entities_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "lol.ttml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE tt [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="2s">&b;</p></div></body></tt>',
        encoding="utf-8",
    )
    with pytest.raises(SubtitleFileError, match="declares XML entities"):
        read(path)


def test_spans_nested_deeper_than_any_file_keep_pysubs2s_plain_text(tmp_path: Path) -> None:
    deep = '<span tts:fontStyle="italic">' * 80 + "deep" + "</span>" * 80
    loaded = read(_ttml(tmp_path, "", f'<div><p begin="1s" end="2s">{deep}</p></div>'))
    assert [c.text for c in loaded.cues] == ["deep"]
    assert any("could not be read" in w for w in loaded.warnings)


def test_our_own_ttml_reads_back_with_its_styling_and_positions(tmp_path: Path) -> None:
    cues = [
        Cue(1, 1000, 2500, "<i>Müller</i> sagt 中文"),
        Cue(2, 3000, 4000, 'a <font color="#ffff00">sign</font> b', alignment=8),
        Cue(3, 4000, 5500, "Second\n<b>line</b> & <u>more</u>"),
        Cue(4, 6000, 7000, "<s>x</s> left", alignment=7),
    ]
    save(cues, tmp_path / "x.ttml")
    assert [(c.text, c.alignment) for c in read(tmp_path / "x.ttml").cues] == [
        (c.text, c.alignment) for c in cues
    ]


@pytest.mark.parametrize(
    "unit",
    [
        '<span tts:fontStyle="italic"> </span><span>x</span>',  # runs of whitespace to trim
        '<span style="i s">a</span><br/>',  # many lines, styles referenced
    ],
)
def test_styling_one_paragraph_is_linear(unit: str) -> None:
    """Four times the spans may cost at most twice the linear four times the time (the fuzz
    tests' rule, on this module's own pass)."""
    head = HEAD.format(root="") + (
        '<head><styling><style xml:id="i" tts:fontStyle="italic"/><style xml:id="s" style="i" '
        'tts:color="red"/></styling></head><body><div><p begin="1s" end="2s">'
    )
    assert _growth(lambda spans: styled_paragraphs(head + spans + "</p></div></body></tt>")[0], unit, 600) < 8


def test_paragraphs_pysubs2_does_not_read_are_named(tmp_path: Path) -> None:
    body = (
        '<div><p begin="1s" end="2s">outer</p><div begin="10s"><p begin="1s" end="2s">inner '
        'one</p></div></div><p begin="3s" end="4s">body p</p>'
    )
    loaded = read(_ttml(tmp_path, "", body))
    assert [c.text for c in loaded.cues] == ["outer"]
    assert loaded.warnings == (
        "2 TTML paragraphs (<p>) outside body > div > p (in a nested <div>, or right in <body>) were "
        "not read (the first: 'inner one'): move them into a <div> of <body> and open the file again",
    )
