"""Chinese and Japanese lines and cues break between words, never inside one (issue 13, point 4);
Korean keeps the spaces between its words.

The sentences are ours, segmented by hand: ``/`` marks each place a line may break (between
words in Chinese; between phrases, bunsetsu, in Japanese, whose particles belong to the word
before). Whisper gives such text as one piece per character, which is how it reaches the
segmenter here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.protocol import Segment, Word
from engine.subtitles.chinese import normalize_spacing
from engine.subtitles.cjk_words import break_points
from engine.subtitles.presets import PRESETS
from engine.subtitles.segmentation import segments_to_cues, wrap_text

ZH = PRESETS["netflix-zh-tw"]
JA = ZH.replace(max_chars_per_line=13, name="ja test")  # the Netflix Japanese guide: 13 a line

HANT = (
    "今天/我們/去/公園/散步/，/然後/在/那裡/吃了/午飯/。",
    "這個/軟體/的/問題/已經/解決了/。",
    "我/覺得/你/應該/先/去/圖書館/查/一下/資料/。",
    "他/昨天/晚上/在/博物館/看到/很多/漂亮/的/畫/。",
    "如果/明天/下雨/，/我們/就/不要/出門了/。",
    "台北/的/捷運/系統/非常/方便/，/每天/都/有/很多/人/搭乘/。",
    "請/把/手機/關掉/，/電影/馬上/就/要/開始了/。",
)
HANS = (
    "我们/公司/正在/开发/一/个/新/的/软件/。",
    "广州市/房地产/中介/协会/分析/。",
    "这/本/书/的/作者/是/一/位/著名/的/历史/学家/。",
    "你/能/不能/帮/我/把/这/份/文件/发/给/经理/？",
    "因为/天气/太/热/，/孩子们/都/在/游泳池/里/玩/水/。",
    "他/每天/早上/都/会/去/附近/的/咖啡馆/喝/一/杯/咖啡/。",
    "我们/应该/保护/环境/，/减少/使用/塑料袋/。",
)
JAPANESE = (
    "真っ昼間なのに/キャンプの/外れの/電柱に/電球が/ともっていた。",
    "明日は/友達と/一緒に/映画を/見に/行きます。",
    "この/ソフトウェアの/問題は/まだ/解決されて/いません。",
    "駅の/近くに/新しい/レストランが/できました。",
    "彼女は/毎朝/公園を/散歩して/います。",
    "東京の/地下鉄は/とても/便利ですが、/朝は/混雑します。",
    "雨が/降ったら、/試合は/中止に/なります。",
)
# Words that attach to the one before: no line or cue may start with them.
PARTICLES = frozenset("的了們们著着過过嗎吗呢吧啊")


def allowed_starts(gold: str) -> set[int]:
    """Offsets in the sentence where a line or cue may start."""
    out, pos = set(), 0
    parts = gold.split("/")
    for part in parts[:-1]:
        pos += len(part)
        out.add(pos)
    pos = 0
    for part in parts:
        if part in PARTICLES or part[0] in "，。、！？」":
            out.discard(pos)
        pos += len(part)
    return out


def per_character(text: str, start_ms: int = 1_000, step_ms: int = 240) -> Segment:
    """One Whisper word per character, back to back, as Whisper times Chinese and Japanese."""
    words = tuple(
        Word(start_ms + k * step_ms, start_ms + (k + 1) * step_ms, ch, 0.9) for k, ch in enumerate(text)
    )
    return Segment(start_ms, words[-1].end_ms, text, words)


def starts(cues_text: list[str]) -> set[int]:
    """Offsets, in the joined text, where each line of each cue starts (0 left out)."""
    out, pos = set(), 0
    for text in cues_text:
        for line in text.split("\n"):
            out.add(pos)
            pos += len(line)
    return out - {0}


CASES = [(g, "zh") for g in HANT + HANS] + [(g, "ja") for g in JAPANESE]


@pytest.mark.parametrize("width", [10, 13, 16])
@pytest.mark.parametrize(("gold", "language"), CASES, ids=[g.split("/")[0] for g, _ in CASES])
def test_lines_and_cues_start_between_words(gold: str, language: str, width: int) -> None:
    """Before: one piece per character was one break unit: 公|園, 然|後, 外|れ, 軟體|的 ..."""
    text = gold.replace("/", "")
    preset = JA.replace(max_chars_per_line=width, max_lines=1 if width == 10 else 2)
    for lang in (language, None):  # told the language, or left to find it from the script
        cues = segments_to_cues([per_character(text)], preset, language=lang)
        joined = [c.text for c in cues]
        assert "".join(t.replace("\n", "") for t in joined) == text
        bad = sorted(starts(joined) - allowed_starts(gold))
        assert not bad, [text[max(p - 2, 0) : p] + "|" + text[p : p + 2] for p in bad]


@pytest.mark.parametrize(("gold", "language"), CASES, ids=[g.split("/")[0] for g, _ in CASES])
def test_break_points_fall_between_words(gold: str, language: str) -> None:
    text = gold.replace("/", "")
    assert break_points(text, language) <= allowed_starts(gold)


def test_whisper_pieces_keep_their_times_and_order() -> None:
    """Pieces of a word stay separate words with their own times; only breaking groups them."""
    gold = HANT[0]
    seg = per_character(gold.replace("/", ""))
    cues = segments_to_cues([seg], JA.replace(max_chars_per_line=6, max_lines=1), language="zh")
    assert [w for c in cues for w in c.words] == list(seg.words)
    assert len(cues) > 3 and starts([c.text for c in cues]) <= allowed_starts(gold)


def test_a_word_longer_than_a_line_still_fits() -> None:
    """No break point in 20 characters: the line limit wins over the word (never over-long lines)."""
    text = "中華人民共和國中央人民政府駐香港特別行政區聯絡辦公室"
    for cue in segments_to_cues([per_character(text)], ZH, language="zh"):
        assert all(len(line) <= ZH.max_chars_per_line for line in cue.text.split("\n"))


def test_japanese_is_joined_without_spaces() -> None:
    words = (
        Word(0, 300, " 外れ", 1),
        Word(300, 400, " の", 1),
        Word(400, 800, " 電柱", 1),
        Word(800, 900, "に", 1),
    )
    (cue,) = segments_to_cues([Segment(0, 900, "", words)], JA, language="ja")
    assert cue.text == "外れの電柱に"


def test_korean_keeps_its_spaces() -> None:
    """Before: '안녕하세요여러분 iPhone 으로' (Korean was joined like Chinese)."""
    words = (
        Word(0, 400, " 안녕하세요", 1),
        Word(450, 800, " 여러분,", 1),
        Word(850, 1200, " iPhone으로", 1),
        Word(1250, 1500, " 찍었어", 1),
        Word(1500, 1600, "요", 1),
    )
    (cue,) = segments_to_cues([Segment(0, 1600, "", words)], PRESETS["netflix-en"], language="ko")
    assert cue.text == "안녕하세요 여러분, iPhone으로 찍었어요"
    assert normalize_spacing("안녕하세요 여러분, iPhone으로") == "안녕하세요 여러분, iPhone으로"


def test_wrap_text_breaks_between_words() -> None:
    """Before: '他昨天晚上在博物\n館看到很多漂亮的畫' (the balanced cut fell inside 博物館)."""
    wrapped = wrap_text("他昨天晚上在博物館看到很多漂亮的畫", JA.replace(max_chars_per_line=9))
    assert wrapped == "他昨天晚上在博物館\n看到很多漂亮的畫"


def test_segmenters_load_only_when_used() -> None:
    code = (
        "import sys, engine.subtitles.segmentation, engine.subtitles.cjk_words\n"
        "print(sorted({'budoux', 'jieba'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet="外れの電柱に球がとっていたキャンプー、。「」真昼間公園散步了的", min_size=1, max_size=3
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["ja", "zh", None]),
)
def test_any_pieces_keep_text_words_and_line_limits(parts: list[str], language: str | None) -> None:
    words = tuple(Word(1_000 + 200 * k, 1_150 + 200 * k, p, 0.9) for k, p in enumerate(parts))
    cues = segments_to_cues([Segment(1_000, words[-1].end_ms, "".join(parts), words)], JA, language=language)
    assert [w for c in cues for w in c.words] == list(words)
    assert "".join(c.text.replace("\n", "") for c in cues) == "".join(parts)
    for cue in cues:
        assert all(len(line) <= JA.max_chars_per_line for line in cue.text.split("\n"))


def test_cantonese_particles_and_words_stay_on_the_word_before() -> None:
    """Review 13 finding 7. Before: 我|哋, 去|咗, 我|嘅, 嚟|咗 were offered as breaks."""
    text = "我哋今日去咗公園散步，佢嘅朋友都嚟咗喇，我唔知佢去咗邊"
    points = break_points(text, "yue")
    for k, ch in enumerate(text):
        if ch in "哋咗嘅喇":
            assert k not in points, text[:k] + "|" + text[k:]
    assert text.index("唔") + 1 not in points  # 唔 (not) leans on the word after it


def pieces_segment(pieces: list[str], start_ms: int = 0) -> Segment:
    words = tuple(Word(start_ms + i * 160, start_ms + i * 160 + 150, p, 0.9) for i, p in enumerate(pieces))
    return Segment(words[0].start_ms, words[-1].end_ms, "".join(pieces), words)


def test_no_line_starts_with_a_particle_or_a_classifier_after_latin_or_digits() -> None:
    """Review 13 finding 3. Before: "…主題 iPhone\\n的新功能…" and "賣出了100\\n臺電腦": a CJK run
    stopped at the Latin or digit token, so the particle and number rules never saw the edge."""
    cases = [
        list("我们公司在") + ["2024"] + list("年发布了一个新的产品大家都很喜欢"),
        list("我们公司今天一共卖出了") + ["100"] + list("台电脑大家都很喜欢这个结果"),
    ]
    cases += [
        list("这是我们今天讨论的主题"[:n]) + ["iPhone"] + list("的新功能以及价格还有其他")
        for n in range(4, 12)
    ]
    for pieces in cases:
        for cue in segments_to_cues([pieces_segment(pieces)], ZH, language="zh", chinese="s2twp"):
            for line in cue.text.split("\n"):
                assert line[0] not in "的年臺台", cue.text
            assert "100\n" not in cue.text and "2024\n" not in cue.text, cue.text
    # a particle in the next segment, just after the Latin word, still stays with it
    first = pieces_segment(list("我们今天讨论") + ["iPhone"])
    second = pieces_segment(list("的新功能以及价格。"), first.end_ms + 10)
    for cue in segments_to_cues([first, second], ZH, language="zh", chinese="s2twp"):
        assert not cue.text.startswith("的") and "\n的" not in cue.text, cue.text
