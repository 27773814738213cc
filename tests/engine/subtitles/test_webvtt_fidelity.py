"""WebVTT in full (issue 12): what a VTT file holds survives reading, editing and writing.

Each test writes a small VTT text, reads it with ``io.read``, writes with ``io.save`` and
checks the bytes. Sources: W3C WebVTT (cue identifiers §4.1, header §4.1, STYLE §4.2, cue
settings §4.4, ruby/lang/voice spans §4.2.2), Subtitle Edit's WebVTT reader for positions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.subtitles import io, webvtt
from engine.subtitles.cue import Cue


def _round_trip(tmp_path: Path, text: str, fmt: str = "vtt") -> tuple[io.LoadedFile, str]:
    source = tmp_path / "in.vtt"
    source.write_text(text, encoding="utf-8")
    loaded = io.read(source)
    target = tmp_path / f"out.{fmt}"
    io.save(loaded.document, target, overwrite=True, vtt_blocks=loaded.vtt_blocks)
    return loaded, target.read_text(encoding="utf-8")


# 1. Cue identifiers


def test_cue_identifiers_survive_a_round_trip_and_cues_without_one_get_none(tmp_path: Path) -> None:
    loaded, out = _round_trip(
        tmp_path,
        "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.000\nHello\n\n"
        "00:00:03.000 --> 00:00:04.000\nNo id\n\n"
        "7\n00:00:05.000 --> 00:00:06.000 line:0\nSeven\n",
    )
    assert [c.vtt_id for c in loaded.document.cues] == ["intro", "", "7"]
    assert (
        "\n\nintro\n00:00:01.000 --> 00:00:02.000\nHello\n\n00:00:03.000 --> 00:00:04.000\nNo id\n\n" in out
    )
    assert "\n\n7\n00:00:05.000 --> 00:00:06.000 line:0\nSeven\n" in out


def test_an_invalid_or_repeated_identifier_is_never_written(tmp_path: Path) -> None:
    """§4.1: an identifier has no "-->" and no line break, and is unique in the file (a cue
    split in the editor keeps its id on both halves: only the first writes it)."""
    cues = [
        Cue(1, 0, 1000, "a", vtt_id="x --> y"),
        Cue(2, 1000, 2000, "b", vtt_id="two\nlines"),
        Cue(3, 2000, 3000, "c", vtt_id="half"),
        Cue(4, 3000, 4000, "d", vtt_id="half"),
    ]
    io.save(cues, tmp_path / "o.vtt")
    out = (tmp_path / "o.vtt").read_text(encoding="utf-8")
    assert "x --> y" not in out and "two" not in out
    assert out.count("half\n") == 1 and "half\n00:00:02.000 --> 00:00:03.000\nc" in out


# 2. Header metadata


def test_the_header_line_and_metadata_survive_as_the_first_block(tmp_path: Path) -> None:
    text = (
        "WEBVTT - My film\nKind: captions\nLanguage: en\n\nSTYLE\n::cue { color: yellow }\n\n"
        "00:00:01.000 --> 00:00:02.000\nHello\n"
    )
    loaded, out = _round_trip(tmp_path, text)
    assert loaded.vtt_blocks[0] == "WEBVTT - My film\nKind: captions\nLanguage: en"
    assert out.rstrip("\n") == text.rstrip("\n")  # pysubs2 ends the file with an empty line


def test_a_header_block_is_no_style_block(tmp_path: Path) -> None:
    """A colour with no default class still gets its STYLE block when the file's only kept
    block is the header."""
    loaded, _ = _round_trip(tmp_path, "WEBVTT\nKind: captions\n\n00:00:01.000 --> 00:00:02.000\nHi\n")
    io.save(
        [Cue(1, 0, 1000, '<font color="#123456">x</font>')], tmp_path / "c.vtt", vtt_blocks=loaded.vtt_blocks
    )
    out = (tmp_path / "c.vtt").read_text(encoding="utf-8")
    assert out.startswith("WEBVTT\nKind: captions\n\nSTYLE\n::cue(.color123456) { color: #123456; }\n\n")


def test_a_plain_header_keeps_no_block_and_a_cue_glued_to_the_header_is_kept(tmp_path: Path) -> None:
    assert webvtt.prepare("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n").blocks == ()
    glued = webvtt.prepare("WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nHi\n")
    assert glued.blocks == ("WEBVTT\nKind: captions",) and len(glued.cues) == 1


# 3. Spans the editor has no markup for


def test_a_class_with_style_rules_becomes_their_markup_and_an_unknown_one_is_noted(tmp_path: Path) -> None:
    loaded, _ = _round_trip(
        tmp_path,
        "WEBVTT\n\nSTYLE\n::cue(.loud) { font-weight: bold; }\n"
        "::cue(.aside) { font-style: italic }\n\n"
        "00:00:01.000 --> 00:00:02.000\n<c.loud>Hey</c> <c.aside.yellow>psst</c> "
        "<c.mystery>odd</c>\n",
    )
    assert loaded.document.cues[0].text == '<b>Hey</b> <font color="#ffff00"><i>psst</i></font> odd'
    notes = webvtt.prepare((tmp_path / "in.vtt").read_text(encoding="utf-8")).notes
    assert any(".mystery" in n for n in notes) and not any(".loud" in n for n in notes)


def test_ruby_keeps_its_reading_in_brackets_and_says_so(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<ruby>漢字<rt>かんじ</rt></ruby>です\n\n"
        "00:00:03.000 --> 00:00:04.000\n<ruby>Tokyo<rt>east capital</rt></ruby> again\n"
    )
    loaded, _ = _round_trip(tmp_path, text)
    assert [c.text for c in loaded.document.cues] == ["漢字（かんじ）です", "Tokyo (east capital) again"]
    assert any("ruby" in n and "00:00:01.000" in n for n in webvtt.prepare(text).notes)


def test_language_spans_keep_their_text_and_say_the_language_was_dropped(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHe said <lang fr>bonjour</lang>.\n"
    loaded, _ = _round_trip(tmp_path, text)
    assert loaded.document.cues[0].text == "He said bonjour."
    assert any("<lang fr>" in n for n in webvtt.prepare(text).notes)


def test_two_voices_in_one_cue_become_dialogue_lines(tmp_path: Path) -> None:
    """Who speaks is kept as the dialogue dash each line starts with (Netflix style guides);
    the names, which SubRip and ASS cannot carry per line, are named in a note."""
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi</v>\n<v Bob>Hello\n"
    loaded, out = _round_trip(tmp_path, text)
    cue = loaded.document.cues[0]
    assert (cue.speaker, cue.text) == (None, "- Hi\n- Hello")
    assert "00:00:01.000 --> 00:00:02.000\n- Hi\n- Hello\n" in out and "<v " not in out
    assert any("Ana" in n and "Bob" in n for n in webvtt.prepare(text).notes)


def test_one_voice_stays_the_speaker_with_no_note(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi</v>\n<v Ana>again\n"
    loaded, _ = _round_trip(tmp_path, text)
    assert (loaded.document.cues[0].speaker, loaded.document.cues[0].text) == ("Ana", "Hi\nagain")
    assert webvtt.prepare(text).notes == ()


def test_a_note_names_a_few_and_counts_the_rest() -> None:
    """1,250 distinct languages once made a 16 KB warning: a note names the first five (as
    ass_style's effects note does) and counts the others."""
    langs = "".join(f"<lang x{n}>y</lang>" for n in range(1_250))
    voices = "".join(f"<v n{n}>y\n" for n in range(1_250))
    classes = "".join(f"<c.k{n}>y</c>" for n in range(1_250))
    unknown = "".join(f"<t{n}>y" for n in range(1_250))
    text = (
        f"WEBVTT\n\n00:01.000 --> 00:02.000\n{langs}\n\n00:03.000 --> 00:04.000\n{voices}\n\n"
        f"00:05.000 --> 00:06.000\n{classes}\n\n00:07.000 --> 00:08.000\n{unknown}\n"
    )
    notes = webvtt.prepare(text).notes
    assert len(notes) == 4 and all(len(n) < 300 for n in notes)
    assert "<lang x0>, <lang x1>, <lang x2>, <lang x3>, <lang x4> and 1245 more" in notes[0]
    assert all("and 1245 more" in n for n in notes)


# 4. STYLE for colours added in the editor


def test_a_colour_added_later_gets_its_rule_though_the_file_had_a_style_block(tmp_path: Path) -> None:
    loaded, _ = _round_trip(
        tmp_path,
        "WEBVTT\n\nSTYLE\n::cue(.warm) { color: #ff8800 }\n\n"
        "00:00:01.000 --> 00:00:02.000\n<c.warm>Hot</c>\n",
    )
    cues = [*loaded.document.cues, Cue(9, 3000, 4000, '<font color="#123456">new</font>')]
    io.save(cues, tmp_path / "o.vtt", vtt_blocks=loaded.vtt_blocks)
    out = (tmp_path / "o.vtt").read_text(encoding="utf-8")
    head = out.split("00:00:01.000")[0]
    assert "::cue(.warm) { color: #ff8800 }" in head
    assert (
        "::cue(.colorff8800) { color: #ff8800; }" in head
        and "::cue(.color123456) { color: #123456; }" in head
    )
    assert "<c.colorff8800>Hot</c>" in out and "<c.color123456>new</c>" in out


def test_no_rule_is_repeated_for_a_class_the_file_declares(tmp_path: Path) -> None:
    blocks = ("STYLE\n::cue(.color123456) { color: #123456 }",)
    io.save([Cue(1, 0, 1000, '<font color="#123456">x</font>')], tmp_path / "o.vtt", vtt_blocks=blocks)
    assert (tmp_path / "o.vtt").read_text(encoding="utf-8").count("::cue(") == 1


# 5. Positions


@pytest.mark.parametrize(
    ("settings", "alignment"),
    [
        ("", None),
        ("line:0", 8),
        ("line:10%", 8),
        ("line:50%", 5),
        ("line:50%,center", 5),
        ("line:-1", None),
        ("line:90%", None),
        ("align:start", 1),
        ("align:left", 1),
        ("align:end", 3),
        ("align:center", None),
        ("line:0 align:end", 9),
        ("line:50% align:start", 4),
        ("position:10%", 1),
        ("position:90% line:50%", 6),
        ("align:start position:10% line:85% size:80%", 1),
        ("line:8", 5),
        ("line:-18", 8),
    ],
)
def test_settings_give_the_numpad_position(settings: str, alignment: int | None) -> None:
    """Rows: line under 25 % top, under 75 % middle (Subtitle Edit's thresholds); a line
    number counts 5.33 % of the height each (§7.2.1's line height), negative from the bottom."""
    assert webvtt.alignment_for(settings) == alignment


@pytest.mark.parametrize("alignment", range(1, 10))
def test_every_ass_position_survives_vtt_and_back(tmp_path: Path, alignment: int) -> None:
    io.save([Cue(1, 0, 1000, "x", alignment=alignment)], tmp_path / "a.ass")
    as_vtt = tmp_path / "a.vtt"
    io.save(io.read(tmp_path / "a.ass").document, as_vtt)
    back = io.read(as_vtt).document.cues[0].alignment
    assert back == (None if alignment == 2 else alignment)
    io.save(io.read(as_vtt).document, tmp_path / "b.ass")
    text = (tmp_path / "b.ass").read_text(encoding="utf-8")
    assert (f"{{\\an{alignment}}}x" in text) == (alignment != 2)


def test_vtt_positions_survive_ass_and_back(tmp_path: Path) -> None:
    _, ass = _round_trip(
        tmp_path,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 line:50% align:start\nmid\n\n"
        "00:00:03.000 --> 00:00:04.000 line:0 align:end\ntop\n",
        fmt="ass",
    )
    assert "{\\an4}mid" in ass and "{\\an9}top" in ass
    loaded = io.read(tmp_path / "out.ass")
    assert [c.alignment for c in loaded.document.cues] == [4, 9]
    io.save(loaded.document, tmp_path / "back.vtt")
    again = io.read(tmp_path / "back.vtt")
    assert [c.alignment for c in again.document.cues] == [4, 9]


def test_a_position_changed_in_the_editor_replaces_the_files_but_keeps_its_other_settings() -> None:
    assert (
        webvtt.settings_for(1, "align:start position:10% line:85% size:80%")
        == "align:start position:10% line:85% size:80%"
    )
    assert webvtt.settings_for(8, "line:85% size:80% region:r1") == "size:80% region:r1 line:0"
    assert webvtt.settings_for(None, "line:0 size:50%") == "size:50%"


def test_what_a_vtt_file_lost_reaches_the_user(tmp_path: Path) -> None:
    loaded, _ = _round_trip(
        tmp_path, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi</v>\n<v Bob>Hello\n"
    )
    assert any("Ana" in w and "Bob" in w for w in loaded.warnings)
