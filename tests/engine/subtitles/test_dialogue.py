"""Dialogue cues (issue 12, user test 7 fault 3; Netflix "Dual speakers"): re-wrapping and
merging never run two speakers' lines into one, and a merged cue never puts one speaker's name
over another's words (fault 4)."""

from __future__ import annotations

import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.dialogue import is_dialogue, turns
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from engine.subtitles.quality import merge_tiny_cues, rewrap_long_lines
from engine.subtitles.segmentation import wrap_text

EN = PRESETS["netflix-en"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Hi.\n- Hello.", ["- Hi.", "- Hello."]),
        ("-Are you coming?\n-In a minute.", ["-Are you coming?", "-In a minute."]),
        ("Are you coming?\n- In a minute.", ["Are you coming?", "- In a minute."]),  # BBC: first without
        ("- Are you coming\nwith us?\n- Yes.", ["- Are you coming with us?", "- Yes."]),
        ("A line that goes\n-- on", ["A line that goes\n-- on"]),  # "--" is an interruption, not a turn
        ("- Hi, how are\nyou doing?", ["- Hi, how are\nyou doing?"]),  # one speaker
        (
            "The low will be around\n-10 degrees tonight.",
            ["The low will be around\n-10 degrees tonight."],
        ),  # a minus
    ],
)
def test_turns(text: str, expected: list[str]) -> None:
    assert turns(text) == expected


def test_wrap_keeps_each_speaker_on_a_line() -> None:
    """Before: '- Are you coming? - In a minute.' on one line (a re-wrap joins every line)."""
    assert wrap_text("- Are you coming?\n- In a minute.", EN) == "- Are you coming?\n- In a minute."
    assert wrap_text("- Are you coming\nwith us?\n- Yes.", EN) == "- Are you coming with us?\n- Yes."
    assert wrap_text("Two speakers\n- Hi.\n- Hello.", EN) is None  # three turns, two lines: not ours
    assert wrap_text("Hello there\nmy friend", EN) == "Hello there my friend"  # one speaker: as before


def test_convert_fix_rewrap_leaves_three_turns_alone() -> None:
    """The user test's input: `Two speakers / - Hi. / - Hello.` became one line under --fix."""
    doc = Document([Cue(1, 1000, 4000, "Two speakers\n- Hi.\n- Hello.")])
    rewrap_long_lines(doc, EN)
    assert doc.cues[0].text == "Two speakers\n- Hi.\n- Hello."
    doc = Document(
        [Cue(1, 1000, 4000, "- Are you coming with us to the big party?\n- In a minute,\nI said.")]
    )
    rewrap_long_lines(doc, EN)
    assert doc.cues[0].text == "- Are you coming with us to the big party?\n- In a minute, I said."


def test_merging_a_dash_turn_starts_its_line() -> None:
    doc = Document([Cue(1, 1000, 1400, "- Who's there?"), Cue(2, 1450, 3000, "- It's me.")])
    merge_tiny_cues(doc, EN)
    assert [c.text for c in doc.cues] == ["- Who's there?\n- It's me."]


def test_tiny_cues_of_two_speakers_are_not_merged() -> None:
    doc = Document([Cue(1, 1000, 1400, "Who?", speaker="Ana"), Cue(2, 1450, 3000, "Me.", speaker="Ben")])
    merge_tiny_cues(doc, EN)
    assert [(c.text, c.speaker) for c in doc.cues] == [("Who?", "Ana"), ("Me.", "Ben")]


def test_a_merged_cue_of_two_speakers_has_none() -> None:
    """Before: an unvoiced dialogue merged with Narrator's cue was all Narrator's."""
    doc = Document(
        [
            Cue(1, 1000, 2000, "- Who's there?\n- It's me."),
            Cue(2, 2100, 4000, "Long ago…", speaker="Narrator"),
        ]
    )
    doc.merge([1, 2])
    assert doc.cues[0].speaker is None
    assert doc.cues[0].text == "- Who's there?\n- It's me.\n- Long ago…"  # who says what: a dash each
    doc = Document(
        [Cue(1, 1000, 2000, "Who?", speaker="Ana"), Cue(2, 2100, 4000, "Me,\nof course.", speaker="Ben")]
    )
    doc.merge([1, 2], joiner=" ")
    assert doc.cues[0].text == "- Who?\n- Me, of course."
    doc = Document([Cue(1, 1000, 2000, "One", speaker="Ana"), Cue(2, 2100, 4000, "Two", speaker="Ana")])
    doc.merge([1, 2])
    assert doc.cues[0].speaker == "Ana"


def test_is_dialogue() -> None:
    assert is_dialogue("- Hi.") and is_dialogue("Hi.\n- Hello.") and not is_dialogue("Hi -- there")
