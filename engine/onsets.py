"""Word onsets measured on the audio: a cue starts when its first word is heard.

Whisper's word times come from cross-attention, and the first word after a pause drifts by
100-600 ms either way (measured on LJSpeech and mfa_michaelandsickmichael: late starts hide the
first syllable, early ones show the text over silence). The audio says where speech begins: the
short-time energy rises out of the noise floor of the silence before it.

For each word that opens a segment or follows a gap of ``MIN_SILENCE_MS`` between words, the
10 ms frames around Whisper's start are compared with a threshold set from the quietest frames
nearby (the silence's noise floor) and the loudest (the word): where Whisper's start lies in
speech (it is late), the start moves back to the end of the silence before that speech; where
it lies in silence (it is early), forward to where the speech begins, never past the word's end.
Whisper also stretches a word back over the end of the word before it and the pause between
them (LJ: "The" 1.36 s early, starting in the last syllable of the sentence before): when the
sound at its start began before the previous word's end and its span holds a pause of
``WORD_PAUSE_MS``, it starts after that pause; this is also checked for words inside a run of
words, except a segment's last word (whose end, not start, spills over a pause). In a noisy room
(the word less than ``MIN_CONTRAST_DB`` over the floor) the VAD's regions stand in for the energy.
A word with no clear silence and speech nearby (no contrast and no VAD regions, or speech all
through the window) keeps Whisper's time. The new start is ``EARLY_MS`` before the first loud frame: a start a
little early is invisible, a late one hides the first syllable (issue 13: within 2 frames at
24 fps, never after). Ends are left to the segmenter, except that the word before a moved start
ends no later than it, so word times stay in order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from engine.protocol import SAMPLE_RATE, Segment, Word

if TYPE_CHECKING:
    import numpy.typing as npt

FRAME_MS = 10
SEARCH_BACK_MS = 600  # how far before Whisper's start the onset may lie
TRANSLATE_SEARCH_BACK_MS = 1_500  # the same for a translation's words (timed up to 0.82 s late)
MIN_SILENCE_MS = 150  # a quieter stretch this long is a pause; shorter ones are stop closures
EARLY_MS = 20  # the start is set this much before the first loud frame
MIN_CONTRAST_DB = 20.0  # word level over the noise floor needed to trust the energy at all
FLOOR_DBFS = -70.0  # quieter frames count as this level (digital silence has no floor to measure)
WORD_PAUSE_MS = 250  # no word holds a pause this long: the word begins after it
DROPPED_WORD_MS = 800  # a word this long may hold a sound Whisper wrote no word for ("uh")
DROPPED_PAUSE_MS = 400  # ... then a pause this long ...
OWN_SOUND_MS = 200  # ... then at least this much of its own sound before its end
VAD_LAG_MS = 150  # silero's region may start this long after the energy rises
VAD_LEAD_MS = 80  # its lag at mfa 46.38 s was 87 ms (region 46.466 s, the word at 46.379 s)
# A sound this far over the floor just before the energy's rise is the word's soft start:
# user test r_noise_white_50, "Produced": the "P" 7 dB over white noise at -49 dBFS at 520 ms,
# 4-5 dB over it to 550 ms, the vowel's rise at 560 ms.
SOFT_ONSET_DB = 4.0
RISE_TO_SPEECH_DB = 15.0  # rise_in: how near the region's peak a rise must reach to be speech
NEIGHBOURHOOD_MS = 1_000  # where the floor and the word's level are measured, around Whisper's start


def refine_onsets(
    segments: Sequence[Segment],
    audio: npt.NDArray[np.float32],
    sample_rate: int,
    speech: Sequence[tuple[int, int]] = (),
    search_back_ms: int = SEARCH_BACK_MS,
) -> list[Segment]:
    """``segments`` (times in ms on ``audio``'s timeline, in time order) with onsets moved to the speech.

    ``audio`` is mono float32 at ``sample_rate`` Hz. The start of each segment's first word, and
    of each word after a gap of at least ``MIN_SILENCE_MS``, moves to where the energy rises out
    of the silence before it (at most ``SEARCH_BACK_MS`` earlier, or later up to the word's end
    when Whisper's start lies in silence); the segment's start follows its first word. A segment
    without words is treated as one word. Nothing moves where the energy shows no clear pause.

    ``search_back_ms``: how far before Whisper's start the onset may lie (``SEARCH_BACK_MS``;
    ``TRANSLATE_SEARCH_BACK_MS`` for a translation, whose English words are not the sounds said
    and were timed up to 0.82 s after the speech).

    ``speech``: the VAD's regions (ms on the same timeline). Where the word stands less than
    ``MIN_CONTRAST_DB`` over the noise floor (a noisy room: mfa_michaelandsickmichael's second
    take is ~10 dB over its hum), they stand in for the energy: frames inside a region are speech.
    """
    frame = sample_rate * FRAME_MS // 1000
    if frame <= 0 or audio.size < frame:
        return list(segments)
    level = _frame_levels(audio, frame)
    count = level.size
    vad = None
    if speech:
        vad = np.zeros(count, dtype=bool)
        for s_ms, e_ms in speech:
            vad[max(0, s_ms // FRAME_MS) : max(0, -(-e_ms // FRAME_MS))] = True

    spans = [[(w.start_ms, w.end_ms) for w in s.words] or [(s.start_ms, s.end_ms)] for s in segments]
    flat = [(k, j) for k, words in enumerate(spans) for j in range(len(words))]
    for n, (k, j) in enumerate(flat):
        start, end = spans[k][j]
        prev = spans[flat[n - 1][0]][flat[n - 1][1]] if n else None
        inside = j > 0 and prev is not None and start - prev[1] < MIN_SILENCE_MS
        if inside and j == len(spans[k]) - 1:
            continue  # a segment's last word: its end may spill over the next pause, its start not
        onset = _onset(level, vad, start, end, prev, hidden_only=inside, search_back_ms=search_back_ms)
        if onset is None or onset == start:
            continue
        spans[k][j] = (onset, end)
        if prev is not None and prev[1] > onset:
            pk, pj = flat[n - 1]
            spans[pk][pj] = (prev[0], max(onset, prev[0] + 1))
    return [_with_spans(s, words) for s, words in zip(segments, spans)]


def _onset(
    level: npt.NDArray[np.float64],
    vad: npt.NDArray[np.bool_] | None,
    start_ms: int,
    end_ms: int,
    prev: tuple[int, int] | None,
    hidden_only: bool = False,
    search_back_ms: int = SEARCH_BACK_MS,
) -> int | None:
    """The refined start of a word spanning [start_ms, end_ms), or None to keep Whisper's.

    ``level``: dBFS per ``FRAME_MS`` frame; ``vad``: speech per frame, or None. ``prev``: the previous word's (start, end), None for
    the first: the onset stays after its start, and a pause that reaches back to it is no proof.
    ``hidden_only``: a word inside a run of words, moved only past a pause hidden in its span.
    """
    count = level.size
    at = min(max(start_ms // FRAME_MS, 0), count - 1)
    window = max(0, (start_ms - search_back_ms - MIN_SILENCE_MS) // FRAME_MS)
    after_prev = -1 if prev is None else prev[0] // FRAME_MS + 1
    lo = max(window, after_prev)
    last = min(count - 1, max(-(-end_ms // FRAME_MS) - 1, at))
    if lo > at:  # out of order: leave it
        return None
    around = level[max(0, at - NEIGHBOURHOOD_MS // FRAME_MS) : at + NEIGHBOURHOOD_MS // FRAME_MS]
    floor, peak = float(np.percentile(around, 10)), float(np.max(level[at : last + 1]))
    soft = None  # frames over the floor by SOFT_ONSET_DB, where the energy shows speech
    if peak - floor >= MIN_CONTRAST_DB:
        loud = _loud(level, floor, peak)
        soft = level > floor + SOFT_ONSET_DB
    elif vad is not None:
        loud = vad
    else:
        return None
    gap = MIN_SILENCE_MS // FRAME_MS

    if hidden_only:
        return _after_hidden_pause(loud, at, last, lo, prev)
    dropped = _after_dropped_sound(vad, loud, at, last, start_ms, end_ms, soft)
    if dropped is not None:
        return dropped
    quiet_from, quiet_to = at, at  # the quiet run holding Whisper's start: [quiet_from, quiet_to)
    while quiet_from > lo and not loud[quiet_from - 1]:
        quiet_from -= 1
    while quiet_to <= last and not loud[quiet_to]:
        quiet_to += 1
    if quiet_to > at and quiet_to - quiet_from >= gap:
        # Whisper's start lies in a pause (it is early): the word begins where the speech does.
        if quiet_to > last or not _sustained(loud, quiet_to):
            return None
        return max(quiet_to * FRAME_MS - EARLY_MS, start_ms)
    # Whisper's start lies in speech or in a short dip of it: late, or early over the end of the
    # previous word (then a pause inside this word's span shows where it really begins).
    i = at if loud[at] else quiet_from
    inner = _after_hidden_pause(loud, at, last, lo, prev)
    if inner is not None:
        return inner
    while i > lo:
        if loud[i - 1]:
            i -= 1
            continue
        j = i - 1
        while j > lo and not loud[j - 1]:
            j -= 1
        if i - j >= gap:
            if j == lo and lo == after_prev:
                return None  # silence up to the previous word's start: whose speech is this?
            if i * FRAME_MS < start_ms - search_back_ms:
                return None
            return min(i * FRAME_MS - EARLY_MS, start_ms)
        i = j
    return None


def _after_dropped_sound(
    vad: npt.NDArray[np.bool_] | None,
    loud: npt.NDArray[np.bool_],
    at: int,
    last: int,
    start_ms: int,
    end_ms: int,
    soft: npt.NDArray[np.bool_] | None = None,
) -> int | None:
    """The start (ms) of a long word's own sound, after a sound Whisper wrote no word for.

    mfa_michaelandsickmichael at 44.5 s: "uh" (not written), 1.3 s of pause, "and here's"; Whisper
    gave "and" 44.51-46.68 s, and the cue showed 1.9 s before the words. A word at least
    ``DROPPED_WORD_MS`` long whose frames hold a pause of ``DROPPED_PAUSE_MS`` followed by at
    least ``OWN_SOUND_MS`` of sound before its end begins after that pause. The sound after the
    pause must fill most of that stretch, so a word Whisper merely ended where the next one
    begins ("So [pause] we") keeps its start. The pause is judged on the VAD's frames (``vad``)
    when known (there the "pause" held breaths as loud as the words), else ``loud``; the
    start then moves back over the energy's rise, at most ``VAD_LAG_MS`` (silero starts late),
    and where no loud frame lies before the region, over the soft frames before it when the
    energy is heard (going back by silero's usual lag regardless put starts up to 100 ms before
    the rise where the region began on it: bench.cue_timing --model base, lj_300s start error
    p90 108 -> 29 ms), else by ``VAD_LEAD_MS`` (the energy shows nothing).
    Where the energy shows speech (``soft``: frames ``SOFT_ONSET_DB`` over the floor, given when
    the word stands ``MIN_CONTRAST_DB`` over it) and is at the floor where the VAD's region
    begins (a click there is no soft start: it must last), the start moves forward to where the
    energy rises, back over the soft frames before the rise (a plosive's burst, the breath of an
    "h"), at most ``VAD_LAG_MS`` and never before the region (a breath taken before speaking is
    not the word): a region that begins inside a soft start is silero's usual lag, handled as
    above. A region may begin before the speech (a quiet line's region starts
    ``vad.LINE_LEAD_MS`` early, so Whisper hears its first sound), and "has", said at 85.44 s
    after digital silence, was shown from 85.13 s, in the same cue as the sentence before it.
    """
    if end_ms - start_ms < DROPPED_WORD_MS:
        return None
    speech = loud if vad is None else vad
    found = _after_last_pause(speech, at, last, DROPPED_PAUSE_MS // FRAME_MS)
    if found is None or last + 1 - found < OWN_SOUND_MS // FRAME_MS:
        return None
    if np.count_nonzero(speech[found : last + 1]) < 0.6 * (last + 1 - found):
        return None
    if soft is not None and vad is not None and not _sustained(soft, found):
        rise = next((k for k in range(found, last + 1) if loud[k] and _sustained(loud, k)), None)
        if rise is None:
            return None
        rise = _back_over(soft, rise, max(found, rise - VAD_LAG_MS // FRAME_MS))
        return max(rise * FRAME_MS - EARLY_MS, start_ms)
    i = found
    while i > found - VAD_LAG_MS // FRAME_MS and i > at and loud[i - 1]:
        i -= 1
    if vad is not None and i == found:
        if soft is None:  # the VAD's start, where the energy shows nothing: its usual lag earlier
            i = found - VAD_LEAD_MS // FRAME_MS
        else:  # the energy shows where the sound begins: back over its soft start, if any
            i = _back_over(soft, i, max(at, found - VAD_LAG_MS // FRAME_MS))
    return max(i * FRAME_MS - EARLY_MS, start_ms)


def _frame_levels(audio: npt.NDArray[np.float32], frame: int) -> npt.NDArray[np.float64]:
    """dBFS of each whole ``frame``-sample frame of ``audio``, quieter frames at FLOOR_DBFS."""
    count = audio.size // frame
    power = np.mean(np.square(audio[: count * frame].astype(np.float64)).reshape(count, frame), axis=1)
    level: npt.NDArray[np.float64] = np.maximum(10 * np.log10(power + 1e-12), FLOOR_DBFS)
    return level


def _loud(level: npt.NDArray[np.float64], floor: float, peak: float) -> npt.NDArray[np.bool_]:
    """The frames loud enough to be speech, between the ``floor`` and the word's ``peak`` (dBFS)."""
    return level > floor + max(10.0, 0.25 * (peak - floor))


def _back_over(soft: npt.NDArray[np.bool_], i: int, back: int) -> int:
    """Frame ``i`` moved back over the ``soft`` frames just before it, not before ``back``."""
    while i > back and soft[i - 1]:
        i -= 1
    return i


def _after_hidden_pause(
    loud: npt.NDArray[np.bool_], at: int, last: int, lo: int, prev: tuple[int, int] | None
) -> int | None:
    """The start (ms) after a pause inside the word's frames [at, last], when the sound at its
    start is the previous word's (it began before that word's end); else None."""
    i = at if loud[at] else max(at - 1, lo)
    if prev is None or _run_start(loud, i, lo) * FRAME_MS > prev[1]:
        return None
    inner = _after_last_pause(loud, at, last, WORD_PAUSE_MS // FRAME_MS)
    return None if inner is None else inner * FRAME_MS - EARLY_MS


def _run_start(loud: npt.NDArray[np.bool_], i: int, lo: int) -> int:
    """Where the sound heard at frame ``i`` began (short dips bridged), not before ``lo``."""
    gap = MIN_SILENCE_MS // FRAME_MS
    while i > lo:
        j = i
        while j > lo and not loud[j - 1]:
            j -= 1
        if i - j >= gap or j == lo:
            return i
        i = j - 1
    return i


def _after_last_pause(loud: npt.NDArray[np.bool_], at: int, last: int, pause: int) -> int | None:
    """The first frame of sustained sound after the last quiet run of ``pause`` frames in [at, last]."""
    found, quiet = None, 0
    for k in range(at, last + 1):
        if not loud[k]:
            quiet += 1
        elif quiet >= pause and _sustained(loud, k):
            found, quiet = k, 0
        else:
            quiet = 0
    return found


def _sustained(loud: npt.NDArray[np.bool_], i: int, frames: int = 5, needed: int = 3) -> bool:
    """Speech, not a click: most of the frames from ``i`` on are loud."""
    return int(np.count_nonzero(loud[i : i + frames])) >= min(needed, loud.size - i)


def _with_spans(segment: Segment, spans: list[tuple[int, int]]) -> Segment:
    if not segment.words:
        ((start, end),) = spans
        return dataclasses.replace(segment, start_ms=start, end_ms=max(end, start + 1))
    words = tuple(Word(s, e, w.text, w.probability) for (s, e), w in zip(spans, segment.words))
    if words == segment.words:
        return segment
    end = max(words[-1].end_ms, words[0].start_ms + 1)  # as Chunk.segment_to_file: the words' span
    return dataclasses.replace(segment, start_ms=words[0].start_ms, end_ms=end, words=words)


def rise_in(
    slice_ms: Callable[[int, int], npt.NDArray[np.float32]], sample_rate: int = SAMPLE_RATE
) -> Callable[[int, int], int | None]:
    """For engine.planner.snap_to_speech: ``rise(start_ms, region_ms)`` is where the energy of the
    audio ``slice_ms`` gives (ms on its timeline) rises out of a silence between a word's start
    and the start of its VAD region, less ``EARLY_MS``; None where the energy says nothing sure.

    Sure means: the word ``MIN_CONTRAST_DB`` over the floor of the second before it, a rise that
    lasts (``_sustained``) after at least ``MIN_SILENCE_MS`` under the loudness bar, to within
    ``RISE_TO_SPEECH_DB`` of the region's peak in 50 ms (a user test's Chinese clip after digital
    silence began with 0.5 s of its own room noise at -50 dBFS, its speech at -21), and sound on
    most of the way to the region (silero's region is late, not elsewhere). A file whose speech
    begins in its first ``MIN_SILENCE_MS`` has no silence to rise from: None there.
    """

    def rise(start_ms: int, region_ms: int) -> int | None:
        lo = max(0, start_ms - NEIGHBOURHOOD_MS)
        audio = slice_ms(lo, region_ms + 300)
        level = _frame_levels(audio, sample_rate * FRAME_MS // 1000)
        first, last = (start_ms - lo) // FRAME_MS, (region_ms - lo) // FRAME_MS
        if level.size <= last or first >= last:
            return None
        floor, peak = float(np.percentile(level, 10)), float(np.max(level[last:]))
        if peak - floor < MIN_CONTRAST_DB:
            return None
        loud = _loud(level, floor, peak)
        gap = MIN_SILENCE_MS // FRAME_MS
        for k in range(max(first, gap), last):
            # A rise to speech, not to a clip's own noise bed: within RISE_TO_SPEECH_DB of the
            # region's peak within 50 ms (a plosive's burst, then its vowel).
            speech = float(np.max(level[k : k + 5])) >= peak - RISE_TO_SPEECH_DB
            if loud[k] and not loud[k - gap : k].any() and _sustained(loud, k) and speech:
                if np.count_nonzero(loud[k:last]) >= 0.6 * (last - k):
                    return lo + k * FRAME_MS - EARLY_MS
                return None
        return None

    return rise
