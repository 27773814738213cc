"""User test 6, fault 4: short East Asian files are read in their own encoding (charset-normalizer
and the judge gave every two-byte reading the same score, and a Hebrew code page won), and an
unsure guess is never written: ``convert`` refuses it showing the first line of text in each
likely encoding, and converts with ``--encoding``."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from engine.cli.convert import main
from engine.subtitles.encodings import guess_encoding

SAMPLES = [
    ("shift_jis", "こんにちは"),
    ("shift_jis", "ありがとうございます"),
    ("shift_jis", "今日は雨です"),
    ("big5", "你們好嗎"),
    ("big5", "謝謝你，我很好。"),
    ("gb18030", "你们好吗"),
    ("gb18030", "谢谢你，我很好。"),
    ("euc_kr", "안녕하세요"),
    ("euc_kr", "감사합니다 친구"),
]


def _srt(text: str, codec: str) -> bytes:
    return f"1\n00:00:01,000 --> 00:00:02,000\n{text}\n".encode(codec)


@pytest.mark.parametrize(("codec", "text"), SAMPLES)
def test_a_short_file_is_read_in_its_own_encoding(codec: str, text: str) -> None:
    data = _srt(text, codec)
    guess = guess_encoding(data)
    assert text in data.decode(guess.encoding), (guess.encoding, guess.alternatives[:3])


def test_a_short_latin_file_stays_latin() -> None:
    data = _srt("Très bien, à demain.", "cp1252")
    assert codecs.lookup(guess_encoding(data).encoding).name == "cp1252"


# Two bytes that read as Polish "ąć" in cp1250, "¹æ" in cp1252, "№ж" in cp1251: nothing tells which.
UNSURE = b"1\n00:00:01,000 --> 00:00:02,000\n\xb9\xe6\n"


def test_convert_refuses_an_unsure_encoding_with_a_preview_of_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "u.srt"
    src.write_bytes(UNSURE)
    guess = guess_encoding(UNSURE)
    assert guess.unsure
    out = tmp_path / "u.vtt"
    assert main([str(src), str(out)]) == 1
    err = capsys.readouterr().err
    assert not out.exists()
    assert "--encoding" in err
    for choice in (guess.encoding, *(a.encoding for a in guess.alternatives[:2])):
        assert choice in err
    assert UNSURE.splitlines()[2].decode(guess.encoding) in err
    assert main([str(src), str(out), "--encoding", guess.encoding]) == 0
    assert out.exists()
