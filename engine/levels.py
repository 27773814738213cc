"""Quiet speech beside loud speech in one chunk, raised before Whisper hears it.

Whisper hears a line spoken far under the loud lines of the same 30 s window as background and
drops it. Measured (2026-12-01, tiny.en and base, 6 files of three LJSpeech sentences at each
level, the middle one turned down, 59 words in the middle ones): at 20 dB under its neighbours
0-2 of its words were lost or changed, at 30 dB 5-6, at 40 dB 45 (VAD found none of those
lines); with this module 0 (tiny.en) and 5 (base: "then" for "than", "mentioning" for "mention",
words heard but spelled otherwise) of all 177 (tests/integration/test_speech_cases.py
keeps three such files). So the pauses between loud speech that lie more than QUIET_UNDER_DB
under it are looked at again by VAD (engine.vad.with_quiet_speech), and the quiet lines found
there (not background: quiet sound all through a pause) are raised to RAISE_TO_UNDER_DB under
the chunk's loud speech, by at most MAX_GAIN_DB. Chunks without such lines (almost all speech)
are sent exactly as they are: Whisper's log-mel features are not level-free (engine.vad), so
nothing is changed that need not be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from engine.audio import ms_to_samples

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from engine.planner import Span

QUIET_UNDER_DB = 20.0
RAISE_TO_UNDER_DB = 10.0
MAX_GAIN_DB = 30.0
# The level of a region is a high percentile of its 20 ms frames' RMS: the level of its voiced
# frames, not lowered by the pauses between words (an "active speech level", as ITU-T P.56
# measures it, simplified), and not raised by one click.
FRAME_MS = 20
LEVEL_PERCENTILE = 90.0
# The loud speech of a chunk (or of a VAD block): the level its loudest 2 s of speech frames reach.
LOUD_SPEECH_MS = 2_000
# The gain is whole from up to 250 ms before a line to 250 ms after it, never past the midpoint
# of the pause to the speech beside it, and fades in and out over 20 ms there: VAD finds a
# line's onset late (a user test: 170 ms after the line's first sound, which, raised only in
# part, was cut: "has" heard as "as", "Printing" as "renting") and its soft tail early.
PAD_MS = 250
FADE_MS = 20
# Quiet sound all through a pause of 1 s or more once 200 ms beside the loud speech is left out
# (1.4 s between loud regions; a loud word's tail, raised, would read as speech) is background,
# voices under the scene or music, not a line, which has pauses of its own
# (engine.vad.with_quiet_speech). A user test (2026-12-01) found talk 35-45 dB under the dialogue
# written as cues, and the next line's start taken into them 0.5-0.8 s late, until it was left
# as it is.
BACKGROUND_MS = 1_000
GAP_MARGIN_MS = 200
# Quieter than this is digital silence or dither (-90 dBFS for 16 bits), not speech.
SILENCE_DBFS = -80.0
# A region shorter than this in the chunk (the tail of one cut at the chunk's edge) or in a gap
# looked at again (a click) is not quiet speech.
MIN_QUIET_REGION_MS = 200


def frame_levels_db(audio: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """The RMS level in dBFS of each whole 20 ms frame of ``audio`` (float32 mono, 16 kHz);
    -200 for a silent frame. Shape (len(audio) // 320,)."""
    import numpy as np

    frame = ms_to_samples(FRAME_MS)
    count = audio.size // frame
    frames = audio[: count * frame].reshape(count, frame).astype(np.float64)
    power = np.mean(frames * frames, axis=1)
    levels: npt.NDArray[np.float64] = 10.0 * np.log10(np.maximum(power, 1e-20))
    return levels


def active_level_db(audio: npt.NDArray[np.float32]) -> float:
    """The active level of ``audio`` (float32 mono, 16 kHz) in dBFS: the 90th percentile of its
    20 ms frames' levels; -200 for silence, -inf for audio shorter than one frame."""
    import numpy as np

    levels = frame_levels_db(audio)
    return float(np.percentile(levels, LEVEL_PERCENTILE)) if levels.size else float("-inf")


def line_gains_db(
    audio: npt.NDArray[np.float32], speech: Sequence[Span], lines: Sequence[Span]
) -> list[float]:
    """The gain in dB (>= 0) for each quiet line of ``audio`` (float32 mono, 16 kHz; ``speech``
    its VAD regions and ``lines`` the quiet lines VAD found beside them, engine.vad.
    with_quiet_speech, spans in ms on its timeline): 0 for a line within QUIET_UNDER_DB of the
    chunk's loud speech or shorter than MIN_QUIET_REGION_MS (a line's tail cut at the chunk's
    edge), else enough to bring it to RAISE_TO_UNDER_DB under the loud speech, at most
    MAX_GAIN_DB and never so much that the peak of the line and its pads passes the chunk's (one
    click there must not become the loudest sound Whisper's features are scaled by).

    The chunk's loud speech is the level its loudest LOUD_SPEECH_MS of speech frames reach, so
    that a cough or a laugh VAD took for speech does not count (mfa_michaelandsickmichael: a
    0.38 s sound at -11 dBFS among speech at -27 to -41)."""
    import numpy as np

    loud = loud_speech_db(audio, speech)
    if loud is None:
        return [0.0] * len(lines)  # too little speech to call any of it quiet beside the rest
    chunk_peak = peak(audio)
    gains = []
    for start, end in lines:
        under = loud - active_level_db(audio[ms_to_samples(start) : ms_to_samples(end)])
        if under <= QUIET_UNDER_DB or end - start < MIN_QUIET_REGION_MS:
            gains.append(0.0)
            continue
        # The peak over the pads too: a click beside the line must not pass the chunk's either.
        lo, hi = _padded(start, end, speech, audio.size)
        line_peak = peak(audio[lo:hi])
        headroom = 20.0 * float(np.log10(chunk_peak / line_peak)) if line_peak > 0 else MAX_GAIN_DB
        gains.append(max(0.0, min(under - RAISE_TO_UNDER_DB, MAX_GAIN_DB, headroom)))
    return gains


def loud_speech_db(audio: npt.NDArray[np.float32], speech: Sequence[Span]) -> float | None:
    """The level in dBFS that the loudest LOUD_SPEECH_MS of ``audio``'s speech frames reach
    (``speech``: spans in ms on its timeline); None when there is less speech than that, or it
    is silence."""
    import numpy as np

    frames = [frame_levels_db(audio[ms_to_samples(start) : ms_to_samples(end)]) for start, end in speech]
    loud = loudest_db(np.concatenate(frames) if frames else np.zeros(0), LOUD_SPEECH_MS)
    return loud if loud is not None and loud > SILENCE_DBFS else None


def loudest_db(levels: npt.NDArray[np.float64], ms: int) -> float | None:
    """The level in dBFS that the loudest ``ms`` of 20 ms frames reach (``levels``: the frames'
    levels, :func:`frame_levels_db`); None when there are fewer frames than that."""
    import numpy as np

    count = max(1, ms // FRAME_MS)
    if levels.size < count:
        return None
    return float(np.partition(levels, levels.size - count)[levels.size - count])


def raise_quiet_speech(
    audio: npt.NDArray[np.float32], speech: Sequence[Span], lines: Sequence[Span]
) -> npt.NDArray[np.float32]:
    """``audio`` (float32 mono, 16 kHz) with each quiet line raised (:func:`line_gains_db`) from
    up to PAD_MS before it to PAD_MS after it, never past the midpoint to the speech beside it,
    faded in and out in dB over FADE_MS. Returns ``audio`` itself when no line is raised.

    ``speech``, ``lines``: the chunk's VAD regions and its quiet lines, in ms on its own
    timeline, in time order (engine.planner.Chunk.speech_in_chunk, .lines_in_chunk)."""
    import numpy as np

    gains = line_gains_db(audio, speech, lines)
    if not any(gains):
        return audio
    envelope = np.zeros(audio.size, dtype=np.float32)  # dB
    fade = ms_to_samples(FADE_MS)
    for (start_ms, end_ms), gain in zip(lines, gains, strict=True):
        if gain <= 0:
            continue
        lo, hi = _padded(start_ms, end_ms, speech, audio.size)
        shape = np.full(hi - lo, gain, dtype=np.float32)
        edge = min(fade, (hi - lo) // 2)
        if lo > 0:
            shape[:edge] = np.linspace(0.0, gain, edge, endpoint=False, dtype=np.float32)
        if hi < audio.size:
            shape[hi - lo - edge :] = np.linspace(gain, 0.0, edge, endpoint=False, dtype=np.float32)
        envelope[lo:hi] = np.maximum(envelope[lo:hi], shape)
    out: npt.NDArray[np.float32] = (audio * np.power(np.float32(10.0), envelope / np.float32(20.0))).astype(
        np.float32, copy=False
    )
    return out


def _padded(start_ms: int, end_ms: int, speech: Sequence[Span], size: int) -> tuple[int, int]:
    """The samples a line's gain reaches: the line and up to PAD_MS either side, never past the
    midpoint to the speech before or after it."""
    start, end, pad = ms_to_samples(start_ms), ms_to_samples(end_ms), ms_to_samples(PAD_MS)
    before = max((ms_to_samples(e) for s, e in speech if e <= start_ms), default=-2 * pad)
    after = min((ms_to_samples(s) for s, e in speech if s >= end_ms), default=size + 2 * pad)
    return max(0, start - min(pad, (start - before) // 2)), min(size, end + min(pad, (after - end) // 2))


def peak(audio: npt.NDArray[np.float32]) -> float:
    """The largest |sample| of ``audio`` (full scale 1.0); 0 for no audio."""
    import numpy as np

    return float(np.max(np.abs(audio))) if audio.size else 0.0
