"""The canonical styling markup: what each format's tags become, and back."""

from __future__ import annotations

import pysubs2
import pytest

from engine.subtitles.markup import (
    canonical,
    outer_style,
    split_markup,
    to_ass,
    to_rich_text,
    to_vtt,
)


@pytest.mark.parametrize(
    ("raw", "ass", "expected"),
    [
        ("{\\i1}Hi{\\i0} you", False, ("<i>Hi</i> you", None)),  # ASS tags in SRT files
        ("<I>Hi</I>", False, ("<i>Hi</i>", None)),
        ("<font color=#FF0 face=Arial>Hi</font>", False, ('<font color="#ffff00">Hi</font>', None)),
        ("<font face=Arial>Hi</font>", False, ("Hi", None)),  # no colour: nothing to keep
        ("<i>open", False, ("<i>open</i>", None)),  # unclosed tags are closed
        ("stray</b> end", False, ("stray end", None)),
        ("{\\an7}{\\b700\\c&H0000FF&}Red{\\c}", True, ('<b><font color="#ff0000">Red</font></b>', 7)),
        ("{comment}text", True, ("text", None)),
        ("{aside} text", False, ("{aside} text", None)),
        ("<c.yellow.big>Hi</c>", False, ('<font color="#ffff00">Hi</font>', None)),
        # Only SubRip's and WebVTT's styling tags are markup; webvtt.prepare rewrites <v> first.
        ("<v Ana>Hi</v>", False, ("<v Ana>Hi</v>", None)),
        ("a\\Nb", True, ("a\nb", None)),
    ],
)
def test_canonical(raw: str, ass: bool, expected: tuple[str, int | None]) -> None:
    assert canonical(raw, ass=ass) == expected


def test_to_ass_and_to_vtt() -> None:
    text = '<i>a</i>\n<font color="#123456">b</font><s>c</s>'
    assert to_ass(text) == "{\\i1}a{\\i0}\\N{\\c&H563412&}b{\\c}{\\s1}c{\\s0}"
    assert to_vtt(text) == ("<i>a</i>\n<c.color123456>b</c>c", {"#123456"})


def test_split_and_outer_style() -> None:
    text = "<b>one <i>two three</i></b>"
    assert split_markup(text, text.index(" three")) == ("<b>one <i>two</i></b>", "<b><i>three</i></b>")
    assert outer_style("<i><b>x y</b></i>") == ("<i><b>", "x y", "</b></i>")
    assert outer_style("a <i>b</i>") is None


def test_rich_text_for_the_editor_keeps_styles_and_escapes_the_rest() -> None:
    text = '<i>a < b & c</i>\n<font color="#ffff00">x</font> <script>'
    assert to_rich_text(text) == '<i>a &lt; b &amp; c</i><br><font color="#ffff00">x</font> &lt;script&gt;'


@pytest.mark.parametrize("block", [r"{\b1\blur3}", r"{\b1\bord2}", r"{\b1\shad2}"])
def test_ass_tags_that_begin_like_a_style_tag_are_not_one(block: str) -> None:
    """\\blur, \\bord and \\shad (in most Aegisub files) are not \\b or \\s: bold stays on."""
    assert canonical(block + "Bold", ass=True) == ("<b>Bold</b>", None)


def test_an_italic_clip_is_not_an_italic_switch() -> None:
    assert canonical(r"{\i1\iclip(1,2,3,4)}It", ass=True) == ("<i>It</i>", None)


ITALIC_TOP = pysubs2.SSAStyle(italic=True, alignment=pysubs2.Alignment.TOP_CENTER)
YELLOW = pysubs2.SSAStyle(primarycolor=pysubs2.Color(255, 255, 0))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hi", ("<i>Hi</i>", 8)),  # no tags: the style alone
        (r"{\an1}a{\i0}b", ("<i>a</i>b", 1)),
        (r"{\i0}a{\r}b", ("a<i>b</i>", 8)),
        # \i without a value: the current style's (Yellow's) italic, off.
        (
            r"a{\rYellow\i1}b{\i}c{\r}d",
            ('<i>a<font color="#ffff00">b</font></i><font color="#ffff00">c</font><i>d</i>', 8),
        ),
        (r"{\a6}a", ("<i>a</i>", 8)),  # SSA's top centre
        ("{" + r"\i1\i0" * 5_000 + r"\i0}x", ("x", 8)),  # a block's last value counts
    ],
)
def test_canonical_applies_the_ass_style(raw: str, expected: tuple[str, int | None]) -> None:
    styles = {"Default": ITALIC_TOP, "Yellow": YELLOW}
    assert canonical(raw, ass=True, style=ITALIC_TOP, styles=styles) == expected
