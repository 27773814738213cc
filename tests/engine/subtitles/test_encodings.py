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
