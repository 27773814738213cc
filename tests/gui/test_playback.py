"""The player on a real PortAudio stream, with ALSA null devices instead of a sound card.

``alsa_null.conf`` gives this process a silent default output and ``fileout``, which records
exactly what was played, so the tests can compare the played bytes with the samples asked for.
Neither device is paced (a second of audio "plays" in a millisecond), which is what the player's
clock is for: these tests check that the playhead still moves, and the range still ends, in real time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QThread
from pytestqt.qtbot import QtBot

from gui import playback
from gui.playback import DEVICE_BUSY, NO_DEVICE, Player

HERE = Path(__file__).resolve().parent
ALSA_CONFIG_PATH = f"/usr/share/alsa/alsa.conf:{HERE / 'alsa_null.conf'}"
RATE = 16_000


@pytest.fixture(scope="module")
def sd() -> Iterator[ModuleType]:
    """sounddevice, with PortAudio seeing only the null devices while this module runs."""
    if not Path("/usr/share/alsa/alsa.conf").exists():
        pytest.skip("ALSA's configuration is missing (apt-get install libasound2-data)")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALSA_CONFIG_PATH", ALSA_CONFIG_PATH)
        already = "sounddevice" in sys.modules
        import sounddevice

        if already:  # PortAudio read the devices when it was imported: read them again
            sounddevice._terminate()
            sounddevice._initialize()
        yield sounddevice
    sounddevice._terminate()  # give later tests the machine's real devices again
    sounddevice._initialize()


@pytest.fixture
def capture(sd: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], np.ndarray]:
    """Where ``fileout`` records; returns a reader of the float32 frames played so far."""
    path = tmp_path / "played.raw"
    monkeypatch.setenv("WFS_TEST_CAPTURE", str(path))
    return lambda: np.fromfile(path, dtype=np.float32) if path.exists() else np.zeros(0, np.float32)


@pytest.fixture
def players(sd: ModuleType) -> Iterator[Callable[..., Player]]:
    made: list[Player] = []

    def make(device: str | None = None, seconds: float = 5.0) -> Player:
        player = Player(device=device)
        player.set_audio(ramp(seconds))
        made.append(player)
        return player

    yield make
    for player in made:
        player.stop()


def ramp(seconds: float) -> np.ndarray:
    """Distinct, non-zero samples: any sample played from the wrong place shows up."""
    n = int(seconds * RATE)
    return ((np.arange(n) + 1) / (n + 1)).astype(np.float32)


def sound_in(played: np.ndarray) -> np.ndarray:
    """The played frames without the silence the device adds before and after."""
    nonzero = np.flatnonzero(played)
    assert nonzero.size, "nothing but silence was played"
    return played[nonzero[0] : nonzero[-1] + 1]


def test_play_range_plays_exactly_that_span_and_ends_in_real_time(
    qtbot: QtBot, players: Callable[..., Player], capture: Callable[[], np.ndarray]
) -> None:
    player = players("fileout", seconds=2.0)
    positions: list[int] = []
    player.position_changed.connect(positions.append)
    started = time.monotonic()
    with qtbot.waitSignal(player.playback_stopped, timeout=5_000):
        player.play_range(1_000, 1_500)
        assert player.is_playing
    took = time.monotonic() - started

    assert 0.35 <= took <= 2.0  # the device took it all at once; the player still took ~0.5 s
    assert not player.is_playing
    assert player.position_ms == 1_500 and positions[-1] == 1_500
    assert positions == sorted(positions) and positions[0] < 1_200
    played = capture()
    assert np.array_equal(sound_in(played), ramp(2.0)[16_000:24_000])  # bit for bit, nothing else


def test_play_from_plays_to_the_end(
    qtbot: QtBot, players: Callable[..., Player], capture: Callable[[], np.ndarray]
) -> None:
    player = players("fileout", seconds=1.0)
    with qtbot.waitSignal(player.playback_stopped, timeout=5_000):
        player.play_from(600)
    assert np.array_equal(sound_in(capture()), ramp(1.0)[9_600:])
    assert player.position_ms == 1_000


def test_playhead_moves_at_real_speed_on_the_gui_thread(qtbot: QtBot, players: Callable[..., Player]) -> None:
    player = players()  # the default output: the unpaced null device
    positions: list[int] = []
    threads: list[bool] = []

    def on_position(ms: int) -> None:
        positions.append(ms)
        threads.append(QThread.currentThread() is QCoreApplication.instance().thread())

    player.position_changed.connect(on_position)
    started = time.monotonic()
    player.play_range(1_000, 4_000)
    qtbot.wait(500)
    position = player.position_ms
    elapsed_ms = (time.monotonic() - started) * 1000

    assert player.is_playing
    assert abs((position - 1_000) - elapsed_ms) <= 150, (position, elapsed_ms)
    assert len(positions) >= 8  # ~30 a second
    assert positions == sorted(positions) and 1_000 <= positions[0] and positions[-1] <= position
    assert all(threads)  # never emitted from the audio thread


def test_loop_restarts_at_range_start_without_running_ahead(
    qtbot: QtBot, players: Callable[..., Player], capture: Callable[[], np.ndarray]
) -> None:
    player = players("fileout", seconds=2.0)
    positions: list[int] = []
    player.position_changed.connect(positions.append)
    stopped: list[bool] = []
    player.playback_stopped.connect(lambda: stopped.append(True))
    started = time.monotonic()
    player.play_range(200, 500, loop=True)
    qtbot.wait(1_200)  # four passes of 300 ms
    assert player.is_playing and not stopped
    with qtbot.waitSignal(player.playback_stopped, timeout=2_000):
        player.stop()
    elapsed = time.monotonic() - started

    assert all(200 <= p <= 500 for p in positions)
    wraps = sum(1 for a, b in zip(positions, positions[1:]) if b < a)
    assert 2 <= wraps <= 5, positions
    played = sound_in(capture())
    span = ramp(2.0)[3_200:8_000]
    passes = len(played) // len(span)
    assert passes >= 3
    assert np.array_equal(played[: passes * len(span)], np.tile(span, passes))
    # The unpaced device asks as fast as it can; the player stays within ~0.5 s of the clock
    # instead of spinning a core (and, here, writing ~60 MB a second to the capture file).
    assert len(played) <= (elapsed + 1.0) * RATE


def test_stop_stops_and_the_playhead_stays(qtbot: QtBot, players: Callable[..., Player]) -> None:
    player = players()
    player.play_range(0, 5_000)
    qtbot.wait(300)
    with qtbot.waitSignal(player.playback_stopped, timeout=1_000):
        player.stop()
    assert not player.is_playing
    stopped_at = player.position_ms
    assert 150 <= stopped_at <= 800
    late: list[int] = []
    player.position_changed.connect(late.append)
    qtbot.wait(200)
    assert late == [] and player.position_ms == stopped_at


def test_resamples_when_the_device_refuses_16_khz(
    qtbot: QtBot,
    sd: ModuleType,
    players: Callable[..., Player],
    capture: Callable[[], np.ndarray],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_check = sd.check_output_settings

    def no_16k(*args: object, samplerate: float | None = None, **kwargs: object) -> None:
        if samplerate == RATE:
            raise sd.PortAudioError("Invalid sample rate")
        real_check(*args, samplerate=samplerate, **kwargs)

    monkeypatch.setattr(sd, "check_output_settings", no_16k)
    device_rate = sd.query_devices("fileout")["default_samplerate"]
    assert device_rate != RATE
    player = players("fileout", seconds=1.0)
    with qtbot.waitSignal(player.playback_stopped, timeout=5_000):
        player.play_range(100, 300)

    played = sound_in(capture())
    source = ramp(1.0)
    n = int(np.ceil(3_200 * device_rate / RATE))
    assert len(played) == n
    x = 1_600 + np.arange(n) * RATE / device_rate
    expected = np.interp(np.minimum(x, 4_799), np.arange(len(source)), source)
    np.testing.assert_allclose(played, expected, atol=1e-6)


def test_unknown_device_fails_with_a_message_and_raises_nothing(
    qtbot: QtBot, players: Callable[..., Player]
) -> None:
    player = players("no such device")
    check = player.available()
    assert not check and check.reason == NO_DEVICE + "."
    with qtbot.waitSignal(player.playback_failed, timeout=1_000) as failed:
        player.play_range(0, 1_000)
    assert failed.args == [NO_DEVICE + "."]
    assert not player.is_playing
    with qtbot.waitSignal(player.playback_failed, timeout=1_000):
        player.play_from(0)


def test_no_default_output_fails_with_a_message(
    qtbot: QtBot, sd: ModuleType, players: Callable[..., Player], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_default(*_args: object, **_kwargs: object) -> None:
        raise sd.PortAudioError("Error querying device -1")  # what a machine with no card says

    monkeypatch.setattr(sd, "query_devices", no_default)
    player = players()
    with qtbot.waitSignal(player.playback_failed, timeout=1_000) as failed:
        player.play_range(0, 1_000)
    assert failed.args[0].startswith("No sound output device found; playback is off")


def test_missing_portaudio_fails_with_a_message(
    qtbot: QtBot, players: Callable[..., Player], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> ModuleType:
        raise OSError("PortAudio library not found")

    monkeypatch.setattr(playback, "_import_sounddevice", missing)
    player = players()
    assert "PortAudio library not found" in player.available().reason
    with qtbot.waitSignal(player.playback_failed, timeout=1_000) as failed:
        player.play_range(0, 1_000)
    assert failed.args[0].startswith(NO_DEVICE)


def test_busy_device_fails_with_a_message(
    qtbot: QtBot, sd: ModuleType, players: Callable[..., Player], monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*_args: object, **_kwargs: object) -> None:
        raise sd.PortAudioError("Error opening OutputStream: Device unavailable [PaErrorCode -9985]")

    monkeypatch.setattr(sd, "OutputStream", busy)
    player = players()
    with qtbot.waitSignal(player.playback_failed, timeout=1_000) as failed:
        player.play_range(0, 1_000)
    assert failed.args[0].startswith(DEVICE_BUSY) and "Device unavailable" in failed.args[0]
    assert not player.is_playing


def test_an_error_in_the_audio_thread_becomes_playback_failed(
    qtbot: QtBot, players: Callable[..., Player], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> np.ndarray:
        raise RuntimeError("boom")

    monkeypatch.setattr(playback, "_render", broken)
    player = players()
    with qtbot.waitSignal(player.playback_failed, timeout=3_000) as failed:
        player.play_range(0, 1_000)
    assert "RuntimeError: boom" in failed.args[0]
    assert not player.is_playing


def test_nothing_loaded_and_empty_ranges(qtbot: QtBot, sd: ModuleType) -> None:
    player = Player()
    with qtbot.waitSignal(player.playback_failed, timeout=1_000):
        player.play_range(0, 1_000)
    player.set_audio(ramp(1.0))
    with qtbot.waitSignal(player.playback_stopped, timeout=1_000):
        player.play_range(700, 700)
    assert not player.is_playing and player.position_ms == 700


def test_a_machine_without_any_sound_device() -> None:
    """The real thing, in a fresh process with ALSA's own configuration: on CI's machines (no sound
    card) PortAudio finds no device at all. Skipped where the machine has one."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "app = QCoreApplication([])\n"
        "import sounddevice\n"
        "if any(d['max_output_channels'] for d in sounddevice.query_devices()):\n"
        "    print('SKIP'); sys.exit(0)\n"
        "from gui.playback import Player\n"
        "import numpy as np\n"
        "p = Player(); p.set_audio(np.ones(16000, np.float32))\n"
        "got = []\n"
        "p.playback_failed.connect(got.append)\n"
        "p.play_range(0, 500); p.play_from(0)\n"
        "print(repr(p.available().reason)); print(got)\n"
        "assert len(got) == 2 and not p.is_playing\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "ALSA_CONFIG_PATH"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=HERE.parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    if result.stdout.startswith("SKIP"):
        pytest.skip("this machine has a sound output device")
    assert NO_DEVICE in result.stdout
