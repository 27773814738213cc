"""Say the sentence Whisper left unsaid at a window's end, from the same encoder output.

Whisper often ends a window's decode with the start timestamp of its last sentence and stops
(``... whatever they were.<|25.20|><|25.20|>``); faster-whisper then decodes the audio from there
in a window of its own, with a whole encoder pass (on lj_600s, tiny.en: 22 of 24 chunks).

Here the decoder is run again on the same encoder output with the window's last complete
segment as a forced prefix (``<|sot|> <|20.00|> The forms ... were.<|25.20|><|25.20|>``) and the
end of text suppressed at its first free step (CTranslate2's ``suppress_blank``), so it goes on
to say the sentence. The prefix tells it where in the audio it stands and what was just said.
(The continuation of the fourth session started from the timestamp alone, with no text before
it; the decoder, which hears the whole window, then lost or repeated words: "And that should
Thanks!", "and here's the long" twice, on mfa with base. engine.one_window keeps it, off.)

Measured on the engine's 24 chunks of bench/out/lj_600s.wav (tiny.en, int8, one thread, beam 5):
of 22 windows left unsaid, the continuation said all 22 sentences in 5.3 CPU-s (0.24 s each;
an encoder pass is 0.5 s, the whole first decode of these windows as prefix 12.9 s), the same
words as with the whole first decode as prefix, and found the phrase "importance that the letter
used should", lost in a second window since the eighth session (bench/README.md).

A continuation is tried only when the window was decoded at temperature 0, its last word ends
at most MAX_GAP_S before the timestamp it stopped at or the gap between is silent, and the
audio after that word is not quiet (QUIET_DB); it is kept only when it says a word, never
goes back before its start, does not open with words said just before it, and passes
faster-whisper's own thresholds (average log-probability, for continuations of MIN_TOKENS_JUDGED
tokens or more; compression ratio). Else the rest goes to a window of its own as before
(engine.rest_pack).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from faster_whisper.transcribe import get_compression_ratio

log = logging.getLogger(__name__)

MAX_STEPS = 2  # continuations per window; what is still unsaid after them goes to a window of its own
# A continuation starts at Whisper's timestamp; when the last word before it ended more than 1 s
# earlier and there is sound in between, Whisper may have skipped speech there (base on a Japanese
# line said 18 times: one segment's end timestamp 6 s after its last word, the line between them
# never said, and the continuation from there lost it); the rest then goes to a window of its
# own, from that word. A silent gap is a pause: on lj_600s (tiny.en) 5 of 24 windows stopped
# 1.04-1.48 s after their last word, with sound only in the 0.3 s at the gap's edges (the word's
# tail, the next one's onset), silence between.
MAX_GAP_S = 1.0
GAP_EDGE_S = 0.3
# A rest whose loudest frame is 10 dB under the window's speech (the median frame of its words)
# holds no speech (a breath, the pad after the last word): the continuation would make a word up
# there (base, lj_x2: " to" for a -58 dB breath after "cost incurred", the window's speech at
# -21 dB; the rest's own window skips it as no speech). Measured on the mel frames Whisper reads:
# the breath's loudest frame 15 dB under the window's median, " book." 10 dB over it. The rest
# is judged from GAP_EDGE_S after the last word's aligned end (its tail sounds there).
QUIET_DB = 10.0
DB_PER_MEL_UNIT = 40.0  # faster-whisper's log-mel: log10 of power, then (x + 4) / 4
# faster-whisper's log-probability threshold (-1) is for whole windows (~60 tokens), where the two
# or three uncertain timestamp tokens weigh little; in a continuation of a word or two they are
# most of it (base, lj_x2: " book.<|24.10|>" averaged -1.05, and the rest's own window then wrote
# "Thank you. Bye."). It judges continuations of at least 8 tokens (about 5 words).
MIN_TOKENS_JUDGED = 8
WINDOW_TOKENS = 440  # a window's tokens at most: the alignment adds its sot sequence and end (448)
MIN_ROOM = 16  # new tokens a continuation must have room for, else it is not tried
# A continuation that opens with 5 words the window has in a row is a repeat (3 were too few:
# "... in the Middle Ages" then " The Middle Ages brought calligraphy to perfection.", lj_600s),
# or with 8 CJK characters; at the join, the prefix's last 1-3 words (3-5 CJK characters).
REPEAT_WORDS = 5
REPEAT_CHARS = 8
JOIN_WORDS = 3
JOIN_CHARS = (3, 5)


def quiet(features: Any, start: int, end: int, words: list[tuple[int, int]]) -> bool:
    """Whether frames ``start``.. ``end`` of ``features`` (faster-whisper's (80, n) log-mel, 10 ms
    frames, cut to the window's content) are all QUIET_DB or more under the speech before them:
    the median frame of ``words`` (the window's words, (start, end) frames), else of the 10 %
    loudest frames before ``start``. A frame's level is its mean over the mel bins. (Not the
    whole window's median: in a window of sparse dialogue that is the silence itself.)"""
    import numpy as np

    level = np.asarray(features[:, :end]).mean(axis=0)
    rest = level[start:end]
    if rest.size == 0:
        return True
    spoken = [level[max(a, 0) : min(b, start)] for a, b in words if min(b, start) > max(a, 0)]
    if spoken:
        reference = float(np.median(np.concatenate(spoken)))
    elif start > 0:
        before = level[:start]
        reference = float(np.median(np.sort(before)[-max(1, before.size // 10) :]))
    else:
        return False
    return bool(rest.max() < reference - QUIET_DB / DB_PER_MEL_UNIT)


def dangling(tokens: list[int], timestamp_begin: int) -> bool:
    """Whether ``tokens`` end with a segment's end and the next one's start timestamp and nothing
    after (``... were.<|25.20|><|25.20|>``), Whisper's sign that the rest is for another window;
    not when they end with one timestamp (all said) or with text (cut at the length limit)."""
    return len(tokens) >= 3 and tokens[-3] < timestamp_begin <= tokens[-2] and tokens[-1] >= timestamp_begin


def tail_start(tokens: list[int], timestamp_begin: int) -> int:
    """Index of the timestamp that opens the last complete segment of ``tokens`` (a decode that
    ends dangling: ``... <|a|><|a|> text <|b|><|b|>``): the second of the last pair before the
    final one, or 0."""
    for i in range(len(tokens) - 3, 0, -1):
        if tokens[i] >= timestamp_begin and tokens[i - 1] >= timestamp_begin:
            return i
    return 0


def said_after(
    model: Any, encoder_output: Any, tokens: list[int], prompt: list[int], tokenizer: Any, options: Any
) -> tuple[list[int], float]:
    """What the decoder says after ``tokens`` (a window's decode, dangling), its last complete
    segment given as prefix, and the average log-probability of those new tokens; ([], 0.0)
    when it is not to be kept (see the module docstring).

    ``model`` is a faster-whisper WhisperModel (``model.model`` its CTranslate2 Whisper),
    ``encoder_output`` the window's (1, 1500, d) encoder output, ``prompt`` the window's
    ``get_prompt`` tokens, ``options`` faster-whisper's TranscriptionOptions.
    """
    return said_after_all(model, [(encoder_output, tokens)], prompt, tokenizer, options)[0]


def said_after_all(
    model: Any, windows: list[tuple[Any, list[int]]], prompt: list[int], tokenizer: Any, options: Any
) -> list[tuple[list[int], float]]:
    """:func:`said_after` for several windows of one language and options ((encoder output,
    tokens) each), their continuations decoded as one batch: one ``generate`` call, each
    window's prefix forced in its own row (CTranslate2 takes prefixes of different lengths).
    Each answer is what :func:`said_after` gives that window alone (the same tokens: a row's
    beam search does not depend on the others', and windows whose length limits differ are
    decoded in calls of their own). Measured on lj_600s (tiny.en, int8, one thread): 4
    continuations 0.90 -> 0.62 CPU-s. Raises what CTranslate2's ``generate`` raises.
    """
    answers: list[tuple[list[int], float]] = [([], 0.0) for _ in windows]
    rows: list[tuple[int, list[int], int]] = []  # (index in windows, prefix, room)
    for i, (_, tokens) in enumerate(windows):
        tail = tokens[tail_start(tokens, tokenizer.timestamp_begin) :]
        # CTranslate2 returns at most min(max_length / 2, max_length - its start step) tokens, the
        # forced prefix included (measured: max_length 60 -> 30); the word alignment reads the
        # window's whole text in one decoder pass of at most 448 positions: the new tokens keep the
        # window's tokens under WINDOW_TOKENS. A continuation that reaches its cap may be cut (after
        # a closing timestamp it would pass for a window all said): it is not kept.
        room = min(
            model.max_length // 2,
            model.max_length - len(prompt) + 1,
            len(tail) + WINDOW_TOKENS - len(tokens),
            len(tail) + (options.max_new_tokens or model.max_length),
        )
        if room - len(tail) >= MIN_ROOM:
            rows.append((i, tail, room))
    # One call per length limit: CTranslate2's beam search (length_penalty 1) ends a row at its
    # last step with whatever beams it has, so a row's answer depends on the limit it was given:
    # rows whose rooms differ go in calls of their own (most windows have the same room).
    limits: dict[int, list[tuple[int, list[int], int]]] = {}
    for row in rows:
        limits.setdefault(min(model.max_length, 2 * row[2]), []).append(row)
    for max_length, group in limits.items():
        results = model.model.generate(
            _stacked([windows[i][0] for i, _, _ in group]),
            [prompt + tail for _, tail, _ in group],
            beam_size=options.beam_size,
            patience=options.patience,
            length_penalty=options.length_penalty,
            repetition_penalty=options.repetition_penalty,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            max_length=max_length,
            return_scores=True,
            suppress_blank=True,  # no end of text at the first free step: the sentence must be said
            suppress_tokens=options.suppress_tokens,
            max_initial_timestamp_index=int(round(options.max_initial_timestamp / model.time_precision)),
        )
        for (i, tail, room), result in zip(group, results):
            ids = list(result.sequences_ids[0])
            answers[i] = _judged(ids, result.scores[0], windows[i][1], tail, room, prompt, tokenizer, options)
    return answers


def _stacked(encoder_outputs: list[Any]) -> Any:
    """One (n, 1500, d) encoder output of n windows' (1, 1500, d) ones (moved to the CPU first:
    CTranslate2 takes a CPU StorageView on any device)."""
    if len(encoder_outputs) == 1:
        return encoder_outputs[0]
    import ctranslate2
    import numpy as np

    arrays = [cpu_array(e) for e in encoder_outputs]
    return ctranslate2.StorageView.from_array(np.ascontiguousarray(np.concatenate(arrays)))


def cpu_array(view: Any) -> Any:
    """A CTranslate2 StorageView as a numpy array (copied to the CPU first when it is on a GPU)."""
    import ctranslate2
    import numpy as np

    if getattr(view, "device", "cpu") != "cpu":
        view = view.to_device(ctranslate2.Device.cpu)
    return np.asarray(view)


def _judged(
    ids: list[int],
    score: float,
    tokens: list[int],
    tail: list[int],
    room: int,
    prompt: list[int],
    tokenizer: Any,
    options: Any,
) -> tuple[list[int], float]:
    """One window's continuation (``ids``, as CTranslate2 returned it, with its ``score``) and its
    average log-probability, or ([], 0.0) when it is not kept."""
    if len(ids) >= min(room, 2 * room - len(prompt)):
        log.debug("continuation not kept: it reached its length limit (%d tokens)", len(ids))
        return [], 0.0
    # CTranslate2 returns the forced prefix with the new tokens; be sure either way.
    more = ids[len(tail) :] if ids[: len(tail)] == tail else ids
    text = _text(tokenizer, more)
    # The score covers the new tokens only, divided by the whole returned length (faster-whisper's
    # generate_with_fallback recovers its average log-probability the same way).
    cum_logprob = score * (len(ids) ** options.length_penalty)
    avg_logprob = cum_logprob / (len(more) + 1)
    ratio_limit = options.compression_ratio_threshold
    begin = tokenizer.timestamp_begin
    why = (
        "no word"
        if not any(t < tokenizer.eot for t in more)
        else "a timestamp at or before its start"
        if any(begin <= t <= tail[-1] for t in more)
        else "a timestamp first: the audio up to it would be skipped"
        if more[0] >= begin
        else f"average log-probability {avg_logprob:.2f}"
        if options.log_prob_threshold is not None
        and len(more) >= MIN_TOKENS_JUDGED
        and avg_logprob < options.log_prob_threshold
        else "compression ratio over the threshold"
        if ratio_limit is not None and get_compression_ratio(text.strip()) > ratio_limit
        else "words said before"
        if _repeats(_text(tokenizer, tokens), _text(tokenizer, tail), text)
        else ""
    )
    if why:
        log.debug("continuation %r not kept (%s): the rest goes to a window of its own", text, why)
        return [], 0.0
    return more, avg_logprob


def _text(tokenizer: Any, tokens: list[int]) -> str:
    """The words of ``tokens``, timestamps and end of text left out."""
    return str(tokenizer.decode([t for t in tokens if t < tokenizer.eot]))


# CJK characters count one by one (no spaces between words); other scripts by words.
_UNITS = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _units(text: str) -> list[str]:
    return _UNITS.findall(text.lower())


def _repeats(window: str, tail: str, after: str) -> bool:
    """Whether ``after`` says again what was said: it opens with REPEAT_WORDS words (REPEAT_CHARS
    CJK characters) that ``window`` has in a row, or with the last 1-3 words (3-5 CJK
    characters) of ``tail``, its prefix ("importance" + "importance that ..."). A false alarm
    costs only speed: the rest is then decoded in a window of its own."""
    said, before, new = _units(window), _units(tail), _units(after)
    if not new:
        return False
    cjk = _CJK.fullmatch(new[0]) is not None
    n = REPEAT_CHARS if cjk else REPEAT_WORDS
    if len(new) >= n and any(said[i : i + n] == new[:n] for i in range(len(said) - n + 1)):
        return True
    low, high = JOIN_CHARS if cjk else (1, JOIN_WORDS)
    return any(before[-k:] == new[:k] for k in range(low, min(high, len(new), len(before)) + 1))
