"""Import repairs around pysubs2 found by user test 12: SAMI ends, SubRip's last number and
truncated tail, cues that end before they start, TTML tick and frame times, damaged ASS
lines, binary files, and the wording of import and export refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.io import SubtitleFileError, read, save


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _timed(path: Path) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in read(path).cues]


# --- SAMI (#1) ---------------------------------------------------------------------------

GAP_SMI = (
    "<SAMI><BODY>\n"
    "<SYNC Start=1000><P Class=ENCC>Hi.\n"
    "<SYNC Start=5000><P Class=ENCC>&nbsp;\n"
    "<SYNC Start=6000><P Class=ENCC>A much longer line of dialogue that stays up a while.\n"
    "<SYNC Start=12000><P Class=ENCC>&nbsp;\n"
    "</BODY></SAMI>\n"
)


def test_sami_cues_end_at_the_next_sync_not_at_pysubs2s_reading_speed_guess(tmp_path: Path) -> None:
    # pysubs2 1.8 guesses each end as start + 500 ms + 67 ms a character (1.000-1.701 here).
    loaded = read(_write(tmp_path, "gap.smi", GAP_SMI))
    assert [(c.start_ms, c.end_ms, c.text) for c in loaded.cues] == [
        (1000, 5000, "Hi."),
        (6000, 12000, "A much longer line of dialogue that stays up a while."),
    ]
    assert loaded.warnings == ()  # an &nbsp; SYNC is the end of a cue, not an empty cue


def test_sami_text_followed_by_text_ends_where_the_next_begins(tmp_path: Path) -> None:
    text = (
        "<SAMI><BODY>\n<SYNC Start=1000><P>One\n<SYNC Start=2500><P>Two\n"
        "<SYNC Start=9000><P>&nbsp;\n</BODY></SAMI>\n"
    )
    assert _timed(_write(tmp_path, "two.smi", text)) == [(1000, 2500, "One"), (2500, 9000, "Two")]


# --- SubRip: the last cue's final number (#4) and a truncated tail (#5) ---------------------


def test_a_number_on_the_last_line_of_the_last_cue_is_kept(tmp_path: Path) -> None:
    src = _write(tmp_path, "n.srt", "1\n00:00:01,000 --> 00:00:02,000\nCountdown:\n3\n")
    loaded = read(src)
    assert [c.text for c in loaded.cues] == ["Countdown:\n3"]
    assert loaded.warnings == ()


def test_a_final_number_is_kept_after_a_bom_and_crlf(tmp_path: Path) -> None:
    text = (
        "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nBOM first\r\n\r\n"
        "2\r\n00:00:05,000 --> 00:00:06,000\r\n1984\r\n\r\n"
        "3\r\n00:00:07,000 --> 00:00:08,000\r\nNumber line next:\r\n42\r\n"
    )
    src = _write(tmp_path, "bom.srt", text.encode("utf-8"))
    assert [c.text for c in read(src).cues] == ["BOM first", "1984", "Number line next:\n42"]


def test_a_truncated_subrip_tail_is_left_out_and_reported(tmp_path: Path) -> None:
    src = _write(tmp_path, "trunc2.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:0")
    loaded = read(src)
    assert [c.text for c in loaded.cues] == ["Hello"]
    (note,) = loaded.warnings
    assert note.startswith("the file ends inside a cue at line 5 (after the cue at 0:00:01.000)")
    assert "the damaged lines were left out" in note


def test_a_file_ending_after_a_cue_number_is_reported(tmp_path: Path) -> None:
    src = _write(tmp_path, "trunc.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n")
    loaded = read(src)
    assert [c.text for c in loaded.cues] == ["Hello"]
    assert any(w.startswith("the file ends inside a cue at line 5") for w in loaded.warnings)


# --- end before start (#3) ---------------------------------------------------------------


def test_a_cue_ending_before_it_starts_is_reported_with_its_time(tmp_path: Path) -> None:
    src = _write(
        tmp_path,
        "back.srt",
        "1\n00:00:01,000 --> 00:00:02,000\nFine\n\n"
        "2\n00:00:11,000 --> 00:00:10,500\nEnds before it starts\n\n"
        "3\n00:00:20,000 --> 00:00:19,000\nAlso backwards\n",
    )
    loaded = read(src)
    assert [(c.start_ms, c.end_ms) for c in loaded.cues][1] == (11000, 11001)
    (note,) = [w for w in loaded.warnings if "before" in w]
    assert note.startswith("2 cues end before they start (the first at 0:00:11.000)")
    assert "check" in note


# --- TTML tick and frame times (#14) ------------------------------------------------------

_TT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
    'xmlns:ttp="http://www.w3.org/ns/ttml#parameter" {params}><body><div>\n{ps}\n</div></body></tt>\n'
)


def _ttml(params: str, *ps: tuple[str, str, str]) -> str:
    return _TT.format(params=params, ps="\n".join(f'<p begin="{b}" end="{e}">{t}</p>' for b, e, t in ps))


def test_ttml_tick_times_are_read_with_the_files_tick_rate(tmp_path: Path) -> None:
    text = _ttml(
        'ttp:tickRate="10000000"', ("10000000t", "30000000t", "Bonjour"), ("7s", "8.5s", "Seconds offset")
    )
    assert _timed(_write(tmp_path, "n.ttml", text)) == [
        (1000, 3000, "Bonjour"),
        (7000, 8500, "Seconds offset"),
    ]


def test_ttml_frame_timecodes_use_the_frame_rate_and_its_multiplier(tmp_path: Path) -> None:
    text = _ttml(
        'ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"',
        ("00:00:09:12", "00:00:10:00", "Frames"),
        ("300f", "330f", "Offset frames"),
    )
    rate = 30 * 1000 / 1001
    assert _timed(_write(tmp_path, "f.ttml", text)) == [
        (round((9 + 12 / rate) * 1000), 10000, "Frames"),
        (round(300 / rate * 1000), round(330 / rate * 1000), "Offset frames"),
    ]


def test_ttml_frame_timecodes_default_to_30_fps_and_ticks_to_1_a_second(tmp_path: Path) -> None:
    text = _ttml("", ("00:00:01:15", "00:00:02:00", "Half"), ("3t", "4t", "Ticks"))
    assert _timed(_write(tmp_path, "d.ttml", text)) == [(1500, 2000, "Half"), (3000, 4000, "Ticks")]


NETFLIX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" '
    'xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:tickRate="10000000" xml:lang="fr">\n'
    '<head><styling><style xml:id="s1" tts:fontStyle="italic"/></styling></head>\n'
    "<body><div>\n"
    '<p begin="10000000t" end="30000000t">Bonjour<br/>tout le monde.</p>\n'
    '<p begin="40000000t" end="60000000t"><span style="s1">En italique</span> et normal.</p>\n'
    '<p begin="7s" end="8.5s">Seconds offset</p>\n'
    '<p begin="00:00:09:12" end="00:00:10:00">Frames timecode</p>\n'
    "</div></body></tt>\n"
)


def test_netflix_style_ttml_is_read_whole(tmp_path: Path) -> None:
    times = [(s, e) for s, e, _ in _timed(_write(tmp_path, "netflix.ttml", NETFLIX))]
    assert times == [(1000, 3000), (4000, 6000), (7000, 8500), (9400, 10000)]


# --- damaged ASS lines (#14) --------------------------------------------------------------


def test_ass_dialogue_lines_with_unreadable_times_are_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    text = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n"
        "Dialogue: 0,0:00:03.00,0:0x,Default,,0,0,0,,Broken\n"
        "Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,Last\n"
        "Dialogue: 0,0:00:03.00,0:0"
    )
    loaded = read(_write(tmp_path, "trunc.ass", text))
    assert [c.text for c in loaded.cues] == ["Hi", "Last"]
    (note,) = [w for w in loaded.warnings if "Dialogue" in w]
    assert note.startswith("2 Dialogue lines have times that cannot be read (the first on line 7)")


def test_ass_events_follow_the_files_format_line(tmp_path: Path) -> None:
    # trunc.ass of the user test: pysubs2 put "Hi" in the Name field and failed on line 7.
    text = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Default,Hi, there\nDialogue: 0,0:00:03.00,0:0"
    )
    loaded = read(_write(tmp_path, "trunc.ass", text))
    assert [(c.start_ms, c.end_ms, c.text) for c in loaded.cues] == [(1000, 2000, "Hi, there")]
    assert loaded.warnings[0].startswith(
        "1 Dialogue line has times that cannot be read (the first on line 7)"
    )


# --- binary and empty files (#12) ---------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02garbage",
        bytes(range(256)) * 8,
        b"1\n00:00:01,000 --> 00:00:02,000\n" + bytes(range(32)) * 4,
    ],
)
def test_a_file_of_binary_data_is_refused_before_any_encoding_guess(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(
        SubtitleFileError, match=r"^junk\.srt is not a subtitle file \(it holds binary data\)"
    ):
        read(_write(tmp_path, "junk.srt", data))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_not_binary(tmp_path: Path, codec: str) -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n日本語のテキスト é\n"
    src = _write(tmp_path, "u.vtt", text.encode(codec))
    assert [c.text for c in read(src, encoding=codec).cues] == ["日本語のテキスト é"]
    read(src)  # no error: detection may differ, but it is text


def test_an_empty_file_reads_as_no_cues_with_a_message_callers_can_show(tmp_path: Path) -> None:
    loaded = read(_write(tmp_path, "empty.srt", b""))
    assert loaded.cues == ()
    assert (
        loaded.empty_message
        == "empty.srt holds no cue with text (0 bytes): it is empty or not a subtitle file"
    )
    full = read(_write(tmp_path, "full.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n"))
    assert full.empty_message == ""


# --- wording (#16, #17) -------------------------------------------------------------------


def test_an_encoding_that_does_not_fit_says_how_to_choose_another(tmp_path: Path) -> None:
    src = _write(tmp_path, "x.srt", "1\n00:00:01,000 --> 00:00:02,000\ntrès\n".encode("cp1252"))
    with pytest.raises(SubtitleFileError) as e:
        read(src, encoding="utf-8")
    assert str(e.value).startswith("x.srt is not valid utf-8: invalid continuation byte at byte 34")
    assert (
        "choose its encoding: --encoding on the command line, or the encoding question in the window"
        in str(e.value)
    )


def test_the_overlap_note_reads_well_on_the_command_line_and_in_the_window(tmp_path: Path) -> None:
    src = _write(
        tmp_path, "o.srt", "1\n00:00:01,000 --> 00:00:04,000\nA\n\n2\n00:00:02,000 --> 00:00:05,000\nB\n"
    )
    (note,) = read(src).warnings
    assert note.startswith("the file has overlapping cues, kept apart for editing: ")
    assert note.endswith(
        "(first at 0:00:02.000). Exports are written as kept apart; the file itself is unchanged "
        "(convert without --fix keeps the overlaps)."
    )
    assert "the editor keeps" not in note


# --- WebVTT is UTF-8 (#11) ----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-16", "cp1252"])
def test_webvtt_is_written_only_in_utf8(tmp_path: Path, encoding: str) -> None:
    target = tmp_path / "x.vtt"
    with pytest.raises(SubtitleFileError, match="WebVTT files are UTF-8 .the WebVTT spec"):
        save([Cue(1, 0, 1000, "hi")], target, encoding=encoding)
    assert not target.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf-8-sig"])
def test_webvtt_in_utf8_with_or_without_bom_is_written(tmp_path: Path, encoding: str) -> None:
    target = tmp_path / "x.vtt"
    save([Cue(1, 0, 1000, "hi")], target, encoding=encoding)
    data = target.read_bytes()
    assert data.lstrip(codecs.BOM_UTF8).startswith(b"WEBVTT")


# --- ASS styles the editor does not keep (#7, note from ass_style) --------------------------


def test_reading_an_ass_file_with_its_own_styles_says_they_are_not_kept(tmp_path: Path) -> None:
    from engine.subtitles.ass_style import STYLES_NOTE

    text = (
        "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
        "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
        "Alignment, MarginL, MarginR, MarginV, Encoding\n"
        "Style: Default,Verdana,48,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,"
        "2,10,10,10,1\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n"
    )
    assert STYLES_NOTE in read(_write(tmp_path, "styled.ass", text)).warnings
    plain = tmp_path / "own.ass"
    save([Cue(1, 1000, 2000, "Hi")], plain)
    assert STYLES_NOTE not in read(plain).warnings


def test_microdvd_line_codes_hold_to_the_end_of_their_line(tmp_path: Path) -> None:
    # pysubs2 turns {y:i} into {\i1} for the rest of the cue and drops {y:s}.
    path = tmp_path / "codes.sub"
    path.write_text(
        "{1}{1}25\n{0}{25}{y:i}one|two\n{50}{75}{y:b}x|{y:i}y\n{100}{125}{y:s}gone\n", encoding="utf-8"
    )
    assert [c.text for c in read(path).document] == ["<i>one</i>\ntwo", "<b>x</b>\n<i>y</i>", "<s>gone</s>"]


def test_microdvd_styling_over_whole_lines_survives_a_round_trip(tmp_path: Path) -> None:
    cues = [
        Cue(1, 0, 1000, "<i>line one</i>\nline two"),
        Cue(2, 2000, 3000, '<font color="#ff0000">red</font>\nx'),
        Cue(3, 4000, 5000, "<b>x</b>\n<i>y</i>"),
        Cue(4, 6000, 7000, "<i>all</i>"),
    ]
    path = tmp_path / "round.sub"
    save(cues, path, frame_rate=25)
    assert [c.text for c in read(path).document] == [c.text for c in cues]


def test_ttml_and_sami_styling_the_reader_dropped_is_read(tmp_path: Path) -> None:
    ttml = _write(
        tmp_path,
        "s.ttml",
        '<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml" '
        'xmlns:tts="http://www.w3.org/ns/ttml#styling"><head><styling><style xml:id="i" '
        'tts:fontStyle="italic"/></styling></head><body><div><p begin="00:00:01.000" '
        'end="00:00:02.000" style="i">Hello</p></div></body></tt>',
    )
    assert [c.text for c in read(ttml).cues] == ["<i>Hello</i>"]  # read now (user test 7)
    assert read(ttml).warnings == ()
    sami = _write(
        tmp_path,
        "s.smi",
        '<SAMI><BODY><SYNC Start=1000><P Class=ENCC><font color="#ff0000">Red</font>'
        "<SYNC Start=2000><P Class=ENCC>&nbsp;</BODY></SAMI>",
    )
    assert read(sami).cues[0].text == '<font color="#ff0000">Red</font>'  # read now (user test 7)
    assert read(sami).warnings == ()
    plain = _write(
        tmp_path,
        "p.smi",
        "<SAMI><BODY><SYNC Start=1000><P Class=ENCC>Plain<SYNC Start=2000><P Class=ENCC>&nbsp;</BODY></SAMI>",
    )
    assert read(plain).warnings == ()


def test_ass_soft_breaks_are_spaces_and_hard_spaces_stay_hard(tmp_path: Path) -> None:
    ass = _write(
        tmp_path,
        "s.ass",
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, "
        "Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a hard\\Nbreak, a soft\\nbreak and\\hspace\n",
    )
    (cue,) = read(ass).document
    assert cue.text == "a hard\nbreak, a soft break and\u00a0space"


def test_a_repeated_vtt_cue_id_and_an_undefined_ass_style_are_said(tmp_path: Path) -> None:
    vtt = _write(
        tmp_path,
        "d.vtt",
        "WEBVTT\n\nintro\n00:01.000 --> 00:02.000\nA\n\nintro\n00:03.000 --> 00:04.000\nB\n",
    )
    assert any("used more than once (intro)" in w for w in read(vtt).warnings)
    ass = _write(
        tmp_path,
        "n.ass",
        "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, "
        "Fontsize\nStyle: Default,Arial,20\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, "
        "MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Nosuch,,0,0,0,,hi\n"
        "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,ok\n",
    )
    (note,) = [w for w in read(ass).warnings if "does not define" in w]
    assert "(Nosuch)" in note and "first at 0:00:01.000" in note
