"""What an export cannot hold, said before writing (usertest12 #9).

Each format's row in :mod:`engine.subtitles.losses` is checked against what pysubs2's writer
really keeps: the cue is written with :func:`engine.subtitles.io.save` and the file read back
(or, for TTML, whose pysubs2 reader drops spans the writer wrote, looked at as text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.io import read, save, writable_formats
from engine.subtitles.losses import export_losses

COLOUR = Cue(1, 5000, 6000, 'a <font color="#ffff00">sign</font> b')
TOP = Cue(2, 7000, 8000, "top", alignment=8)
ITALIC_INSIDE = Cue(3, 9000, 10000, "a <i>word</i> b")
ITALIC_WHOLE = Cue(4, 11000, 12000, "<i>all of it</i>")
BOLD_WHOLE = Cue(5, 13000, 14000, "<b>all of it</b>")
SPEAKER = Cue(6, 15000, 16000, "hi", speaker="Paul")
SETTINGS = Cue(7, 17000, 18000, "set", vtt_settings="size:50%")
VTT_ID = Cue(8, 19000, 20000, "id", vtt_id="intro")
UNDERLINE = Cue(10, 23000, 24000, "a <u>word</u> b")
STRIKE = Cue(11, 25000, 26000, "a <s>word</s> b")
ALL = (COLOUR, TOP, ITALIC_INSIDE, ITALIC_WHOLE, BOLD_WHOLE, SPEAKER, SETTINGS, VTT_ID, UNDERLINE, STRIKE)


def _kept(tmp_path: Path, fmt: str, cue: Cue) -> bool:
    """Whether ``cue``'s styling, position, speaker, settings and id come back from ``fmt``."""
    info = {f.name: f for f in writable_formats()}[fmt]
    path = tmp_path / f"x{info.extension}"
    save([cue], path, fmt, frame_rate=25 if info.frame_based else None, overwrite=True)
    if fmt == "ttml":  # pysubs2 reads no TTML styling back: look at what was written
        text = path.read_text().lower()
        region = 'region="top"' if cue.alignment in (7, 8, 9) else 'region="bottom"'
        spans = {
            "<i>": 'fontstyle="italic"',
            "<b>": 'fontweight="bold"',
            "<font": "#ffff00",
            "<u>": 'textdecoration="underline"',
            "<s>": 'textdecoration="linethrough"',
        }
        styled = [attribute for tag, attribute in spans.items() if tag in cue.text]
        plain = not styled and cue.text in text
        return (
            (plain or all(a in text for a in styled))
            and region in text
            and (cue.speaker is None and not cue.vtt_settings and not cue.vtt_id)
        )
    back = read(path, frame_rate=25).cues[0]
    settings_kept = not cue.vtt_settings or cue.vtt_settings in back.vtt_settings
    return (
        back.text == cue.text
        and back.alignment == cue.alignment
        and back.speaker == cue.speaker
        and settings_kept
        and back.vtt_id == cue.vtt_id
    )


@pytest.mark.parametrize("fmt", [f.name for f in writable_formats()])
def test_a_loss_is_named_exactly_when_the_writer_drops_it(tmp_path: Path, fmt: str) -> None:
    for cue in ALL:
        said = export_losses([cue], fmt)
        assert bool(said) == (not _kept(tmp_path, fmt, cue)), (fmt, cue, said)


def test_one_sentence_per_kind_with_a_count_and_the_first_time() -> None:
    cues = [Cue(1, 1000, 2000, "plain"), COLOUR, Cue(9, 21000, 22000, '<font color="red">x</font>')]
    assert export_losses(cues, "mpl2") == ("MPL2 keeps no colour: 2 cues lose it (first at 0:00:05.000)",)
    assert export_losses([TOP, ITALIC_INSIDE, SPEAKER], "mpl2") == (
        "MPL2 keeps no position: 1 cue is shown at the bottom instead (first at 0:00:07.000)",
        "MPL2 keeps italics only over whole lines: 1 cue loses them (first at 0:00:09.000)",
        "MPL2 keeps no speaker names: 1 cue loses its speaker (first at 0:00:15.000)",
    )


def test_microdvd_keeps_italics_over_whole_lines_only() -> None:
    assert export_losses([ITALIC_WHOLE], "microdvd") == ()
    assert export_losses([ITALIC_INSIDE], "microdvd") == (
        "MicroDVD keeps italics only over whole lines: 1 cue loses them (first at 0:00:09.000)",
    )


def test_nothing_to_say_for_a_format_that_holds_it_all() -> None:
    assert export_losses([c for c in ALL if c not in (SETTINGS, VTT_ID)], "ass") == ()
    assert export_losses([STRIKE], "vtt") == (
        "WebVTT keeps no strike-through: 1 cue loses it (first at 0:00:25.000)",
    )
    assert export_losses(ALL, "json") != ()  # WebVTT settings and ids are WebVTT's alone
    assert export_losses([], "mpl2") == ()


VTT = (
    "WEBVTT - a film\nLanguage: en\n\nSTYLE\n::cue(.y) { color: yellow }\n\nREGION\nid:r1\nwidth:40%\n\n"
    "00:00:07.000 --> 00:00:10.000\n<c.y>one</c> <00:00:08.000>two <00:00:09.000>three\n"
)


@pytest.mark.parametrize("fmt", [f.name for f in writable_formats()])
def test_webvtt_blocks_and_inline_times_are_named_exactly_when_dropped(tmp_path: Path, fmt: str) -> None:
    """Review #2: an imported VTT's header, STYLE and REGION blocks (``vtt_blocks``) and its
    inline word times (``Cue.words``), written with io.save as the window and convert do and
    read back."""
    source = tmp_path / "in.vtt"
    source.write_text(VTT, encoding="utf-8")
    loaded = read(source)
    assert loaded.cues[0].words
    info = {f.name: f for f in writable_formats()}[fmt]
    out = tmp_path / f"out{info.extension}"
    save(loaded.cues, out, fmt, frame_rate=25 if info.frame_based else None, vtt_blocks=loaded.vtt_blocks)
    back = read(out, frame_rate=25)
    said = export_losses(loaded.cues, fmt, vtt_blocks=loaded.vtt_blocks, imported=True)
    blocks_said = [s for s in said if "STYLE" in s]
    times_said = [s for s in said if "inline word times" in s]
    assert bool(blocks_said) == (back.vtt_blocks != loaded.vtt_blocks), (fmt, said)
    assert bool(times_said) == (back.cues[0].words != loaded.cues[0].words), (fmt, said)
    if blocks_said:
        assert blocks_said == [
            f"{info.label.removesuffix(' (frames)')} keeps no WebVTT header, STYLE or "
            "REGION blocks: the file's header, 1 STYLE block and 1 REGION block are "
            "left out"
        ]
    if fmt == "srt":
        assert times_said == [
            "SubRip is written without the WebVTT inline word times (<00:00:07.000>): "
            "1 cue loses them (first at 0:00:07.000)"
        ]


def test_a_transcripts_word_times_are_no_loss() -> None:
    """The model's word timings were never in a file: only an import's are named."""
    cue = Cue(1, 7000, 10000, "one two", (Word(7000, 8000, "one", 0.9), Word(8000, 10000, "two", 0.8)))
    assert not any("inline word times" in s for s in export_losses([cue], "vtt"))
    assert any("inline word times" in s for s in export_losses([cue], "vtt", imported=True))
