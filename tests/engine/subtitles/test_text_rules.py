"""Presets, length counting, CJK spacing and OpenCC conversion; importing stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

from engine.subtitles.chinese import convert, normalize_spacing
from engine.subtitles.presets import PRESETS, Preset, text_length


def test_presets_follow_the_guides() -> None:
    en, zh, bbc = PRESETS["netflix-en"], PRESETS["netflix-zh-tw"], PRESETS["bbc"]
    assert (en.max_chars_per_line, en.max_lines, en.max_cps) == (42, 2, 20)
    assert (en.min_duration_ms, en.max_duration_ms, en.min_gap_ms) == (833, 7000, 83)
    assert (zh.max_chars_per_line, zh.max_cps, zh.cjk_width_counting) == (16, 9, True)
    assert (bbc.max_chars_per_line, bbc.max_cps) == (37, 17)
    assert PRESETS["custom"].replace(name="x") == en.replace(name="x", full_width_as_two=False)
    with pytest.raises(ValueError):
        Preset("bad", min_duration_ms=9000, max_duration_ms=7000)


def test_text_length_counts_half_width_as_half() -> None:
    zh, en = PRESETS["netflix-zh-tw"], PRESETS["netflix-en"]
    assert text_length("你好 ab\n世界", zh) == 5.5
    # A full-width character is drawn two columns wide (UAX #11): it counts two under a guide
    # that counts characters, so a Chinese line in an English file is not drawn twice too wide.
    assert text_length("你好 ab\n世界", en) == 11
    assert text_length("你好 ab\n世界", PRESETS["bbc"]) == 11
    # The custom preset's checkbox, off, says every character counts one.
    assert text_length("你好 ab\n世界", PRESETS["custom"]) == 7


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("你 好 世 界", "你好世界"),
        ("我用iPhone拍照", "我用 iPhone 拍照"),
        ("我用  iPhone   拍照", "我用 iPhone 拍照"),
        ("你好， 世界 。", "你好，世界。"),
        ("日本語 の テキスト", "日本語のテキスト"),
        ("Hello  world", "Hello  world"),  # no CJK: untouched
        ("第1 集", "第1 集"),
    ],
)
def test_cjk_spacing(raw: str, clean: str) -> None:
    assert normalize_spacing(raw) == clean


def test_opencc_modes() -> None:
    assert convert("出现软件", "s2twp") == "出現軟體"
    assert convert("出现软件", "s2t") == "出現軟件"
    assert convert("廣州市", "t2s") == "广州市"
    assert convert("廣州市", "none") == "廣州市"
    with pytest.raises(ValueError, match="unknown Chinese conversion"):
        convert("x", "s2hk-typo")


def test_importing_stays_light() -> None:
    code = (
        "import sys, engine.subtitles, engine.subtitles.io, engine.subtitles.project, "
        "engine.subtitles.quality, engine.subtitles.segmentation, engine.subtitles.chinese\n"
        "heavy = {'faster_whisper', 'ctranslate2', 'torch', 'PySide6', 'opencc'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
