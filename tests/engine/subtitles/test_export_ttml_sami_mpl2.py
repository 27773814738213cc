"""TTML, SAMI and MPL2 as we write them (usertest7 SUBS.md faults 2, 8 and 9).

TTML: valid TTML1 (``xml:id`` styles, ``xml:lang`` on ``<tt>``, an XML declaration, the
characters themselves in UTF-8), colour as ``tts:color`` and the position as a region. SAMI: a
writer of our own (pysubs2 1.8 reads SAMI but does not write it), read back by pysubs2 and by
FFmpeg's ``sami`` demuxer through PyAV (FFmpeg has no TTML demuxer, only a muxer). MPL2: a
wholly italic line starts with ``/``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pysubs2
import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.io import SubtitleFileError, read, save
from engine.subtitles.losses import export_losses
from tests.engine.subtitles.ffmpeg_read import ffmpeg_packets

TT = "{http://www.w3.org/ns/ttml}"
TTS = "{http://www.w3.org/ns/ttml#styling}"
XML = "{http://www.w3.org/XML/1998/namespace}"

CUES = [
    Cue(1, 1000, 2500, "<i>Müller</i> sagt 中文"),
    Cue(2, 3000, 4000, 'a <font color="#ffff00">sign</font> b', alignment=8),
    Cue(3, 4000, 5500, "Second\n<b>line</b> & <u>more</u>"),
]


def _ttml(tmp_path: Path, cues: list[Cue], **kw: object) -> tuple[bytes, ET.Element]:
    path = tmp_path / "x.ttml"
    save(cues, path, **kw)  # type: ignore[arg-type]
    data = path.read_bytes()
    return data, ET.fromstring(data)


def test_ttml_is_valid_ttml1_in_utf8_with_the_characters_themselves(tmp_path: Path) -> None:
    data, root = _ttml(tmp_path, CUES, language="de")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert "Müller</span> sagt 中文".encode() in data
    assert b"&#" not in data
    assert root.get(f"{XML}lang") == "de"
    styles = root.findall(f"{TT}head/{TT}styling/{TT}style")
    assert styles and all(s.get(f"{XML}id") and s.get("id") is None for s in styles)
    ids = {e.get(f"{XML}id") for e in root.iter()} - {None}
    for p in root.iter(f"{TT}p"):
        assert p.get("style") in ids and p.get("region") in ids  # IDREFs resolve


def test_ttml_language_comes_from_the_cues_when_not_given(tmp_path: Path) -> None:
    _, root = _ttml(tmp_path, [Cue(1, 0, 1000, "今天我们去看电影，好不好？")])
    assert root.get(f"{XML}lang") == "zh-Hans"
    _, root = _ttml(tmp_path, [Cue(1, 0, 1000, "42")], overwrite=True)
    assert root.get(f"{XML}lang") == "und"


def test_ttml_keeps_colour_and_top_position(tmp_path: Path) -> None:
    _, root = _ttml(tmp_path, CUES)
    ps = root.findall(f"{TT}body/{TT}div/{TT}p")
    regions = {r.get(f"{XML}id"): r for r in root.iter(f"{TT}region")}
    assert regions[ps[1].get("region")].get(f"{TTS}displayAlign") == "before"
    assert regions[ps[0].get("region")].get(f"{TTS}displayAlign") == "after"
    coloured = [s for s in ps[1].iter(f"{TT}span") if s.get(f"{TTS}color")]
    assert [(s.text, s.get(f"{TTS}color")) for s in coloured] == [("sign", "#FFFF00")]
    assert not any(e.get(f"{TTS}fontFamily", "").startswith("wfs") for e in root.iter())
    assert export_losses(CUES, "ttml") == ()


def test_ttml_reads_back_through_pysubs2(tmp_path: Path) -> None:
    _ttml(tmp_path, CUES)
    subs = pysubs2.load(str(tmp_path / "x.ttml"))
    assert [(e.start, e.end) for e in subs] == [(c.start_ms, c.end_ms) for c in CUES]
    assert subs[0].plaintext == "Müller sagt 中文"
    assert subs[2].plaintext == "Second\nline & more"


def test_ttml_declares_the_encoding_it_is_written_in(tmp_path: Path) -> None:
    data, root = _ttml(tmp_path, [Cue(1, 0, 1000, "中文")], encoding="utf-16")
    assert data.decode("utf-16").startswith('<?xml version="1.0" encoding="UTF-16"?>')
    assert root.find(f"{TT}body/{TT}div/{TT}p").text == "中文"  # type: ignore[union-attr]


def test_ttml_in_an_encoding_xml_readers_need_not_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SubtitleFileError, match="TTML files are XML.*choose UTF-8"):
        save([Cue(1, 0, 1000, "中文")], tmp_path / "x.ttml", encoding="big5")
    assert not (tmp_path / "x.ttml").exists()


SAMI_CUES = [
    Cue(1, 1000, 2500, "<i>Hello</i> there"),
    Cue(2, 2500, 4000, "Second\nline & <b>more</b>"),
    Cue(3, 6000, 7000, 'Café <font color="#ff0000">red</font>'),
]


def test_sami_is_written_with_clears_and_a_language_class(tmp_path: Path) -> None:
    path = tmp_path / "x.smi"
    save(SAMI_CUES, path)
    text = path.read_text("utf-8")
    assert "<SYNC Start=1000><P Class=ENUSCC>" in text
    assert "<SYNC Start=2500><P Class=ENUSCC>Second<br>line &amp; <b>more</b>" in text
    assert "<SYNC Start=4000><P Class=ENUSCC>&nbsp;" in text  # cue 2 ends before cue 3
    assert text.count("&nbsp;") == 2  # after cues 2 and 3, none between 1 and 2
    assert '<font color="#ff0000">red</font>' in text
    assert ".ENUSCC { Name: English; lang: en-US; SAMIType: CC; }" in text


def test_sami_reads_back_through_pysubs2(tmp_path: Path) -> None:
    path = tmp_path / "x.smi"
    save(SAMI_CUES, path)
    events = [e for e in pysubs2.load(str(path)) if e.plaintext.strip()]
    assert [e.start for e in events] == [1000, 2500, 6000]
    assert all(e.end <= c.end_ms for e, c in zip(events, SAMI_CUES))  # pysubs2 guesses ends
    assert events[0].text == "{\\i1}Hello{\\i0} there"
    assert events[1].plaintext == "Second\nline & more"


def test_sami_reads_back_through_ffmpeg(tmp_path: Path) -> None:
    path = tmp_path / "x.smi"
    save(SAMI_CUES, path)
    shown = [(start, end, text) for start, end, text in ffmpeg_packets(path, "sami") if text and text.strip()]
    assert [(start, end) for start, end, _ in shown] == [(1, Fraction(5, 2)), (Fraction(5, 2), 4), (6, 7)]
    assert "{\\i1}Hello{\\i0} there" in shown[0][2]
    assert "Second\\Nline &" in shown[1][2]


def test_sami_class_follows_the_language(tmp_path: Path) -> None:
    path = tmp_path / "x.smi"
    save([Cue(1, 0, 1000, "안녕하세요, 여러분.")], path)
    assert "<P Class=KOKRCC>" in path.read_text("utf-8")
    save([Cue(1, 0, 1000, "x")], path, language="nl", overwrite=True)
    assert ".NLNLCC { Name: Dutch; lang: nl-NL; SAMIType: CC; }" in path.read_text("utf-8")


def test_sami_says_what_it_cannot_hold() -> None:
    said = export_losses(
        [Cue(1, 0, 3000, "top", alignment=8), Cue(2, 2000, 4000, "b", speaker="Ana")], "sami"
    )
    assert said == (
        "SAMI keeps no position: 1 cue is shown at the bottom instead (first at 0:00:00.000)",
        "SAMI keeps no speaker names: 1 cue loses its speaker (first at 0:00:02.000)",
        "SAMI shows one block of text at a time: 2 cues are shown together with the cues they overlap, "
        "in one block (first at 0:00:00.000)",
    )


def test_mpl2_marks_wholly_italic_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.mpl"
    cues = [
        Cue(1, 1000, 2000, "<i>all of it</i>"),
        Cue(2, 3000, 4000, "plain\n<i>second</i>"),
        Cue(3, 5000, 6000, "<i>one\ntwo</i>"),
        Cue(4, 7000, 8000, "a <i>word</i> b"),
    ]
    save(cues, path)
    assert path.read_text().splitlines() == [
        "[10][20] /all of it",
        "[30][40] plain|/second",
        "[50][60] /one|/two",
        "[70][80] a word b",
    ]
    back = pysubs2.load(str(path))
    assert back[1].text == "plain\\N{\\i1}second{\\i0}"
    assert export_losses(cues[:3], "mpl2") == ()
    assert export_losses(cues, "mpl2") == (
        "MPL2 keeps italics only over whole lines: 1 cue loses them (first at 0:00:07.000)",
    )


def test_ttml_spans_keep_the_spaces_between_them_and_no_others(tmp_path: Path) -> None:
    _ttml(tmp_path, [Cue(1, 0, 1000, "<i>a</i><b>b</b> <u>c</u>")])
    assert pysubs2.load(str(tmp_path / "x.ttml"))[0].plaintext == "ab c"


def test_ffmpeg_has_no_ttml_demuxer_to_read_back_with() -> None:
    av = pytest.importorskip("av")
    assert not av.format.ContainerFormat("ttml").is_input  # it only writes TTML


def test_convert_and_transcribe_take_sami_by_its_extension(tmp_path: Path) -> None:
    from engine.cli.convert import main
    from engine.cli.options import formats

    source = tmp_path / "a.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\n<i>Hi</i> there\n", "utf-8")
    assert main([str(source), str(tmp_path / "a.smi")]) == 0
    assert "<SYNC Start=1000><P Class=ENUSCC><i>Hi</i> there</P></SYNC>" in (tmp_path / "a.smi").read_text()
    assert formats("smi") == ["smi"] and formats("sami") == ["smi"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-8"])
def test_our_ttml_reads_back_in_every_encoding_the_export_offers(tmp_path: Path, encoding: str) -> None:
    """Review 7, finding 3: a UTF-16 TTML (its declaration says UTF-16) could not be opened:
    the text, decoded, still said encoding="UTF-16" to the XML parser."""
    path = tmp_path / "x.ttml"
    save(CUES, path, encoding=encoding)
    loaded = read(path)
    assert [(c.start_ms, c.end_ms, c.text) for c in loaded.cues] == [
        (c.start_ms, c.end_ms, c.text) for c in CUES
    ]
    assert loaded.cues[1].alignment == 8


DRAWING_FIRST = [
    Cue(1, 1000, 2000, "{\\p1}m 0 0 l 10 10"),
    Cue(2, 3000, 4000, "<i>Second</i>"),
    Cue(3, 5000, 6000, "Third"),
]


def test_mpl2_writes_every_cue_on_its_own_line_even_after_a_drawing_like_text(tmp_path: Path) -> None:
    """Review 7, finding 9: pysubs2 writes no event it takes for a drawing, so matching its lines
    to the cues by position shifted every later cue and lost the last."""
    path = tmp_path / "x.mpl"
    save(DRAWING_FIRST, path)
    assert path.read_text("utf-8").splitlines() == [
        "[10][20] {\\p1}m 0 0 l 10 10",
        "[30][40] /Second",
        "[50][60] Third",
    ]


def test_ttml_positions_go_to_the_paragraph_of_their_own_cue(tmp_path: Path) -> None:
    """Review 7, finding 9: a drawing-like first cue (which pysubs2 does not write) slid the
    regions of every later cue onto its neighbour."""
    cues = [*DRAWING_FIRST[:2], Cue(3, 5000, 6000, "Third", alignment=8)]
    _, root = _ttml(tmp_path, cues)
    regions = {r.get(f"{XML}id"): r.get(f"{TTS}displayAlign") for r in root.iter(f"{TT}region")}
    placed = {p.get("begin"): regions[p.get("region")] for p in root.iter(f"{TT}p")}
    assert placed["00:00:05.000"] == "before" and placed["00:00:03.000"] == "after"


def test_ttml_paragraphs_that_match_no_cue_get_no_position(tmp_path: Path) -> None:
    """Two cues at the same times but different positions cannot be told apart by time: the
    paragraphs are left in the default region rather than given a guess."""
    from engine.subtitles.ttml_write import finish_ttml

    data = (
        '<tt xmlns="http://www.w3.org/ns/ttml"><head/><body><div>'
        '<p begin="00:00:09.000" end="00:00:10.000">x</p></div></body></tt>'
    )
    root = ET.fromstring(finish_ttml(data, [Cue(1, 0, 1000, "x", alignment=8)], "en"))
    assert [p.get("region") for p in root.iter(f"{TT}p")] == [None]


def test_the_encodings_ttml_and_webvtt_allow_have_one_home() -> None:
    """Review 7, finding 15(b): save and the Export dialog both read them from FormatInfo."""
    from engine.subtitles.subtitle_formats import FORMATS

    assert FORMATS["ttml"].encodings == ("utf-8", "utf-8-sig", "utf-16")
    assert FORMATS["vtt"].encodings == ("utf-8", "utf-8-sig")
    assert FORMATS["srt"].encodings is None
