"""The subtitle files of ../shared/cases/subs (README.md there, section subs/), each with the
value a professional expects, through import, editing and export."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.io import SubtitleFileError, read, save
from engine.subtitles.markup import plain_text
from engine.subtitles.presets import PRESETS
from engine.subtitles.quality import cps

REPO = Path(__file__).resolve().parents[3]
CASES = REPO.parent / "shared" / "cases" / "subs"
pytestmark = pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases/subs is not here")


def test_vtt_notes_styles_regions_voice_and_inline_times() -> None:
    loaded = read(CASES / "notes_and_inline_times.vtt")
    cues = loaded.document.cues
    assert [plain_text(c.text) for c in cues] == [
        "Welcome back to the workshop.",
        "Today we glue the frame.",
        "First, sand the edges.",
        "Then clamp it overnight.",
    ]
    assert cues[0].speaker == "Ana"
    assert (cues[2].start_ms, cues[2].end_ms) == (6500, 9000)
    assert [(w.text, w.start_ms) for w in cues[2].words][:2] == [("First,", 6500), ("sand", 7000)]
    assert not any("NOTE" in c.text or "editor" in c.text for c in cues)
    assert loaded.warnings[-1] == "the cue at 0:00:09.500 has no text; it was left out"
    assert "2 NOTE comments were not imported" in loaded.warnings  # said since usertest12 #8
    # STYLE's .loud class is yellow
    assert cues[1].text == '<font color="#ffff00">Today we glue the frame.</font>'


def test_vtt_cue_settings_regions_and_voice_survive_a_round_trip(tmp_path: Path) -> None:
    loaded = read(CASES / "notes_and_inline_times.vtt")
    out = tmp_path / "out.vtt"
    save(loaded.document, out, vtt_blocks=loaded.vtt_blocks)
    text = out.read_text()
    assert "00:00:01.000 --> 00:00:03.000 align:start position:10% line:85% size:80%" in text
    assert "00:00:03.500 --> 00:00:06.000 region:upper" in text
    assert "00:00:10.500 --> 00:00:12.000 vertical:rl" in text
    assert "REGION\nid:upper" in text and "<v Ana>Welcome" in text
    again = read(out).document.cues
    assert [(c.text, c.speaker, c.vtt_settings) for c in again] == [
        (c.text, c.speaker, c.vtt_settings) for c in loaded.document.cues
    ]


def test_srt_hours_past_99_are_read_as_written() -> None:
    cues = read(CASES / "past_10_hours.srt").document.cues
    h = 3_600_000
    assert [(c.start_ms, c.end_ms) for c in cues] == [
        (9 * h + 59 * 60_000 + 58_000, 9 * h + 59 * 60_000 + 59_900),
        (10 * h + 5_500, 10 * h + 8_000),
        (12 * h + 34 * 60_000 + 56_780, 12 * h + 34 * 60_000 + 59_000),
        (100 * h + 1_000, 100 * h + 3_000),
    ]
    assert cues[-1].text == "A marathon archive past one hundred hours."


@pytest.mark.parametrize("fmt", ["ass", "ssa"])
def test_ass_export_past_ten_hours_refuses_naming_the_cue(tmp_path: Path, fmt: str) -> None:
    doc = read(CASES / "past_10_hours.srt").document
    out = tmp_path / f"out.{fmt}"
    with pytest.raises(SubtitleFileError, match=r"cue 2 \(10:00:05.500\).*SubRip"):
        save(doc, out)
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_srt_and_vtt_write_past_99_hours_exactly(tmp_path: Path, fmt: str) -> None:
    doc = read(CASES / "past_10_hours.srt").document
    save(doc, tmp_path / f"out.{fmt}")
    assert [(c.start_ms, c.end_ms) for c in read(tmp_path / f"out.{fmt}").document] == [
        (c.start_ms, c.end_ms) for c in doc
    ]


def test_big5_is_read_as_big5_with_alternatives_to_choose_from() -> None:
    loaded = read(CASES / "big5_two_cues.srt")
    assert [c.text for c in loaded.document] == ["第一句：我們開始吧。", "第三句結束。"]
    assert loaded.encoding == "big5"
    assert loaded.encoding_guess is not None and loaded.encoding_guess.language == "Chinese"
    assert loaded.encoding_guess.preview == "第一句：我們開始吧。 第三句結束。"
    others = {a.encoding: a.preview for a in loaded.encoding_guess.alternatives}
    assert "gb18030" in others and others["gb18030"] != "第一句：我們開始吧。 第三句結束。"


def test_explicit_encoding_overrides_detection(tmp_path: Path) -> None:
    loaded = read(CASES / "big5_two_cues.srt", encoding="gb18030")
    assert loaded.encoding == "gb18030" and loaded.encoding_guess is None
    assert loaded.document.cues[0].text != "第一句：我們開始吧。"


def test_big5_export_round_trip_and_a_character_big5_cannot_hold(tmp_path: Path) -> None:
    doc = read(CASES / "big5_two_cues.srt").document
    save(doc, tmp_path / "out.srt", encoding="big5", line_ending="\r\n")
    raw = (tmp_path / "out.srt").read_bytes()
    assert raw == (CASES / "big5_two_cues.srt").read_bytes().rstrip(b"\r\n") + b"\r\n\r\n"
    doc.set_text(doc.cues[1].id, "第三句结束。")  # 结 is Simplified: not in Big5
    with pytest.raises(SubtitleFileError, match=r"cue 2 \(0:00:04.000\).*'结'.*big5"):
        save(doc, tmp_path / "out.srt", encoding="big5", overwrite=True)


ITALICS = [
    ("<i>Previously, on the show:</i>", 8),
    ("She said <b>never</b> again.", None),
    ('<font color="#ffff00">[door slams]</font>', None),
]


def test_styling_and_position_are_read() -> None:
    cues = read(CASES / "italics_and_position.srt").document.cues
    assert [(c.text, c.alignment) for c in cues] == ITALICS
    # Reading speed counts what the viewer reads, not the tags.
    preset = next(iter(PRESETS.values()))
    assert cps(cues[1], preset) == pytest.approx(len("She said never again.") * 1000 / 2000)


@pytest.mark.parametrize("fmt", ["srt", "ass", "vtt", "ssa"])
def test_styling_and_position_survive_export(tmp_path: Path, fmt: str) -> None:
    doc = read(CASES / "italics_and_position.srt").document
    save(doc, tmp_path / f"out.{fmt}")
    again = read(tmp_path / f"out.{fmt}").document.cues
    assert [(c.text, c.alignment) for c in again] == ITALICS


def test_styling_in_the_files_each_format_writes(tmp_path: Path) -> None:
    doc = read(CASES / "italics_and_position.srt").document
    for fmt in ("srt", "ass", "vtt"):
        save(doc, tmp_path / f"out.{fmt}")
    assert "{\\an8}<i>Previously, on the show:</i>" in (tmp_path / "out.srt").read_text()
    ass = (tmp_path / "out.ass").read_text()
    assert "{\\an8}{\\i1}Previously, on the show:{\\i0}" in ass and "{\\c&H00FFFF&}" in ass
    vtt = (tmp_path / "out.vtt").read_text()
    assert "line:0\n<i>Previously" in vtt and "<c.yellow>[door slams]</c>" in vtt


def test_styling_survives_split_and_merge() -> None:
    doc = Document(read(CASES / "italics_and_position.srt").document.cues)
    first = doc.cues[0]
    edit = doc.split(first.id, first.text.index("on the"))
    left, right = edit.added
    assert (left.text, right.text) == ("<i>Previously,</i>", "<i>on the show:</i>")
    assert left.alignment == right.alignment == 8
    doc.merge([left.id, right.id])
    assert doc.cues[0].text == "<i>Previously,</i>\n<i>on the show:</i>"
    assert doc.cues[0].alignment == 8


@pytest.mark.parametrize("fmt", ["ass", "ssa"])
def test_an_end_that_rounds_to_ten_hours_is_refused_not_clamped(tmp_path: Path, fmt: str) -> None:
    """ASS stores centiseconds: 9:59:59.995 would round to 10:00:00.00, which it cannot hold."""
    cues = [Cue(1, 35_990_000, 35_999_995, "last line")]
    with pytest.raises(SubtitleFileError, match=r"cue 1 .* ends at 9:59:59\.995, past what"):
        save(cues, tmp_path / f"out.{fmt}")
    save([Cue(1, 35_990_000, 35_999_994, "last line")], tmp_path / f"ok.{fmt}")


def test_a_cue_starting_past_ass_s_limit_is_named_as_starting_there(tmp_path: Path) -> None:
    """User test 7: a cue at 11:59:58 was said to 'end' past the limit; it starts past it."""
    cue = Cue(1, 43_198_000, 43_199_500, "late")
    with pytest.raises(SubtitleFileError, match=r"cue 1 \(11:59:58\.000\) starts past what Advanced"):
        save([cue], tmp_path / "late.ass")
