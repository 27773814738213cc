"""``--self-test`` fails, naming the cause, when a text rule's data is missing from a build."""

from __future__ import annotations

import pytest

from engine.cli import self_test
from engine.subtitles import cjk_words


def test_the_text_rules_pass_where_their_data_is_installed() -> None:
    assert self_test.check_text_rules() is None


def test_a_missing_segmenter_dictionary_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> object:
        raise FileNotFoundError("jieba/dict.txt")

    monkeypatch.setattr(cjk_words, "_jieba", missing)
    cjk_words._points.cache_clear()
    try:
        problem = self_test.check_text_rules()
    finally:
        cjk_words._points.cache_clear()
    assert problem is not None and "jieba/dict.txt" in problem


def test_the_self_test_stops_before_the_engine_when_a_rule_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(self_test, "check_text_rules", lambda: "BudouX's model is missing")
    monkeypatch.setattr(self_test, "EngineClient", None)  # never reached
    assert self_test.run() == 1
    assert "self-test FAILED: BudouX's model is missing" in capsys.readouterr().err
