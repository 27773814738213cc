"""Rules per language (issue 13, point 3): the Netflix guides' table, and one resolve() that picks
a file's preset and Chinese script from the user's choice and the detected language."""

from __future__ import annotations

import pytest

from engine.protocol import Segment, Word
from engine.subtitles.presets import LANGUAGE_PRESETS, PRESETS, line_lengths, resolve, text_length
from engine.subtitles.segmentation import segments_to_cues

# (id, characters a line, adult cps, CJK counting) as the Netflix Timed Text Style Guides give them.
GUIDES = [
    ("netflix-en", 42, 20, False),
    ("netflix-zh-tw", 16, 9, True),
    ("netflix-zh-hans", 16, 9, True),
    ("netflix-ja", 13, 4, True),
    ("netflix-ko", 16, 12, True),
    ("netflix-es", 42, 17, False),
    ("netflix-fr", 42, 17, False),
    ("netflix-de", 42, 17, False),
    ("netflix-it", 42, 17, False),
    ("netflix-pt", 42, 17, False),
    ("netflix-ru", 39, 17, False),
    ("netflix-ar", 42, 20, False),
    ("netflix-th", 35, 17, False),
    ("netflix-vi", 42, 17, False),
]


@pytest.mark.parametrize(("key", "chars", "cps", "cjk"), GUIDES)
def test_each_language_has_its_guides_limits(key: str, chars: int, cps: float, cjk: bool) -> None:
    preset = PRESETS[key]
    assert (preset.max_chars_per_line, preset.max_cps, preset.cjk_width_counting) == (chars, cps, cjk)
    # the General Requirements shared by every guide
    assert (preset.max_lines, preset.min_duration_ms, preset.max_duration_ms, preset.min_gap_ms) == (
        2,
        833,
        7000,
        83,
    )


def test_the_old_ids_still_work() -> None:
    assert {"netflix-en", "netflix-zh-tw", "bbc", "custom"} <= set(PRESETS)


@pytest.mark.parametrize(
    ("language", "key"),
    [
        ("ja", "netflix-ja"),
        ("ko", "netflix-ko"),
        ("zh", "netflix-zh-tw"),
        ("yue", "netflix-zh-tw"),
        ("es", "netflix-es"),
        ("fr", "netflix-fr"),
        ("de", "netflix-de"),
        ("it", "netflix-it"),
        ("pt", "netflix-pt"),
        ("ru", "netflix-ru"),
        ("ar", "netflix-ar"),
        ("th", "netflix-th"),
        ("vi", "netflix-vi"),
        ("en", "netflix-en"),
        ("nl", "netflix-en"),
        (None, "netflix-en"),
        ("JA", "netflix-ja"),
        ("zh-TW", "netflix-zh-tw"),
    ],
)
def test_auto_picks_the_detected_languages_preset(language: str | None, key: str) -> None:
    rules = resolve("auto", language)
    assert rules.preset_id == key and rules.preset is PRESETS[key]
    assert resolve(None, language).preset_id == key  # the CLI's --preset left out


def test_a_chosen_preset_is_kept_whatever_the_language() -> None:
    rules = resolve("netflix-en", "ja")
    assert rules.preset is PRESETS["netflix-en"] and rules.chinese == "s2twp"  # its Chinese lines only
    assert resolve("bbc", "zh").preset is PRESETS["bbc"]


def test_chinese_auto_converts_to_the_presets_script() -> None:
    assert resolve("auto", "zh").chinese == "s2twp"  # the default: Traditional, Taiwan
    assert resolve("auto", None).chinese == "none"  # English rules until the language is known
    assert resolve("netflix-zh-tw", None).chinese == "s2twp"
    assert resolve("netflix-zh-hans", "zh").chinese == "t2s"  # only when Simplified is chosen
    assert resolve("netflix-en", "zh").chinese == "none"
    # In a file of another language only its lines written in Chinese are converted (a
    # Japanese file's kanji never are: engine.subtitles.segmentation), to one script: Whisper
    # writes both.
    assert resolve("auto", "ja").chinese == "s2twp"
    assert resolve("netflix-zh-hans", "en").chinese == "t2s"
    assert resolve("auto", "en", chinese="t2s").chinese == "t2s"
    assert resolve("auto", "en", chinese="none").chinese == "none"
    assert resolve("auto", "zh", chinese="s2t").chinese == "s2t"  # the user's own choice wins


def test_custom_takes_the_users_limits() -> None:
    mine = PRESETS["custom"].replace(max_chars_per_line=30)
    assert resolve("custom", "ja", custom=mine).preset is mine
    assert resolve("custom", "ja").preset is PRESETS["custom"]


def test_an_unknown_choice_is_refused_with_the_right_ones_named() -> None:
    with pytest.raises(
        ValueError, match="no subtitle rules called 'netflix-xx'. Choose auto or one of: netflix-en"
    ):
        resolve("netflix-xx", "en")
    with pytest.raises(ValueError, match="Chinese script conversion called 's2hk'"):
        resolve("auto", "zh", chinese="s2hk")


def test_every_language_preset_exists() -> None:
    assert set(LANGUAGE_PRESETS.values()) <= set(PRESETS)


def test_describe_names_the_limits() -> None:
    assert resolve("auto", "ja").describe() == "Netflix Japanese (13 full-width characters a line, 4 cps)"
    assert resolve("auto", "fr").describe() == "Netflix French (42 characters a line, 17 cps)"


def test_thai_marks_above_and_below_take_no_width() -> None:
    # สวัสดีครับ: 10 code points, of which ั, ี and ั sit on their consonants: 7 columns.
    assert text_length("สวัสดีครับ", PRESETS["netflix-th"]) == 7
    assert text_length("e\u0301\u200b", PRESETS["netflix-en"]) == 1  # e + combining acute + zero-width space


JAPANESE = [
    "真っ昼間",
    "なのに",
    "キャンプ",
    "の",
    "外れ",
    "の",
    "電柱",
    "に",
    "電球",
    "が",
    "ともって",
    "いた。",
    "それを",
    "見て",
    "私は",
    "とても",
    "驚いた。",
]


def japanese_segment() -> Segment:
    words, t = [], 1_000
    for w in JAPANESE:
        words.append(Word(t, t + 120 * len(w), w, 0.9))
        t += 120 * len(w) + 20
    return Segment(words[0].start_ms, words[-1].end_ms, "".join(JAPANESE), tuple(words))


def test_a_japanese_file_gets_13_full_width_characters_a_line() -> None:
    segment = japanese_segment()
    assert len(segment.text) == 42
    rules = resolve("auto", "ja")
    cues = segments_to_cues([segment], rules.preset, language="ja", chinese=rules.chinese)
    lines = [line for cue in cues for line in cue.text.split("\n")]
    assert all(length <= 13 for cue in cues for length in line_lengths(cue.text, rules.preset)), lines
    assert "".join(lines) == segment.text  # no character lost, none converted
    # the English rules (today's for every language but Chinese) put 42 characters on one line
    english = segments_to_cues([segment], PRESETS["netflix-en"], language="ja")
    assert max(len(line) for cue in english for line in cue.text.split("\n")) > 13


THAI = [
    "สวัสดี",
    "ครับ",
    "วันนี้",
    "เรา",
    "จะ",
    "มา",
    "พูด",
    "คุย",
    "เกี่ยวกับ",
    "การ",
    "พัฒนา",
    "ซอฟต์แวร์",
    "และ",
    "การ",
    "จัดการ",
    "หน่วย",
    "ความ",
    "จำ",
    "ใน",
    "ระบบ",
    "คอมพิวเตอร์",
    "สมัย",
    "ใหม่",
    "ที่",
    "มี",
    "ความ",
    "ซับซ้อน",
    "มาก",
]


def test_thai_without_spaces_is_broken_between_words_within_35_a_line() -> None:
    """Review 13 finding 5. Before: Whisper's Thai pieces (no spaces) were glued into one token,
    one 97-character line under netflix-th's 35."""
    from engine.subtitles.cjk_words import break_points

    preset = PRESETS["netflix-th"]
    words = tuple(Word(i * 210, i * 210 + 200, (" " if i == 0 else "") + p, 0.9) for i, p in enumerate(THAI))
    segment = Segment(0, words[-1].end_ms, "".join(w.text for w in words), words)
    cues = segments_to_cues([segment], preset, language="th")
    assert "".join(c.text.replace("\n", "") for c in cues) == "".join(THAI)
    lines = [line for c in cues for line in c.text.split("\n")]
    assert len(lines) > 2 and all(text_length(line, preset) <= preset.max_chars_per_line for line in lines), (
        lines
    )
    offsets = [len("".join(THAI[:k])) for k in range(1, len(THAI))]
    ends = {len("".join(c.text.replace("\n", "") for c in cues[:k])) for k in range(1, len(cues))}
    assert ends <= set(offsets)  # cues end between Whisper's words, and no break comes before a mark
    text = "".join(THAI)
    assert not {
        k
        for k in break_points(text, "th", strict=False)
        if text[k] in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
    }
