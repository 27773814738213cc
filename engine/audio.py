"""Decode any media file into 16 kHz mono float32, once, with errors a user can act on.

PyAV reads every container FFmpeg knows (wav, flac, mp3, m4a, opus, mp4, mkv, mov, webm ...);
soundfile is the fallback for the few files PyAV rejects but libsndfile reads. Of several audio
streams, the one asked for is decoded, else the one in the job's language, else the default one
(``choose_audio_stream``). Channels are kept through resampling and mixed to mono by
``engine.downmix``, which keeps the dialogue of any layout.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.media_checks import SNIFF_BYTES, MediaError, check_readable
from engine.media_probe import (
    choose_audio_stream,
    describe_audio_stream,
    probe_audio_streams,
    probe_duration_ms,
    probe_frame_rate,
    stream_info,
)
from engine.protocol import SAMPLE_RATE

# numpy and the decoders are imported where audio is decoded: the command line checks its
# files and options with this module long before (and in another process than) any decoding.
if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from engine.downmix import Downmixer

log = logging.getLogger(__name__)

__all__ = [  # the checks and the probes are re-exported: callers import them from here
    "SNIFF_BYTES",
    "AudioBuffer",
    "MediaError",
    "check_readable",
    "choose_audio_stream",
    "decode",
    "describe_audio_stream",
    "duration_ms",
    "iter_decode",
    "ms_to_samples",
    "probe_audio_streams",
    "probe_duration_ms",
    "probe_frame_rate",
    "resample",
]


def decode(
    path: str | os.PathLike[str], *, audio_stream: int | None = None, language: str | None = None
) -> npt.NDArray[np.float32]:
    """Return the chosen audio stream (see ``iter_decode``) as 16 kHz mono float32 in [-1, 1]."""
    import numpy as np

    return np.concatenate(list(iter_decode(path, audio_stream=audio_stream, language=language)))


def iter_decode(
    path: str | os.PathLike[str],
    block_s: float = 10.0,
    *,
    audio_stream: int | None = None,
    language: str | None = None,
) -> Iterator[npt.NDArray[np.float32]]:
    """Yield the audio in blocks of about ``block_s`` seconds as it is decoded, shape (N,).

    ``audio_stream`` is a 1-based number among the file's audio streams; None chooses by
    ``language`` (a Whisper code) and the default flag (``choose_audio_stream``). Streaming lets
    VAD and transcription start before a long file is fully decoded; the first block may be up to
    ``downmix.ANALYSIS_S`` long for a multichannel file. Errors that concern the whole file (no
    audio track, not media at all, no such stream) are raised before the first block.
    """
    p = check_readable(path)
    try:
        blocks = _iter_decode_av(p, int(block_s * SAMPLE_RATE), audio_stream, language)
        first = next(blocks)
    except MediaError:
        raise
    except Exception as av_error:  # PyAV raises many types; try libsndfile before giving up
        log.debug("PyAV could not decode %s: %s", p, av_error)
        if audio_stream not in (None, 1):
            raise MediaError(
                f"{p}: has a single audio stream, so there is no audio stream #{audio_stream}."
            ) from av_error
        try:
            yield _decode_soundfile(p)
            return
        except Exception:
            raise MediaError(
                f"{p}: not a readable audio or video file: not a media file FFmpeg can read "
                f"({_short(av_error)}). Check that it is the file you meant and that it plays in a media player."
            ) from av_error
    yield first
    yield from blocks


def _short(error: BaseException) -> str:
    """The error in a few words: FFmpeg's own text without its errno number and path."""
    reason = getattr(error, "strerror", None)
    if isinstance(reason, str) and reason.strip():
        return reason.strip()[0].lower() + reason.strip()[1:]
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def _channel_names(frame: Any) -> tuple[str, ...]:
    """The frame's channel names in FFmpeg's spelling (FL, FR, FC, LFE, ...); defaults by count
    where the layout is unspecified."""
    from engine.downmix import default_channel_names

    names = tuple(str(c.name) for c in frame.layout.channels)
    count = len(frame.layout.channels)
    if len(names) != count or not all(names) or any(n.startswith(("USR", "NONE", "?")) for n in names):
        return default_channel_names(count)
    return names


def _channels_of(frame: Any) -> npt.NDArray[np.float32]:
    """A packed float frame as shape (C, N). Packed, not planar: PyAV 18 reports 9 planes for an
    8-channel planar frame and crashes reading it."""
    import numpy as np

    channels = frame.layout.nb_channels
    packed: npt.NDArray[np.float32] = frame.to_ndarray()
    return packed.reshape(1, -1) if channels == 1 else np.ascontiguousarray(packed.reshape(-1, channels).T)


def _iter_decode_av(
    p: Path, block_samples: int, audio_stream: int | None, language: str | None
) -> Iterator[npt.NDArray[np.float32]]:
    import av
    import numpy as np

    from engine.downmix import Downmixer

    with av.open(str(p), metadata_errors="ignore") as container:
        if not container.streams.audio:
            if container.streams.video:
                raise MediaError(
                    f"{p}: the video has no audio track, so there is nothing to transcribe. "
                    "Choose a file with sound, or the video's separate audio file."
                )
            raise MediaError(
                f"{p}: not an audio or video file (no audio stream found). "
                "Check that it plays in a media player; convert it to WAV or MP4 if it does."
            )
        infos = tuple(stream_info(s, n) for n, s in enumerate(container.streams.audio, 1))
        number = choose_audio_stream(infos, language, audio_stream, p)
        stream = container.streams.audio[number - 1]
        parts: list[npt.NDArray[np.float32]] = []
        pending = 0
        decoded = 0
        mixer: Downmixer | None = None
        resampler: Any = None
        source: tuple[Any, ...] = ()

        def add(mono: Iterable[npt.NDArray[np.float32]]) -> None:
            nonlocal pending
            for block in mono:
                parts.append(block)
                pending += block.size

        def flush() -> npt.NDArray[np.float32]:
            nonlocal pending
            out = np.concatenate(parts)
            parts.clear()
            pending = 0
            return out

        def drain() -> None:
            """Empty the resampler and the mixer: at the end, or before the format changes."""
            if resampler is not None and mixer is not None:
                for out in resampler.resample(None):
                    add(mixer.push(_channels_of(out)))
                add(mixer.finish())

        frames = container.decode(stream)
        while True:
            try:
                frame = next(frames)
            except StopIteration:
                break
            except av.error.InvalidDataError:
                if decoded:  # a damaged tail: keep what decoded
                    log.warning("%s: stopped at damaged data after %d samples", p, decoded)
                    break
                raise
            shape = (frame.format.name, frame.layout.name, frame.sample_rate)
            if shape != source:  # first frame, or the stream changed format (e.g. 2.0 -> 5.1 in TV)
                drain()
                source = shape
                resampler = av.AudioResampler(format="flt", layout=frame.layout, rate=SAMPLE_RATE)
                mixer = Downmixer(_channel_names(frame), SAMPLE_RATE)
            assert mixer is not None
            decoded += frame.samples
            for out in resampler.resample(frame):
                add(mixer.push(_channels_of(out)))
            if pending >= block_samples:
                yield flush()
        drain()
        if pending:
            yield flush()
    if not decoded:
        raise MediaError(f"{p}: the audio track holds no samples. The file may be truncated.")


def _decode_soundfile(p: Path, block_s: float = 10.0) -> npt.NDArray[np.float32]:
    """The fallback decoder: reads blocks of all channels at the file's rate, mixes each with the
    same ``Downmixer`` as PyAV's path, and resamples the mono result."""
    import numpy as np
    import soundfile

    from engine.downmix import Downmixer, default_channel_names

    with soundfile.SoundFile(str(p)) as f:
        mixer = Downmixer(default_channel_names(f.channels), f.samplerate)
        parts: list[npt.NDArray[np.float32]] = []
        for block in f.blocks(blocksize=max(1, int(block_s * f.samplerate)), dtype="float32", always_2d=True):
            parts += mixer.push(np.ascontiguousarray(block.T))
        parts += mixer.finish()
        rate = f.samplerate
    mono = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    if rate != SAMPLE_RATE:
        mono = resample(mono, rate, SAMPLE_RATE)
    if mono.size == 0:
        raise MediaError(f"{p}: the audio track holds no samples. The file may be truncated.")
    return mono.astype(np.float32, copy=False)


def resample(x: npt.NDArray[np.float32], src: int, dst: int) -> npt.NDArray[np.float32]:
    """Linear resampling; only used on the rare soundfile fallback path."""
    import numpy as np

    n = int(round(len(x) * dst / src))
    t = np.linspace(0, len(x) - 1, n)
    return np.interp(t, np.arange(len(x)), x).astype(np.float32)


def duration_ms(audio: npt.NDArray[np.float32]) -> int:
    return int(len(audio) * 1000 // SAMPLE_RATE)


def ms_to_samples(ms: int) -> int:
    return ms * SAMPLE_RATE // 1000


class AudioBuffer:
    """Append-only audio that grows while decoding and is sliced by milliseconds.

    Blocks are kept as decoded (no reallocation), so memory stays at the decoded size.
    Appends happen on the preparation thread, slices on the supervisor loop: both only touch
    blocks that already exist, which is safe under the GIL.
    """

    def __init__(self) -> None:
        self._blocks: list[npt.NDArray[np.float32]] = []
        self._starts: list[int] = []
        self._samples = 0

    def append(self, block: npt.NDArray[np.float32]) -> None:
        self._starts.append(self._samples)
        self._blocks.append(block)
        self._samples += block.size

    @property
    def samples(self) -> int:
        return self._samples

    @property
    def duration_ms(self) -> int:
        return self._samples * 1000 // SAMPLE_RATE

    def slice_ms(self, start_ms: int, end_ms: int) -> npt.NDArray[np.float32]:
        return self.slice(ms_to_samples(start_ms), ms_to_samples(end_ms))

    def slice(self, start: int, end: int) -> npt.NDArray[np.float32]:
        import numpy as np

        start, end = max(0, start), min(end, self._samples)
        out: list[npt.NDArray[np.float32]] = []
        for block_start, block in zip(self._starts, self._blocks):
            block_end = block_start + block.size
            if block_end <= start:
                continue
            if block_start >= end:
                break
            out.append(block[max(0, start - block_start) : min(block.size, end - block_start)])
        if not out:
            return np.zeros(0, dtype=np.float32)
        return out[0].copy() if len(out) == 1 else np.concatenate(out)
