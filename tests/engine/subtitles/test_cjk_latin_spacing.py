"""A Latin word in Chinese text gets one space on each side, also when it ends or starts with a
digit (retest 13: ``用 iPhone15拍了`` had a space before the word and none after); numbers alone
stay joined (``2024年``), as Chinese writes them."""

from __future__ import annotations

import pytest

from engine.protocol import Segment
from engine.subtitles.chinese import normalize_spacing
from engine.subtitles.presets import PRESETS
from engine.subtitles.segmentation import segments_to_cues


@pytest.mark.parametrize(
    ("text", "spaced"),
    [
        ("用iPhone15拍照", "用 iPhone15 拍照"),
        ("用 iPhone15拍照", "用 iPhone15 拍照"),
        ("买了3D打印机", "买了 3D 打印机"),
        ("听MP3", "听 MP3"),
        ("在2024年拍了3000张", "在2024年拍了3000张"),
        ("上传到Google Drive里面", "上传到 Google Drive 里面"),
    ],
)
def test_latin_words_are_spaced_on_both_sides(text: str, spaced: str) -> None:
    assert normalize_spacing(text) == spaced


def test_the_transcriber_spaces_them_the_same_way() -> None:
    text = "我们用iPhone15拍照"
    cues = segments_to_cues([Segment(0, 3_000, text)], PRESETS["netflix-zh-hans"], language="zh")
    assert [c.text for c in cues] == ["我们用 iPhone15 拍照"]
