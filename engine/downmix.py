"""Mix any channel layout to the mono that Whisper hears, without losing the dialogue.

An equal-weight mix buries centre dialogue under the music of four other channels, FFmpeg's mono
downmix drops the LFE slot (some files carry speech there), and summing a phase-inverted channel
cancels the speech. The mix here, decided from the first ``ANALYSIS_S`` seconds:

1. starts from the broadcast fold-down weights (see ``position_weight``): centre +3 dB over the
   front pair, surrounds -3 dB, LFE out unless it carries energy above 200 Hz;
2. leaves out channels that are silent, so one speech channel among silent ones keeps its level;
3. turns down 20 dB the channels whose sound is steady (music, hum, noise) when another channel
   has the on/off rhythm of speech; a channel is never dropped on this test alone;
4. flips the sign of a channel that is anti-correlated with the mix so far, so nothing cancels.

The weights change only when a channel that was silent in the analysed audio starts to sound,
and then over a 100 ms ramp, so the mix never clicks inside a word. Only the analysed seconds
and one block are held in memory, whatever the file's length.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float32]

log = logging.getLogger(__name__)

ANALYSIS_S = 30.0  # seconds of audio the mix is decided from
RAMP_S = 0.1  # a change of weights fades in over this long
QUIET_GAIN = 0.1  # -20 dB for steady channels beside a channel with speech rhythm
_FRAME_S = 0.02  # analysis frames (20 ms)
_WINDOW_FRAMES = 50  # frames per one-second window of the low-energy measure
_SPEECH_BAND_HZ = (250.0, 4000.0)
_LFE_SPEECH_HZ = 200.0  # an LFE with this much of its energy above this is a full channel
_LFE_BROADBAND_FRACTION = 0.1
_SILENT_RMS = 1e-5  # -100 dBFS
_SILENT_BELOW_LOUDEST_DB = 60.0
_SPEECH_RHYTHM = 0.5  # low-energy fraction of a channel that sounds like speech
_STEADY = 0.45  # below this, and 0.12 below the most speech-like channel, a channel is steady
_STEADY_MARGIN = 0.12
# Only a near-copy in opposite phase is flipped: matrix-encoded stereo (Lt/Rt: L = d + s,
# R = d - s) correlates at (d² - s²) / (d² + s²), -0.6 with surround content twice the dialogue's
# level; flipping R there would leave s and cancel the dialogue d.
_ANTI_CORRELATED = -0.9
_ROOM_TONE_DB = 30.0  # windows this far below a channel's loudest are its room tone, not its sound

# Default channel order by count (FFmpeg's and WAVE_FORMAT_EXTENSIBLE's), for decoders that do
# not name the channels.
_DEFAULT_NAMES = {
    1: ("FC",),
    2: ("FL", "FR"),
    3: ("FL", "FR", "FC"),
    4: ("FL", "FR", "BL", "BR"),
    5: ("FL", "FR", "FC", "BL", "BR"),
    6: ("FL", "FR", "FC", "LFE", "BL", "BR"),
    7: ("FL", "FR", "FC", "LFE", "BC", "SL", "SR"),
    8: ("FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"),
}


def default_channel_names(count: int) -> tuple[str, ...]:
    """Channel names for ``count`` unnamed channels; beyond 8, names that get no special weight."""
    return _DEFAULT_NAMES.get(count, tuple(f"CH{i}" for i in range(count)))


def position_weight(name: str) -> float:
    """The weight of a channel in a mono fold-down, by its position (FFmpeg's channel names).

    ITU-R BS.775 and ATSC A/52 (section 7.8, downmixing) fold 5.1 to stereo as
    Lo = L + 0.707 C + 0.707 Ls (and Ro alike), leaving out the LFE. Summed to mono, the centre
    enters both sides, so it weighs 2 x 0.707 = 1.414 against 1 for L and R: +3 dB, because the
    centre is where films and broadcasts put the dialogue. Surrounds keep 0.707 (-3 dB).
    The LFE gets 0 here; ``Downmixer`` puts it back when it carries more than bass.
    """
    if name == "FC":
        return 2 * math.sqrt(0.5)
    if name.startswith("LFE"):
        return 0.0
    if name in ("FL", "FR", "FLC", "FRC"):
        return 1.0
    if name[:1] in ("S", "B", "T", "W"):  # side, back, top, wide
        return math.sqrt(0.5)
    return 1.0  # unknown positions (CH0, USR..., mono): a full channel


@dataclass
class _Stats:
    """What the decision needs, summed over the analysed audio (per channel, shape (C,))."""

    channels: int
    sum_squares: npt.NDArray[np.float64] = field(init=False)
    samples: int = 0
    above_lfe_band: npt.NDArray[np.float64] = field(init=False)
    band_total: npt.NDArray[np.float64] = field(init=False)
    _carry: npt.NDArray[np.float64] = field(init=False)

    def __post_init__(self) -> None:
        zeros = np.zeros(self.channels)
        self.sum_squares = zeros.copy()
        self.above_lfe_band, self.band_total = zeros.copy(), zeros.copy()
        self._carry = np.zeros((self.channels, 0))
        self._window_energy: list[npt.NDArray[np.float64]] = []  # per one-second window, (C, W)
        self._window_low: list[npt.NDArray[np.float64]] = []

    def add(self, block: FloatArray, rate: int) -> None:
        """Add a block of shape (C, N) at ``rate`` Hz; whole one-second windows are measured, the
        rest waits for the next block (resamplers hand over a few hundred samples at a time)."""
        x = block.astype(np.float64)
        self.sum_squares += np.einsum("cn,cn->c", x, x)
        self.samples += x.shape[1]
        x = np.concatenate([self._carry, x], axis=1) if self._carry.size else x
        frame = max(1, int(rate * _FRAME_S))
        window = frame * _WINDOW_FRAMES
        windows = x.shape[1] // window
        self._carry = x[:, windows * window :]
        if windows == 0:
            return
        framed = x[:, : windows * window].reshape(self.channels, windows * _WINDOW_FRAMES, frame)
        spectrum = np.abs(np.fft.rfft(framed, axis=2)) ** 2
        freqs = np.fft.rfftfreq(frame, 1 / rate)
        self.above_lfe_band += spectrum[:, :, freqs > _LFE_SPEECH_HZ].sum(axis=(1, 2))
        self.band_total += spectrum.sum(axis=(1, 2))
        band = (
            spectrum[:, :, (freqs >= _SPEECH_BAND_HZ[0]) & (freqs <= _SPEECH_BAND_HZ[1])].sum(axis=2) / frame
        )
        # Scheirer & Slaney (ICASSP 1997), "percentage of low-energy frames": the share of
        # frames below half the mean energy of their one-second window; speech, with its pauses
        # between syllables, scores 0.55-0.65, steady music 0.3-0.45.
        energy = band.reshape(self.channels, windows, _WINDOW_FRAMES)
        mean = energy.mean(axis=2, keepdims=True)
        self._window_energy.append(mean[:, :, 0])
        self._window_low.append((energy < 0.5 * mean).mean(axis=2))

    def rms(self) -> npt.NDArray[np.float64]:
        return np.sqrt(self.sum_squares / max(self.samples, 1))

    def speech_rhythm(self) -> npt.NDArray[np.float64]:
        """Per channel, 0..1; 0 for a channel with no sounding window."""
        if not self._window_energy:
            return np.zeros(self.channels)
        energy, low = np.concatenate(self._window_energy, axis=1), np.concatenate(self._window_low, axis=1)
        # A window counts only when it is within 30 dB of the channel's loudest: a centre channel
        # with room tone (-50 dBFS) between its lines scored as steady on that tone and was
        # turned down under the music (found by a user test; speech from 2 s and from 35 s).
        floor = np.maximum(_SILENT_RMS**2, energy.max(axis=1, keepdims=True) * 10 ** (-_ROOM_TONE_DB / 10))
        sounding = energy > floor
        windows = sounding.sum(axis=1)
        return np.where(windows > 0, np.where(sounding, low, 0.0).sum(axis=1) / np.maximum(windows, 1), 0.0)

    def broadband(self) -> npt.NDArray[np.bool_]:
        share = self.above_lfe_band / np.maximum(self.band_total, 1e-30)
        return np.asarray(share >= _LFE_BROADBAND_FRACTION)


def choose_weights(stats: _Stats, names: Sequence[str]) -> npt.NDArray[np.float64]:
    """Non-negative weights per channel, shape (C,), before sign alignment; all zero when silent."""
    rms = stats.rms()
    loudest = float(rms.max(initial=0.0))
    active = (rms >= _SILENT_RMS) & (rms >= loudest * 10 ** (-_SILENT_BELOW_LOUDEST_DB / 20))
    weights = np.array([position_weight(n) for n in names])
    lfe = np.array([n.startswith("LFE") for n in names])
    weights[lfe & stats.broadband()] = 1.0
    weights[~active] = 0.0
    if not weights.any() and active.any():  # e.g. only a bass-only LFE sounds: better that than nothing
        weights[active] = 1.0
    rhythm = stats.speech_rhythm()
    candidates = rhythm[weights > 0]
    best = float(candidates.max(initial=0.0))
    if best >= _SPEECH_RHYTHM:
        steady = (weights > 0) & (rhythm < _STEADY) & (rhythm <= best - _STEADY_MARGIN)
        weights[steady] *= QUIET_GAIN
    return weights


def align_signs(
    block: FloatArray, weights: npt.NDArray[np.float64], fixed: npt.NDArray[np.float64] | None = None
) -> npt.NDArray[np.float64]:
    """Signs (+1/-1, shape (C,)) that keep channels from cancelling in the weighted sum.

    Channels are added strongest first; one whose correlation with the sum so far is below -0.9
    (a phase-inverted copy) is flipped. Where ``fixed`` is non-zero, that sign is kept and those
    channels are added first. ``block`` has shape (C, N).
    """
    signs = np.ones(len(weights))
    if fixed is not None:
        signs = np.where(fixed != 0, fixed, 1.0)
    x = block.astype(np.float64)
    energy = np.einsum("cn,cn->c", x, x) * weights**2
    kept = fixed if fixed is not None else np.zeros(len(weights))
    order = sorted(range(len(weights)), key=lambda i: (kept[i] == 0, -energy[i]))  # fixed ones first
    total = np.zeros(x.shape[1])
    for i in order:
        if weights[i] == 0 or energy[i] == 0:
            continue
        if total.any() and kept[i] == 0:
            correlation = float(total @ x[i]) / math.sqrt(float(total @ total) * float(x[i] @ x[i]))
            signs[i] = -1.0 if correlation < _ANTI_CORRELATED else 1.0
        total += signs[i] * weights[i] * x[i]
    return signs


class Downmixer:
    """Streaming mixer: push blocks of shape (C, N), take mono blocks of shape (M,), float32.

    Input is gathered into one-second pieces (decoders hand over a few hundred samples at a
    time). The first ``ANALYSIS_S`` seconds are held back until the mix is decided (``finish()``
    decides early for a shorter file); afterwards a mono piece comes out per second of input.
    """

    def __init__(self, names: Sequence[str], rate: int) -> None:
        self.names = tuple(names)
        self.rate = rate
        self.stats = _Stats(len(self.names))
        self.coefficients: npt.NDArray[np.float64] | None = None  # signed; absolute values sum to 1
        self._input: list[FloatArray] = []
        self._input_samples = 0
        self._held: list[FloatArray] = []  # the analysed audio, until the decision
        self._held_samples = 0
        self._seen = 0  # samples mixed so far
        self._revisit_until = 0  # keep choosing again until here: a channel has just started
        self._ramp_from: npt.NDArray[np.float64] | None = None
        self._ramp_done = 0

    def push(self, block: FloatArray) -> Iterator[FloatArray]:
        """Mono pieces ready after adding ``block`` (shape (C, N), float32 at ``rate`` Hz)."""
        if block.shape[0] != len(self.names):
            raise ValueError(f"block has {block.shape[0]} channels, the layout {len(self.names)}")
        if len(self.names) == 1:
            yield block[0].astype(np.float32, copy=False)
            return
        self._input.append(block)
        self._input_samples += block.shape[1]
        if self._input_samples >= self.rate:
            yield from self._process(self._take_input())

    def finish(self) -> Iterator[FloatArray]:
        """Everything still held: the last partial second, and the analysed audio of a file
        shorter than the analysis."""
        if self._input:
            yield from self._process(self._take_input())
        if self.coefficients is None and self._held:
            yield from self._decide_and_release()

    def _take_input(self) -> FloatArray:
        piece = np.concatenate(self._input, axis=1) if len(self._input) > 1 else self._input[0]
        self._input.clear()
        self._input_samples = 0
        return piece

    def _process(self, piece: FloatArray) -> Iterator[FloatArray]:
        if self.coefficients is None:
            self.stats.add(piece, self.rate)
            self._held.append(piece)
            self._held_samples += piece.shape[1]
            if self._held_samples >= ANALYSIS_S * self.rate:
                yield from self._decide_and_release()
            return
        if self._silent_channels() or self._seen < self._revisit_until:
            self.stats.add(piece, self.rate)
            self._reconsider(piece)
        self._seen += piece.shape[1]
        yield self._mix(piece)

    def _silent_channels(self) -> bool:
        return not bool((self.stats.rms() >= _SILENT_RMS).all())

    def _decide_and_release(self) -> Iterator[FloatArray]:
        held = np.concatenate(self._held, axis=1)
        weights = choose_weights(self.stats, self.names)
        self.coefficients = _normalise(weights * align_signs(held, weights))
        log.debug("downmix %s: %s", ",".join(self.names), np.round(self.coefficients, 3))
        del held
        for part in self._held:
            self._seen += part.shape[1]
            yield self._mix(part)
        self._held.clear()

    def _reconsider(self, piece: FloatArray) -> None:
        """A channel was silent when the weights were chosen: choose again from the audio so far,
        and after one starts, for ``ANALYSIS_S`` more (its own measure needs that long); fade to
        new weights over ``RAMP_S``."""
        assert self.coefficients is not None
        old = self.coefficients
        weights = choose_weights(self.stats, self.names)
        if np.allclose(_normalise(weights), np.abs(old)):
            return
        if not np.array_equal(weights > 0, old != 0):
            self._revisit_until = self._seen + int(ANALYSIS_S * self.rate)
        start = self._current()
        self.coefficients = _normalise(weights * align_signs(piece, weights, fixed=np.sign(old)))
        self._ramp_from, self._ramp_done = start, 0
        log.debug("downmix revised %s: %s", ",".join(self.names), np.round(self.coefficients, 3))

    def _current(self) -> npt.NDArray[np.float64]:
        """The weights in effect at this moment (part-way through a fade, if one is running)."""
        assert self.coefficients is not None
        if self._ramp_from is None:
            return self.coefficients
        ramp = max(1, int(RAMP_S * self.rate))
        t = min(self._ramp_done / ramp, 1.0)
        return (1 - t) * self._ramp_from + t * self.coefficients

    def _mix(self, piece: FloatArray) -> FloatArray:
        assert self.coefficients is not None
        if self._ramp_from is None:
            return (self.coefficients.astype(np.float32) @ piece).astype(np.float32, copy=False)
        ramp = max(1, int(RAMP_S * self.rate))
        t = np.minimum((self._ramp_done + np.arange(piece.shape[1])) / ramp, 1.0)
        mixed = (1 - t) * (self._ramp_from @ piece) + t * (self.coefficients @ piece)
        self._ramp_done += piece.shape[1]
        if self._ramp_done >= ramp:
            self._ramp_from = None
        return mixed.astype(np.float32)


def _normalise(coefficients: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Scale so the absolute weights sum to 1: a weighted average stays within [-1, 1]."""
    total = float(np.abs(coefficients).sum())
    return coefficients / total if total > 0 else coefficients


def downmix(block: FloatArray, names: Sequence[str] | None = None, rate: int = 16_000) -> FloatArray:
    """Mix one whole signal of shape (C, N) to mono (N,) in one call (tests, short files)."""
    names = names if names is not None else default_channel_names(block.shape[0])
    mixer = Downmixer(names, rate)
    parts = [*mixer.push(block), *mixer.finish()]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
