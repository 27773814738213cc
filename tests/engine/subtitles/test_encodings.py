"""Encoding guesses on short subtitle files, where charset-normalizer alone often errs."""

from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer
import pytest

from engine.subtitles.encodings import EncodingGuess, guess_encoding
from engine.subtitles.io import MAX_FILE_BYTES, read

CASES = Path(__file__).parents[3].parent / "shared" / "cases" / "subs"

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


# Several cues of ordinary dialogue per language, in the code page its legacy files come in.
CUES = {
    ("French", "cp1252"): [
        "Ça va? Non, merci.",
        "Où est la gare, s'il vous plaît?",
        "C'était très drôle, même pour moi.",
        "Je ne sais pas où il est allé.",
        "À bientôt, mon frère.",
        "Il faut que tu réfléchisses.",
    ],
    ("Portuguese", "cp1252"): [
        "Ça va? Não, obrigado.",
        "Você está bem?",
        "Ele não sabe o que é a verdade.",
        "Até amanhã, irmão.",
        "Estou com fome, vamos comer?",
        "A situação está difícil.",
    ],
    ("Spanish", "cp1252"): [
        "¿Dónde está la estación?",
        "No sé, señor.",
        "Mañana vamos a la playa.",
        "¡Qué sorpresa!",
        "Él también vino aquí.",
        "¿Cuántos años tienes?",
    ],
    ("German", "cp1252"): [
        "Wie geht's dir?",
        "Mir geht es gut, danke.",
        "Wir müssen über die Brücke gehen.",
        "Das ist schön, aber zu groß.",
        "Grüß Gott!",
        "Hör auf, ich hab's verstanden.",
    ],
    ("Polish", "cp1250"): [
        "Dzień dobry, jak się masz?",
        "Wszystko w porządku, dziękuję.",
        "Gdzie jest dworzec?",
        "Nie wiem, przepraszam.",
        "Źle się czuję, muszę iść.",
        "Może jutro pójdziemy razem.",
    ],
    ("Czech", "cp1250"): [
        "Dobrý den, jak se máte?",
        "Děkuji, mám se dobře.",
        "Kde je nádraží?",
        "Nevím, promiňte.",
        "Řekl jsem ti, že přijdu.",
        "Nech toho, prosím tě.",
    ],
    ("Russian", "cp1251"): [
        "Привет, как дела?",
        "Всё хорошо, спасибо.",
        "Где находится вокзал?",
        "Я не знаю, извините.",
        "Увидимся завтра.",
        "Ты уверен, что это правда?",
    ],
    ("Russian", "koi8_r"): [
        "Привет, как дела?",
        "Всё хорошо, спасибо.",
        "Где находится вокзал?",
        "Я не знаю, извините.",
        "Увидимся завтра.",
        "Ты уверен, что это правда?",
    ],
    ("Greek", "cp1253"): [
        "Γεια σου, τι κάνεις;",
        "Είμαι καλά, ευχαριστώ.",
        "Πού είναι ο σταθμός;",
        "Δεν ξέρω, συγγνώμη.",
        "Τα λέμε αύριο.",
        "Είσαι σίγουρος γι' αυτό;",
    ],
    ("Turkish", "cp1254"): [
        "Merhaba, nasılsın?",
        "İyiyim, teşekkür ederim.",
        "İstasyon nerede?",
        "Bilmiyorum, özür dilerim.",
        "Yarın görüşürüz, çocuğum.",
        "Şimdi gitmemiz gerekiyor.",
    ],
    ("Chinese", "big5"): [
        "你今天過得怎麼樣？",
        "我們明天一起去看電影吧。",
        "這件事情我真的不知道。",
        "對不起，我來晚了。",
        "你聽到了嗎？",
        "快走吧，火車要開了！",
    ],
    ("Chinese", "gb18030"): [
        "你今天过得怎么样？",
        "我们明天一起去看电影吧。",
        "这件事情我真的不知道。",
        "对不起，我来晚了。",
        "你听到了吗？",
        "快走吧，火车要开了！",
    ],
    ("Japanese", "shift_jis"): [
        "今日はどうだった？",
        "明日一緒に映画を見に行こう。",
        "本当に知らないんです。",
        "遅れてすみません。",
        "聞こえましたか？",
        "急いで、電車が出るよ！",
    ],
    ("Korean", "euc_kr"): [
        "오늘 하루 어땠어?",
        "내일 같이 영화 보러 가자.",
        "정말 모르겠어요.",
        "늦어서 미안해요.",
        "들었어요?",
        "빨리 가자, 기차가 떠나!",
    ],
}


def _cues(lines: list[str]) -> str:
    return "".join(
        f"{i + 1}\r\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\r\n{line}\r\n\r\n"
        for i, line in enumerate(lines)
    )


@pytest.mark.parametrize(("language", "code_page"), sorted(CUES))
def test_each_language_is_read_in_its_own_code_page(language: str, code_page: str) -> None:
    """French cp1252 was read as cp1250 ("trčs"), Turkish cp1254 as mac_latin2; a code page
    whose reading is the same text (German in cp1250) is named as the language's own."""
    data = _cues(CUES[language, code_page]).encode(code_page)
    guess = guess_encoding(data)
    assert data.decode(guess.encoding) == data.decode(code_page)
    if code_page.startswith(("cp", "koi8")):  # a CJK superset (cp932 for Shift-JIS) is as good
        assert codecs.lookup(guess.encoding).name == codecs.lookup(code_page).name
    assert guess.errors == "strict" and guess.note == ""


@pytest.mark.parametrize("language", ["French", "Portuguese", "Spanish", "German"])
def test_two_cues_of_western_text_are_cp1252(language: str) -> None:
    data = _cues([line for line in CUES[language, "cp1252"] if not line.isascii()][:2]).encode("cp1252")
    assert guess_encoding(data).encoding == "cp1252"


def test_the_big5_case_file_is_big5() -> None:
    data = (CASES / "big5_two_cues.srt").read_bytes()
    guess = guess_encoding(data)
    assert guess.encoding == "big5"
    assert "第一句：我們開始吧。" in guess.preview and "第三句結束。" in guess.preview


def _utf8_with_stray(lines: list[str], strays: dict[int, bytes]) -> bytes:
    """UTF-8 cues with ``strays[i]`` (cp1252 bytes) appended to cue i's text."""
    return b"".join(
        f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n".encode()
        + line.encode()
        + strays.get(i, b"")
        + b"\n\n"
        for i, line in enumerate(lines)
    )


def test_utf8_with_one_stray_byte_stays_utf8_and_says_where() -> None:
    """A cp1252 "é" pasted into UTF-8 Chinese was read as cp874 (Thai), garbling every line."""
    lines = CUES["Chinese", "big5"] + ["那家咖啡館叫什麼？Café"]
    data = _utf8_with_stray(lines, {6: "é".encode("cp1252")})
    guess = guess_encoding(data)
    assert (guess.encoding, guess.errors, guess.unsure) == ("utf-8", "replace", True)
    text = data.decode(guess.encoding, guess.errors)
    assert all(line in text for line in lines) and text.count("\ufffd") == 1
    at = data.index("Café".encode()) + len("Café".encode())
    assert f"at byte {at}" in guess.note and "那家咖啡館叫什麼？Café\ufffd" in guess.note
    assert guess.note.startswith("1 byte is not valid UTF-8") and "\ufffd" in guess.note
    assert "another encoding" in guess.note  # says what to do
    assert guess.alternatives and all(c.encoding != "utf-8" for c in guess.alternatives)


def test_utf8_with_a_few_stray_bytes_counts_them_and_names_the_first() -> None:
    lines = CUES["French", "cp1252"] + CUES["German", "cp1252"]
    strays = {2: "é".encode("cp1252"), 7: "ü".encode("cp1252"), 9: "’".encode("cp1252")}
    data = _utf8_with_stray(lines, strays)
    guess = guess_encoding(data)
    assert (guess.encoding, guess.errors, guess.unsure) == ("utf-8", "replace", True)
    assert guess.note.startswith("3 bytes are not valid UTF-8 (the first at byte ")
    assert f"byte {data.index(b'moi.') + 4}, line 11:" in guess.note
    assert all(line in data.decode("utf-8", "replace") for line in lines)
    assert guess.alternatives[0].encoding in {"cp1252", "cp1250"}  # the best single-byte reading


def test_a_stray_byte_reaches_the_user_through_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "mixed.srt"
    lines = CUES["Chinese", "gb18030"]
    path.write_bytes(_utf8_with_stray(lines, {3: b"\xe9"}))
    loaded = read(path)
    assert [c.text for c in loaded.document] == lines[:3] + [lines[3] + "\ufffd"] + lines[4:]
    assert any(w.startswith("1 byte is not valid UTF-8") for w in loaded.warnings)


def test_a_legacy_file_is_not_taken_for_utf8_with_stray_bytes() -> None:
    """Few accents and no valid multi-byte sequence: a cp1252 file, read strictly."""
    data = _cues(["It's a café.", "Hello there.", "See you."]).encode("cp1252")
    guess = guess_encoding(data)
    assert (guess.encoding, guess.errors, guess.note) == ("cp1252", "strict", "")


@pytest.mark.parametrize(
    "text", ["1\n00:00:01,000 --> 00:00:02,000\nPlain ASCII.\n", _cues(CUES["Chinese", "big5"]), ""]
)
def test_ascii_and_valid_utf8_are_exactly_as_before(text: str) -> None:
    assert guess_encoding(text.encode()) == EncodingGuess("utf-8")


def test_a_large_file_is_judged_on_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """20 MB (the reader's limit) must stay fast: charset-normalizer sees 200 KB at most."""
    seen: list[int] = []
    real = charset_normalizer.from_bytes

    def spy(data: bytes) -> charset_normalizer.CharsetMatches:
        seen.append(len(data))
        return real(data)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    cue = _cues(CUES["French", "cp1252"]).encode("cp1252")
    data = cue * (MAX_FILE_BYTES // len(cue))
    assert guess_encoding(data).encoding == "cp1252"
    assert seen and max(seen) <= 200_000


def test_a_stray_byte_after_a_utf8_bom_is_replaced_too() -> None:
    data = codecs.BOM_UTF8 + _utf8_with_stray(CUES["French", "cp1252"], {4: b"\xe0"})
    guess = guess_encoding(data)
    assert (guess.encoding, guess.errors) == ("utf-8-sig", "replace")
    assert guess.note.startswith("1 byte is not valid UTF-8") and "À bientôt, mon frère.\ufffd" in guess.note
    assert guess_encoding(codecs.BOM_UTF8 + b"x") == EncodingGuess("utf-8-sig")


@pytest.mark.parametrize("line", ["It’s fine… “Really?”", "That’s 5 € – no more.", "Hello — «bien»"])
def test_quotes_dashes_and_euro_alone_are_cp1252(line: str) -> None:
    """No letter beyond ASCII: the Western code page (cp1251 read "5 €" as "5 Ђ")."""
    data = _cues(["Hi there.", line, "See you."]).encode("cp1252")
    assert guess_encoding(data).encoding == "cp1252"


# User test 12 (#19): clean legacy files were always "unsure", so the window asked every time.
CLEAN = {
    "cp1252": "Ça va, Hélène ? Où est l'œuf ?\n« Déjà vu » — c'est très français…\nGarçon, deux cafés, s'il vous plaît !",
    "cp1251": "Привет, как дела?\nЯ не знаю, что сказать.\nЕщё один день.",
    "gb18030": "你好吗？今天天气很好。\n我们一起去看电影吧。\n谢谢你的帮忙。",
    "shift_jis": "こんにちは、元気ですか？\n今日はいい天気ですね。\nありがとうございました。",
}


@pytest.mark.parametrize("codec", sorted(CLEAN))
def test_a_clean_legacy_file_is_read_without_asking(codec: str) -> None:
    data = _srt(CLEAN[codec]).encode(codec)
    guess = guess_encoding(data)
    assert data.decode(guess.encoding) == data.decode(codec)
    assert not guess.unsure, [(c.encoding, c.oddness, c.preview[:30]) for c in guess.alternatives[:3]]
