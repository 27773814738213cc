"""OpenCC keeps words and times together (issue 13, point 5): after ``s2twp`` (软件 -> 軟體,
内存 -> 記憶體) each timed word carries its converted text, so a cut at a word and karaoke
(``\\k``) keep working."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.protocol import Segment, Word
from engine.subtitles.karaoke import karaoke_text
from engine.subtitles.presets import PRESETS
from engine.subtitles.segmentation import segments_to_cues
from engine.subtitles.words import align_words, split_words

ZH = PRESETS["netflix-zh-tw"]


def pieces(text: str, start_ms: int = 1_000, step_ms: int = 300) -> Segment:
    """One Whisper word per character, 250 ms each with 50 ms between."""
    words = tuple(
        Word(start_ms + k * step_ms, start_ms + k * step_ms + 250, ch, 0.9) for k, ch in enumerate(text)
    )
    return Segment(start_ms, words[-1].end_ms, text, words)


def karaoke(cue_text: str | None) -> list[tuple[int, str]]:
    assert cue_text is not None
    return [(int(cs), text) for cs, text in re.findall(r"\{\\k(\d+)\}([^{]*)", cue_text)]


def test_phrase_conversion_keeps_one_timed_word_per_word() -> None:
    """软件信息 -> 軟體資訊: before, 信 carried 資 and 息 carried 訊 (the phrase's characters
    dealt out to the pieces); now 軟體 runs 1.00-1.55 s and 資訊 1.60-2.15 s."""
    (cue,) = segments_to_cues([pieces("软件信息")], ZH, language="zh", chinese="s2twp")
    assert cue.text == "軟體資訊"
    assert [(w.text, w.start_ms, w.end_ms) for w in cue.words] == [
        ("軟體", 1_000, 1_550),
        ("資訊", 1_600, 2_150),
    ]
    assert karaoke(karaoke_text(cue)) == [(60, "軟體"), ((cue.end_ms - 1_600) // 10, "資訊")]
    assert split_words(cue.text, cue.words, 2) == (cue.words[:1], cue.words[1:])


@pytest.mark.parametrize(
    ("simplified", "taiwan", "words"),
    [
        ("我的内存不够", "我的記憶體不夠", ["我", "的", "記憶體", "不", "夠"]),
        ("他在写博客", "他在寫部落格", ["他", "在", "寫", "部落格"]),
        ("这个视频", "這個影片", ["這", "個", "影片"]),
    ],
)
def test_a_phrase_that_changes_length_keeps_its_times(simplified: str, taiwan: str, words: list[str]) -> None:
    """Before: the text said 記憶體 and the words 內, 存, so karaoke gave up (None) and a cut
    fell back to guessing; characters converted alone (这 -> 這) keep their own piece."""
    seg = pieces(simplified)
    (cue,) = segments_to_cues([seg], ZH, language="zh", chinese="s2twp")
    assert cue.text == taiwan
    assert [w.text for w in cue.words] == words
    assert align_words(cue.text, cue.words) is not None
    assert len(karaoke(karaoke_text(cue))) == len(words)
    # every word runs from its first piece's start to its last piece's end
    starts = {w.start_ms for w in seg.words}
    ends = {w.end_ms for w in seg.words}
    assert all(w.start_ms in starts and w.end_ms in ends for w in cue.words)
    assert cue.words[0].start_ms == seg.words[0].start_ms and cue.words[-1].end_ms == seg.words[-1].end_ms


def test_long_converted_text_still_fits_its_lines() -> None:
    """Widths are counted on the converted text (内存 is 2 characters, 記憶體 3)."""
    text = "内存" * 20
    cues = segments_to_cues([pieces(text, step_ms=200)], ZH, language="zh", chinese="s2twp")
    assert "".join(c.text.replace("\n", "") for c in cues) == "記憶體" * 20
    for cue in cues:
        assert all(len(line) <= ZH.max_chars_per_line for line in cue.text.split("\n"))
        assert align_words(cue.text, cue.words) is not None


@st.composite
def whisper_pieces(draw: st.DrawFn) -> Segment:
    """Simplified Chinese full of phrases OpenCC rewrites, cut into pieces of 1-3 characters."""
    text = "".join(draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=12)))
    cuts = sorted(set(draw(st.lists(st.integers(1, max(len(text) - 1, 1)), max_size=len(text)))))
    parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]) if text[a:b]]
    words = tuple(Word(1_000 + 300 * k, 1_250 + 300 * k, p, 0.9) for k, p in enumerate(parts))
    return Segment(1_000, words[-1].end_ms, text, words)


PHRASES = (
    "软件",
    "信息",
    "内存",
    "博客",
    "视频",
    "出租车",
    "网络",
    "我",
    "的",
    "了",
    "这个",
    "不够",
    "，",
    "。",
)


@settings(max_examples=60, deadline=None)
@given(whisper_pieces())
def test_converted_words_always_match_their_text(seg: Segment) -> None:
    cues = segments_to_cues([seg], ZH, language="zh", chinese="s2twp")
    times = [w.start_ms for w in seg.words]
    ends = [w.end_ms for w in seg.words]
    got = [w for c in cues for w in c.words]
    assert [w.start_ms for w in got] == sorted({w.start_ms for w in got})  # in order, none twice
    assert all(w.start_ms in times and w.end_ms in ends for w in got)
    assert got[0].start_ms == times[0] and got[-1].end_ms == ends[-1]
    for cue in cues:
        assert align_words(cue.text, cue.words) is not None
        assert karaoke_text(cue) is not None
