"""Decode any media file into 16 kHz mono float32, once, with errors a user can act on.

PyAV reads every container FFmpeg knows (wav, flac, mp3, m4a, opus, mp4, mkv, mov, webm ...);
soundfile is the fallback for the few files PyAV rejects but libsndfile reads.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.protocol import SAMPLE_RATE

if TYPE_CHECKING:
    import numpy.typing as npt

log = logging.getLogger(__name__)


class MediaError(Exception):
    """A file that cannot be turned into audio; the message says why and what to do."""


def check_readable(path: str | os.PathLike[str]) -> Path:
    """Fail fast, before any decoding, on the mistakes a path alone reveals."""
    p = Path(path)
    if not p.exists():
        raise MediaError(f"{p}: file not found. Check the path and try again.")
    if p.is_dir():
        raise MediaError(f"{p}: is a folder, not a media file. Give the files inside it instead.")
    if p.stat().st_size == 0:
        raise MediaError(f"{p}: the file is empty (0 bytes). It may still be copying or be damaged.")
    return p


def decode(path: str | os.PathLike[str]) -> npt.NDArray[np.float32]:
    """Return the file's first audio stream as 16 kHz mono float32 in [-1, 1]."""
    return np.concatenate(list(iter_decode(path)))


def iter_decode(
    path: str | os.PathLike[str], block_s: float = 10.0
) -> Iterator[npt.NDArray[np.float32]]:
    """Yield the audio in blocks of about ``block_s`` seconds as it is decoded.

    Streaming lets VAD and transcription start before a long file is fully decoded. Errors that
    concern the whole file (no audio track, not media at all) are raised before the first block.
    """
    p = check_readable(path)
    try:
        blocks = _iter_decode_av(p, int(block_s * SAMPLE_RATE))
        first = next(blocks)
    except MediaError:
        raise
    except Exception as av_error:  # PyAV raises many types; try libsndfile before giving up
        log.debug("PyAV could not decode %s: %s", p, av_error)
        try:
            yield _decode_soundfile(p)
            return
        except Exception:
            raise MediaError(
                f"{p}: not a readable audio or video file ({_short(av_error)}). "
                "Check that it plays in a media player; convert it to WAV or MP4 if it does."
            ) from av_error
    yield first
    yield from blocks


def _short(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def probe_duration_ms(path: str | os.PathLike[str]) -> int:
    """The container's stated duration, 0 when unknown; cheap, for progress before decoding."""
    try:
        import av

        with av.open(str(path), metadata_errors="ignore") as container:
            if container.duration:
                return int(container.duration * 1000 // av.time_base)
    except Exception:
        pass
    return 0


def _iter_decode_av(p: Path, block_samples: int) -> Iterator[npt.NDArray[np.float32]]:
    import av

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
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        parts: list[npt.NDArray[Any]] = []
        pending = 0
        produced = 0

        def flush() -> npt.NDArray[np.float32]:
            pcm = np.concatenate(parts)
            parts.clear()
            return (pcm.astype(np.float32) / 32768.0).astype(np.float32, copy=False)

        frames = container.decode(stream)
        while True:
            try:
                frame = next(frames)
            except StopIteration:
                break
            except av.error.InvalidDataError:
                if produced or pending:  # a damaged tail: keep what decoded
                    log.warning("%s: stopped at damaged data after %d samples", p, produced)
                    break
                raise
            for out in resampler.resample(frame):
                parts.append(out.to_ndarray().reshape(-1))
                pending += parts[-1].size
            if pending >= block_samples:
                produced += pending
                pending = 0
                yield flush()
        for out in resampler.resample(None):  # flush the resampler's buffer
            parts.append(out.to_ndarray().reshape(-1))
            pending += parts[-1].size
        if pending:
            produced += pending
            yield flush()
    if not produced:
        raise MediaError(f"{p}: the audio track holds no samples. The file may be truncated.")


def _decode_soundfile(p: Path) -> npt.NDArray[np.float32]:
    import soundfile

    data, rate = soundfile.read(str(p), dtype="float32", always_2d=True)
    mono: npt.NDArray[np.float32] = data.mean(axis=1).astype(np.float32)
    if rate != SAMPLE_RATE:
        mono = resample(mono, rate, SAMPLE_RATE)
    if mono.size == 0:
        raise MediaError(f"{p}: the audio track holds no samples. The file may be truncated.")
    return mono.astype(np.float32, copy=False)


def resample(x: npt.NDArray[np.float32], src: int, dst: int) -> npt.NDArray[np.float32]:
    """Linear resampling; only used on the rare soundfile fallback path."""
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
