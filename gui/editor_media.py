"""The editor's media, loaded so that the window never waits: audio decoded on the thread pool,
and the muted video pane only where QtMultimedia loads.

:class:`AudioJob` decodes a file's audio stream (engine.audio.decode: 16 kHz mono float32
samples) and reports on its own signals object, keyed by gui.peaks.source_key(path, stream), so
a late result is matched to the file it was for. gui.editor_panel.EditorPanel runs them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Signal

from gui.peaks import source_key

if TYPE_CHECKING:
    from gui.views.video_preview import VideoPreview as VideoPreviewType

log = logging.getLogger(__name__)


class _AudioSignals(QObject):
    loaded = Signal(str, object)  # source_key(path, stream), float32 samples
    failed = Signal(str, str)


class AudioJob(QRunnable):
    """Decodes on the thread pool. It owns its signals object, so a panel closed meanwhile
    only loses the connection; the late emit then goes nowhere instead of to a deleted object."""

    def __init__(self, path: str, audio_stream: int | None = None) -> None:
        super().__init__()
        self.path, self.audio_stream = path, audio_stream
        self.key = source_key(path, audio_stream)
        self.signals = _AudioSignals()

    def run(self) -> None:
        from engine.audio import decode

        try:
            samples = decode(self.path, audio_stream=self.audio_stream)
        except Exception as error:  # reported to the user; the editor still works without sound
            self.signals.failed.emit(self.key, str(error))
            return
        self.signals.loaded.emit(self.key, samples)


def make_video_preview() -> VideoPreviewType | None:
    """The video pane, or None where QtMultimedia cannot load (e.g. libpulse0 missing)."""
    try:
        from gui.views.video_preview import VideoPreview
    except ImportError as error:
        log.warning("no video preview: %s", error)
        return None
    return VideoPreview()
