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

A window that holds the file's language and another (a chunk at the edge between two blocks of a
bilingual file, a line in another language inside a chunk) is neither: asked once, it gave the
two languages 0.5 / 0.5, or the other 0.96 and the file's 0.03, and decoded whole in either
language it lost or invented the other's lines. Such a window (``mixed_with``) is decoded again
by the worker in runs of one language (``decode_by_language``): its pause-separated stretches
are each asked their language, and each run of stretches in one language is decoded in it and
looked at again as a chunk would be (engine.worker). Cost: one encoder pass per stretch of 2 s
or more and one per run, on those windows only (a 93 s file with two such windows, base: 15.8
-> 21.9 CPU-s; single-language files never pay it).

Cost (measured 2026-12-01, base, int8, one CPU thread, four 28 s windows of lj_300s): the
question takes 0.22-0.26 CPU-s for the four, against 3.7-4.0 CPU-s for their encoder pass; only
files whose language is detected pay it, and English-only models never do. A whole
``main.py transcribe --model base`` of bench/out/lj_180s.wav did not show it (three interleaved
runs: 13.4-14.5 s wall before, 13.4-14.1 s after).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from engine.protocol import SAMPLE_RATE, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "FILE_MAX_PROBABILITY",
    "MIXED_CANDIDATE_MIN",
    "MIXED_FILE_BELOW",
    "MIXED_OTHER_MIN",
    "SWITCH_MIN_PROBABILITY",
    "decode_by_language",
    "mixed_with",
    "other_language_stretches",
    "own_language",
    "tokenizer_for",
]

SWITCH_MIN_PROBABILITY = 0.5
FILE_MAX_PROBABILITY = 0.05
# A window that holds the file's language and another (see ``mixed_with``).
MIXED_FILE_BELOW = 0.8
MIXED_OTHER_MIN = 0.2
MIXED_CANDIDATE_MIN = 0.02
# A stretch shorter than this is not asked its language: it takes its neighbours' (ms).
MIN_ASK_MS = 2_000


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
    return code if _chances(probabilities).get(file_language, 0.0) <= FILE_MAX_PROBABILITY else None


def mixed_with(probabilities: Sequence[tuple[str, float]], file_language: str) -> tuple[str, ...]:
    """The other languages a window seems to hold beside ``file_language``, most likely first;
    () when it seems to hold one.

    A window holds another language when the file's has less than ``MIXED_FILE_BELOW`` and one
    other at least ``MIXED_OTHER_MIN``, or when it is moved to another (:func:`own_language`)
    while the file's still has ``MIXED_CANDIDATE_MIN``; every other language with
    ``MIXED_CANDIDATE_MIN`` or more is then a candidate (an English window holding a Japanese
    line and, at its start, a Chinese one: en 0.54, ja 0.41, zh 0.04). ``probabilities``: as
    in :func:`own_language`.

    Measured (2026-12-01, base, the engine's own windows): in 44 windows of single-language
    files (testdata, ../shared/cases, noise and music at 5 dB SNR, a -34 dB reading, Chinese
    and Japanese lines repeated) no other language reached 0.11 (zh 0.107 in the 5.1 mix);
    windows holding 9-14 s of another language in 26-29 s gave it 0.25-0.45, or (a German
    voice after an English one) 0.83-0.96 with English at 0.03-0.17; the German chunks of
    multilingual.mp3 gave English 0.001.
    """
    if not probabilities:
        return ()
    chances = _chances(probabilities)
    others = sorted(((p, code) for code, p in chances.items() if code != file_language), reverse=True)
    candidates = tuple(code for p, code in others if p >= MIXED_CANDIDATE_MIN)
    if own_language(probabilities, file_language) is not None:
        # Moved to another language, but not wholly: 18 s of English and 9 s of German gave
        # de 0.96, en 0.03, and the window decoded in German lost its German half.
        return candidates if chances.get(file_language, 0.0) >= MIXED_CANDIDATE_MIN else ()
    if chances.get(file_language, 0.0) >= MIXED_FILE_BELOW or not others or others[0][0] < MIXED_OTHER_MIN:
        return ()
    return candidates


def decode_by_language(
    transcribe: Callable[[npt.NDArray[np.float32], str, tuple[tuple[int, int], ...]], Iterable[Segment]],
    detect: Callable[[npt.NDArray[np.float32]], Sequence[tuple[str, float]]],
    audio: npt.NDArray[np.float32],
    speech: Iterable[tuple[int, int]],
    file_language: str,
    others: Sequence[str],
    decoded_in: str | None = None,
) -> list[Segment] | None:
    """A window holding ``file_language`` and ``others`` (:func:`mixed_with`), decoded in runs
    of one language each; None when every stretch of it is heard in ``decoded_in``, the
    language its first decode was made in (None: the file's).

    ``audio``: the chunk, 16 kHz mono; ``speech``: its VAD regions (ms on its timeline). The
    chunk is cut into stretches at the middle of its pauses (engine.recheck.stretches); each
    stretch of ``MIN_ASK_MS`` or more is asked its language (``detect``: (language,
    probability) pairs) and is in the most likely of the file's language and ``others``; a
    shorter one (a short answer, a name) is too short to be told by ear and takes the language
    of the stretch before it (of the one after it at the start). Neighbouring stretches in one
    language are decoded together (``transcribe(piece, language, speech)``, ``speech`` the VAD
    regions on the piece's timeline), so that Whisper hears whole sentences. Segments come
    back on the chunk's timeline, those in another language than the file's with
    ``Segment.language`` set.
    """
    from engine.recheck import shifted, stretches  # numpy: not where only the stretches are named

    regions = list(speech)
    total_ms = audio.size * 1000 // SAMPLE_RATE
    pieces = stretches(regions, total_ms)
    choices = [file_language, *others]

    def piece(lo: int, hi: int) -> npt.NDArray[np.float32]:
        return audio[lo * SAMPLE_RATE // 1000 : hi * SAMPLE_RATE // 1000]

    heard: list[str | None] = []
    for lo, hi in pieces:
        if hi - lo < MIN_ASK_MS:
            heard.append(None)
            continue
        chances = _chances(detect(piece(lo, hi)))
        heard.append(max(choices, key=lambda code: chances.get(code, 0.0)))  # the file's on a tie
    if {language for language in heard if language is not None} <= {decoded_in or file_language}:
        return None
    known = next(language for language in heard if language is not None)
    runs: list[tuple[str, int, int]] = []
    for (lo, hi), language in zip(pieces, heard):
        known = language or known
        if runs and runs[-1][0] == known:
            runs[-1] = (known, runs[-1][1], hi)
        else:
            runs.append((known, lo, hi))
    out: list[Segment] = []
    for language, lo, hi in runs:
        inside = tuple((max(a, lo) - lo, min(b, hi) - lo) for a, b in regions if a < hi and b > lo)
        tag = "" if language == file_language else language
        decoded = transcribe(piece(lo, hi), language, inside)
        out += [dataclasses.replace(shifted(s, lo), language=tag) for s in decoded]
    return out


def _chances(probabilities: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Language code ("de", from "<|de|>" or "de") -> probability."""
    return {token.removeprefix("<|").removesuffix("|>"): p for token, p in probabilities}


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
