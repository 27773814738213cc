"""The initial prompt reaches every window of a long decode (engine.one_window), and only while
that decode runs: a decode read in between, or one left unfinished, never gets another's prompt
(review of the eighth session: the prompt stuck to the model after two decodes read in turn)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

from engine.one_window import OneWindowWhisper


class Tokenizer:
    def encode(self, text: str) -> list[int]:
        return [ord(c) for c in text.strip()]


def model() -> OneWindowWhisper:
    return OneWindowWhisper.__new__(OneWindowWhisper)  # the prompt's scoping needs no weights


def decode(m: OneWindowWhisper, seen: list[object], windows: int) -> Iterator[str]:
    """Stands for faster-whisper's loop: each window records the prompt get_prompt would add."""
    for n in range(windows):
        seen.append(m._every_window_prompt)
        yield f"segment {n}"


def options(prompt: str | None, condition: bool = False) -> SimpleNamespace:
    return SimpleNamespace(initial_prompt=prompt, condition_on_previous_text=condition)


def test_each_window_sees_its_own_prompt_and_the_caller_none() -> None:
    m = model()
    seen_a: list[object] = []
    seen_b: list[object] = []
    a = m._prompt_every_window(decode(m, seen_a, 3), Tokenizer(), options("A"))
    b = m._prompt_every_window(decode(m, seen_b, 3), Tokenizer(), options("B"))
    held = []
    for x, y in zip(a, b):  # read in turn, as two chunks' generators could be
        held.append(m._every_window_prompt)
        assert x and y
    assert seen_a == [[ord("A")]] * 3 and seen_b == [[ord("B")]] * 3
    assert held == [None, None, None] and m._every_window_prompt is None


def test_an_unfinished_decode_leaves_no_prompt_behind() -> None:
    m = model()
    seen: list[object] = []
    left = m._prompt_every_window(decode(m, seen, 3), Tokenizer(), options("A"))
    assert next(left) == "segment 0"
    assert m._every_window_prompt is None  # the caller holds the segment: no prompt set
    del left
    assert m._every_window_prompt is None


def test_conditioning_on_previous_text_keeps_faster_whispers_own_rule() -> None:
    m = model()
    seen: list[object] = []
    list(m._prompt_every_window(decode(m, seen, 2), Tokenizer(), options("A", condition=True)))
    assert seen == [None, None]
