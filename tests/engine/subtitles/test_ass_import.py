"""ASS/SSA import keeps styling and position (issue 12, "styling survives"): the event's style
is the cue's base styling and alignment, ``{\\r}`` resets to it, every ``\\an`` position
survives export, and what the editor cannot keep (effects, comments, drawings) is said once."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.subtitles.cue import Cue
from engine.subtitles.io import LoadedFile, read, save

FORMAT = (
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
    "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
    "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding"
)
EVENTS = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"


def style(
    name: str = "Default",
    *,
    colour: str = "&H00FFFFFF",
    bold: int = 0,
    italic: int = 0,
    underline: int = 0,
    strike: int = 0,
    alignment: int = 2,
) -> str:
    return (
        f"Style: {name},Arial,20,{colour},&H000000FF,&H00000000,&H00000000,{bold},{italic},"
        f"{underline},{strike},100,100,0,0,1,2,2,{alignment},10,10,10,1\n"
    )


def ass(tmp_path: Path, *events: str, styles: str = "", info: str = "") -> LoadedFile:
    """Read an ASS file made of ``styles`` lines and ``events`` (Dialogue/Comment lines)."""
    text = (
        f"[Script Info]\nScriptType: v4.00+\n{info}\n[V4+ Styles]\n{FORMAT}\n{styles or style()}\n"
        + EVENTS
        + "".join(e + "\n" for e in events)
    )
    path = tmp_path / "in.ass"
    path.write_text(text, encoding="utf-8")
    return read(path)


def line(text: str, style_name: str = "Default", start: str = "0:00:01.00", end: str = "0:00:02.00") -> str:
    return f"Dialogue: 0,{start},{end},{style_name},,0,0,0,,{text}"


def only(loaded: LoadedFile) -> Cue:
    (cue,) = loaded.cues
    return cue


# Fault 1: the event's style is its base styling and position.


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"italic": -1}, "<i>Hi</i>"),
        ({"bold": -1}, "<b>Hi</b>"),
        ({"underline": -1}, "<u>Hi</u>"),
        ({"strike": -1}, "<s>Hi</s>"),
        ({"colour": "&H0000FFFF"}, '<font color="#ffff00">Hi</font>'),  # &HAABBGGRR: yellow
        ({"colour": "&H00FFFFFF"}, "Hi"),  # white is the player's default: no tag
    ],
)
def test_style_attributes_are_the_cues_base_styling(
    tmp_path: Path, flags: dict[str, int | str], expected: str
) -> None:
    loaded = ass(tmp_path, line("Hi", "Sign"), styles=style("Sign", **flags))  # type: ignore[arg-type]
    assert only(loaded).text == expected


def test_inline_tags_override_the_style_and_reset_to_it(tmp_path: Path) -> None:
    loaded = ass(
        tmp_path,
        line(r"a{\i0}b{\i}c{\c&H0000FF&}d{\c}e", "It"),
        styles=style("It", italic=-1, colour="&H00FF0000"),
    )
    blue, red = '<font color="#0000ff">', '<font color="#ff0000">'
    assert only(loaded).text == f"{blue}<i>a</i>b<i>c</i></font><i>{red}d</font>{blue}e</font></i>"


@pytest.mark.parametrize("alignment", [1, 3, 4, 5, 6, 7, 8, 9])
def test_style_alignment_is_the_cues_position(tmp_path: Path, alignment: int) -> None:
    loaded = ass(tmp_path, line("Hi", "Top"), styles=style("Top", alignment=alignment))
    assert only(loaded).alignment == alignment


def test_inline_an_overrides_the_style_alignment(tmp_path: Path) -> None:
    loaded = ass(tmp_path, line(r"{\an1}Hi", "Top"), styles=style("Top", alignment=8))
    assert only(loaded).alignment == 1


def test_bottom_centre_style_is_the_default_position(tmp_path: Path) -> None:
    assert only(ass(tmp_path, line("Hi"))).alignment is None


# Fault 2: {\r} and {\rName}.


def test_reset_returns_to_the_events_style(tmp_path: Path) -> None:
    assert only(ass(tmp_path, line(r"{\i1}a{\r}b"))).text == "<i>a</i>b"
    loaded = ass(tmp_path, line(r"{\b0}a{\r}b", "Bold"), styles=style("Bold", bold=-1))
    assert only(loaded).text == "a<b>b</b>"


def test_reset_to_a_named_style_takes_its_styling(tmp_path: Path) -> None:
    styles = style() + style("Sign", italic=-1, colour="&H0000FFFF")
    loaded = ass(tmp_path, line(r"a{\rSign}b{\r}c"), styles=styles)
    assert only(loaded).text == 'a<font color="#ffff00"><i>b</i></font>c'


def test_reset_to_an_unknown_style_resets_to_the_events_style(tmp_path: Path) -> None:
    loaded = ass(tmp_path, line(r"{\b1}a{\rNoSuch}b", "It"), styles=style("It", italic=-1))
    assert only(loaded).text == "<i><b>a</b>b</i>"


# Fault 3: every position survives export, and SSA's \a numbering is read.


@pytest.mark.parametrize("alignment", range(1, 10))
@pytest.mark.parametrize("fmt", ["ass", "srt"])
def test_style_positions_survive_export(tmp_path: Path, alignment: int, fmt: str) -> None:
    loaded = ass(tmp_path, line("Hi", "S"), styles=style("S", alignment=alignment))
    save(loaded.cues, tmp_path / f"out.{fmt}")
    back = only(read(tmp_path / f"out.{fmt}"))
    assert back.alignment == (None if alignment == 2 else alignment)
    if fmt == "srt" and alignment != 2:
        # Players read the position from {\anN} at the start of SubRip text.
        assert f"\n{{\\an{alignment}}}Hi\n" in (tmp_path / "out.srt").read_text()


@pytest.mark.parametrize("alignment", range(1, 10))
def test_srt_positions_survive_to_ass(tmp_path: Path, alignment: int) -> None:
    (tmp_path / "in.srt").write_text(f"1\n00:00:01,000 --> 00:00:02,000\n{{\\an{alignment}}}Hi\n")
    save(read(tmp_path / "in.srt").cues, tmp_path / "out.ass")
    assert only(read(tmp_path / "out.ass")).alignment == (None if alignment == 2 else alignment)


@pytest.mark.parametrize(
    ("ssa", "an"), [(1, 1), (2, 2), (3, 3), (5, 7), (6, 8), (7, 9), (9, 4), (10, 5), (11, 6)]
)
def test_legacy_ssa_a_tags_are_positions(tmp_path: Path, ssa: int, an: int) -> None:
    """SSA v4 numbering: 1-3 bottom, 5-7 top, 9-11 middle (pysubs2.common.SSA_ALIGNMENT)."""
    assert only(ass(tmp_path, line(f"{{\\a{ssa}}}Hi"))).alignment == an


def test_ssa_file_style_alignment_is_read_in_ssa_numbering(tmp_path: Path) -> None:
    text = (
        "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, "
        "SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, "
        "MarginL, MarginR, MarginV, AlphaLevel, Encoding\n"
        "Style: Top,Arial,20,16777215,255,0,0,0,-1,1,2,2,6,10,10,10,0,1\n\n"
        "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Top,,0,0,0,,Hi\n"
    )
    (tmp_path / "in.ssa").write_text(text)
    cue = only(read(tmp_path / "in.ssa"))
    assert (cue.text, cue.alignment) == ("<i>Hi</i>", 8)  # SSA 6 is top centre


# Fault 4: effects the editor cannot keep are named once per file.


def test_effects_are_named_in_one_warning(tmp_path: Path) -> None:
    loaded = ass(
        tmp_path,
        line(r"{\fad(200,200)\pos(100,250)}Sign", start="0:01:02.00", end="0:01:03.00"),
        line(r"{\fad(100,0)}Fade", start="0:01:05.00", end="0:01:06.00"),
        line(r"{\i1}Plain", start="0:01:07.00", end="0:01:08.00"),
    )
    effects = [w for w in loaded.warnings if "ASS effects" in w]
    assert effects == [
        "2 cues use ASS effects the editor cannot keep (\\fad, \\pos); their text and "
        "styling were kept, the effects dropped (first at 0:01:02.000)"
    ]
    assert [c.text for c in loaded.cues] == ["Sign", "Fade", "<i>Plain</i>"]


def test_a_file_without_effects_has_no_effects_warning(tmp_path: Path) -> None:
    loaded = ass(tmp_path, line(r"{\an8\i1\b1\u1\s1\c&H00FF00&\1c&HFF0000&\r}Hi"))
    assert loaded.warnings == ()


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        (r"\move(1,2,3,4)", r"\move"),
        (r"\org(1,2)", r"\org"),
        (r"\fade(255,0,255,0,1,2,3)", r"\fade"),
        (r"\clip(0,0,9,9)", r"\clip"),
        (r"\iclip(0,0,9,9)", r"\iclip"),
        (r"\t(\fs30)", r"\t"),
        (r"\k20", r"\k"),
        (r"\kf20", r"\kf"),
        (r"\ko20", r"\ko"),
        (r"\K20", r"\K"),
        (r"\fnImpact", r"\fn"),
        (r"\fs40", r"\fs"),
        (r"\bord3", r"\bord"),
        (r"\shad2", r"\shad"),
        (r"\blur1", r"\blur"),
        (r"\be1", r"\be"),
        (r"\frz30", r"\frz"),
        (r"\fscx120", r"\fscx"),
        (r"\3c&H000000&", r"\3c"),
        (r"\alpha&H80&", r"\alpha"),
        (r"\1a&H80&", r"\1a"),
    ],
)
def test_each_effect_is_noticed(tmp_path: Path, tag: str, name: str) -> None:
    loaded = ass(tmp_path, line(f"{{\\i1{tag}}}Hi"))
    (warning,) = loaded.warnings
    assert warning.startswith(f"1 cue uses ASS effects the editor cannot keep ({name}")
    assert only(loaded).text == "<i>Hi</i>"


@pytest.mark.parametrize(
    ("tag", "info", "alignment"),
    [
        (r"\pos(960,100)", "PlayResX: 1920\nPlayResY: 1080\n", 8),  # top third of 1080
        (r"\pos(960,1000)", "PlayResX: 1920\nPlayResY: 1080\n", None),
        (r"\pos(192,90)", "", 8),  # no PlayResY: 288
        (r"\pos(192,100)", "", None),
        (r"\pos(640,300)", "PlayResX: 1280\n", 8),  # libass: PlayResY 1024 then
        (r"\pos(640,300)", "PlayResX: 640\n", None),  # 3/4 of PlayResX: 480
        (r"\move(192,20,192,250)", "", 8),  # where it starts
        (r"\an7\pos(10,10)", "", 7),  # already at the top: kept
    ],
)
def test_positioned_signs_at_the_top_stay_at_the_top(
    tmp_path: Path, tag: str, info: str, alignment: int | None
) -> None:
    assert only(ass(tmp_path, line(f"{{{tag}}}Sign"), info=info)).alignment == alignment


# Faults 5 and 6: comment lines and vector drawings are said, not dropped silently.


def test_comment_lines_are_counted_not_imported(tmp_path: Path) -> None:
    loaded = ass(
        tmp_path,
        line("Kept"),
        "Comment: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,TL note",
        "Comment: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,another",
    )
    assert [c.text for c in loaded.cues] == ["Kept"]
    assert loaded.warnings == ("2 comment lines (Comment:) were not imported",)


def test_vector_drawings_are_counted_in_the_effects_warning(tmp_path: Path) -> None:
    loaded = ass(tmp_path, line("Kept"), line(r"{\p1}m 0 0 l 100 0 100 100 0 100", start="0:00:03.00"))
    assert [c.text for c in loaded.cues] == ["Kept"]
    assert loaded.warnings == (
        "1 cue uses ASS effects the editor cannot keep (\\p); it is a vector "
        "drawing and was left out (first at 0:00:03.000)",
    )


def test_drawings_and_effects_share_one_warning(tmp_path: Path) -> None:
    loaded = ass(
        tmp_path,
        line(r"{\p1}m 0 0 l 1 1", start="0:00:03.00"),
        line(r"{\pos(1,200)}A"),
        line(r"{\pos(1,200)}B", start="0:00:05.00", end="0:00:06.00"),
    )
    assert loaded.warnings == (
        "3 cues use ASS effects the editor cannot keep (\\p, \\pos); 2 kept their "
        "text and styling, the effects dropped; 1 vector drawing was left out "
        "(first at 0:00:01.000)",
    )
