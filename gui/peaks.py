"""Min/max peaks of a media file's audio, computed once and cached on disk, for the waveform.

Data flow::

    PeaksLoader.load(path, stream)  --QThreadPool-->  load_peaks(path, cache_dir, stream)
                                                 |  cache hit: read <cache_dir>/<sha1(path, stream)>.npz
                                                 |  miss: engine.audio.iter_decode -> compute_peaks -> write .npz
    peaks_ready(key, peaks) / peaks_failed(key, message)  <--queued signal, GUI thread--
    (key: source_key(path, stream))

Resolutions: 1000, 100 and 10 min/max pairs per second (16, 160 and 1,600 samples per bin at
16 kHz). A view wants about one pair per pixel, so :meth:`Peaks.envelope` takes the coarsest level
that still has at least that many bins in the range and folds it down; with a factor of 10
between levels a refresh reads at most ~10 bins per pixel whatever the zoom. 1000/s (1 ms) is finer
than a video frame, which is as close as subtitle timing needs; 10/s keeps a whole two-hour film
at 72,000 bins. Values are stored as int16 (4 bytes per bin): one hour costs about 16 MB, a
fraction of the decoded audio, and quiet speech keeps its shape (int8 would flatten it).

The cache file is named after the path; inside, the file's size and mtime and a format version
say whether it still describes the file, so a changed file replaces its entry instead of leaking one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, QRunnable, QStandardPaths, QThreadPool, Signal, Slot

from engine.protocol import SAMPLE_RATE

log = logging.getLogger(__name__)

RATES = (1000, 100, 10)  # bins per second, finest first; each divides the one before
_FORMAT = 2  # bump when the cached arrays change meaning (2: the dialogue-keeping downmix)
_SCALE = 32767.0

FloatArray = npt.NDArray[np.float32]
Int16Array = npt.NDArray[np.int16]


@dataclass(frozen=True)
class Level:
    """One resolution: ``rate`` bins per second, each the min and max of its samples (int16)."""

    rate: int
    mins: Int16Array
    maxs: Int16Array


@dataclass(frozen=True)
class Envelope:
    """What a plot draws: at ``times_s`` (bin centres, seconds), the lowest and highest sample."""

    times_s: FloatArray
    mins: FloatArray
    maxs: FloatArray
    rate: int  # the level it was read from

    def __len__(self) -> int:
        return int(self.times_s.size)


@dataclass(frozen=True)
class Peaks:
    """The audio's min/max envelope at every level of :data:`RATES`."""

    samples: int
    sample_rate: int
    levels: tuple[Level, ...]  # finest first

    @property
    def duration_s(self) -> float:
        return self.samples / self.sample_rate

    def level(self, rate: int) -> Level:
        return next(lv for lv in self.levels if lv.rate == rate)

    def envelope(self, start_s: float, end_s: float, points: int) -> Envelope:
        """The envelope over [start_s, end_s] folded to about ``points`` pairs (never more than
        2x); from the finest level when even it has fewer bins than that."""
        points = max(1, points)
        span = max(0.0, end_s - start_s)
        level = next((lv for lv in reversed(self.levels) if lv.rate * span >= points), self.levels[0])
        size = level.mins.size
        first = min(size, max(0, int(np.floor(start_s * level.rate))))
        stop = min(size, max(first, int(np.ceil(end_s * level.rate))))
        if stop <= first:
            empty = np.zeros(0, np.float32)
            return Envelope(empty, empty, empty, level.rate)
        group = max(1, (stop - first) // points)
        first -= first % group  # groups start at multiples of their size: no shimmer when panning
        starts = np.arange(first, stop, group)
        ends = np.minimum(starts + group, stop)
        offsets = starts - first
        mins = np.minimum.reduceat(level.mins[first:stop], offsets).astype(np.float32) / _SCALE
        maxs = np.maximum.reduceat(level.maxs[first:stop], offsets).astype(np.float32) / _SCALE
        times = ((starts + ends) * (0.5 / level.rate)).astype(np.float32)
        return Envelope(times, mins, maxs, level.rate)


def compute_peaks(blocks: Iterable[FloatArray] | FloatArray, sample_rate: int = SAMPLE_RATE) -> Peaks:
    """Peaks of float audio in [-1, 1], given whole or as consecutive blocks of any size."""
    if isinstance(blocks, np.ndarray):
        blocks = [blocks]
    per_bin = sample_rate // RATES[0]
    if per_bin * RATES[0] != sample_rate:
        raise ValueError(f"sample rate {sample_rate} is not a multiple of {RATES[0]}")
    mins: list[Int16Array] = []
    maxs: list[Int16Array] = []
    carry = np.zeros(0, np.float32)
    total = 0
    for block in blocks:
        block = np.asarray(block, np.float32).reshape(-1)
        total += block.size
        data = np.concatenate([carry, block]) if carry.size else block
        whole = data.size - data.size % per_bin
        if whole:
            bins = data[:whole].reshape(-1, per_bin)
            mins.append(_to_int16(bins.min(axis=1)))
            maxs.append(_to_int16(bins.max(axis=1)))
        carry = data[whole:].copy()
    if carry.size:  # the last, partial bin
        mins.append(_to_int16(carry.min(keepdims=True)))
        maxs.append(_to_int16(carry.max(keepdims=True)))
    fine_min = np.concatenate(mins) if mins else np.zeros(0, np.int16)
    fine_max = np.concatenate(maxs) if maxs else np.zeros(0, np.int16)
    levels = [Level(RATES[0], fine_min, fine_max)]
    for rate in RATES[1:]:
        below = levels[-1]
        factor = below.rate // rate
        offsets = np.arange(0, below.mins.size, factor)
        if offsets.size:
            levels.append(
                Level(
                    rate, np.minimum.reduceat(below.mins, offsets), np.maximum.reduceat(below.maxs, offsets)
                )
            )
        else:
            levels.append(Level(rate, below.mins[:0], below.maxs[:0]))
    return Peaks(total, sample_rate, tuple(levels))


def _to_int16(values: FloatArray) -> Int16Array:
    return np.round(np.clip(values, -1.0, 1.0) * _SCALE).astype(np.int16)


def default_cache_dir() -> Path:
    """``<CacheLocation>/peaks`` (per user, per application)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(base or tempfile.gettempdir()) / "peaks"


def source_key(path: str | os.PathLike[str], audio_stream: int | None = None) -> str:
    """What a waveform shows: a file, and which of its audio streams (None: the engine's default)."""
    return str(path) if audio_stream is None else f"{path} #{audio_stream}"


def cache_file(
    path: str | os.PathLike[str], cache_dir: str | os.PathLike[str], audio_stream: int | None = None
) -> Path:
    """Where the peaks of ``path`` (its stream ``audio_stream``) are kept: one entry per file and
    stream, whatever the file's version."""
    name = os.fsencode(Path(path).resolve()) + (b"" if audio_stream is None else b"#%d" % audio_stream)
    return Path(cache_dir) / f"{hashlib.sha1(name).hexdigest()}.npz"


def _decode_blocks(path: Path, audio_stream: int | None = None) -> Iterable[FloatArray]:
    from engine.audio import iter_decode  # PyAV is imported on the worker thread, when needed

    return iter_decode(path, audio_stream=audio_stream)


def load_peaks(
    path: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str] | None = None,
    audio_stream: int | None = None,
) -> Peaks:
    """The peaks of a media file (its audio stream ``audio_stream``, 1-based; None: the default
    choice), from the cache when it still matches the file's size and mtime, else decoded
    (streaming, so a long film never sits in memory whole) and cached.

    Raises engine.audio.MediaError for a file that cannot be decoded; a cache that cannot be
    read or written is only logged.
    """
    p = Path(path)
    stat = p.stat()
    stamp = np.array([_FORMAT, stat.st_size, stat.st_mtime_ns], np.int64)
    target = cache_file(p, cache_dir if cache_dir is not None else default_cache_dir(), audio_stream)
    cached = _read_cache(target, stamp)
    if cached is not None:
        log.debug("peaks of %s from %s", p, target)
        return cached
    peaks = compute_peaks(_decode_blocks(p, audio_stream))
    _write_cache(target, stamp, peaks)
    return peaks


def _read_cache(target: Path, stamp: npt.NDArray[np.int64]) -> Peaks | None:
    try:
        with np.load(target) as data:
            if not np.array_equal(data["stamp"], stamp):
                return None
            samples, sample_rate = (int(v) for v in data["info"])
            levels = tuple(Level(rate, data[f"min{rate}"], data[f"max{rate}"]) for rate in RATES)
        return Peaks(samples, sample_rate, levels)
    except FileNotFoundError:
        return None
    except Exception as error:  # a truncated or foreign file: recompute and overwrite it
        log.warning("peaks cache %s unreadable (%s); recomputing", target, error)
        return None


def _write_cache(target: Path, stamp: npt.NDArray[np.int64], peaks: Peaks) -> None:
    arrays: dict[str, npt.NDArray[np.int64] | Int16Array] = {
        "stamp": stamp,
        "info": np.array([peaks.samples, peaks.sample_rate], np.int64),
    }
    for level in peaks.levels:
        arrays[f"min{level.rate}"] = level.mins
        arrays[f"max{level.rate}"] = level.maxs
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                np.savez(out, **arrays)  # type: ignore[arg-type]
            os.replace(tmp, target)  # readers see the old entry or the new one, never half
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.warning("cannot cache peaks at %s: %s", target, error)


class _JobSignals(QObject):
    done = Signal(str, object)
    failed = Signal(str, str)


class _PeaksJob(QRunnable):
    def __init__(
        self, path: str, cache_dir: Path | None, signals: _JobSignals, audio_stream: int | None
    ) -> None:
        super().__init__()
        self._path, self._cache_dir, self._signals = path, cache_dir, signals
        self._stream, self._key = audio_stream, source_key(path, audio_stream)

    def run(self) -> None:
        try:
            peaks = load_peaks(self._path, self._cache_dir, self._stream)
        except Exception as error:  # reported as text, as everything crossing threads is
            log.warning("peaks of %s failed: %s", self._key, error)
            self._emit(self._signals.failed, self._key, str(error) or type(error).__name__)
        else:
            self._emit(self._signals.done, self._key, peaks)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the loader (and its window) closed while we were decoding
            log.debug("peaks result dropped: its receiver is gone")


class PeaksLoader(QObject):
    """Loads peaks on a QThreadPool; results arrive on the GUI thread as signals."""

    peaks_ready = Signal(str, object)  # source_key() of what load() was given, Peaks
    peaks_failed = Signal(str, str)  # source_key(), message for the user

    def __init__(
        self,
        cache_dir: str | os.PathLike[str] | None = None,
        pool: QThreadPool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._pool = pool if pool is not None else QThreadPool.globalInstance()
        self._jobs: set[_JobSignals] = set()  # alive until their result is delivered

    def load(self, path: str | os.PathLike[str], audio_stream: int | None = None) -> None:
        signals = _JobSignals()  # lives on this (GUI) thread: its signals reach us queued
        signals.done.connect(self._on_job_done)
        signals.failed.connect(self._on_job_failed)
        self._jobs.add(signals)
        self._pool.start(_PeaksJob(str(path), self._cache_dir, signals, audio_stream))

    def pending(self) -> int:
        return len(self._jobs)

    @Slot(str, object)
    def _on_job_done(self, path: str, peaks: object) -> None:
        self._forget()
        self.peaks_ready.emit(path, peaks)

    @Slot(str, str)
    def _on_job_failed(self, path: str, message: str) -> None:
        self._forget()
        self.peaks_failed.emit(path, message)

    def _forget(self) -> None:
        sender = self.sender()
        if isinstance(sender, _JobSignals):
            self._jobs.discard(sender)
