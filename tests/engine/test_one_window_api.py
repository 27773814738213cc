"""The faster-whisper internals engine.one_window calls still exist (a fast check, so that an
upgrade that renames one fails here rather than at a user's first file)."""

from __future__ import annotations

import inspect

from faster_whisper import WhisperModel

from engine.one_window import REQUIRED_METHODS


def test_faster_whisper_still_has_the_methods_we_call() -> None:
    missing = [name for name in REQUIRED_METHODS if not callable(getattr(WhisperModel, name, None))]
    assert not missing, f"faster-whisper no longer has {missing}: engine.one_window must follow it"


def test_the_methods_take_the_arguments_we_pass() -> None:
    split = inspect.signature(WhisperModel._split_segments_by_timestamps).parameters
    assert {"tokenizer", "tokens", "time_offset", "segment_size", "segment_duration", "seek"} <= set(split)
    words = list(inspect.signature(WhisperModel.add_word_timestamps).parameters)
    assert words[:8] == [
        "self",
        "segments",
        "tokenizer",
        "encoder_output",
        "num_frames",
        "prepend_punctuations",
        "append_punctuations",
        "last_speech_timestamp",
    ]
    assert list(inspect.signature(WhisperModel.generate_with_fallback).parameters)[1:] == [
        "encoder_output",
        "prompt",
        "tokenizer",
        "options",
    ]


class Tokens:
    """Whisper's token layout as far as the rule needs it: text below eot, timestamps from 100."""

    eot = 50
    timestamp_begin = 100


def test_a_continuation_is_kept_only_when_sure_and_never_going_back_before_its_start() -> None:
    from engine.one_window import _good_continuation

    start = 100 + 1015  # <|20.30|>
    assert _good_continuation([start, 7, 8, start + 50], start, 0.0, Tokens)
    assert not _good_continuation([start, 7, 8, start + 50], start, 0.2, Tokens)  # needed sampling
    assert not _good_continuation([start, start + 5], start, 0.0, Tokens)  # said nothing
    assert not _good_continuation([start, 7, start - 25, 8, start + 50], start, 0.0, Tokens)  # went back
