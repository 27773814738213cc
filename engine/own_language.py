"""A line in another language is written in its own language, not the file's.

The language of a file is voted once, over its first chunks (engine.supervisor.language), and
every chunk is then decoded in it. Whisper told to write English over German speech writes
invented English ("Each of these software and the available documentation data will be
divided into the application": testdata misc/multilingual.mp3, base, 29-60 s, which is German),
so the words said are lost without a sign. When the file's language was detected rather than
chosen, each window's language is asked of the encoder output it is decoded from (one decoder
step, no second encoder pass) and a window clearly in another language is decoded in that one.

"Clearly" is measured (2026-12-01, base, the engine's own chunks): the German chunks of
multilingual.mp3 gave de 0.998 and 0.999 with en <= 0.001; in every single-language file of
testdata and ../shared/cases, and in user tests' noisy, music and short-line files, the file's
language had at least 0.73 in each chunk (a 0.4 s "yes"; a 5.1 surround mix, en 0.89 beside zh
0.10; a meeting, en 0.89 beside ar 0.03). A window moves to language M only when the file's
language has at most ``FILE_MAX_PROBABILITY`` and M at least ``SWITCH_MIN_PROBABILITY``, the most
of any: a second user test's English chunk in a Japanese file gave en 0.885, zh 0.114, ja under
0.001, and was written as invented Japanese while the bar for M was 0.9. A language the user chose is never changed. Chunks longer
than one window (only with ``EngineConfig.cpu_chunk_ms``, off by default) go through
faster-whisper's own loop and are not asked. The second looks at a chunk (engine.recheck:
its stretches one by one, a style prompt) decode it in the language its first decode was
written in, without asking again (engine.worker): a 1.5 s German stretch alone was heard as
English, and a short stretch of the file's language could as well be heard as another.

Cost (measured 2026-12-01, base, int8, one CPU thread, four 28 s windows of lj_300s): the
question takes 0.22-0.26 CPU-s for the four, against 3.7-4.0 CPU-s for their encoder pass; only
files whose language is detected pay it, and English-only models never do. A whole
``main.py transcribe --model base`` of bench/out/lj_180s.wav did not show it (three interleaved
runs: 13.4-14.5 s wall before, 13.4-14.1 s after).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from engine.protocol import Segment

__all__ = [
    "FILE_MAX_PROBABILITY",
    "SWITCH_MIN_PROBABILITY",
    "other_language_stretches",
    "own_language",
    "tokenizer_for",
]

SWITCH_MIN_PROBABILITY = 0.5
FILE_MAX_PROBABILITY = 0.05


def own_language(probabilities: Sequence[tuple[str, float]], file_language: str) -> str | None:
    """The language a window is clearly in when it is not ``file_language``, else None.

    ``probabilities``: CTranslate2's ``detect_language`` answer for one window, (token such as
    "<|de|>", probability) pairs, most likely first. ``file_language``: a Whisper code ("en").
    """
    if not probabilities:
        return None
    token, probability = probabilities[0]
    code = token.removeprefix("<|").removesuffix("|>")
    if code == file_language or probability < SWITCH_MIN_PROBABILITY:
        return None
    file_probability = dict(probabilities).get(f"<|{file_language}|>", 0.0)
    return code if file_probability <= FILE_MAX_PROBABILITY else None


def tokenizer_for(tokenizer: Any, language: str) -> Any:
    """A faster-whisper ``Tokenizer`` like ``tokenizer`` (same vocabulary and task), for ``language``."""
    from faster_whisper.tokenizer import Tokenizer

    task = "translate" if tokenizer.task == tokenizer.translate else "transcribe"
    return Tokenizer(tokenizer.tokenizer, True, task=task, language=language)


def other_language_stretches(segments: Iterable[Segment]) -> list[tuple[str, int, int]]:
    """(language, start ms, end ms) of each run of segments written in another language than
    the file's (``Segment.language``), in time order; neighbours in the same language are one
    stretch, however far apart."""
    out: list[tuple[str, int, int]] = []
    last = ""
    for segment in sorted(segments, key=lambda s: (s.start_ms, s.end_ms)):
        if segment.language and segment.language == last:
            language, start, end = out[-1]
            out[-1] = (language, start, max(end, segment.end_ms))
        elif segment.language:
            out.append((segment.language, segment.start_ms, segment.end_ms))
        last = segment.language
    return out
