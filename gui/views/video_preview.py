"""A muted video preview for the subtitle editor, with the current cue drawn over the picture.

    editor's audio player --(playhead ms, playing?)--> sync_to() --> QMediaPlayer (video only)
    cue under the playhead -------------------------> set_cue_text() --> _CueItem (painted on top)

The editor's own audio player owns time; the video follows it. While playing, the video plays
on its own clock and is pulled back with a seek only when it drifts more than ``DRIFT_LIMIT_MS``
(a seek costs a decode from the previous keyframe, so seeking on every tick would stutter). While
paused, every sync is an exact seek, so scrubbing the waveform scrubs the picture.

Why a QGraphicsView with a QGraphicsVideoItem, not a QVideoWidget with a QLabel on top: in Qt 6
QVideoWidget draws into a native child window, and sibling widgets laid over a native window are
hidden behind it on most platforms, and ``grab()`` does not see its frames. In a graphics scene the
video frame and the subtitle are painted by the same QPainter, so the text always sits over the
picture, on every platform and offscreen (where the tests look at the pixels).

The player has no audio output at all (muted by construction): the audio track is never decoded
and no sound device is opened, so the preview cannot fight the editor's PortAudio stream for it.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTextOption,
)
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

VIDEO_EXTENSIONS = frozenset({".mp4", ".mkv", ".mov", ".avi", ".webm", ".m4v", ".ts", ".mts"})
NO_VIDEO = "No video in this file"
DRIFT_LIMIT_MS = 80
USABLE_SIZE = QSize(480, 270)  # px, 16:9: what the preview asks for when it is shown
MINIMUM_SIZE = QSize(320, 180)  # px: below this a cue over the picture cannot be read
# After a correcting seek the decoder needs a moment to catch up; re-seeking inside this window
# would chase its own latency (a seek storm on long-GOP files).
RESEEK_HOLDOFF_S = 0.5
CUE_HEIGHT_FRACTION = 0.06  # subtitle font size as a share of the picture height, like players use
CUE_MIN_PX = 9


class PreviewState(enum.Enum):
    """What the preview shows."""

    EMPTY = "empty"  # no source
    NO_VIDEO = "no_video"  # an audio-only file
    LOADING = "loading"
    READY = "ready"
    ERROR = "error"  # a video the player cannot open or decode; ``message`` says why


@dataclass(frozen=True)
class _Probe:
    has_video: bool
    hold_ms: int | None = None  # a time inside the last video frame, where known


def _probe(path: Path) -> _Probe:
    """Whether ``path`` has a video stream (cover art does not count) and where its picture ends.

    Goes by the extension when PyAV is missing or cannot open the file, so a damaged .mp4 still
    counts as video and the preview can show the player's error.
    """
    by_extension = _Probe(path.suffix.lower() in VIDEO_EXTENSIONS)
    try:
        import av
    except ImportError:
        return by_extension
    try:
        with av.open(str(path)) as container:
            attached_pic = av.stream.Disposition.attached_pic
            videos = [s for s in container.streams.video if not s.disposition & attached_pic]
            if not videos:
                return _Probe(False)
            stream = videos[0]
            end_s: float | None = None
            if stream.duration and stream.time_base:
                end_s = float(
                    (stream.start_time or 0) * stream.time_base + stream.duration * stream.time_base
                )
            elif "DURATION" in stream.metadata:  # Matroska keeps the stream's length as a tag
                h, m, sec = stream.metadata["DURATION"].split(":")
                end_s = int(h) * 3600 + int(m) * 60 + float(sec)
            elif container.duration:
                end_s = container.duration / av.time_base
            frame_s = 1 / float(stream.average_rate) if stream.average_rate else 0.04
            hold = None if end_s is None else max(0, round((end_s - frame_s / 2) * 1000))
            return _Probe(True, hold)
    except (av.FFmpegError, OSError, ValueError) as exc:
        log.debug("cannot probe %s (%s); going by its extension", path, exc)
        return by_extension


def is_video_file(path: Path | str) -> bool:
    """Whether ``path`` holds a video stream: probed with PyAV, else judged by its extension."""
    return _probe(Path(path)).has_video


def _wrap(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """The cue's own lines, each further broken at spaces where it is wider than ``width``."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and metrics.horizontalAdvance(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


class _CueItem(QGraphicsItem):
    """The cue text at the bottom centre of ``area``: white, with a dark outline and shadow."""

    def __init__(self) -> None:
        super().__init__()
        self._text: str | None = None
        self._area = QRectF()
        self.setZValue(2)

    def set_text(self, text: str | None) -> None:
        self._text = text
        self.update()

    def set_area(self, area: QRectF) -> None:
        self.prepareGeometryChange()
        self._area = QRectF(area)

    def boundingRect(self) -> QRectF:
        return QRectF(self._area)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self._text or not self._text.strip() or self._area.isEmpty():
            return
        area = self._area
        px = max(CUE_MIN_PX, round(area.height() * CUE_HEIGHT_FRACTION))
        font = QFont()
        font.setPixelSize(px)
        font.setBold(True)
        metrics = QFontMetricsF(font)
        lines = _wrap(self._text.strip("\n"), metrics, area.width() * 0.9)
        path = QPainterPath()
        baseline = area.bottom() - area.height() * 0.05 - metrics.descent()
        for line in reversed(lines):
            x = area.center().x() - metrics.horizontalAdvance(line) / 2
            path.addText(QPointF(x, baseline), font, line)
            baseline -= metrics.lineSpacing()
        outline = max(2.0, px * 0.14)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shadow = max(1.0, px * 0.06)
        painter.fillPath(path.translated(shadow, shadow), QColor(0, 0, 0, 160))
        pen = QPen(QColor(0, 0, 0, 230), outline)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(path, pen)
        painter.fillPath(path, QColor(Qt.GlobalColor.white))


class _View(QGraphicsView):
    """A scrollbar-less view that reports its resizes, so the scene can follow the viewport."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class VideoPreview(QWidget):
    """The picture of the file being edited, muted, following the editor's playhead."""

    state_changed = Signal(object)  # PreviewState

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: Path | None = None
        self._is_video = False
        self._state = PreviewState.EMPTY
        self._message = ""
        self._target: tuple[int, bool] | None = None  # the last (ms, playing) asked for
        self._last_seek_at = 0.0
        self._hold_ms: int | None = None  # inside the last frame: seeking past it blanks the picture

        self._scene = QGraphicsScene(self)
        self._view = _View(self._scene, self)
        self._view.setFrameShape(QGraphicsView.Shape.NoFrame)
        self._view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view.setBackgroundBrush(QColor(Qt.GlobalColor.black))
        self._view.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self._view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._view.setInteractive(False)
        self._view.resized.connect(self._layout_scene)

        self._video = QGraphicsVideoItem()
        self._video.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self._video.nativeSizeChanged.connect(self._layout_scene)
        self._scene.addItem(self._video)
        self._cue = _CueItem()
        self._scene.addItem(self._cue)
        self._note = QGraphicsTextItem()
        self._note.setDefaultTextColor(QColor(170, 170, 170))
        option = QTextOption(Qt.AlignmentFlag.AlignCenter)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        self._note.document().setDefaultTextOption(option)
        self._note.setZValue(1)
        self._scene.addItem(self._note)

        self._player = QMediaPlayer(self)
        self._player.setVideoOutput(self._video)  # and no audio output: see the module docstring
        self._player.mediaStatusChanged.connect(self._on_player_media_status_changed)
        self._player.errorOccurred.connect(self._on_player_error_occurred)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)
        self.setMinimumSize(MINIMUM_SIZE)
        self._show_state(PreviewState.EMPTY)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Opens at USABLE_SIZE: big enough to read a cue over the picture and judge a shot
        change (it opened at 160 x 90, where neither can be seen)."""
        return USABLE_SIZE

    # -- public API -------------------------------------------------------------------------

    @property
    def is_video(self) -> bool:
        """Whether the source has a video stream (even one the player then fails to decode)."""
        return self._is_video

    @property
    def state(self) -> PreviewState:
        return self._state

    @property
    def message(self) -> str:
        """The text shown instead of a picture ("" while there is a picture or no source)."""
        return self._message

    @property
    def player(self) -> QMediaPlayer:
        """The underlying player, for inspection; drive it through ``sync_to``."""
        return self._player

    def set_source(self, path: Path | None) -> None:
        """Show ``path``'s picture, the neutral no-video state for audio files, or nothing."""
        self._target = None
        self._source = path
        self._player.stop()
        probe = _Probe(False) if path is None else _probe(path)
        self._is_video = probe.has_video
        self._hold_ms = probe.hold_ms
        if path is None or not self._is_video:
            self._player.setSource(QUrl())
            self._show_state(PreviewState.EMPTY if path is None else PreviewState.NO_VIDEO)
            return
        self._show_state(PreviewState.LOADING)
        self._player.setSource(QUrl.fromLocalFile(str(path)))

    def sync_to(self, ms: int, playing: bool) -> None:
        """Follow the editor's playhead: play and correct drift, or pause on the exact frame."""
        self._target = (max(0, int(ms)), playing)
        if self._state is PreviewState.READY:
            self._apply_target()

    def set_cue_text(self, text: str | None) -> None:
        """Draw ``text`` (the cue under the playhead; None or "" for none) over the picture."""
        self._cue.set_text(text)

    # -- internals --------------------------------------------------------------------------

    def _apply_target(self) -> None:
        if self._target is None:
            return
        ms, playing = self._target
        player = self._player
        if ms >= self._last_frame_ms():  # the audio runs on past the picture: hold the last frame
            playing, ms = False, self._last_frame_ms()
        if playing:
            if player.playbackState() != QMediaPlayer.PlaybackState.PlayingState:
                self._seek(ms)
                player.play()
            elif (
                abs(player.position() - ms) > DRIFT_LIMIT_MS
                and time.monotonic() - self._last_seek_at >= RESEEK_HOLDOFF_S
            ):
                log.debug("video drifted to %d ms from %d ms; seeking", player.position(), ms)
                self._seek(ms)
        else:
            if player.playbackState() != QMediaPlayer.PlaybackState.PausedState:
                player.pause()
            if player.position() != ms:
                self._seek(ms)

    def _last_frame_ms(self) -> int:
        duration = self._player.duration()
        ends = [t for t in (self._hold_ms, duration - 20 if duration > 0 else None) if t is not None]
        return max(0, min(ends)) if ends else 2**31 - 1

    def _seek(self, ms: int) -> None:
        self._last_seek_at = time.monotonic()
        self._player.setPosition(ms)

    def _show_state(self, state: PreviewState, message: str = "") -> None:
        if state is PreviewState.NO_VIDEO and not message:
            message = NO_VIDEO
        self._state = state
        self._message = message
        self._note.setPlainText(message)
        self._note.setVisible(bool(message))
        video_like = state in (PreviewState.LOADING, PreviewState.READY)
        self._video.setVisible(video_like)
        self._cue.setVisible(video_like)
        self._layout_scene()
        self.state_changed.emit(state)

    def _layout_scene(self) -> None:
        viewport = self._view.viewport().size()
        full = QRectF(0, 0, max(1, viewport.width()), max(1, viewport.height()))
        self._scene.setSceneRect(full)
        self._video.setPos(0, 0)
        self._video.setSize(QSizeF(full.size()))
        picture = self._video.boundingRect()  # the letterboxed frame, once its size is known
        self._cue.set_area(picture if self._video.nativeSize().isValid() and not picture.isEmpty() else full)
        self._note.setTextWidth(full.width() * 0.9)
        note = self._note.boundingRect()
        self._note.setPos(full.center().x() - note.width() / 2, full.center().y() - note.height() / 2)

    def _on_player_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status is QMediaPlayer.MediaStatus.LoadedMedia and self._state is PreviewState.LOADING:
            if not self._player.hasVideo():
                self._show_state(PreviewState.ERROR, "The player found no video stream it can show")
                return
            self._show_state(PreviewState.READY)
            if self._target is None:
                self._target = (0, False)  # show the first frame rather than black
            self._apply_target()
        elif status is QMediaPlayer.MediaStatus.EndOfMedia and self._state is PreviewState.READY:
            # Qt stops and blanks the picture at the end; the editor's playhead may run on.
            self._player.pause()
            self._seek(self._last_frame_ms())

    def _on_player_error_occurred(self, error: QMediaPlayer.Error, text: str) -> None:
        if error is QMediaPlayer.Error.NoError or not self._is_video:
            return
        log.warning("video preview of %s failed: %s", self._source, text)
        self._show_state(PreviewState.ERROR, f"Cannot show this video: {text or error.name}")
