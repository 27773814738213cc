"""One encoder pass per chunk (engine.one_window): the same words as faster-whisper, fewer windows.

faster-whisper decodes the last sentence of a chunk again in a window of its own (a whole
encoder pass); OneWindowWhisper says it from the same encoder output, the last segment as prefix
(engine.continuation, on), packs what is still left with other chunks' (engine.rest_pack), or,
off, continues the decoder from that sentence's timestamp alone (``continue_in_window``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from faster_whisper import WhisperModel

from bench.scoring import normalise, wer
from engine.one_window import OneWindowWhisper
from tests.conftest import LJ

pytestmark = pytest.mark.slow

SILENCE_S = 1.0


@pytest.fixture(scope="module")
def model_path() -> str:
    from engine.models import resolve_model

    return str(resolve_model("tiny.en", allow_download=False).path)


def joined(first: int, count: int) -> np.ndarray:
    """LJ001 sentences ``first``.. joined with 1 s of silence, 16 kHz mono float32."""
    from engine.audio import decode

    gap = np.zeros(int(16_000 * SILENCE_S), np.float32)
    parts = [part for path in LJ[first : first + count] for part in (decode(path), gap)]
    return np.concatenate(parts[:-1])


def decode_words(model: WhisperModel, audio: np.ndarray) -> tuple[str, list[Any]]:
    segments, _info = model.transcribe(
        audio, language="en", beam_size=5, condition_on_previous_text=False, word_timestamps=True
    )
    segments = list(segments)
    return " ".join(s.text.strip() for s in segments), [w for s in segments for w in s.words]


def test_a_chunk_takes_one_encoder_pass_and_keeps_its_last_sentence(model_path: str) -> None:
    audio = joined(0, 3)  # ~24 s: faster-whisper defers the last sentence to a second window
    assert audio.size / 16_000 < 30
    stock = WhisperModel(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    stock_windows = 0
    encode = stock.encode

    def counted(features: Any) -> Any:
        nonlocal stock_windows
        stock_windows += 1
        return encode(features)

    stock.encode = counted  # type: ignore[method-assign]
    stock_text, stock_words = decode_words(stock, audio)
    ours = OneWindowWhisper(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    ours.say_the_rest = False
    by_default = decode_words(ours, audio)
    assert by_default[0] == stock_text  # the rest in faster-whisper's second window, same text
    assert [(w.start, w.end, w.word) for w in by_default[1]] == [
        (w.start, w.end, w.word) for w in stock_words
    ]
    ours.windows = 0
    ours.continue_in_window = True
    text, words = decode_words(ours, audio)

    assert stock_windows == 2  # the case the continuation exists for
    assert ours.windows == 1 and ours.continuations >= 1
    assert wer(stock_text, text) <= 0.05, (stock_text, text)
    assert normalise(text).split()[-2:] == normalise(stock_text).split()[-2:]  # the last words are there
    starts = [w.start for w in words]
    assert starts == sorted(starts) and words[-1].end <= audio.size / 16_000 + 0.05


def test_the_sentence_left_unsaid_is_said_from_the_same_encoder_pass(model_path: str) -> None:
    """engine.continuation: Whisper stops before the last sentence; the decoder, given the last
    segment as prefix, says it from the same encoder output: one encoder pass, the same words
    as faster-whisper's second window, at the same times."""
    audio = joined(0, 3)  # ~24 s: faster-whisper defers the last sentence to a second window
    ours = OneWindowWhisper(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    ours.say_the_rest = False
    rest_text, rest_words = decode_words(ours, audio)
    assert ours.windows == 2  # the case
    ours.windows = 0
    ours.say_the_rest = True
    text, words = decode_words(ours, audio)

    assert ours.windows == 1
    assert wer(rest_text, text) <= 0.05, (rest_text, text)
    assert normalise(text).split()[-3:] == normalise(rest_text).split()[-3:]
    starts = [w.start for w in words]
    assert starts == sorted(starts) and words[-1].end <= audio.size / 16_000 + 0.05
    assert len(words) == len(rest_words)
    assert max(abs(a.start - b.start) for a, b in zip(words, rest_words)) <= 0.3


def test_a_continuation_not_kept_leaves_the_rest_to_its_own_window(
    model_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine import continuation

    audio = joined(0, 3)
    ours = OneWindowWhisper(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    reference, _ = decode_words(ours, audio)
    monkeypatch.setattr(continuation, "_repeats", lambda *texts: True)  # every one a "repeat"
    ours.windows = 0
    text, _ = decode_words(ours, audio)

    assert ours.windows == 2  # the rest went to a window of its own, as in faster-whisper
    assert normalise(text).split()[-3:] == normalise(reference).split()[-3:]


@pytest.mark.parametrize("case", ["sound in a long gap before the rest", "a quiet rest"])
def test_no_continuation_where_the_rest_may_be_skipped_speech_or_a_breath(
    model_path: str, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """The last word ending over MAX_GAP_S before the timestamp Whisper stopped at, with sound
    between (speech it may have skipped), or nothing loud after it (QUIET_DB: a breath): the
    rest is decoded in a window of its own, from that word's end."""
    from engine import continuation, one_window

    audio = joined(0, 3)
    ours = OneWindowWhisper(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    reference, _ = decode_words(ours, audio)
    if case == "a quiet rest":
        monkeypatch.setattr(continuation, "QUIET_DB", -1000.0)  # every rest "quiet"
    else:
        monkeypatch.setattr(one_window, "MAX_GAP_S", -1.0)  # every gap "long"
        monkeypatch.setattr(one_window, "quiet", lambda *args: False)  # and never silent
    ours.windows = 0
    text, _ = decode_words(ours, audio)

    assert ours.windows == 2
    assert normalise(text).split()[-3:] == normalise(reference).split()[-3:]


def test_a_failed_continuation_decodes_the_rest_in_a_fresh_window(
    model_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    audio = joined(0, 3)
    ours = OneWindowWhisper(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    ours.say_the_rest = False
    ours.continue_in_window = True
    reference, _ = decode_words(ours, audio)
    generate = ours.generate_with_fallback

    def continuation_falls_back(encoder_output: Any, prompt: list[int], tokenizer: Any, options: Any) -> Any:
        result, logprob, temperature, ratio = generate(encoder_output, prompt, tokenizer, options)
        if prompt[-1] >= tokenizer.timestamp_begin:  # a continuation: pretend it needed sampling
            return result, logprob, 0.2, ratio
        return result, logprob, temperature, ratio

    monkeypatch.setattr(ours, "generate_with_fallback", continuation_falls_back)
    ours.windows = 0
    text, words = decode_words(ours, audio)

    assert ours.windows == 2  # the rest went to a window of its own, as in faster-whisper
    assert normalise(text).split()[-2:] == normalise(reference).split()[-2:]
    assert wer(reference, text) <= 0.05, (reference, text)


def test_audio_longer_than_a_window_goes_through_faster_whisper(model_path: str) -> None:
    audio = joined(0, 5)  # > 30 s
    assert audio.size / 16_000 > 30
    stock = WhisperModel(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    ours = OneWindowWhisper(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    assert decode_words(ours, audio)[0] == decode_words(stock, audio)[0]
    assert ours.continuations == 0


def test_four_chunks_decoded_as_one_batch_say_what_each_says_alone(model_path: str) -> None:
    from engine.protocol import JobOptions
    from engine.transcriber import load_model

    model = load_model(model_path, "cpu", 0, "int8", 1)
    model._model.pack_rests = False  # type: ignore[attr-defined]  # the batch alone, nothing packed
    audios = [joined(first, 2) for first in (0, 2, 4, 6)]  # 12-24 s each
    options = JobOptions(language="en")
    alone = [list(model.transcribe(audio, "en", options)) for audio in audios]
    batch = [list(segments) for segments in model.transcribe_batch(audios, "en", options)]  # type: ignore[attr-defined]

    assert [[(s.start_ms, s.end_ms, s.text) for s in segments] for segments in batch] == [
        [(s.start_ms, s.end_ms, s.text) for s in segments] for segments in alone
    ]
    assert [[w.text for s in segments for w in s.words] for segments in batch] == [
        [w.text for s in segments for w in s.words] for segments in alone
    ]


def said(segments: Any) -> list[Any]:
    """What a chunk's segments say, as the supervisor reads them: times, text, the figure the
    no-speech filter judges, and the words."""
    return [
        (
            s.start_ms,
            s.end_ms,
            s.text,
            round(s.avg_logprob, 4),
            [(w.start_ms, w.end_ms, w.text) for w in s.words],
        )
        for s in segments
    ]


class Spy:
    """A CTranslate2 Whisper whose ``generate`` calls are counted: the rows of each."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[list[int]] = []  # the prompt lengths of each call's rows

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def generate(self, features: Any, prompts: list[list[int]], **kwargs: Any) -> Any:
        self.calls.append([len(p) for p in prompts])
        return self.inner.generate(features, prompts, **kwargs)


def test_a_batchs_continuations_are_said_in_one_decode_and_say_what_each_says_alone(model_path: str) -> None:
    """engine.continuation.said_after_all: the sentences a batch's windows leave unsaid are said
    in one batched decode per step (before: one decode each), each the same as alone."""
    from engine.protocol import JobOptions
    from engine.transcriber import load_model

    model = load_model(model_path, "cpu", 0, "int8", 1)
    whisper: Any = model._model  # type: ignore[attr-defined]
    whisper.pack_rests = False  # rests not continued would be packed, their text then shared
    audios = [joined(first, 3) for first in (0, 3, 6, 9)]  # ~20-26 s each
    options = JobOptions(language="en")
    alone = [said(model.transcribe(audio, "en", options)) for audio in audios]
    continued_alone = whisper.continuations
    spy = Spy(whisper.model)
    whisper.model, whisper.continuations = spy, 0
    batch = [said(segments) for segments in model.transcribe_batch(audios, "en", options)]  # type: ignore[attr-defined]

    assert batch == alone
    assert whisper.continuations == continued_alone >= 2  # the case: several windows continued
    prompt = spy.calls[0][0]  # the first pass: every row the bare prompt
    continuing = [rows for rows in spy.calls if rows[0] > prompt]
    assert max(len(rows) for rows in continuing) >= 2, spy.calls  # shared decodes (before: one row each)


def test_an_error_in_a_batchs_look_stays_its_own_windows(
    model_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The windows of a batch are looked at together (their continuations share a decode): a
    batched continuation that fails is made window by window, and a window whose word timing
    fails raises when it is read, not in the others."""
    from engine import one_window
    from engine.protocol import JobOptions
    from engine.transcriber import load_model

    model = load_model(model_path, "cpu", 0, "int8", 1)
    model._model.pack_rests = False  # type: ignore[attr-defined]
    audios = [joined(first, 3) for first in (0, 3, 6)]
    options = JobOptions(language="en")
    alone = [said(model.transcribe(audio, "en", options)) for audio in audios]
    said_after_all = one_window.said_after_all
    failed = 0

    def alone_only(model: Any, windows: list[Any], *args: Any) -> Any:
        nonlocal failed
        if len(windows) > 1:
            failed += 1
            raise RuntimeError("batched decode failed")
        return said_after_all(model, windows, *args)

    monkeypatch.setattr(one_window, "said_after_all", alone_only)
    batch = model.transcribe_batch(audios, "en", options)  # type: ignore[attr-defined]
    assert [said(segments) for segments in batch] == alone and failed >= 1

    monkeypatch.setattr(one_window, "said_after_all", said_after_all)
    align = OneWindowWhisper._align
    failing = int(audios[1].size // 160)  # the second window's frames

    def broken(
        self: Any, decoded: Any, tokenizer: Any, encoder_output: Any, frames: int, options: Any
    ) -> None:
        if frames == failing:
            raise RuntimeError("alignment failed")
        align(self, decoded, tokenizer, encoder_output, frames, options)

    monkeypatch.setattr(OneWindowWhisper, "_align", broken)
    first, second, third = model.transcribe_batch(audios, "en", options)  # type: ignore[attr-defined]
    assert said(first) == alone[0]
    with pytest.raises(RuntimeError, match="alignment failed"):
        list(second)
    assert said(third) == alone[2]

    once = [True]

    def fails_once(
        self: Any, decoded: Any, tokenizer: Any, encoder_output: Any, frames: int, options: Any
    ) -> None:
        if frames == failing and once.pop() if once else False:
            raise RuntimeError("out of memory beside the others")
        align(self, decoded, tokenizer, encoder_output, frames, options)

    monkeypatch.setattr(OneWindowWhisper, "_align", fails_once)
    first, second, third = model.transcribe_batch(audios, "en", options)  # type: ignore[attr-defined]
    assert said(first) == alone[0] and not once  # it failed in the batch's look ...
    assert said(second) == alone[1]  # ... and was looked at once more, alone, when read


def test_a_window_that_needs_a_temperature_fallback_is_looked_at_when_read(model_path: str) -> None:
    """Its sampled decodes gain nothing from the batch's look: they run when it is read, not
    before the first window's segments."""
    from engine.protocol import JobOptions
    from engine.transcriber import _segment, load_model

    model = load_model(model_path, "cpu", 0, "int8", 1)
    model._model.pack_rests = False  # type: ignore[attr-defined]
    audios = [joined(first, 3) for first in (0, 3, 6)]
    options = JobOptions(language="en")
    windows = model._model.transcribe_batch(audios, **model._arguments("en", options))  # type: ignore[attr-defined]
    windows[1].first = None  # as when its batched decode failed faster-whisper's thresholds
    list(windows[0])

    assert windows[0].looked and windows[2].looked and windows[1].looked is None
    assert said(map(_segment, windows[1])) == said(model.transcribe(audios[1], "en", options))


def test_the_rests_a_batch_leaves_are_packed_in_fewer_windows_and_say_the_same(model_path: str) -> None:
    """Whisper leaves the last sentence of most chunks for a window of its own; the rests of a
    batch share windows instead, and each chunk still says what it says alone, last words and
    all, at the same times."""
    from engine.protocol import JobOptions
    from engine.transcriber import load_model

    model = load_model(model_path, "cpu", 0, "int8", 1)
    model._model.say_the_rest = False  # type: ignore[attr-defined]  # so that rests are left to pack
    whisper = model._model  # type: ignore[attr-defined]
    audios = [joined(first, 3) for first in (0, 3, 6, 9)]  # 3 sentences, < 30 s each
    assert all(audio.size / 16_000 < 30 for audio in audios)
    options = JobOptions(language="en")
    whisper.windows = 0
    alone = [list(model.transcribe(audio, "en", options)) for audio in audios]
    windows_alone = whisper.windows
    whisper.windows = 0
    packed = [list(segments) for segments in model.transcribe_batch(audios, "en", options)]  # type: ignore[attr-defined]

    assert windows_alone >= len(audios) + 3  # the case: most chunks left a rest
    assert whisper.windows < windows_alone  # the rests shared windows (7 -> 6 here: tiny.en left
    # the last rest of the packed window for one more)
    for mine, theirs, audio in zip(packed, alone, audios):
        mine_text = " ".join(s.text for s in mine)
        their_text = " ".join(s.text for s in theirs)
        assert wer(their_text, mine_text) <= 0.05, (their_text, mine_text)
        assert normalise(mine_text).split()[-3:] == normalise(their_text).split()[-3:]
        words = [w for s in mine for w in s.words]
        assert [w.start_ms for w in words] == sorted(w.start_ms for w in words)
        assert words[-1].end_ms <= audio.size / 16 + 50
        their_words = [w for s in theirs for w in s.words]
        assert abs(words[-1].end_ms - their_words[-1].end_ms) <= 300  # on the chunk's own timeline


def test_a_cpu_worker_skips_the_warm_up_transcription(
    model_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine import transcriber

    model = transcriber.load_model(model_path, "cpu", 0, "int8", 1)
    calls: list[object] = []
    monkeypatch.setattr(model, "transcribe", lambda *args: calls.append(args) or iter(()))
    model.warm_up()  # type: ignore[attr-defined]
    assert calls == []  # 0.9 CPU-s per worker saved at start-up
    model.device = "cuda"  # type: ignore[attr-defined]
    model.warm_up()  # type: ignore[attr-defined]
    assert len(calls) == 1


def test_every_window_of_a_long_chunk_reads_the_initial_prompt(model_path: str) -> None:
    """faster-whisper with condition_on_previous_text=False prompts only a long decode's first
    window; a chunk can run past 30 s (EngineConfig.cpu_chunk_ms, a fresh window that seeks
    again), and the user's names and the style prompt must reach all of it."""
    audio = joined(0, 8)  # ~62 s: three windows
    prompts: list[list[int]] = []

    class Spy(OneWindowWhisper):
        def get_prompt(self, tokenizer: Any, previous_tokens: list[int], **kwargs: Any) -> list[int]:
            prompt = super().get_prompt(tokenizer, previous_tokens, **kwargs)
            prompts.append(prompt)
            return prompt

    model = Spy(model_path, device="cpu", compute_type="int8", cpu_threads=1)
    segments, _info = model.transcribe(
        audio,
        language="en",
        beam_size=1,
        initial_prompt="Gutenberg, Caxton and Xyzzy.",
        condition_on_previous_text=False,
        word_timestamps=True,
    )
    assert " ".join(s.text for s in segments).strip()
    sot = model.hf_tokenizer.token_to_id("<|startoftranscript|>")
    given = prompts[0][: prompts[0].index(sot)]  # <|startofprev|> and the prompt's tokens
    assert len(given) > 5 and len(prompts) >= 2
    assert all(p[: p.index(sot)] == given for p in prompts)


def test_a_rest_the_packed_window_says_nothing_of_is_decoded_alone(
    model_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the pack loses a rest (skipped as silence, or Whisper stopped before it), that rest
    is decoded in a window of its own: a pack never loses a sentence silently."""
    from engine import one_window
    from engine.protocol import JobOptions
    from engine.transcriber import load_model

    model = load_model(model_path, "cpu", 0, "int8", 1)
    model._model.say_the_rest = False  # type: ignore[attr-defined]  # so that rests are left to pack
    audios = [joined(first, 3) for first in (0, 3, 6, 9)]
    options = JobOptions(language="en")
    alone = [list(model.transcribe(audio, "en", options)) for audio in audios]
    split_back = one_window.split_back
    emptied: list[int] = []

    def losing_the_first_rest(segments: Any, places: Any) -> Any:
        parts = split_back(segments, places)
        emptied.append(len(parts))
        return [[], *parts[1:]]

    monkeypatch.setattr(one_window, "split_back", losing_the_first_rest)
    packed = [list(segments) for segments in model.transcribe_batch(audios, "en", options)]  # type: ignore[attr-defined]

    assert emptied and emptied[0] >= 2  # a pack was made, and its first rest taken away
    for mine, theirs in zip(packed, alone):
        mine_text, their_text = (" ".join(s.text for s in x) for x in (mine, theirs))
        assert normalise(mine_text).split()[-3:] == normalise(their_text).split()[-3:], (
            their_text,
            mine_text,
        )


def test_a_pack_that_falls_back_to_sampling_has_each_rest_decoded_alone(
    model_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temperature fallback in the pack (one rest's noise or loop) would sample the other rests'
    text too: each rest is then decoded alone, and each chunk says exactly what it says alone."""
    from engine.protocol import JobOptions
    from engine.transcriber import load_model

    model = load_model(model_path, "cpu", 0, "int8", 1)
    model._model.say_the_rest = False  # type: ignore[attr-defined]  # so that rests are left to pack
    whisper = model._model  # type: ignore[attr-defined]
    audios = [joined(first, 3) for first in (0, 3, 6, 9)]
    options = JobOptions(language="en")
    alone = [list(model.transcribe(audio, "en", options)) for audio in audios]
    generate = whisper.generate_with_fallback
    calls: list[float] = []

    def first_call_sampled(encoder_output: Any, prompt: list[int], tokenizer: Any, options: Any) -> Any:
        result, logprob, temperature, ratio = generate(encoder_output, prompt, tokenizer, options)
        calls.append(temperature)
        return result, logprob, 0.2 if len(calls) == 1 else temperature, ratio  # the pack's window

    monkeypatch.setattr(whisper, "generate_with_fallback", first_call_sampled)
    packed = [list(segments) for segments in model.transcribe_batch(audios, "en", options)]  # type: ignore[attr-defined]

    assert len(calls) >= 3  # the pack's window, then rests alone
    assert [[(s.start_ms, s.end_ms, s.text) for s in segments] for segments in packed] == [
        [(s.start_ms, s.end_ms, s.text) for s in segments] for segments in alone
    ]


def test_translations_are_not_packed() -> None:
    from faster_whisper.tokenizer import Tokenizer
    from tokenizers import Tokenizer as HfTokenizer

    from engine.models import resolve_model
    from engine.one_window import _translating

    folder = Path(resolve_model("base", allow_download=False).path)
    hf = HfTokenizer.from_file(str(folder / "tokenizer.json"))
    assert _translating(Tokenizer(hf, True, task="translate", language="ja"))
    assert not _translating(Tokenizer(hf, True, task="transcribe", language="ja"))
    assert not _translating(Tokenizer(hf, False))  # an English-only model has no task token
