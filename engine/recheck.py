"""Second looks at a chunk whose first decode is likely to have lost words or style.

1. Merged repetitions. Measured (base, temperature 0): in the cases' ``repeated_line_x8.flac``,
   a 24 s window in which "has never been surpassed" is said 8 times with 0.6 s pauses came back
   with 5 of them, the word timings stretched over the missing ones; a 12 s file with the line
   said 5 times came back with one, its words ending at 4.4 s and 7 s of speech after them left
   without a word. Decoded one pause-separated stretch at a time, every repetition comes back.
   The stretch pass runs for a chunk whose text repeats a phrase of two or more words
   ``RECHECK_REPEATS`` times in a row, whose VAD speech holds at least ``UNHEARD_MS`` in
   regions no word overlaps, or (transcribing, not translating) one of whose words holds
   ``STRETCHED_WORD_MS`` of speech more than its letters take (skipped words, see
   ``stretched_ms``). Stretches are cut at the middle of pauses and cover the whole chunk, so
   speech VAD missed is decoded again too. The stretch result replaces the first pass only when
   it says more (``amount_said``: words, or letters where words are not spaced, but not words
   stacked at one instant), counted on the segments engine.filters keeps.
2. Style. A chunk that comes back long and unpunctuated is decoded again with a short
   punctuated prompt in its language (see ``STYLE_PROMPTS``); that result is used only when it
   is punctuated and says at least as much (no word is given up for style), counted likewise.
"""

from __future__ import annotations

import dataclasses
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from engine.filters import longest_run, overlap_ms, word_key
from engine.planner import join_spans
from engine.protocol import SAMPLE_RATE, Segment, Word

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Span = tuple[int, int]
Transcribe = Callable[["npt.NDArray[np.float32]"], Iterable[Segment]]

RECHECK_REPEATS = 3
MIN_UNIT_WORDS = 2
JOIN_PAUSE_MS = 300  # speech stretches closer than this are decoded together
UNHEARD_MS = 1_000  # VAD speech without any word in it that asks for the stretch pass
MIN_UNHEARD_REGION_MS = 400  # shorter regions (a breath, a click) do not count


def repeats_a_phrase(segments: Iterable[Segment], times: int = RECHECK_REPEATS) -> bool:
    """True when a phrase of two or more words is said ``times`` or more times in a row.

    Only back-to-back repetitions count: scattered ones ("of the" three times in 30 s) are
    ordinary speech, and Whisper merges only repetitions that follow each other.
    """
    keys = [k for s in segments for k in (word_key(w) for w in s.text.split()) if k]
    for i in range(len(keys)):
        unit, repeats = longest_run(keys, i)
        if unit >= MIN_UNIT_WORDS and repeats >= times:
            return True
    return False


def unheard_ms(segments: Iterable[Segment], speech: Iterable[Span]) -> int:
    """Milliseconds of VAD speech (regions of 400 ms or more) that no word of ``segments`` overlaps."""
    words = [(w.start_ms, w.end_ms) for s in segments for w in s.words]
    return sum(
        end - start
        for start, end in speech
        if end - start >= MIN_UNHEARD_REGION_MS and not any(a < end and b > start for a, b in words)
    )


# Speech one word's timing holds beyond what its letters take, that asks for the stretch pass
# (ms). Measured (tiny.en, base; LJSpeech 600 s, mfa, ami, jfk, stereo_diarization, the cases'
# repeated_line_x8): Whisper skipped "importance that the letter used should" inside a window
# and the word alignment stretched the next "the" over them (2152 ms of speech, 1552 beyond its
# allowance); "been" over merged repetitions held 1300 beyond; no word elsewhere held more than
# 628 beyond (a slow "and" in mfa with base; a year read out in words). Not used when translating:
# English words aligned on speech in another language say nothing about letters (a review saw 1100).
STRETCHED_WORD_MS = 1_000
WORD_BASE_MS = 300  # the allowance: this much for any word,
LETTER_MS = 100  # and this per letter,
DIGIT_MS = 300  # or per digit ("1455" is said "fourteen fifty-five")


def stretched_ms(segments: Iterable[Segment], speech: Iterable[Span]) -> int:
    """The most VAD speech (ms) inside one word's timing beyond its allowance (WORD_BASE_MS, plus
    LETTER_MS a letter or mark, DIGIT_MS a digit; words without either are skipped): words
    Whisper skipped, over which the alignment stretched the word that follows them. Pauses
    (outside VAD speech) do not count, so a sentence's first word stretched back into the pause
    before it is not taken for one."""
    regions = list(speech)
    worst = 0
    for word in (w for s in segments for w in s.words):
        # Letters with their combining marks (Devanagari, Thai vowel signs), and digits.
        letters = [ch for ch in word.text if unicodedata.category(ch)[0] in "LMN"]
        if not letters:
            continue  # "♪" and the like say nothing about skipped words
        inside = overlap_ms(word.start_ms, word.end_ms, regions)
        digits = sum(ch.isdigit() for ch in letters)
        allowance = WORD_BASE_MS + LETTER_MS * (len(letters) - digits) + DIGIT_MS * digits
        worst = max(worst, inside - allowance)
    return worst


def stretches(speech: Iterable[Span], total_ms: int) -> list[Span]:
    """The chunk [0, ``total_ms``) cut at the middle of every pause of ``JOIN_PAUSE_MS`` or more.

    The stretches cover the whole chunk without overlap: audio between VAD regions (where weak
    speech hides) is decoded with its neighbours, and nothing is decoded twice.
    """
    joined = join_spans(speech, JOIN_PAUSE_MS)
    cuts = [(a[1] + b[0]) // 2 for a, b in zip(joined, joined[1:])]
    edges = [0, *[c for c in cuts if 0 < c < total_ms], total_ms]
    return [(lo, hi) for lo, hi in zip(edges, edges[1:]) if hi > lo]


def decode_by_stretch(
    transcribe: Transcribe, audio: npt.NDArray[np.float32], speech: Iterable[Span]
) -> Iterator[Segment]:
    """Transcribe each stretch of ``audio`` (16 kHz) alone; segment times on the chunk's timeline."""
    total_ms = audio.size * 1000 // SAMPLE_RATE
    for lo, hi in stretches(speech, total_ms):
        piece = audio[lo * SAMPLE_RATE // 1000 : hi * SAMPLE_RATE // 1000]
        for segment in transcribe(piece):
            yield shifted(segment, lo)


def word_count(segments: Iterable[Segment]) -> int:
    """Whitespace-separated words in the segments' text (a Chinese run without spaces counts once)."""
    return sum(len(s.text.split()) for s in segments)


def content_chars(segments: Iterable[Segment]) -> int:
    """Letters and digits in the segments' text: how much was said, whatever the script."""
    return sum(len(word_key(s.text)) for s in segments)


# Languages (Whisper codes) written without spaces between words: a whole Japanese line is one
# "word" to str.split, so a second look that said 2 lines where the first said 1 counted 2 < 3
# and was thrown away (a 144 s Japanese file lost its last line, silently; user test 2026-11-30).
UNSPACED = frozenset({"zh", "yue", "ja", "th", "lo", "my", "km", "bo"})


STACKED_WORDS = 3  # zero-length words in a row at one instant that count as not heard


def amount_said(segments: Iterable[Segment], language: str | None) -> int:
    """How much the segments say: their words, or for a language written without spaces
    (UNSPACED) their letters and digits; without the words stacked at one instant, in runs of
    ``STACKED_WORDS`` or more (start = end, all at the same ms): the alignment found them
    nowhere in the audio.

    Measured on the cases' repeated_line_x8.flac with tiny.en: the first decode wrote the line
    10 times for the 8 said, four stacks of 3 words at one instant where the copies were
    crammed, and two copies' speech left without a word; the stretch pass wrote all 8 in 44
    words, which counted as less than 52, so the crammed decode was kept. Without the stacks,
    40 < 44. A single zero-length word is ordinary (Whisper's alignment gives a short word like
    "I'm" no time in fluent speech) and still counts."""
    segments = list(segments)
    timed = [(k, w) for k, s in enumerate(segments) for w in s.words]
    stacked: set[int] = set()
    # Runs of words in a row with the same (no time?, start): a run of zero-length ones is a stack.
    for (zero, _), run in itertools.groupby(
        range(len(timed)), key=lambda n: (timed[n][1].end_ms == timed[n][1].start_ms, timed[n][1].start_ms)
    ):
        run_list = list(run)
        if zero and len(run_list) >= STACKED_WORDS:
            stacked.update(run_list)
    heard = segments
    if stacked:
        kept: dict[int, list[str]] = {}
        for n, (k, word) in enumerate(timed):
            if n not in stacked:
                kept.setdefault(k, []).append(word.text)
        heard = [
            dataclasses.replace(s, text="".join(kept.get(k, []))) if s.words else s
            for k, s in enumerate(segments)
        ]
    return content_chars(heard) if language in UNSPACED else word_count(heard)


def shifted(segment: Segment, offset_ms: int) -> Segment:
    """``segment`` with its times and its words' times moved by ``offset_ms`` (ms)."""
    words = tuple(
        Word(w.start_ms + offset_ms, w.end_ms + offset_ms, w.text, w.probability) for w in segment.words
    )
    return dataclasses.replace(
        segment, start_ms=segment.start_ms + offset_ms, end_ms=segment.end_ms + offset_ms, words=words
    )


# A short punctuated prompt in the chunk's language, used only to decode again a chunk that came
# back without punctuation. Each chunk is decoded with no context, and Whisper then picks a style
# from the first words it hears: tiny.en wrote 44 % of the chunks of our test files (LJSpeech
# 305 s, mfa, ami, jfk) lower-case and unpunctuated. Prompting every chunk fixed that but raised
# the LJSpeech WER (tiny.en 0.012 -> 0.022, base 0.032 -> 0.042) and once made base add "Thanks
# for watching." (a longer prompt); so only the unpunctuated chunks are decoded again. The prompts
# are plain, neutral sentences (no names, no domain words) that the model does not copy into
# the output.
STYLE_PROMPTS = {
    "en": "Well, yes. I think so.",
    "zh": "嗯，是的。我想也是。",  # the same in Simplified and Traditional: the prompt's script is copied
    "ja": "はい、そうですね。そう思います。",
    "ko": "네, 그렇죠. 저도 그렇게 생각해요.",
    "de": "Nun, ja. Ich denke schon.",
    "fr": "Eh bien, oui. Je pense que oui.",
    "es": "Bueno, sí. Creo que sí.",
    "it": "Beh, sì. Penso di sì.",
    "pt": "Bem, sim. Acho que sim.",
}
_SENTENCE_MARKS = set(".,?!;:。，？！、；：…")
_CJK = ("zh", "ja", "ko", "yue")


# Text is judged for punctuation a stretch of this long at a time (ms): one Whisper window, as a
# chunk on CPU workers may hold two (engine.planner.chunk_limit_ms), and a punctuated first
# window must not hide a flat second one.
PUNCTUATION_STRETCH_MS = 30_000


def lacks_punctuation(segments: Iterable[Segment], language: str | None) -> bool:
    """True when the text of any stretch of up to PUNCTUATION_STRETCH_MS of a chunk (segments
    grouped from each group's first start) is long enough to need punctuation and has none.

    Latin-script text: 8 or more words without a mark, or (the first stretch only) starting
    lower-case with fewer than one mark per 20 words. Chinese, Japanese, Korean: 12 or more
    characters without a mark.
    """
    groups: list[list[Segment]] = []
    for segment in sorted(segments, key=lambda s: s.start_ms):
        if not groups or segment.start_ms - groups[-1][0].start_ms >= PUNCTUATION_STRETCH_MS:
            groups.append([])
        groups[-1].append(segment)
    # A later stretch starts wherever a segment does, often mid-sentence in lower case: only the
    # first is held to the lower-case rule (a 59-word later stretch with two marks was flagged).
    return any(_text_lacks_punctuation(group, language, first=i == 0) for i, group in enumerate(groups))


def _text_lacks_punctuation(segments: list[Segment], language: str | None, first: bool) -> bool:
    text = "".join(s.text for s in segments).strip()
    marks = sum(1 for ch in text if ch in _SENTENCE_MARKS)
    if language in _CJK:
        return len("".join(text.split())) >= 12 and marks == 0
    count = len(text.split())
    if count >= 8 and marks == 0:
        return True
    if not first:
        return False
    opening = next((ch for ch in text if ch.isalpha()), "")
    return count >= 8 and opening.islower() and marks < count / 20


def style_prompt(language: str | None) -> str | None:
    """The punctuated prompt for ``language`` (a Whisper code), None where there is none."""
    return STYLE_PROMPTS.get(language or "")
