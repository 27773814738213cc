"""The video preview on real media made here with PyAV, played by QtMultimedia's FFmpeg backend offscreen.

The test video is 2 s at 25 fps whose frame ``i`` is a flat dark red of level ``4 * i``, so the
picture itself says which frame is shown: after a seek the tests read the frame off the pixels
rather than trusting ``position()`` alone. Frames never reach white, so bright pixels are subtitle.
"""

from __future__ import annotations

import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

pytest.importorskip(
    "PySide6.QtMultimedia",
    reason="QtMultimedia cannot load (on Debian: apt-get install -y libpulse0)",
    exc_type=ImportError,
)

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtMultimedia import QMediaPlayer  # noqa: E402

from gui.views.video_preview import NO_VIDEO, PreviewState, VideoPreview, _probe, is_video_file  # noqa: E402

FPS = 25
FRAMES = 50  # 2 s
LEVEL_PER_FRAME = 4
W, H = 320, 240


def _video_codec() -> str:
    import av

    return "h264" if "h264" in av.codecs_available and _can_encode("h264") else "mpeg4"


def _can_encode(name: str) -> bool:
    import av

    try:
        av.CodecContext.create(name, "w")
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False
    return True


def write_test_video(path: Path, audio: bool = True) -> Path:
    """2 s of 64x48 video (frame i: red level 4*i), with a silent AAC track when ``audio``."""
    import av

    with av.open(str(path), "w") as container:
        video = container.add_stream(_video_codec(), rate=FPS)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        if video.codec_context.name == "mpeg4":  # its default quantiser smears the levels by ~3 frames
            video.options = {"qmin": "1", "qmax": "2"}
        sound = container.add_stream("aac", rate=16000) if audio else None
        if sound is not None:
            sound.layout = "mono"
        for i in range(FRAMES):
            rgb = np.zeros((48, 64, 3), np.uint8)
            rgb[:, :, 0] = i * LEVEL_PER_FRAME
            for packet in video.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
        if sound is not None:
            for start in range(0, 32000, 1024):
                frame = av.AudioFrame.from_ndarray(
                    np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
                )
                frame.sample_rate, frame.pts = 16000, start
                for packet in sound.encode(frame):
                    container.mux(packet)
            for packet in sound.encode():
                container.mux(packet)
    return path


def write_audio_only_mkv(path: Path) -> Path:
    """A Matroska file with only an audio track: the extension says video, the probe says not."""
    import av

    with av.open(str(path), "w") as container:
        sound = container.add_stream("flac", rate=16000)
        sound.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 4096), np.int16), format="s16", layout="mono")
        frame.sample_rate, frame.pts = 16000, 0
        for packet in [*sound.encode(frame), *sound.encode()]:
            container.mux(packet)
    return path


def write_mkv_video(path: Path, frames: int) -> Path:
    """MPEG-4 video in Matroska, whose streams carry no duration field, only a DURATION tag."""
    import av

    with av.open(str(path), "w") as container:
        video = container.add_stream("mpeg4", rate=FPS)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        black = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
        for _ in range(frames):
            for packet in video.encode(black):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
    return path


def write_wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * 16000)
    return path


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("media")
    (root / "broken.mp4").write_bytes(b"not a video at all\n" * 50)
    (root / "notes.txt").write_text("hello\n")
    return {
        "video": write_test_video(root / "clip.mp4"),
        "wav": write_wav(root / "speech.wav"),
        "audio_mkv": write_audio_only_mkv(root / "audio.mkv"),
        "broken": root / "broken.mp4",
        "text": root / "notes.txt",
    }


@pytest.fixture
def preview(qtbot: QtBot) -> VideoPreview:
    widget = VideoPreview()
    qtbot.addWidget(widget)
    widget.resize(W, H)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def loaded(preview: VideoPreview, media: dict[str, Path], qtbot: QtBot) -> VideoPreview:
    """The preview with the test video loaded, or a skip saying why this machine cannot decode it."""
    preview.set_source(media["video"])
    try:
        qtbot.waitUntil(lambda: preview.state is not PreviewState.LOADING, timeout=10_000)
    except AssertionError:
        pytest.skip("QMediaPlayer never finished loading the test video in this environment")
    if preview.state is not PreviewState.READY:
        pytest.skip(f"QMediaPlayer cannot play the test video here: {preview.message}")
    return preview


def frame_shown(widget: VideoPreview) -> float:
    """The frame index the centre of the picture shows, read from its red level."""
    colour = widget.grab().toImage().pixelColor(W // 2, H // 2)
    return colour.red() / LEVEL_PER_FRAME


def wait_for_frame(qtbot: QtBot, widget: VideoPreview, frame: float, tolerance: float = 3) -> None:
    try:
        qtbot.waitUntil(lambda: abs(frame_shown(widget) - frame) <= tolerance, timeout=5_000)
    except AssertionError:
        pytest.fail(f"expected frame ~{frame}, the picture shows frame {frame_shown(widget):.1f}")


def bright_rows(widget: VideoPreview) -> np.ndarray:
    """Row indices of the grabbed widget that hold near-white pixels."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    rgb = rows[:, : width * 3].reshape(height, width, 3)
    bright = (rgb >= 230).all(axis=2)
    return np.nonzero(bright.any(axis=1))[0]


def test_is_video_file_probes_the_streams(media: dict[str, Path], tmp_path: Path) -> None:
    assert is_video_file(media["video"])
    assert not is_video_file(media["wav"])
    assert not is_video_file(media["audio_mkv"])  # a video extension, but only sound inside
    assert is_video_file(media["broken"])  # unreadable: the extension decides
    assert not is_video_file(media["text"])
    assert is_video_file(tmp_path / "missing.MKV")


def test_probe_finds_where_the_picture_ends(media: dict[str, Path], tmp_path: Path) -> None:
    # Half a frame before the end: inside the last frame, where a seek still shows a picture.
    assert _probe(media["video"]).hold_ms == 2000 - 20  # mp4: the stream's own duration
    assert _probe(write_mkv_video(tmp_path / "v.mkv", 10)).hold_ms == 400 - 20  # mkv: its DURATION tag
    assert _probe(media["broken"]).hold_ms is None


def test_video_source_becomes_ready(loaded: VideoPreview) -> None:
    assert loaded.is_video
    assert loaded.state is PreviewState.READY
    assert loaded.message == ""
    assert loaded.player.hasVideo()


def test_audio_only_file_shows_the_neutral_state(
    preview: VideoPreview, media: dict[str, Path], qtbot: QtBot
) -> None:
    for key in ("wav", "audio_mkv"):
        with qtbot.waitSignal(preview.state_changed, timeout=1000):
            preview.set_source(media[key])
        assert not preview.is_video
        assert preview.state is PreviewState.NO_VIDEO
        assert preview.message == NO_VIDEO
        assert preview.player.source().isEmpty()  # nothing loaded, nothing decoding
    preview.sync_to(500, True)  # harmless without a video
    assert preview.player.playbackState() is QMediaPlayer.PlaybackState.StoppedState


def test_unreadable_video_shows_the_error(
    preview: VideoPreview, media: dict[str, Path], qtbot: QtBot
) -> None:
    preview.set_source(media["broken"])
    assert preview.is_video
    qtbot.waitUntil(lambda: preview.state is PreviewState.ERROR, timeout=10_000)
    assert preview.message.startswith("Cannot show this video")
    assert preview.player.errorString() in preview.message


def test_no_source_is_empty(loaded: VideoPreview) -> None:
    loaded.set_source(None)
    assert loaded.state is PreviewState.EMPTY
    assert not loaded.is_video
    assert loaded.message == ""


def test_player_is_muted(preview: VideoPreview, loaded: VideoPreview) -> None:
    output = loaded.player.audioOutput()
    assert output is None or output.isMuted() or output.volume() == 0
    assert loaded.player.hasAudio()  # the file has sound; the preview just never plays it


def test_paused_sync_seeks_to_the_exact_frame(loaded: VideoPreview, qtbot: QtBot) -> None:
    wait_for_frame(qtbot, loaded, 0)  # the first frame is shown on load, not black
    for ms in (1000, 400, 1760):
        loaded.sync_to(ms, playing=False)
        qtbot.waitUntil(lambda ms=ms: abs(loaded.player.position() - ms) <= 50, timeout=5_000)
        assert loaded.player.playbackState() is QMediaPlayer.PlaybackState.PausedState
        wait_for_frame(qtbot, loaded, ms * FPS / 1000)


def test_sync_past_the_end_holds_the_last_frame(loaded: VideoPreview, qtbot: QtBot) -> None:
    # The sound track (2048 ms) outlasts the picture (2000 ms), and the editor's audio may run on.
    # Seeking past the last frame would blank the picture: the preview holds the last frame instead.
    for ms in (2010, 2040, 5000):
        loaded.sync_to(ms, playing=True)
        qtbot.wait(150)
        assert loaded.player.playbackState() is QMediaPlayer.PlaybackState.PausedState
        wait_for_frame(qtbot, loaded, FRAMES - 1)


def test_playing_into_the_end_holds_the_last_frame(loaded: VideoPreview, qtbot: QtBot) -> None:
    loaded.sync_to(1700, playing=True)
    qtbot.wait(700)  # the video reaches its end on its own clock
    assert loaded.player.playbackState() is QMediaPlayer.PlaybackState.PausedState
    wait_for_frame(qtbot, loaded, FRAMES - 1)


def test_playing_follows_the_playhead_and_corrects_drift(
    loaded: VideoPreview, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    player = loaded.player
    seeks: list[int] = []
    real_set_position: Callable[[int], None] = player.setPosition

    def counting_set_position(ms: int) -> None:
        seeks.append(ms)
        real_set_position(ms)

    monkeypatch.setattr(player, "setPosition", counting_set_position)

    started = time.monotonic()
    loaded.sync_to(200, playing=True)
    assert seeks == [200]
    qtbot.waitUntil(lambda: player.playbackState() is QMediaPlayer.PlaybackState.PlayingState, timeout=2000)
    qtbot.wait(600)
    expected = 200 + (time.monotonic() - started) * 1000
    assert abs(player.position() - expected) < 300, "the video plays in real time on its own"

    # Small drift (well inside the limit) is left alone: a seek would stutter.
    loaded.sync_to(player.position() + 30, playing=True)
    assert seeks == [200]

    # Large drift is corrected with one seek, once the hold-off after the last seek has passed.
    loaded.sync_to(1500, playing=True)
    assert seeks == [200, 1500]
    assert player.position() >= 1450
    loaded.sync_to(600, playing=True)  # at once again: inside the hold-off, no seek storm
    assert seeks == [200, 1500]

    loaded.sync_to(800, playing=False)  # paused or stopped: pause and seek exactly
    assert player.playbackState() is QMediaPlayer.PlaybackState.PausedState
    qtbot.waitUntil(lambda: abs(player.position() - 800) <= 50, timeout=5_000)
    wait_for_frame(qtbot, loaded, 20)


def test_sync_before_load_is_applied_when_ready(
    preview: VideoPreview, media: dict[str, Path], qtbot: QtBot
) -> None:
    preview.set_source(media["video"])
    preview.sync_to(1200, playing=False)  # the editor may sync before the player has loaded
    qtbot.waitUntil(lambda: preview.state is not PreviewState.LOADING, timeout=10_000)
    if preview.state is not PreviewState.READY:
        pytest.skip(f"QMediaPlayer cannot play the test video here: {preview.message}")
    wait_for_frame(qtbot, preview, 30)


def test_cue_text_is_drawn_bottom_centre_and_cleared(loaded: VideoPreview, qtbot: QtBot) -> None:
    wait_for_frame(qtbot, loaded, 0)
    assert bright_rows(loaded).size == 0, "the picture alone has no white pixels"

    loaded.set_cue_text("Hello there")
    one_line = bright_rows(loaded)
    assert one_line.size > 0
    assert one_line.min() >= H * 2 // 3, "the cue sits in the bottom third"

    loaded.set_cue_text("Hello there\nGeneral Kenobi")
    two_lines = bright_rows(loaded)
    assert two_lines.min() >= H // 2 and two_lines.max() < H
    assert two_lines.max() - two_lines.min() > (one_line.max() - one_line.min()) * 1.6, "one row per cue line"

    loaded.set_cue_text("a long line of subtitle text that cannot fit across this small preview at all")
    wrapped = bright_rows(loaded)
    assert wrapped.max() - wrapped.min() > (one_line.max() - one_line.min()) * 1.6, "wrapped at spaces"
    image = loaded.grab().toImage()
    assert all(image.pixelColor(x, y).red() < 230 for x in (0, 1, W - 2, W - 1) for y in wrapped)

    for cleared in (None, ""):
        loaded.set_cue_text(cleared)
        assert bright_rows(loaded).size == 0


def test_cue_text_has_a_dark_outline_on_a_light_picture(loaded: VideoPreview, qtbot: QtBot) -> None:
    loaded.sync_to(1600, playing=False)  # frame 40: red level 160 everywhere
    wait_for_frame(qtbot, loaded, 40)

    def dark_pixels() -> int:
        image = loaded.grab().toImage()
        return sum(image.pixelColor(x, y).red() < 60 for x in range(0, W, 2) for y in range(H * 2 // 3, H, 2))

    assert dark_pixels() == 0
    loaded.set_cue_text("Hello there")
    assert dark_pixels() > 20, "white text keeps a dark edge, readable on any picture"


def test_cue_text_scales_with_the_height(loaded: VideoPreview, qtbot: QtBot) -> None:
    loaded.set_cue_text("Hello there")
    small = bright_rows(loaded)
    loaded.resize(W * 2, H * 2)
    qtbot.waitUntil(lambda: loaded.grab().height() == H * 2, timeout=1000)
    large = bright_rows(loaded)
    ratio = (large.max() - large.min()) / (small.max() - small.min())
    assert 1.6 < ratio < 2.5
    assert large.min() >= H * 2 * 2 // 3


def test_cue_text_is_hidden_without_a_video(preview: VideoPreview, media: dict[str, Path]) -> None:
    preview.set_source(media["wav"])
    preview.set_cue_text("Hello there")
    rows = bright_rows(preview)
    assert rows.size == 0  # the grey "No video" note is not white, and the cue is not drawn
