"""engine.transcriber.Decode: faster-whisper's segments as protocol Segments, and what the decode
found about its languages (engine.own_language), kept after it is read but not the decode."""

from __future__ import annotations

import gc
import weakref
from types import SimpleNamespace

from engine.transcriber import Decode


class Window:
    """Stands for engine.one_window's _Window: decoded in German, seeming to hold English too."""

    def __init__(self) -> None:
        self.tokenizer = SimpleNamespace(language_code="de")
        self.mixed_with = ("en",)
        self.features = bytearray(3_000_000)  # what a window holds while it lives

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield SimpleNamespace(
            start=1.0,
            end=2.5,
            text=" Guten Tag",
            words=[],
            avg_logprob=-0.2,
            no_speech_prob=0.0,
            compression_ratio=1.0,
        )


def test_a_decode_names_its_language_and_lets_the_window_go_once_read() -> None:
    window = Window()
    alive = weakref.ref(window)
    decode = Decode(window, "en")
    del window
    segments = list(decode)
    assert [(s.start_ms, s.end_ms, s.text, s.language) for s in segments] == [
        (1000, 2500, " Guten Tag", "de")
    ]
    gc.collect()
    assert alive() is None  # its features are not kept for as long as the batch's answers are
    assert decode.written_in == "de" and decode.mixed_with == ("en",)
    assert list(decode) == []


def test_a_decode_of_faster_whispers_own_loop_is_in_the_language_asked() -> None:
    decode = Decode(iter(()), "en")
    assert list(decode) == [] and decode.written_in == "en" and decode.mixed_with == ()
