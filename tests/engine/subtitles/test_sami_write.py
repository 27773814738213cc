"""SAMI as we write it (engine.subtitles.sami_write), review 7: cues that overlap share one
SYNC (a SAMI block shows until the next, so two SYNCs at one time show only the last), and
the language classes of Chinese follow the script or region (zh-TW is Taiwan's, ZHTWCC)."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.io import read, save
from engine.subtitles.losses import export_losses
from engine.subtitles.sami_write import sami_class, to_sami
from tests.engine.subtitles.ffmpeg_read import ffmpeg_packets

# A top sign and a dialogue line that start together (review 7, finding 8), then a line that
# starts while the sign still shows, then one alone.
OVERLAPPING = [
    Cue(1, 1000, 4000, "SIGN: Café", alignment=8),
    Cue(2, 1000, 2000, "<i>Hello</i> there"),
    Cue(3, 3000, 5000, "Second"),
    Cue(4, 6000, 7000, "Alone"),
]


def _syncs(cues: list[Cue]) -> list[str]:
    return [line for line in to_sami(cues, "en", "t").splitlines() if line.startswith("<SYNC")]


def test_cues_that_overlap_share_one_sync_joined_by_br() -> None:
    assert _syncs(OVERLAPPING) == [
        "<SYNC Start=1000><P Class=ENUSCC>SIGN: Café<br><i>Hello</i> there</P></SYNC>",
        "<SYNC Start=2000><P Class=ENUSCC>SIGN: Café</P></SYNC>",
        "<SYNC Start=3000><P Class=ENUSCC>SIGN: Café<br>Second</P></SYNC>",
        "<SYNC Start=4000><P Class=ENUSCC>Second</P></SYNC>",
        "<SYNC Start=5000><P Class=ENUSCC>&nbsp;</P></SYNC>",
        "<SYNC Start=6000><P Class=ENUSCC>Alone</P></SYNC>",
        "<SYNC Start=7000><P Class=ENUSCC>&nbsp;</P></SYNC>",
    ]


def test_no_two_syncs_start_at_one_time() -> None:
    cues = [Cue(i, 1000 * (i // 3), 1000 * (i // 3) + 1500 + 10 * i, f"c{i}") for i in range(30)]
    starts = [line.split(">")[0] for line in _syncs(cues)]
    assert len(starts) == len(set(starts))


def test_cues_that_follow_each_other_are_written_as_before() -> None:
    cues = [Cue(1, 1000, 2500, "One"), Cue(2, 2500, 4000, "Two\nlines")]
    assert _syncs(cues) == [
        "<SYNC Start=1000><P Class=ENUSCC>One</P></SYNC>",
        "<SYNC Start=2500><P Class=ENUSCC>Two<br>lines</P></SYNC>",
        "<SYNC Start=4000><P Class=ENUSCC>&nbsp;</P></SYNC>",
    ]


def test_overlapping_cues_read_back_through_pysubs2_and_our_reader(tmp_path: Path) -> None:
    path = tmp_path / "x.smi"
    save(OVERLAPPING, path)
    events = [e for e in pysubs2.load(str(path)) if e.plaintext.strip()]
    assert [(e.start, e.plaintext) for e in events] == [
        (1000, "SIGN: Café\nHello there"),
        (2000, "SIGN: Café"),
        (3000, "SIGN: Café\nSecond"),
        (4000, "Second"),
        (6000, "Alone"),
    ]
    assert [(c.start_ms, c.end_ms) for c in read(path).cues] == [
        (1000, 2000),
        (2000, 3000),
        (3000, 4000),
        (4000, 5000),
        (6000, 7000),
    ]


def test_overlapping_cues_read_back_through_ffmpeg(tmp_path: Path) -> None:
    path = tmp_path / "x.smi"
    save(OVERLAPPING, path)
    shown = [
        (start, text.strip()) for start, _, text in ffmpeg_packets(path, "sami") if text and text.strip()
    ]
    assert [start for start, _ in shown] == [1, 2, 3, 4, 6]
    assert "SIGN: Café\\N{\\i1}Hello{\\i0} there" in shown[0][1]
    assert "SIGN: Café\\NSecond" in shown[2][1]


def test_the_loss_note_says_overlapping_cues_are_shown_together() -> None:
    said = [s for s in export_losses(OVERLAPPING, "sami") if "at a time" in s]
    assert said == [
        "SAMI shows one block of text at a time: 3 cues are shown together with the cues they "
        "overlap, in one block (first at 0:00:01.000)"
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-TW", ("ZHTWCC", "Chinese (Traditional)", "zh-TW")),
        ("zh-Hant", ("ZHTWCC", "Chinese (Traditional)", "zh-TW")),
        ("zh-HK", ("ZHTWCC", "Chinese (Traditional)", "zh-TW")),
        ("zh_TW", ("ZHTWCC", "Chinese (Traditional)", "zh-TW")),
        ("zh-hant-TW", ("ZHTWCC", "Chinese (Traditional)", "zh-TW")),
        ("zh-CN", ("ZHCNCC", "Chinese (Simplified)", "zh-CN")),
        ("zh-Hans", ("ZHCNCC", "Chinese (Simplified)", "zh-CN")),
        ("zh", ("ZHCNCC", "Chinese", "zh-CN")),
        ("en", ("ENUSCC", "English", "en-US")),
        ("xx", ("XXCC", "xx", "xx")),
        ("", ("UNDCC", "und", "und")),
    ],
)
def test_chinese_classes_follow_the_script_or_region(language: str, expected: tuple[str, str, str]) -> None:
    assert sami_class(language) == expected
