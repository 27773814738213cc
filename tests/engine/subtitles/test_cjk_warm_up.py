"""warm_up loads exactly the segmenters a language needs (jieba only for Chinese)."""

from __future__ import annotations

import pytest

from engine.subtitles import cjk_words


@pytest.mark.parametrize(
    ("language", "jieba", "budoux"), [("zh", 1, 1), ("ja", 0, 1), ("en", 0, 0), (None, 0, 0)]
)
def test_warm_up_loads_what_the_language_needs(language: str | None, jieba: int, budoux: int) -> None:
    cjk_words._jieba.cache_clear()
    cjk_words._budoux.cache_clear()
    cjk_words.warm_up(language)
    assert cjk_words._jieba.cache_info().currsize == jieba
    assert cjk_words._budoux.cache_info().currsize == budoux
