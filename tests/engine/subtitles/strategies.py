"""Hypothesis strategies shared by the subtitle tests: word-timed Whisper-like segments."""

from __future__ import annotations

from hypothesis import strategies as st

from engine.protocol import Segment, Word

LATIN_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG", min_size=1, max_size=12)
PUNCT = st.sampled_from(["", "", "", ",", ".", "?", "!"])
CJK_WORDS = st.text(alphabet="你好世界我們今天去了廣州市出现问题", min_size=1, max_size=4)
CJK_PUNCT = st.sampled_from(["", "", "", "，", "。", "？"])


@st.composite
def segments(draw: st.DrawFn, cjk: bool = False, max_words: int = 60) -> list[Segment]:
    """Time-ordered segments of words with positive durations and gaps (some long pauses)."""
    n = draw(st.integers(1, max_words))
    words: list[Word] = []
    t = draw(st.integers(0, 5000))
    for _ in range(n):
        core = draw(CJK_WORDS if cjk else LATIN_WORDS) + draw(CJK_PUNCT if cjk else PUNCT)
        t += draw(st.one_of(st.integers(0, 300), st.integers(300, 4000)))
        dur = draw(st.integers(1, 1500))
        words.append(Word(t, t + dur, core if cjk else " " + core, 0.9))
        t += dur
    cuts = sorted(set(draw(st.lists(st.integers(1, n - 1), max_size=5)))) if n > 1 else []
    out = []
    for a, b in zip([0, *cuts], [*cuts, n]):
        chunk = tuple(words[a:b])
        text = "".join(w.text for w in chunk)
        out.append(Segment(chunk[0].start_ms, chunk[-1].end_ms, text, chunk))
    return out
