"""Drop what the model itself marks as invented, and trim repetition loops to what was said.

Lines such as "Thanks for watching!" over music or noise come with a high no-speech probability
and a low average log-probability: such segments are dropped, except that where the model is
unsure, VAD's speech under the segment's words and the words' own probability keep it
(``SPEECH_SHARE_TO_KEEP``, ``WORD_PROBABILITY_TO_KEEP``). Loops are judged on each segment's
own text, never on a window-level figure: faster-whisper gives every segment of a 30 s window the
same compression ratio, so a window in which one line is really said 8 times (the cases'
``repeated_line_x8.flac``) had all its segments dropped on that ratio. A run of one phrase
repeated 3 or more times is a loop only where its repetitions are said faster than speech allows
(``MAX_CHARS_PER_S``); it is trimmed to the repetitions the time can hold, never dropped whole.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from engine.protocol import Segment, Word

NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
VERY_LOW_LOGPROB = -1.5  # a segment this unsure and mostly "no speech" is dropped even at 0.4
UNSURE_NO_SPEECH = 0.4
# 25 characters a second: well above fast read speech (LJSpeech ~15, the "talking pretty fast"
# speaker of mfa_michaelandsickmichael ~20; Netflix allows 17-20 for reading) and below what a
# Whisper loop writes in the time it has (often 40+ when it repeats a line over a pause).
MAX_CHARS_PER_S = 25.0
MIN_LOOP_REPEATS = 3
MAX_UNIT_WORDS = 12

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


# A segment in the unsure band (no-speech over UNSURE_NO_SPEECH but not over NO_SPEECH_PROB, the
# model more sure of speech than not, and log-probability under VERY_LOW_LOGPROB) is kept when at
# least this share of its words' time lies in the chunk's VAD speech. The two figures are the
# whole 30 s window's (faster-whisper gives every segment of a window the same), so one hard
# window dropped all of it: base on common_voice_ja_24511055 said 20 times lost 3 of the lines
# (6.6-26.2 s; no-speech 0.41, log-probability -1.85, every segment wholly inside VAD speech, its
# text close to the line) and only said "12 s ... removed as not speech" (user test, 2026-11-30).
SPEECH_SHARE_TO_KEEP = 0.5
# ... and when the words themselves are likely enough (mean word probability, 0-1): VAD's speech
# shows there was sound under a line, not that its words are real. English invented over
# reversed speech in white noise (a review's stand-in for background chatter; no-speech 0.545,
# log-probability -2.01, shares 0.78-1.0) had means of 0.08-0.34; the Japanese lines above
# 0.53-0.76, and a romaji line said again over one of them 0.32.
WORD_PROBABILITY_TO_KEEP = 0.4

Span = tuple[int, int]


def keep_segment(segment: Segment, speech: Sequence[Span] = ()) -> bool:
    """False for a segment with no text, or one the model marks as not speech: no-speech over
    NO_SPEECH_PROB with log-probability under LOW_LOGPROB; or no-speech over UNSURE_NO_SPEECH
    with log-probability under VERY_LOW_LOGPROB, unless ``speech`` (the chunk's VAD regions, ms
    on the segment's timeline) holds SPEECH_SHARE_TO_KEEP of its words' time and its words'
    mean probability is WORD_PROBABILITY_TO_KEEP or more."""
    if not segment.text.strip():
        return False
    if segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOW_LOGPROB:
        return False
    if segment.no_speech_prob > UNSURE_NO_SPEECH and segment.avg_logprob < VERY_LOW_LOGPROB:
        return (
            bool(speech)
            and speech_share(segment, speech) >= SPEECH_SHARE_TO_KEEP
            and mean_word_probability(segment) >= WORD_PROBABILITY_TO_KEEP
        )
    return True


def mean_word_probability(segment: Segment) -> float:
    """The mean of the segment's word probabilities (0-1); 0 without word timings."""
    if not segment.words:
        return 0.0
    return sum(w.probability for w in segment.words) / len(segment.words)


def overlap_ms(start_ms: int, end_ms: int, spans: Iterable[Span]) -> int:
    """How much of [start_ms, end_ms) the ``spans`` (ms, not overlapping each other) cover."""
    return sum(max(0, min(end_ms, end) - max(start_ms, start)) for start, end in spans)


def speech_share(segment: Segment, speech: Sequence[Span]) -> float:
    """The share (0-1) of the segment's word time (its own span without word timings) that lies
    in the ``speech`` spans (ms, not overlapping each other); 0 for a segment of no duration."""
    spans = [(w.start_ms, w.end_ms) for w in segment.words]
    if sum(max(0, end - start) for start, end in spans) == 0:  # no words, or words of no length
        spans = [(segment.start_ms, segment.end_ms)]
    total = sum(max(0, end - start) for start, end in spans)
    if total == 0:
        return 0.0
    return sum(overlap_ms(start, end, speech) for start, end in spans) / total


def clean_segment(segment: Segment, speech: Sequence[Span] = ()) -> Segment | None:
    """The segment with its repetition loops trimmed, or None when it is not speech at all
    (``keep_segment``, with the chunk's VAD ``speech`` when given)."""
    if not keep_segment(segment, speech):
        return None
    segment = without_broken_characters(segment)
    if not segment.text.strip():
        return None
    return trim_loops(segment)


BROKEN = "\ufffd"  # U+FFFD, what a byte-level token that ends inside a character decodes to


def without_broken_characters(segment: Segment) -> Segment:
    """The segment without U+FFFD: Whisper's byte-level tokens can stop inside a multi-byte
    character, and base wrote the cue "í店中に\ufffd" for a Japanese line (user test,
    2026-11-30). The mark says nothing a viewer can read; words left empty are dropped."""
    if BROKEN not in segment.text:
        return segment
    words = tuple(
        dataclasses.replace(w, text=w.text.replace(BROKEN, ""))
        for w in segment.words
        if w.text.replace(BROKEN, "").strip()
    )
    text = re.sub(r"  +", " ", segment.text.replace(BROKEN, ""))
    return dataclasses.replace(segment, text=text, words=words)


def trim_loops(segment: Segment) -> Segment:
    """Cut each run of a repeated phrase down to the repetitions its duration can hold.

    With word timings, a repetition counts as said when the next one starts at least as long
    after it as its characters need at ``MAX_CHARS_PER_S``; without them, the run's share of the
    segment's duration decides. At least one repetition is always kept.
    """
    words = list(segment.words) if segment.words else _text_words(segment)
    keys = [word_key(w.text) for w in words]
    drop: set[int] = set()
    i = 0
    while i < len(words):
        unit, repeats = longest_run(keys, i)
        if repeats < MIN_LOOP_REPEATS:
            i += 1
            continue
        spans = [words[i + r * unit : i + (r + 1) * unit] for r in range(repeats)]
        chars = max(1, sum(len(k) for k in keys[i : i + unit]))
        need_ms = chars / MAX_CHARS_PER_S * 1000
        if segment.words:
            # Word timings of real speech are often 0-60 ms long, so a repetition is judged by
            # the time to the next one's start (pauses count); the last by a third of its need.
            starts = [span[0].start_ms for span in spans]
            spacing = [b - a for a, b in zip(starts, starts[1:])]
            said = [r for r, gap in enumerate(spacing) if gap >= need_ms]
            if spans[-1][-1].end_ms - starts[-1] >= need_ms / 3 and (not spacing or spacing[-1] >= need_ms):
                said.append(repeats - 1)
            keep = said or [0]
        else:
            share = (segment.end_ms - segment.start_ms) * repeats * unit / max(1, len(words))
            allowed = max(1, min(repeats, int(share // need_ms)))
            keep = list(range(allowed))
        for r in range(repeats):
            if r not in keep:
                drop.update(range(i + r * unit, i + (r + 1) * unit))
        i += unit * repeats
    if not drop:
        return segment
    kept = [w for n, w in enumerate(words) if n not in drop]
    text = "".join(w.text for w in kept)
    if segment.words:
        return dataclasses.replace(
            segment, text=text, words=tuple(kept), end_ms=max(kept[-1].end_ms, segment.start_ms + 1)
        )
    return dataclasses.replace(segment, text=text)


def longest_run(keys: list[str], i: int) -> tuple[int, int]:
    """(unit length, repetitions) of the longest run of one phrase starting at word ``i``."""
    best = (1, 1)
    for unit in range(1, MAX_UNIT_WORDS + 1):
        phrase = keys[i : i + unit]
        if len(phrase) < unit or not any(phrase):
            break
        repeats = 1
        while keys[i + repeats * unit : i + (repeats + 1) * unit] == phrase:
            repeats += 1
        if repeats * unit > best[0] * best[1] and repeats > 1:
            best = (unit, repeats)
    return best


def word_key(text: str) -> str:
    """A word as compared for repetition: lower case, no punctuation or spaces."""
    return _PUNCT.sub("", text).lower()


def _text_words(segment: Segment) -> list[Word]:
    """Whitespace words of a segment without word timings (times are not used)."""
    parts = re.findall(r"\s*\S+", segment.text)
    return [Word(segment.start_ms, segment.end_ms, p, 1.0) for p in parts]
