"""The language of a subtitle file's text, for ``convert --preset auto`` (issue 13's rest)."""

from __future__ import annotations

import pytest

from engine.subtitles.presets import resolve
from engine.subtitles.text_language import text_language


@pytest.mark.parametrize(
    ("lines", "language"),
    [
        (["Where are you going?", "I think that the car is in the garage."], "en"),
        (["¿Dónde está el coche?", "No lo sé, pero la casa es de mi padre."], "es"),
        (["Je ne sais pas où est la voiture.", "C'est le chat de ma mère."], "fr"),
        (["Ich weiß nicht, wo das Auto ist.", "Die Katze ist mit dem Hund auf dem Dach."], "de"),
        (["Non so dove sia la macchina.", "Il gatto è sul tetto della casa."], "it"),
        (["Não sei onde está o carro.", "O gato é da minha mãe, você sabe."], "pt"),
        (["Tôi không biết chiếc xe ở đâu.", "Con mèo đang ngủ trên mái nhà."], "vi"),
        (["Я не знаю, где машина.", "Кошка на крыше."], "ru"),
        (["لا أعرف أين السيارة.", "القطة على السطح."], "ar"),
        (["ฉันไม่รู้ว่ารถอยู่ที่ไหน", "แมวอยู่บนหลังคา"], "th"),
        (["차가 어디 있는지 모르겠어요.", "고양이가 지붕 위에 있어요."], "ko"),
        (["車がどこにあるのか分かりません。", "猫は屋根の上にいます。"], "ja"),
        (["我不知道车在哪里。", "猫在屋顶上，这是我们的软件。"], "zh-Hans"),
        (["我不知道車在哪裡。", "貓在屋頂上，這是我們的軟體。"], "zh-Hant"),
        (["", "♪ ♪", "123"], None),
    ],
)
def test_the_language_of_common_subtitle_text(lines: list[str], language: str | None) -> None:
    assert text_language(lines) == language


def test_a_few_english_words_in_chinese_text_leave_it_chinese() -> None:
    assert (
        text_language(["我们在2024年用iPhone15拍了3000张照片然后上传到Google Drive里面", "OK"]) == "zh-Hans"
    )


@pytest.mark.parametrize(
    ("language", "preset"),
    [
        ("zh-Hans", "netflix-zh-hans"),
        ("zh-Hant", "netflix-zh-tw"),
        ("zh", "netflix-zh-tw"),
        ("ja", "netflix-ja"),
    ],
)
def test_the_detected_script_picks_the_chinese_preset(language: str, preset: str) -> None:
    assert resolve("auto", language).preset_id == preset
