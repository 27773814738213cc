"""Play a stretch of the decoded audio (a cue, or from a point to the end) through sounddevice.

    GUI thread                                  PortAudio's audio thread
    ----------                                  ------------------------
    play_range() -> _Session ------------------> _callback(): copies (or resamples) the next
                    |  written_out, completed,                block, counts frames written,
                    |  finished, error            <---------  raises CallbackStop at range end
    QTimer (~30 Hz) reads the session, works out the playhead, emits position_changed,
    and ends the playback (playback_stopped / playback_failed) when the session says so.

The audio thread never touches Qt: it only writes plain attributes of its own ``_Session``
(each stream closes over its own session, so a late callback of an old stream cannot disturb a
new one). Every signal is emitted from the QTimer on the GUI thread.

sounddevice is imported on first use, not at import time: importing it initialises PortAudio
(slow on some systems, and it fails outright where libportaudio is missing). A machine with no
sound output must still transcribe and edit, so every failure becomes ``playback_failed`` with a
message, never an exception.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from engine.protocol import SAMPLE_RATE
from gui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

# Shown to users, translated when used (context "Player").
NO_DEVICE = QT_TRANSLATE_NOOP(
    "Player", "No sound output device found; playback is off (transcription and editing still work)"
)
DEVICE_BUSY = QT_TRANSLATE_NOOP("Player", "The sound output device is busy or could not be opened")
TICK_MS = 33  # ~30 playhead updates a second

# An unpaced device (the ALSA null device, some virtual devices) asks for audio as fast as the
# callback returns: a looping stream would spin a core. The callback sleeps when it is this far
# ahead of the clock. A real device is never more than its buffer ahead, and clock drift between
# the sound card and the monotonic clock (~100 ppm) stays far below the 1 % term.
AHEAD_LIMIT_S = 0.5
AHEAD_DRIFT_FRACTION = 0.01


def _import_sounddevice() -> ModuleType:
    import sounddevice  # initialises PortAudio: only on first use

    module: ModuleType = sounddevice
    return module


@dataclass(frozen=True)
class Availability:
    """Whether playback can work, and if not, a message for the user. Truthy when it can."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


@dataclass
class _Session:
    """One playback: a range of the source, read by the audio thread, watched by the GUI thread."""

    audio: npt.NDArray[np.float32]
    start: int  # source frames (16 kHz)
    end: int
    loop: bool
    rate: float  # the stream's sample rate
    latency_s: float = 0.0
    started_at: float = 0.0  # time.monotonic() when the stream started
    # Written by the audio thread only (plain attribute stores are atomic under the GIL):
    cursor: int = 0  # output frames into the current pass over the range
    written_out: int = 0  # output frames written in all, across loops
    completed: bool = False  # the callback reached the range end (not looping)
    error: str = ""
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def ratio(self) -> float:
        """Source frames per output frame (1.0 when the device takes 16 kHz)."""
        return SAMPLE_RATE / self.rate

    @property
    def pass_frames(self) -> int:
        """Output frames in one pass over the range."""
        return math.ceil((self.end - self.start) / self.ratio)

    def played_out(self, now: float) -> int:
        """Output frames heard by ``now``.

        The clock, not the frames written, sets the pace: an unpaced device (the ALSA null device
        in tests and CI, some virtual devices) takes a whole cue in a millisecond, so counting
        written frames would throw the playhead to the end at once. Frames written are an upper
        bound, so a device that stalls or starts late holds the playhead back instead of letting
        it run past the sound. The cost: the sound card's clock may drift from the monotonic one
        by ~100 ppm, about 0.4 s after an hour of play_from; cue-length ranges never notice.
        """
        elapsed = max(0.0, now - self.started_at - self.latency_s)
        return min(int(elapsed * self.rate), self.written_out)

    def position_frames(self, now: float) -> int:
        played = self.played_out(now)
        n = self.pass_frames
        in_pass = played % n if self.loop else min(played, n)
        return min(self.start + round(in_pass * self.ratio), self.end)


class Player(QObject):
    """Plays ranges of one file's 16 kHz mono audio; the playhead follows real time."""

    position_changed = Signal(int)  # ms, ~30 times a second while playing, from the GUI thread
    playback_stopped = Signal()  # the range ended, or stop() was called
    playback_failed = Signal(str)  # a message for the user: no device, device busy, ...

    def __init__(self, parent: QObject | None = None, device: int | str | None = None) -> None:
        """``device``: a sounddevice device index or name; None for the system's default output."""
        super().__init__(parent)
        self._device = device
        self._audio: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self._session: _Session | None = None
        self._stream: Any = None
        self._position_ms = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- public API ------------------------------------------------------------------------

    def set_audio(self, samples: npt.ArrayLike) -> None:
        """Give the player a file's decoded audio (16 kHz mono float32); stops any playback."""
        self._end_session(emit=True)
        audio = np.ascontiguousarray(samples, dtype=np.float32)
        if audio.ndim != 1:
            raise ValueError(f"expected mono samples (1-D), got shape {audio.shape}")
        self._audio = audio
        self._position_ms = 0

    @property
    def duration_ms(self) -> int:
        return len(self._audio) * 1000 // SAMPLE_RATE

    @property
    def position_ms(self) -> int:
        """The playhead: live while playing, else where the last playback stopped."""
        if self._session is not None:
            self._position_ms = self._frames_to_ms(self._session.position_frames(time.monotonic()))
        return self._position_ms

    @property
    def is_playing(self) -> bool:
        return self._session is not None

    def available(self) -> Availability:
        """Whether there is an output device to play on; if not, why (the message shown to users)."""
        try:
            sd = _import_sounddevice()
        except (ImportError, OSError) as e:  # OSError: the PortAudio library itself is missing
            log.info("sounddevice unavailable: %s", e)
            return Availability(
                False, self.tr("{0}. (PortAudio could not be loaded: {1})").format(self.tr(NO_DEVICE), e)
            )
        try:
            info = sd.query_devices(self._device, kind="output")
        except (ValueError, sd.PortAudioError) as e:  # no default output, or no such device
            log.info("no output device %r: %s", self._device, e)
            return Availability(False, self.tr(NO_DEVICE) + ".")
        if int(info.get("max_output_channels", 0)) < 1:
            return Availability(False, self.tr(NO_DEVICE) + ".")
        return Availability(True)

    def play_range(self, start_ms: int, end_ms: int, loop: bool = False) -> None:
        """Play from ``start_ms`` to ``end_ms`` (clamped to the audio), over and over if ``loop``."""
        self._end_session(emit=False)
        if len(self._audio) == 0:
            self.playback_failed.emit(self.tr("No audio loaded to play."))
            return
        start = min(max(0, self._ms_to_frames(start_ms)), len(self._audio))
        end = min(max(start, self._ms_to_frames(end_ms)), len(self._audio))
        if end <= start:
            self._position_ms = self._frames_to_ms(start)
            self.playback_stopped.emit()
            return
        check = self.available()
        if not check:
            self.playback_failed.emit(check.reason)
            return
        try:
            self._start(start, end, loop)
        except Exception as e:  # PortAudioError and friends: a device that refuses to open
            log.warning("could not start playback on %r: %s", self._device, e)
            self._close_stream()
            self._session = None
            self.playback_failed.emit(f"{self.tr(DEVICE_BUSY)} ({e}).")

    def play_from(self, ms: int) -> None:
        """Play from ``ms`` to the end of the audio."""
        self.play_range(ms, self.duration_ms + 1)

    def stop(self) -> None:
        """Stop at once; the playhead stays where the sound stopped. Emits playback_stopped."""
        self._end_session(emit=True)

    # -- internals ---------------------------------------------------------------------------

    def _start(self, start: int, end: int, loop: bool) -> None:
        sd = _import_sounddevice()
        channels, rate = self._output_format(sd)
        session = _Session(self._audio, start, end, loop, rate=float(rate))

        def callback(outdata: Any, frames: int, _time: Any, status: Any) -> None:
            if status.output_underflow:
                log.debug("output underflow")
            try:
                done = _fill(session, outdata, frames)
            except Exception as e:  # keep the audio thread alive; the GUI side reports it
                session.error = f"{type(e).__name__}: {e}"
                raise sd.CallbackAbort from e
            if done:
                raise sd.CallbackStop

        stream = sd.OutputStream(
            samplerate=rate,
            device=self._device,
            channels=channels,
            dtype="float32",
            callback=callback,
            finished_callback=session.finished.set,
        )
        self._stream = stream
        # The stream may not honour the rate asked for: the callback resamples to what it got.
        session.rate = float(stream.samplerate)
        latency = stream.latency
        session.latency_s = float(latency[1] if isinstance(latency, tuple) else latency)
        session.started_at = time.monotonic()
        self._session = session
        stream.start()
        log.debug("playing %d..%d at %g Hz (loop=%s)", start, end, session.rate, loop)
        self._position_ms = self._frames_to_ms(start)
        self._timer.start()

    def _output_format(self, sd: ModuleType) -> tuple[int, float]:
        """Channels and sample rate: mono 16 kHz where the device takes it, else its own rate."""
        info = sd.query_devices(self._device, kind="output")
        for rate in (float(SAMPLE_RATE), float(info["default_samplerate"])):
            for channels in (1, 2):  # some hardware devices take stereo only
                try:
                    sd.check_output_settings(
                        self._device, channels=channels, dtype="float32", samplerate=rate
                    )
                except Exception as e:
                    log.debug("device %r refuses %d ch at %g Hz: %s", self._device, channels, rate, e)
                else:
                    return channels, rate
        return 1, float(info["default_samplerate"])  # let opening the stream say what is wrong

    def _on_timer_timeout(self) -> None:
        s = self._session
        if s is None:
            self._timer.stop()
            return
        now = time.monotonic()
        position = self._frames_to_ms(s.position_frames(now))
        if position != self._position_ms:
            self._position_ms = position
            self.position_changed.emit(position)
        if not s.finished.is_set():
            return
        if s.completed and not s.error:
            # The callback is done, but an unpaced device took it all at once: stop only when the
            # clock says the last sample has been heard, so the playhead reaches the end in time.
            if s.played_out(now) < s.pass_frames:
                return
            self._position_ms = self._frames_to_ms(s.end)
            self.position_changed.emit(self._position_ms)
            self._end_session(emit=True)
            return
        reason = s.error or self.tr("the device stopped (unplugged or taken by another program?)")
        log.warning("playback ended early: %s", reason)
        self._end_session(emit=False)
        self.playback_failed.emit(self.tr("Sound output stopped unexpectedly: {0}").format(reason))

    def _end_session(self, emit: bool) -> None:
        if self._session is None:
            return
        self._position_ms = self._frames_to_ms(self._session.position_frames(time.monotonic()))
        self._timer.stop()
        self._close_stream()
        self._session = None
        if emit:
            self.playback_stopped.emit()

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.abort()  # abort, not stop: stop() would first play out what is buffered
            stream.close()
        except Exception as e:  # a device that vanished mid-play; nothing left to release
            log.debug("closing the stream: %s", e)

    @staticmethod
    def _ms_to_frames(ms: int) -> int:
        return int(ms) * SAMPLE_RATE // 1000

    @staticmethod
    def _frames_to_ms(frames: int) -> int:
        return frames * 1000 // SAMPLE_RATE


def _render(s: _Session, first: int, n: int) -> npt.NDArray[np.float32]:
    """Output frames ``first .. first+n`` of one pass over the range.

    At 16 kHz this is a plain slice, so the device gets exactly the decoded samples. Only when the
    device refuses 16 kHz is the range resampled, by linear interpolation, block by block (a whole
    film resampled up front to 48 kHz would take gigabytes).
    """
    if s.rate == SAMPLE_RATE:
        block: npt.NDArray[np.float32] = s.audio[s.start + first : s.start + first + n]
        return block
    x = s.start + (first + np.arange(n, dtype=np.float64)) * s.ratio
    i0 = np.minimum(x.astype(np.int64), s.end - 1)
    i1 = np.minimum(i0 + 1, s.end - 1)
    frac = (x - i0).astype(np.float32)
    mixed: npt.NDArray[np.float32] = s.audio[i0] * (1 - frac) + s.audio[i1] * frac
    return mixed


def _fill(s: _Session, outdata: Any, frames: int) -> bool:
    """Audio thread: write the next ``frames`` output frames; True once the range has been written.

    Returning True makes the callback raise CallbackStop, after which PortAudio still plays this
    last block (the tail past the range end is silence).
    """
    n_pass = s.pass_frames
    done = 0
    while done < frames:
        n = min(frames - done, n_pass - s.cursor)
        if n <= 0:
            if not s.loop:
                break
            s.cursor = 0
            continue
        outdata[done : done + n] = _render(s, s.cursor, n)[:, None]
        s.cursor += n
        s.written_out += n
        done += n
    if done < frames:
        outdata[done:] = 0
    if not s.loop and s.cursor >= n_pass:
        s.completed = True
        return True
    # Throttle an unpaced device (see AHEAD_LIMIT_S); a real device never gets this far ahead.
    elapsed = time.monotonic() - s.started_at
    ahead = s.written_out / s.rate - elapsed
    if ahead > AHEAD_LIMIT_S + AHEAD_DRIFT_FRACTION * elapsed:
        time.sleep(min(ahead - AHEAD_LIMIT_S, 0.05))
    return False
