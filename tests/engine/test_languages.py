"""engine/languages.py: faster-whisper's own codes, and the suggestions for what is not one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from engine.languages import LANGUAGE_NAMES, LanguageError, language_codes, parse_language
from tests.conftest import REPO


def test_the_codes_are_faster_whispers_and_each_has_a_name() -> None:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    assert language_codes() == tuple(_LANGUAGE_CODES)
    assert set(LANGUAGE_NAMES) == set(_LANGUAGE_CODES)  # a new Whisper language needs its name here


def test_checking_a_language_imports_nothing_heavy() -> None:
    code = (
        "import sys; from engine.cli.options import language; language('ja');"
        "print(','.join(m for m in ('faster_whisper', 'ctranslate2', 'torch') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("value", "code"), [("auto", None), ("ja", "ja"), ("EN", "en"), (" yue ", "yue"), ("haw", "haw")]
)
def test_codes_and_auto_are_accepted(value: str, code: str | None) -> None:
    assert parse_language(value) == code


@pytest.mark.parametrize(
    ("value", "likely"),
    [
        ("jp", "ja (Japanese)"),  # a country code
        ("cn", "zh (Chinese)"),
        ("english", "en (English)"),  # a name is not a code, but says which one
        ("Japanese", "ja (Japanese)"),
        ("mandarin", "zh (Chinese)"),
        ("zh-TW", "zh (Chinese)"),  # a region tag
        ("pt_BR", "pt (Portuguese)"),
        ("frnech", "fr (French)"),  # a typo of a name
    ],
)
def test_other_values_are_refused_with_the_likely_code(value: str, likely: str) -> None:
    with pytest.raises(LanguageError) as refused:
        parse_language(value)
    message = str(refused.value)
    assert f"Did you mean {likely}?" in message
    assert "ja, jw" in message and "zh, yue" in message  # the valid codes are listed


def test_a_value_like_no_language_gets_the_list_without_a_guess() -> None:
    with pytest.raises(LanguageError) as refused:
        parse_language("klingon")
    assert "Did you mean" not in str(refused.value) and "auto" in str(refused.value)
