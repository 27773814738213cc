"""File formats: round trips through every writable format, real-world oddities on import,
encoding detection, atomic no-clobber writes and karaoke tags."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.io import (
    FORMATS,
    SubtitleFileError,
    detect_encoding,
    load,
    read,
    resolve_overlaps,
    save,
)
from engine.subtitles.markup import plain_text

WRITABLE = sorted(name for name, f in FORMATS.items() if f.can_save)
FPS = 25.0
# No runs of spaces: TTML is XML, which collapses them (found by hypothesis: "?  ?" came back "? ?").
LINE = (
    st.text(alphabet="abcXYZ éü你好世界日本語です！，?.'-", min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda s: bool(s) and not s.isdigit() and not s.startswith("-") and "  " not in s)
)


@st.composite
def cue_lists(draw: st.DrawFn) -> list[Cue]:
    cues, t = [], draw(st.integers(0, 3_600_000))
    for i in range(draw(st.integers(1, 6))):
        t += draw(st.integers(0, 5000))
        length = draw(st.integers(200, 8000))
        text = "\n".join(draw(st.lists(LINE, min_size=1, max_size=2)))
        cues.append(Cue(i + 1, t, t + length, text))
        t += length
    return cues


def precision(fmt: str) -> float:
    info = FORMATS[fmt]
    return 1000 / FPS if info.frame_based else info.precision_ms


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cues=cue_lists(), fmt=st.sampled_from(WRITABLE))
def test_every_format_round_trips_text_and_times(tmp_path: Path, cues: list[Cue], fmt: str) -> None:
    path = tmp_path / f"rt{FORMATS[fmt].extension}"
    save(cues, path, fmt, frame_rate=FPS, overwrite=True)
    loaded = read(path, frame_rate=FPS if FORMATS[fmt].frame_based else None)
    assert loaded.format == fmt
    back = loaded.document.cues
    assert [c.text for c in back] == [c.text for c in cues]
    tol = precision(fmt)
    for a, b in zip(cues, back):
        assert abs(a.start_ms - b.start_ms) <= tol and abs(a.end_ms - b.end_ms) <= tol


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


SRT = "1\n00:00:01,000 --> 00:00:02,500\n你好，世界\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\n日本語のテキスト\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "big5", "gb18030"])
def test_detects_encodings(tmp_path: Path, encoding: str) -> None:
    text = (
        SRT
        if encoding not in ("big5", "gb18030")
        else SRT.replace("日本語のテキスト", "今天的天氣很好，我們去公園散步吧")
    )
    if encoding == "big5":
        text = text.replace("你好，世界", "謝謝你們的幫忙，這個節目")
    else:
        text = text.replace("你好，世界", "谢谢你们的帮忙，这个节目")
    data = text.encode(encoding)
    doc = load(write(tmp_path, "x.srt", data))
    assert [c.text for c in doc.cues] == [
        line.strip() for line in ("\n".join(text.split("\n")[2:4]), text.split("\n")[7])
    ]


def test_detect_encoding_prefers_boms_and_utf8() -> None:
    assert detect_encoding("abc".encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding("abc".encode("utf-16")) == "utf-16"
    assert detect_encoding("naïve".encode()) == "utf-8"


def test_crlf_bom_and_missing_final_blank_line(tmp_path: Path) -> None:
    data = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nOne\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo\r\nlines".encode()
    doc = load(write(tmp_path, "crlf.srt", data))
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (1000, 2000, "One"),
        (3000, 4000, "Two\nlines"),
    ]


def test_overlapping_cues_become_valid_without_losing_text(tmp_path: Path) -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:04,000\nstaggered first\n\n"
        b"2\n00:00:03,000 --> 00:00:05,000\nstaggered second\n\n"
        b"3\n00:00:06,000 --> 00:00:09,000\nsign\n\n"
        b"4\n00:00:07,000 --> 00:00:08,000\ninside\n\n"
        b"5\n00:00:10,000 --> 00:00:11,000\nsame start A\n\n"
        b"6\n00:00:10,000 --> 00:00:12,000\nsame start B\n"
    )
    doc = load(write(tmp_path, "overlap.srt", data))
    assert [(c.start_ms, c.end_ms, c.text) for c in doc.cues] == [
        (1000, 3000, "staggered first"),
        (3000, 5000, "staggered second"),
        (6000, 9000, "sign\ninside"),
        (10000, 12000, "same start A\nsame start B"),
    ]


def test_resolve_overlaps_keeps_words() -> None:
    w = (Word(0, 10, " a", 1.0),)
    (cue,) = resolve_overlaps([Cue(1, 0, 100, "a", w), Cue(2, 0, 50, "b", w)])
    assert cue.text == "a\nb" and len(cue.words) == 2


ASS = r"""[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.50,Default,Bob,0,0,0,,{\an8}{\i1}Hello{\i0}\Nthere\hfriend
Comment: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,not a subtitle
Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,{\k20}カ{\k30}ラオケ
"""


def test_ass_override_tags_become_canonical_markup(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "tags.ass", ASS.encode()))
    assert [(c.text, c.speaker, c.alignment) for c in doc.cues] == [
        ("<i>Hello</i>\nthere\u00a0friend", "Bob", 8),
        ("カラオケ", None, None),
    ]


def test_srt_keeps_literal_braces_and_angle_brackets_and_styling(
    tmp_path: Path,
) -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>a < b</i> {aside}\n"
    cue = load(write(tmp_path, "x.srt", data)).cues[0]
    assert (cue.text, cue.alignment) == ("<i>a < b</i> {aside}", 8)
    assert plain_text(cue.text) == "a < b {aside}"


def test_microdvd_needs_a_frame_rate(tmp_path: Path) -> None:
    path = write(tmp_path, "x.sub", b"{25}{50}Hello|world\n")
    with pytest.raises(ValueError, match="frame rate"):
        load(path)
    (cue,) = load(path, frame_rate=25.0).cues
    assert (cue.start_ms, cue.end_ms, cue.text) == (1000, 2000, "Hello\nworld")
    declared = write(tmp_path, "d.sub", b"{1}{1}23.976\n{24}{48}Hi\n")
    loaded = read(declared)
    assert loaded.frame_rate == pytest.approx(23.976) and len(loaded.document) == 1


def test_save_never_replaces_silently_and_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "out.srt"
    save([Cue(1, 0, 1000, "first")], path)
    with pytest.raises(FileExistsError, match="already exists"):
        save([Cue(1, 0, 1000, "second")], path)
    assert "first" in path.read_text()
    save([Cue(1, 0, 1000, "second")], path, overwrite=True)
    assert "second" in path.read_text()
    assert sorted(os.listdir(tmp_path)) == ["out.srt"]  # no temporary file left behind


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "out.srt"
    path.write_text("old")
    with pytest.raises(SubtitleFileError, match=r"cue 1 \(0:00:00.000\).*ascii"):
        save([Cue(1, 0, 1000, "你好")], path, overwrite=True, encoding="ascii")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["out.srt"]


def test_save_rejects_bad_requests(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown subtitle format"):
        save([], tmp_path / "x.doc")
    with pytest.raises(ValueError, match="karaoke"):
        save([], tmp_path / "x.srt", karaoke=True)
    with pytest.raises(ValueError, match="frame rate"):
        save([], tmp_path / "x.sub")


def test_ass_export_with_karaoke(tmp_path: Path) -> None:
    words = (
        Word(1200, 1500, " Hello", 1),
        Word(1600, 2000, " world", 1),
        Word(2100, 2600, " again", 1),
    )
    cues = [
        Cue(1, 1000, 3000, "Hello world\nagain", words, "Ann"),
        Cue(2, 4000, 5000, "rewritten", words),
    ]
    path = tmp_path / "k.ass"
    save(cues, path, karaoke=True)
    text = path.read_text()
    assert r"{\k20}{\k40}Hello {\k50}world\N{\k90}again" in text
    assert ",Ann," in text and r"{\k" not in text.splitlines()[-1]  # misaligned words: plain text
    assert [c.text for c in load(path).cues] == ["Hello world\nagain", "rewritten"]


def test_tags_on_lines_of_their_own_keep_their_style(tmp_path: Path) -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\n<i>\nOne\n\nTwo\n</i>\n"
    assert load(write(tmp_path, "x.srt", data)).cues[0].text == "<i>One\nTwo</i>"


def test_webvtt_character_references_are_text_both_ways(tmp_path: Path) -> None:
    """W3C WebVTT §4.2.2: & < > are written &amp; &lt; &gt; in a cue; read back they are text."""
    source = tmp_path / "in.vtt"
    source.write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nTom &amp; Jerry &lt;3 &gt;&gt; caf&#233;\n", encoding="utf-8"
    )
    (cue,) = read(source).document.cues
    assert cue.text == "Tom & Jerry <3 >> café"
    target = tmp_path / "out.vtt"
    save([dataclasses.replace(cue, text="a < b & <i>c</i> > d")], target)
    written = target.read_text(encoding="utf-8")
    assert "a &lt; b &amp; <i>c</i> &gt; d" in written
    (back,) = read(target).document.cues
    assert back.text == "a < b & <i>c</i> > d"


def test_webvtt_cues_the_loose_ways_the_specification_allows(tmp_path: Path) -> None:
    """W3C WebVTT parsing: a timing line makes a cue whatever its identifier (``NOTE 1``), the
    arrow may have no spaces, and only an empty line ends a cue (a line of spaces does not)."""
    source = tmp_path / "loose.vtt"
    source.write_text(
        "WEBVTT\n\nNOTE a real note\n\nNOTE 1\n00:01.000 --> 00:02.000\nId like a note\n\n"
        "00:03.000-->00:04.000\nNo spaces\n\n00:05.000 --> 00:06.000\nFirst line\n   \nafter spaces\n",
        encoding="utf-8",
    )
    cues = read(source).document.cues
    assert [(c.start_ms, c.text) for c in cues] == [
        (1000, "Id like a note"),
        (3000, "No spaces"),
        (5000, "First line\nafter spaces"),
    ]


def test_overlapping_cues_are_kept_as_read_and_the_editor_change_is_reported(tmp_path: Path) -> None:
    src = tmp_path / "overlaps.srt"
    src.write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nSign: EXIT\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nHello there\n\n"
        "3\n00:00:05,000 --> 00:00:07,000\nFirst\n\n"
        "4\n00:00:06,000 --> 00:00:08,000\nSecond\n",
        encoding="utf-8",
    )
    loaded = read(src)
    assert [(c.id, c.start_ms, c.end_ms, c.text) for c in loaded.cues] == [
        (1, 1000, 4000, "Sign: EXIT"),
        (2, 2000, 3000, "Hello there"),
        (3, 5000, 7000, "First"),
        (4, 6000, 8000, "Second"),
    ]
    assert [(c.start_ms, c.end_ms) for c in loaded.document] == [(1000, 4000), (5000, 6000), (6000, 8000)]
    (note,) = [w for w in loaded.warnings if "overlapping" in w]
    assert "1 starting with or inside another was merged" in note
    assert "1 now ends where the next one starts" in note
    assert "first at 0:00:02.000" in note


def test_a_file_without_overlaps_has_no_overlap_warning(tmp_path: Path) -> None:
    src = tmp_path / "clean.srt"
    src.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:02,000 --> 00:00:03,000\nB\n", encoding="utf-8"
    )
    loaded = read(src)
    assert loaded.warnings == ()
    assert [(c.start_ms, c.end_ms) for c in loaded.cues] == [(c.start_ms, c.end_ms) for c in loaded.document]


def test_an_encoding_that_cannot_be_told_says_how_to_choose_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.subtitles.io

    def unsure(data: bytes) -> None:
        raise ValueError("cannot tell the text encoding of this file")

    monkeypatch.setattr(engine.subtitles.io, "guess_encoding", unsure)
    path = tmp_path / "in.srt"
    path.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nhello\n")
    with pytest.raises(SubtitleFileError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith("in.srt: cannot tell the text encoding of this file")
    assert (
        "choose its encoding: --encoding on the command line, or the encoding question in the window"
        in message
    )
    assert "ValueError" not in message
    assert [c.text for c in read(path, encoding="utf-8").cues] == ["hello"]  # choosing one reads it
