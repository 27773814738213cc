"""A Japanese line never starts with a lone kana (issue 13's rest, point 4).

Retest 13 (``det1``, cue 5): Whisper heard the name マッピルマナノギ as マッピルマナのぎ, BudouX
put ぎ with the katakana after it (マッピルマナの / ぎキャンプの), and a line started with a lone
ぎ. A single hiragana between a break and a change of script (katakana, kanji) ends the word
before it; the break goes after it, where the script changes, so both sides keep whole words.
"""

from __future__ import annotations

from engine.protocol import Segment, Word
from engine.subtitles.cjk_words import break_points
from engine.subtitles.presets import PRESETS
from engine.subtitles.segmentation import segments_to_cues

HEARD = "マッピルマナのぎキャンプの外れの伝注に、電球が止まっていた。"


def per_character(text: str, start_ms: int = 1_000, step_ms: int = 240) -> Segment:
    words = tuple(
        Word(start_ms + k * step_ms, start_ms + (k + 1) * step_ms, ch, 0.9) for k, ch in enumerate(text)
    )
    return Segment(start_ms, words[-1].end_ms, text, words)


def test_the_break_moves_past_the_lone_kana() -> None:
    # BudouX: マッピルマナの|ぎキャンプの|外れの|伝注に、: 7 -> 8 (after ぎ)
    assert sorted(break_points("マッピルマナのぎキャンプの外れの伝注に、", "ja")) == [8, 13, 16]


def test_no_line_or_cue_starts_with_a_lone_kana() -> None:
    cues = segments_to_cues([per_character(HEARD)], PRESETS["netflix-ja"], language="ja")
    assert [cue.text for cue in cues] == [
        "マッピルマナのぎ\nキャンプの外れの伝注に、",
        "電球が止まっていた。",
    ]


def test_kana_that_begin_a_word_are_left_alone() -> None:
    # これは|ぎりぎりの|線です: ぎ starts a word of kana; 私はね、|そうだよ
    assert sorted(break_points("これはぎりぎりの線です", "ja")) == [3, 8]
    assert sorted(break_points("私はね、そうだよ", "ja")) == [4]
