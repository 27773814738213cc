"""Quality rules per cue and the fixes as undoable edits."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.protocol import Word
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS, Preset
from engine.subtitles.quality import (
    Rule,
    apply_min_gap,
    check,
    extend_short_cues,
    merge_tiny_cues,
    split_long_cues,
)

EN = PRESETS["netflix-en"]


def rules(cues: list[Cue] | Document) -> dict[int, set[Rule]]:
    out: dict[int, set[Rule]] = {}
    for issue in check(cues, EN):
        out.setdefault(issue.cue_id, set()).add(issue.rule)
    return out


def test_each_rule_is_named() -> None:
    cues = [
        Cue(1, 0, 500, "a" * 43),  # too short, line too long, too fast
        Cue(2, 520, 9000, "one\ntwo\nthree"),  # gap 20 ms, too long, three lines
        Cue(3, 8000, 9500, "overlapping"),
        Cue(4, 20000, 22000, "Just fine."),
    ]
    assert rules(cues) == {
        1: {Rule.TOO_SHORT, Rule.LINE_LENGTH, Rule.CPS, Rule.GAP},
        2: {Rule.TOO_LONG, Rule.LINE_COUNT, Rule.OVERLAP},
    }
    issue = next(i for i in check(cues, EN) if i.rule is Rule.CPS)
    assert issue.limit == 20 and "86.0 characters/s" in issue.message


def test_cjk_counting() -> None:
    zh = PRESETS["netflix-zh-tw"]
    long = Cue(1, 0, 5000, "我們用iPhone拍照很好看的照片呢呵呵")  # 14 full + 6 half = 17 > 16
    fits = Cue(2, 6000, 11000, "我們用iPhone拍照很好看的照片")  # 11 + 3 = 14
    assert [(i.cue_id, i.rule, i.value) for i in check([long, fits], zh)] == [(1, Rule.LINE_LENGTH, 17)]


def test_apply_min_gap_and_undo() -> None:
    doc = Document([Cue(1, 0, 1990, "a"), Cue(2, 2000, 3000, "b"), Cue(3, 3000, 3050, "c")])
    edit = apply_min_gap(doc, EN)
    assert [c.end_ms for c in doc.cues] == [2000 - 83, 3000 - 83, 3050]
    assert not rules(doc).get(1)
    doc.apply(edit.inverse())
    assert doc.cues[0].end_ms == 1990


def test_extend_short_cues_into_silence_after_them_never_moving_a_start() -> None:
    # Starts are synced to speech: a subtitler lengthens a short cue at its end only (issue 12).
    doc = Document([Cue(1, 1000, 1200, "Hi"), Cue(2, 1500, 1600, "Oh"), Cue(3, 5000, 5100, "Yes")])
    extend_short_cues(doc, EN)
    a, b, c = doc.cues
    assert (a.start_ms, a.end_ms) == (1000, 1500 - 83)  # as far as the gap before "Oh" allows
    assert b.start_ms == 1500 and b.end_ms == 1500 + 833
    assert (c.start_ms, c.end_ms) == (5000, 5833)
    assert all(n.start_ms - p.end_ms >= 83 for p, n in zip(doc.cues, doc.cues[1:]))


def test_split_long_cue_uses_words() -> None:
    text = "This cue holds far too much text for one subtitle, and it stays on screen for ten seconds"
    words, t = [], 0
    for w in text.split():
        words.append(Word(t, t + 300, " " + w, 1))
        t += 500
    doc = Document([Cue(5, 0, 10_000, text, tuple(words)), Cue(6, 11_000, 12_000, "next")])
    edit = split_long_cues(doc, EN)
    assert len(doc) > 2 and doc.cues[0].id == 5
    assert " ".join(c.text.replace("\n", " ") for c in doc.cues[:-1]) == text
    assert not any(
        r in (rules(doc).get(c.id) or set()) for c in doc.cues for r in (Rule.TOO_LONG, Rule.LINE_LENGTH)
    )
    doc.apply(edit.inverse())
    assert [c.id for c in doc.cues] == [5, 6]


def test_merge_tiny_cues() -> None:
    doc = Document(
        [
            Cue(1, 0, 300, "Hey,"),
            Cue(2, 400, 1500, "you there."),
            Cue(3, 5000, 5300, "Far away"),
        ]
    )
    merge_tiny_cues(doc, EN)
    assert [(c.id, c.text, c.start_ms, c.end_ms) for c in doc.cues] == [
        (1, "Hey, you there.", 0, 1500),
        (3, "Far away", 5000, 5300),
    ]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    cues, t = [], 0
    for i in range(draw(st.integers(1, 8))):
        t += draw(st.integers(0, 1500))
        length = draw(st.integers(1, 12_000))
        text = " ".join(
            draw(
                st.lists(
                    st.sampled_from(["word", "longer", "x", "你好"]),
                    min_size=1,
                    max_size=30,
                )
            )
        )
        cues.append(Cue(i + 1, t, t + length, text))
        t += length
    return Document(cues)


@settings(max_examples=100, deadline=None)
@given(
    documents(),
    st.sampled_from([apply_min_gap, extend_short_cues, split_long_cues, merge_tiny_cues]),
)
def test_fixes_keep_text_and_undo_exactly(doc: Document, fix: Callable[[Document, Preset], Edit]) -> None:
    before = doc.cues
    edit = fix(doc, EN)
    assert "".join(c.text.replace("\n", "").replace(" ", "") for c in doc.cues) == "".join(
        c.text.replace(" ", "") for c in before
    )
    if fix is apply_min_gap:  # a gap stays short only where the cue had no room to shrink
        for cue, nxt in itertools.pairwise(doc.cues):
            if nxt.start_ms - cue.end_ms < EN.min_gap_ms:
                assert nxt.start_ms - EN.min_gap_ms <= cue.start_ms
    starts = {c.id: c.start_ms for c in before}
    assert all(c.start_ms == starts[c.id] for c in doc.cues if c.id in starts)  # no start moves
    doc.apply(edit.inverse())
    assert doc.cues == before


def test_a_split_keeps_the_start_even_when_the_first_word_comes_later() -> None:
    text = "This cue holds far too much text for one subtitle, and it stays on screen for ten seconds"
    words = tuple(Word(800 + 500 * k, 1100 + 500 * k, " " + w, 1) for k, w in enumerate(text.split()))
    doc = Document([Cue(5, 0, 10_000, text, words)])
    split_long_cues(doc, EN)
    assert len(doc) > 1 and (doc.cues[0].id, doc.cues[0].start_ms) == (5, 0)


def test_fixes_keep_whole_cue_styling_and_leave_cues_styled_in_places() -> None:
    preset = PRESETS["netflix-en"]
    long_words = " ".join(["word"] * 30)
    doc = Document(
        [
            Cue(1, 0, 9000, f"<i>{long_words}</i>", alignment=8),
            Cue(2, 10_000, 19_000, f"<b>{long_words}</b> plain {long_words}"),
        ]
    )
    split_long_cues(doc, preset)
    first = [c for c in doc.cues if c.start_ms < 9000]
    assert len(first) > 1
    assert all(c.text.startswith("<i>") and c.text.endswith("</i>") and c.alignment == 8 for c in first)
    assert [c.text for c in doc.cues if c.start_ms >= 10_000] == [f"<b>{long_words}</b> plain {long_words}"]
    tiny = Document([Cue(1, 0, 300, "<i>Hi</i>"), Cue(2, 400, 700, "<i>there</i>"), Cue(3, 800, 1000, "you")])
    merge_tiny_cues(tiny, preset)
    assert [c.text for c in tiny.cues] == ["<i>Hi there</i>", "you"]
