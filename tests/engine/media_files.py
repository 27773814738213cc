"""Small media files built in the tests with PyAV: layouts, codecs and stream tags of real releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tests.conftest import TESTDATA

Signal = npt.NDArray[np.float32]


def speech(name: str = "LJ001-0003") -> Signal:
    """A real LJSpeech sentence as 16 kHz mono float32, shape (N,)."""
    from engine.audio import decode

    return decode(TESTDATA / "en" / f"{name}.flac")


def upsample(x: Signal, rate: int) -> Signal:
    """16 kHz -> ``rate`` by linear interpolation (enough for test signals)."""
    n = int(len(x) * rate / 16_000)
    return np.interp(np.arange(n) * 16_000 / rate, np.arange(len(x)), x).astype(np.float32)


def music(seconds: float, rate: int = 16_000, seed: int = 0, level_rms: float = 0.1) -> Signal:
    """Steady synthetic music: a new three-note chord with harmonics every 1.5 s, crossfaded.

    Each seed gives different chords, so channels built from different seeds are uncorrelated.
    Shape (N,), RMS ``level_rms``.
    """
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    out = np.zeros(n)
    step = int(1.5 * rate)
    triangle = 1 - np.abs(np.arange(2 * step) - step) / step  # 3 s, overlapping its neighbours by half
    for start in range(-step, n, step):
        lo, hi = max(start, 0), min(start + 2 * step, n)
        if lo >= hi:
            continue
        t = np.arange(lo, hi) / rate
        chord = np.zeros(hi - lo)
        for f0 in 110 * 2 ** (rng.integers(0, 24, size=3) / 12):
            for harmonic, gain in ((1, 1.0), (2, 0.5), (3, 0.25)):
                chord += gain * np.sin(2 * np.pi * f0 * harmonic * t + rng.uniform(0, 6.3))
        out[lo:hi] += triangle[lo - start : hi - start] * chord
    return (out * level_rms / np.sqrt(np.mean(out**2))).astype(np.float32)


def rms(x: Signal) -> float:
    return float(np.sqrt(np.mean(np.asarray(x, dtype=np.float64) ** 2)))


def similarity(mixed: Signal, reference: Signal, max_lag: int = 800) -> float:
    """The highest normalised cross-correlation of ``mixed`` with ``reference`` within
    +-``max_lag`` samples (lossy codecs shift the audio by their frame delay); 1.0 is identical
    up to a positive gain."""
    n = min(len(mixed), len(reference))
    a, b = mixed[:n].astype(np.float64), reference[:n].astype(np.float64)
    size = 1 << (2 * n - 1).bit_length()
    correlation = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    lags = np.concatenate([correlation[: max_lag + 1], correlation[size - max_lag :] if max_lag else []])
    return float(lags.max() / np.sqrt((a @ a) * (b @ b)))


def write_channels(
    path: Path, channels: Sequence[Signal], layout: str, rate: int = 16_000, codec: str | None = None
) -> Path:
    """One audio stream of the given layout; ``channels`` in FFmpeg's order for it.

    The codec follows the suffix unless given: .flac FLAC, .wav PCM, .mkv/.ac3 AC-3 (48 kHz).
    """
    import av

    codec = codec or {".flac": "flac", ".wav": "pcm_s16le"}.get(path.suffix, "ac3")
    data = np.stack([np.clip(c, -1, 1) for c in channels])
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = layout
        if codec in ("flac", "pcm_s16le"):
            samples, fmt = (data * 32767).astype(np.int16).T.reshape(1, -1), "s16"
        else:
            samples, fmt = data.astype(np.float32), "fltp"
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format=fmt, layout=layout)
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@dataclass(frozen=True)
class Track:
    signal: Signal  # 16 kHz mono
    language: str = ""
    title: str = ""
    default: bool = False


def write_tracks(path: Path, tracks: Sequence[Track]) -> Path:
    """A container (.mkv or .mp4) with one AAC mono stream per track, tagged as given."""
    import av

    with av.open(str(path), "w") as container:
        streams = []
        for track in tracks:
            stream = container.add_stream("aac", rate=48_000)
            stream.layout = "mono"
            if track.language:
                stream.metadata["language"] = track.language
            if track.title:
                stream.metadata["title"] = track.title
            stream.disposition = av.stream.Disposition.default if track.default else av.stream.Disposition(0)
            streams.append(stream)
        for stream, track in zip(streams, tracks):
            frame = av.AudioFrame.from_ndarray(
                upsample(track.signal, 48_000)[None, :], format="fltp", layout="mono"
            )
            frame.sample_rate = 48_000
            for packet in stream.encode(frame):
                container.mux(packet)
        for stream in streams:
            for packet in stream.encode():
                container.mux(packet)
    return path
