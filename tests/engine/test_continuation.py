"""engine.continuation: the rules that decide whether a continuation is kept (a fake decoder)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from engine.continuation import dangling, said_after, said_after_all, tail_start

TS = 1000  # the fake tokenizer's first timestamp token (<|0.00|>); <|t|> = TS + t / 0.02
EOT = 999


def ts(seconds: float) -> int:
    return TS + round(seconds / 0.02)


class FakeTokenizer:
    timestamp_begin = TS
    eot = EOT

    def decode(self, tokens: list[int]) -> str:
        return "".join(f" w{t}" for t in tokens if t < EOT)


@dataclass
class FakeResult:
    sequences_ids: list[list[int]]
    scores: list[float]


@dataclass
class FakeDecoder:
    """Answers each generate call with the next of ``answers`` (new tokens, average log-prob)."""

    answers: list[tuple[list[int], float]]
    calls: list[dict[str, Any]] = field(default_factory=list)
    echo_prefix: bool = True

    def generate(self, encoder_output: Any, prompts: list[list[int]], **kwargs: Any) -> list[FakeResult]:
        self.calls.append({"prompt": prompts[0], **kwargs})
        new, avg = self.answers[len(self.calls) - 1]
        prefix = prompts[0][len(PROMPT) :] if self.echo_prefix else []
        ids = prefix + new
        return [FakeResult([ids], [avg * (len(new) + 1) / len(ids)])]  # as CTranslate2 scores


PROMPT = [50257]


def options(**changes: Any) -> Any:
    base = dict(
        beam_size=5,
        patience=1.0,
        length_penalty=1.0,
        repetition_penalty=1.0,
        no_repeat_ngram_size=0,
        max_new_tokens=None,
        suppress_tokens=[-1],
        max_initial_timestamp=1.0,
        log_prob_threshold=-1.0,
        compression_ratio_threshold=2.4,
    )
    return SimpleNamespace(**{**base, **changes})


def model(decoder: FakeDecoder) -> Any:
    return SimpleNamespace(model=decoder, max_length=448, time_precision=0.02)


FIRST = [ts(0), 1, 2, 7, 8, 9, ts(5), ts(5), 3, 4, ts(10), ts(10)]  # "... w3 w4" then the rest left for later


def test_a_decode_is_dangling_only_when_it_ends_with_a_timestamp_pair() -> None:
    assert dangling(FIRST, TS)
    assert not dangling([ts(0), 1, 2, ts(5)], TS)  # all said
    assert not dangling([ts(0), 1, 2], TS)  # cut at the length limit
    assert not dangling([ts(3), ts(3)], TS)  # nothing said at all


def test_the_prefix_is_the_last_complete_segment() -> None:
    assert FIRST[tail_start(FIRST, TS) :] == [ts(5), 3, 4, ts(10), ts(10)]
    one_segment = [ts(0), 1, 2, ts(5), ts(5)]
    assert tail_start(one_segment, TS) == 0


def test_the_continuation_is_said_after_the_last_segment_with_no_end_of_text_first() -> None:
    decoder = FakeDecoder([([5, 6, ts(14)], -0.3)])
    more, logprob = said_after(model(decoder), None, FIRST, PROMPT, FakeTokenizer(), options())
    assert more == [5, 6, ts(14)] and logprob == pytest.approx(-0.3)  # its own figure, for the filters
    assert decoder.calls[0]["prompt"] == [*PROMPT, ts(5), 3, 4, ts(10), ts(10)]
    assert decoder.calls[0]["suppress_blank"] is True and decoder.calls[0]["beam_size"] == 5


def test_a_decoder_that_does_not_echo_the_prefix_gives_the_same() -> None:
    decoder = FakeDecoder([([5, 6, ts(14)], -0.3)], echo_prefix=False)
    assert said_after(model(decoder), None, FIRST, PROMPT, FakeTokenizer(), options())[0] == [5, 6, ts(14)]


@pytest.mark.parametrize(
    ("new", "avg", "why"),
    [
        (
            [5, ts(8), ts(8), 6, ts(12)],
            -0.3,
            "a timestamp before its start: it would say earlier words again",
        ),
        ([5, 6, ts(10)], -0.3, "its end at its start: a piece of no length, dropped, and no rest left"),
        ([], -0.3, "no word at all"),
        ([ts(11), ts(12)], -0.3, "no word"),
        ([3, 4, 5, ts(12)], -0.3, "opens with the words before it: a repeat"),
        ([4, ts(12)], -0.3, "all of it said just before: a repeat"),
        ([4, 8, 9, ts(12)], -0.3, "opens with the prefix's last word: said again at the join"),
        ([1, 2, 7, 8, 9, 5, ts(12)], -0.3, "opens with 5 words of an earlier segment of the window"),
        ([ts(11), 5, ts(12)], -0.3, "a timestamp first: the audio up to it would be skipped"),
        ([5, 6, 7, 8, 9, 10, 11, ts(12)], -1.5, "under faster-whisper's log-probability threshold"),
        ([5, 6] * 30 + [ts(29)], -0.3, "over faster-whisper's compression ratio threshold: a loop"),
    ],
)
def test_a_continuation_is_not_kept_when(new: list[int], avg: float, why: str) -> None:
    decoder = FakeDecoder([(new, avg)])
    assert said_after(model(decoder), None, FIRST, PROMPT, FakeTokenizer(), options()) == ([], 0.0), why


def test_no_continuation_without_room_for_it_in_the_window() -> None:
    """The word alignment reads the window's whole text in one pass of at most 448 positions;
    CTranslate2 generates at most 224 tokens a call, the prefix included."""
    decoder = FakeDecoder([([5, 6, ts(14)], -0.3)])
    long_window = [ts(0), *([1] * 420), ts(5), ts(5), 3, 4, ts(10), ts(10)]
    assert said_after(model(decoder), None, long_window, PROMPT, FakeTokenizer(), options()) == ([], 0.0)
    assert decoder.calls == []
    said_after(model(decoder), None, FIRST, PROMPT, FakeTokenizer(), options())
    assert decoder.calls[0]["max_length"] <= 448  # CTranslate2 halves it: at most 224 come back


def test_a_continuation_that_reaches_its_length_limit_is_not_kept() -> None:
    """Cut at the limit right after a timestamp, it would pass for a window all said and the
    audio after it would never be decoded."""
    window = [ts(0), *([1] * 380), ts(5), ts(5), 3, 4, ts(10), ts(10)]  # room for 53 new tokens
    decoder = FakeDecoder([([5] * 59 + [ts(20)], -0.3)])
    assert said_after(model(decoder), None, window, PROMPT, FakeTokenizer(), options()) == ([], 0.0)
    decoder = FakeDecoder([(list(range(5, 25)) + [ts(20)], -0.3)])
    assert said_after(model(decoder), None, window, PROMPT, FakeTokenizer(), options())[0][-1] == ts(20)


@dataclass
class RowDecoder:
    """Answers each row of a generate call by its window's first token (new tokens, average
    log-prob), as CTranslate2 answers a batch: one result per row."""

    answers: dict[int, tuple[list[int], float]]
    calls: list[dict[str, Any]] = field(default_factory=list)

    def generate(self, encoder_output: Any, prompts: list[list[int]], **kwargs: Any) -> list[FakeResult]:
        self.calls.append({"prompts": prompts, "encoder_output": encoder_output, **kwargs})
        out = []
        for prompt in prompts:
            prefix = prompt[len(PROMPT) :]
            new, avg = self.answers[prefix[1]]  # the tail's first word tells the windows apart
            out.append(FakeResult([prefix + new], [avg * (len(new) + 1) / len(prefix + new)]))
        return out


def window(word: int, filler: int = 0) -> list[int]:
    """A dangling decode whose last segment opens with ``word``, after ``filler`` other tokens."""
    return [ts(0), *([1] * filler), ts(5), ts(5), word, 4, ts(10), ts(10)]


def test_a_batchs_continuations_are_one_decode_and_each_what_it_is_alone() -> None:
    answers = {
        20: ([5, 6, ts(14)], -0.3),  # kept
        21: ([4, ts(12)], -0.3),  # a repeat: not kept
        22: ([7, 8, ts(15)], -0.2),  # kept
    }
    windows = [window(20), window(21), window(22)]
    alone = [
        said_after(model(RowDecoder(answers)), None, w, PROMPT, FakeTokenizer(), options()) for w in windows
    ]
    decoder = RowDecoder(answers)
    outputs = [np.full((1, 2, 3), k, np.float32) for k in range(3)]  # each window's encoder output
    both = said_after_all(model(decoder), list(zip(outputs, windows)), PROMPT, FakeTokenizer(), options())

    assert both == alone and [more for more, _ in both] == [[5, 6, ts(14)], [], [7, 8, ts(15)]]
    assert len(decoder.calls) == 1 and len(decoder.calls[0]["prompts"]) == 3
    stacked = np.asarray(decoder.calls[0]["encoder_output"])
    assert stacked.shape == (3, 2, 3) and [row[0, 0] for row in stacked] == [0, 1, 2]  # rows in order


def test_in_a_batch_each_window_has_its_own_room_and_limit() -> None:
    """A window with no room is not decoded; windows whose length limits differ are decoded in
    calls of their own, each with the limit it has alone (CTranslate2's beam search ends a row
    at its last step with the beams it has, so the limit decides its answer); one that reaches
    its limit is not kept."""
    long_answer = (list(range(30, 89)) + [ts(20)], -0.3)
    answers = {20: long_answer, 21: long_answer, 23: ([5, 6, ts(14)], -0.3)}
    full, short, roomy, other = window(22, filler=420), window(20, filler=376), window(21), window(23)
    decoder = RowDecoder(answers)
    outputs = [np.full((1, 2, 3), k, np.float32) for k in range(4)]
    said = said_after_all(
        model(decoder), list(zip(outputs, [full, short, roomy, other])), PROMPT, FakeTokenizer(), options()
    )

    assert [len(more) for more, _ in said] == [0, 0, 60, 3]  # no room; past its limit; kept; kept
    limits = {}
    for w in (short, roomy):
        alone = RowDecoder(answers)
        said_after(model(alone), None, w, PROMPT, FakeTokenizer(), options())
        limits[w[-4]] = alone.calls[0]["max_length"]  # by the word its last segment opens with
    calls = sorted((c["max_length"], [p[len(PROMPT) + 1] for p in c["prompts"]]) for c in decoder.calls)
    assert calls == sorted([(limits[20], [20]), (limits[21], [21, 23])]) and limits[20] < limits[21]


def test_a_short_continuation_is_not_judged_by_its_average_log_probability() -> None:
    """Its one or two uncertain timestamps would be most of the average (" book.<|24.10|>": -1.05)."""
    decoder = FakeDecoder([([5, 6, ts(12)], -1.5)])
    assert said_after(model(decoder), None, FIRST, PROMPT, FakeTokenizer(), options())[0] == [5, 6, ts(12)]


def test_words_said_again_are_told_in_any_script() -> None:
    from engine.continuation import _repeats

    window = "Printing, then, for our purpose. It is of the first importance, that"
    assert _repeats(window, "that", "is of the first importance, again")  # 5 words in a row
    assert not _repeats(window, "that", "of the first rank")  # 3 are not enough: "in the Middle
    # Ages" said, then "The Middle Ages brought calligraphy to perfection." (lj_600s)
    assert _repeats(window, "It is of the first importance", "importance that the letter")  # the join
    assert not _repeats(window, "It is of the first importance,", "book")
    ja = "マッピルマナのぎ、電球が止まっていた。"
    assert _repeats(ja, ja, "電球が止まっていた。")  # 8 characters of the window in a row
    assert not _repeats(ja, "電球が止まっていた。", "キャンプの外れ")
    assert not _repeats(ja, "止まっていた。", "たくさん")  # one character at the join is not a repeat
    assert not _repeats("", "", "anything")


def test_a_rest_of_breath_or_silence_is_quiet_and_one_of_speech_is_not() -> None:
    import numpy as np

    from engine.continuation import quiet

    frames = np.full((80, 1000), 0.1, np.float32)  # speech level in Whisper's mel units
    frames[:, 900:] = 0.1 - 15 / 40  # 15 dB under: a breath
    words = [(0, 400), (450, 880)]
    assert quiet(frames, 900, 1000, words)
    assert quiet(frames, 900, 1000, [])  # judged against the loudest frames before it
    frames[:, 950:960] = 0.1  # one loud 100 ms in it: a word
    assert not quiet(frames, 900, 1000, words)
    assert quiet(frames, 1000, 1000, words)  # nothing left


def test_a_breath_after_sparse_dialogue_is_quiet() -> None:
    """Most of the window silent (the reviewer's case): the whole window's median is the silence,
    the words' frames are not."""
    import numpy as np

    from engine.continuation import quiet

    frames = np.full((80, 3000), -0.5, np.float32)  # silence
    frames[:, 100:1000] = 0.2  # 9 s of speech
    frames[:, 2900:] = 0.2 - 15 / 40  # a breath at the end, 15 dB under the speech
    assert quiet(frames, 2900, 3000, [(100, 1000)])
    assert quiet(frames, 2900, 3000, [])


def test_pieces_of_a_continuation_carry_its_own_log_probability() -> None:
    """engine.filters drops likely no-speech lines by the figures of the decode they came from: a
    continuation's pieces must not carry the first decode's confident figure."""
    from engine.one_window import _logprob_of

    said_from = [(20.0, -0.9), (26.5, -0.4)]  # two continuations: from 20.0 s and from 26.5 s
    assert _logprob_of({"start": 12.0}, -0.2, said_from) == -0.2
    assert _logprob_of({"start": 20.0}, -0.2, said_from) == -0.9
    assert _logprob_of({"start": 23.1}, -0.2, said_from) == -0.9
    assert _logprob_of({"start": 27.0}, -0.2, said_from) == -0.4
    assert _logprob_of({"start": 27.0}, -0.2, []) == -0.2


def test_a_long_silent_gap_is_a_pause_and_one_with_sound_in_it_is_not() -> None:
    """lj_600s: 5 of 24 windows stopped 1.04-1.48 s after their last word, sound only at the gap's
    edges; base on a Japanese line said 18 times: 6 s of a line never said in the gap."""
    import numpy as np

    from engine.one_window import OneWindowWhisper

    me = SimpleNamespace(frames_per_second=100)
    frames = np.full((80, 2400), -0.5, np.float32)  # silence
    frames[:, 0:2000] = 0.2  # speech, the last word ending at 20.00 s
    frames[:, 2140:2400] = 0.2  # the rest, from Whisper's timestamp at 21.40 s
    frames[:, 2000:2020] = 0.1  # the last word's tail, in the gap's first 0.3 s
    words = [(0, 2000)]
    assert OneWindowWhisper._may_continue(me, frames, 2400, words, 2000, 2140)  # type: ignore[arg-type]
    frames[:, 2050:2090] = 0.2  # a word in the gap
    assert not OneWindowWhisper._may_continue(me, frames, 2400, words, 2000, 2140)  # type: ignore[arg-type]
    frames[:, 2050:2090] = -0.5
    frames[:, 2140:2400] = 0.2 - 15 / 40  # a breath for a rest, the last word's tail still there
    assert frames[0, 2010] == np.float32(0.1)
    assert not OneWindowWhisper._may_continue(me, frames, 2400, words, 2000, 2140)  # type: ignore[arg-type]
