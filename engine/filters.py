"""Drop what the model itself marks as invented: no speech, or a degenerate repetition loop.

Lines such as "Thanks for watching!" over music or noise come with a high no-speech probability
and a low average log-probability; loops come with a high gzip compression ratio. faster-whisper
applies the no-speech rule to whole windows only and keeps a looping result once its temperature
fallbacks run out, so the engine checks every segment again.
"""

from __future__ import annotations

from engine.protocol import Segment

NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
MAX_COMPRESSION_RATIO = 2.4
VERY_LOW_LOGPROB = -1.5  # a segment this unsure and mostly "no speech" is dropped even at 0.4
UNSURE_NO_SPEECH = 0.4


def keep_segment(segment: Segment) -> bool:
    if not segment.text.strip():
        return False
    if segment.compression_ratio > MAX_COMPRESSION_RATIO:
        return False
    if segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOW_LOGPROB:
        return False
    if segment.no_speech_prob > UNSURE_NO_SPEECH and segment.avg_logprob < VERY_LOW_LOGPROB:
        return False
    return True
