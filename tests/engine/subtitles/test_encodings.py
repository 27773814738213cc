"""Encoding guesses on short subtitle files, where charset-normalizer alone often errs."""

from __future__ import annotations

import pytest

from engine.subtitles.encodings import guess_encoding

TEXTS = {
    "gb18030": "今天的天气非常好，我们一起去公园散步吧。\n公园里有很多人在跑步。",
    "big5": "今天的天氣非常好，我們一起去公園散步吧。\n公園裡有很多人在跑步。",
    "shift_jis": "今日はとても良い天気ですね。\n公園で散歩しましょう。",
    "euc_kr": "오늘은 날씨가 아주 좋네요.\n공원에 산책하러 갑시다.",
    "cp1251": "Привет, как дела? Всё хорошо.\nДо свидания.",
    "cp1252": "Ça va très bien, merci. Où est la bibliothèque?\nÀ bientôt, señor.",
}


def _srt(text: str) -> str:
    lines = text.split("\n")
    return "".join(
        f"{i + 1}\r\n00:00:0{i},000 --> 00:00:0{i + 1},000\r\n{line}\r\n\r\n" for i, line in enumerate(lines)
    )


@pytest.mark.parametrize("encoding", sorted(TEXTS))
def test_short_files_decode_to_their_text(encoding: str) -> None:
    data = _srt(TEXTS[encoding]).encode(encoding)
    guess = guess_encoding(data)
    assert data.decode(guess.encoding) == data.decode(encoding)


def test_an_unsure_guess_offers_the_other_readings_with_previews() -> None:
    data = _srt("Dzień dobry, jak się masz? Łódź, żółć.\nDziękuję.").encode("cp1250")
    guess = guess_encoding(data)
    assert guess.unsure
    previews = {c.encoding: c.preview for c in guess.alternatives} | {guess.encoding: guess.preview}
    assert previews["cp1250"] == "Dzień dobry, jak się masz? Łódź, żółć. Dziękuję."


def test_bom_and_utf8_are_sure() -> None:
    assert guess_encoding("é".encode()).unsure is False
    assert guess_encoding("\ufeffé".encode("utf-16-le")).encoding == "utf-16"


@pytest.mark.parametrize("codec", ["big5", "gb18030"])
def test_a_long_file_is_read_wherever_the_sample_ends(codec: str) -> None:
    """The detection sample (200 000 bytes) may end inside a two-byte character (review: a
    347 KB Big5 file failed every codec one time in two)."""
    cue = "{n}\n00:00:01,000 --> 00:00:02,000\n第一句我們開始吧\n\n"
    straddled = 0
    for shift in range(0, 60, 7):  # some of these put byte 200 000 inside a character
        text = "x" * shift + "".join(cue.format(n=n) for n in range(1, 9000))
        data = text.encode(codec)
        assert len(data) > 200_000
        try:
            data[:200_000].decode(codec)
        except UnicodeDecodeError:
            straddled += 1
        assert guess_encoding(data).encoding == codec
    assert straddled  # the case the test is for did occur
