"""ASS karaoke tags read as word timings (user test 7, fault 7): ``{\\k40}ha{\\k35}na`` are
syllable durations in centiseconds from the line's start; they become the cue's words, so an
ASS export with karaoke writes them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.protocol import Word
from engine.subtitles.io import read, save

UT7 = Path(__file__).parent / "data" / "aeg_sign_karaoke.ass"  # user test 7's input

HEADER = (
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
    "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
    "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,50,&H00FFFFFF,&H00FF8000,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,"
    "2,10,10,20,1\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
)
KARAOKE = "{\\k40}ha{\\k35}na{\\k50}bi {\\k80}no {\\k60}yo{\\k100}ru"


def _ass(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "k.ass"
    path.write_text(HEADER + "".join(f"Dialogue: 0,{line}\n" for line in lines), encoding="utf-8")
    return path


def _dialogue_texts(path: Path) -> list[str]:
    return [
        line.split(",", 9)[9]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("Dialogue:")
    ]


def _times(words: tuple[Word, ...]) -> list[tuple[int, int, str]]:
    return [(w.start_ms, w.end_ms, w.text) for w in words]


def test_syllables_become_words_timed_from_the_lines_start(tmp_path: Path) -> None:
    loaded = read(_ass(tmp_path, f"0:00:07.50,0:00:11.15,Default,,0,0,0,karaoke,{KARAOKE}"))
    (cue,) = loaded.cues
    assert cue.text == "hanabi no yoru"
    assert _times(cue.words) == [
        (7500, 7900, " ha"),  # a word's first syllable has the word's leading space
        (7900, 8250, "na"),
        (8250, 8750, "bi"),
        (8750, 9550, " no"),
        (9550, 10150, " yo"),
        (10150, 11150, "ru"),
    ]
    assert loaded.warnings[0] == (
        "karaoke syllable times (\\k) became word timings (used for ASS karaoke) in 1 cue (first at 0:00:07.500)"
    )
    assert not any("effects" in w for w in loaded.warnings)


def test_ass_to_ass_with_karaoke_writes_the_same_tags_back(tmp_path: Path) -> None:
    source = _ass(tmp_path, f"0:00:07.50,0:00:11.15,Default,,0,0,0,,{KARAOKE}")
    save(read(source).cues, tmp_path / "out.ass", karaoke=True)
    assert _dialogue_texts(tmp_path / "out.ass") == [KARAOKE]
    # convert --fix goes through the editor's cues, not the file as it is
    assert main([str(source), str(tmp_path / "fixed.ass"), "--fix", "--karaoke"]) == 0
    assert _dialogue_texts(tmp_path / "fixed.ass") == [KARAOKE]


def test_lead_in_text_pauses_and_sweeps(tmp_path: Path) -> None:
    loaded = read(
        _ass(
            tmp_path,
            "0:00:01.00,0:00:03.00,Default,,0,0,0,,Oh {\\kf20}la{\\k30}{\\ko50}la\\Nlast",
        )
    )
    (cue,) = loaded.cues
    assert cue.text == "Oh lala\nlast"
    assert _times(cue.words) == [(1000, 1000, " Oh"), (1000, 1200, " la"), (1500, 2000, "la last")]
    assert loaded.warnings[0] == (
        "karaoke syllable times (\\k) became word timings (used for ASS karaoke) in 1 cue (first at "
        "0:00:01.000); their \\kf, \\ko sweeps are written back as \\k"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{\\kt100}ha{\\k20}na",  # \kt sets a start outright: not read
        "{\\k20}<i>ha</i>{\\k20}na",  # styled syllables: the words would not fit the styled text
    ],
)
def test_karaoke_not_read_stays_in_the_effects_note(tmp_path: Path, text: str) -> None:
    loaded = read(_ass(tmp_path, f"0:00:01.00,0:00:03.00,Default,,0,0,0,,{text}"))
    assert loaded.cues[0].words == ()
    assert any("\\k" in w and "effects dropped" in w for w in loaded.warnings)


def test_the_user_tests_karaoke_line_is_highlighted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded = read(UT7)
    karaoke = next(c for c in loaded.cues if c.words)
    assert (karaoke.start_ms, karaoke.text, len(karaoke.words)) == (7500, "hanabi no yoru", 6)
    assert not any("\\k" in w and "effects dropped" in w for w in loaded.warnings)
    assert main([str(UT7), str(tmp_path / "k.ass"), "--fix", "--karaoke"]) == 0
    assert "no word times" not in capsys.readouterr().err
    # its syllables run 1.15 s past the line's end (10.0 s): said, and ended with the cue
    karaoke_lines = [t for t in _dialogue_texts(tmp_path / "k.ass") if "\\k" in t]
    assert karaoke_lines == [
        "{\\an8}{\\k40}ha{\\k35}na{\\k50}bi {\\k80}no {\\k45}yo{\\k0}ru"
    ]  # on top, as it was
    assert any("run past the cue's end" in w for w in loaded.warnings)


def test_a_top_karaoke_line_stays_on_top(tmp_path: Path) -> None:
    """User test 7: the karaoke line sat at the top ({\\an8}); written with --karaoke it lost that."""
    source = _ass(tmp_path, f"0:00:07.50,0:00:11.15,Default,,0,0,0,,{{\\an8}}{KARAOKE}")
    save(read(source).cues, tmp_path / "out.ass", karaoke=True)
    assert _dialogue_texts(tmp_path / "out.ass") == [f"{{\\an8}}{KARAOKE}"]


def _long_karaoke() -> str:
    """A 125-character karaoke line, each syllable 10 cs."""
    words = [["won", "der", "ful"], ["beau", "ti", "ful"], ["sing", "ing"], ["mor", "ning"]] * 3
    text = " ".join("".join("{\\k10}" + s for s in w) for w in words)
    visible = " ".join("".join(w) for w in words) + " and the end of it"
    assert len(visible) == 125
    return text + " {\\k10}and {\\k10}the {\\k10}end {\\k10}of {\\k10}it"


def test_syllables_that_start_a_word_carry_its_leading_space(tmp_path: Path) -> None:
    """Review 7, finding 5: a syllable after a space (or the line's first) starts a word, as a
    Whisper word does with its leading space; the others continue it."""
    (cue,) = read(
        _ass(tmp_path, "0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\k10}won{\\k10}der {\\k10}ful")
    ).cues
    assert [w.text for w in cue.words] == [" won", "der", " ful"]


def test_fix_splits_a_long_karaoke_line_between_words(tmp_path: Path) -> None:
    """Review 7, finding 5: its syllables glued into one 112-character token, so --fix kept
    the 125-character line whole and called it unmendable (at a503d41 it became 2 cues)."""
    source = _ass(tmp_path, f"0:00:01.00,0:00:08.00,Default,,0,0,0,,{_long_karaoke()}")
    assert main([str(source), str(tmp_path / "fixed.srt"), "--fix"]) == 0
    cues = read(tmp_path / "fixed.srt").cues
    assert len(cues) == 2
    assert " ".join(c.text.replace("\n", " ") for c in cues).split() == read(source).cues[0].text.split()


def test_a_huge_syllable_time_is_clamped_to_what_ass_can_hold(tmp_path: Path) -> None:
    """Review 7, finding 16: \\k99999999999999999999 gave word times near 1e21 ms."""
    from engine.subtitles.timecode import ASS_LIMIT_MS

    line = "0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\k20}ha{\\k99999999999999999999}na{\\k5}bi"
    (cue,) = read(_ass(tmp_path, line)).cues
    assert _times(cue.words) == [
        (1000, 1200, " ha"),
        (1200, ASS_LIMIT_MS, "na"),
        (ASS_LIMIT_MS, ASS_LIMIT_MS, "bi"),
    ]
