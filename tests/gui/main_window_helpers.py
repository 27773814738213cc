"""Helpers for the main window's end-to-end tests: a window on the fake engine, drops, waiting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from engine.client import EngineClient
from engine.protocol import EngineConfig
from gui.main_window import MainWindow
from gui.models.queue_model import Status
from gui.settings import AppSettings
from tests.engine.engine_helpers import FAKE


def fake_factory(script: str = "", workers: int = 2):  # type: ignore[no-untyped-def]
    def build(config: EngineConfig) -> EngineClient:
        return EngineClient(EngineConfig(model=f"fake?{script}", model_factory=FAKE, workers=workers))

    return build


def window_maker(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    """The body of each test file's ``make_window`` fixture: windows on the fake engine (or the
    real one), shut down at the end; ``state`` is the window-state store (splitters, geometry),
    ``size`` a size to show it at (pixels), waiting until it is on screen."""
    windows: list[MainWindow] = []

    def make(
        script: str = "",
        settings: AppSettings | None = None,
        real: bool = False,
        workers: int = 2,
        state: QSettings | None = None,
        size: tuple[int, int] | None = None,
    ) -> MainWindow:
        window = MainWindow(
            settings or AppSettings(),
            client_factory=None if real else fake_factory(script, workers),
            autosave_folder=tmp_path / "autosave",
            peaks_cache=tmp_path / "peaks",
            persist_settings=False,
            window_state=state,
        )
        qtbot.addWidget(window)
        if size is not None:  # a layout test: that size, laid out on screen before it looks
            window.resize(*size)
        window.show()
        if size is not None:
            qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.engine.shutdown()


def drop_files(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """A real drag-and-drop from outside: enter, then drop, with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    point = QPointF(target.rect().center())
    enter = QDragEnterEvent(
        point.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(target, drop)


def statuses(window: MainWindow) -> list[Status]:
    return [window.queue_model.item(r).status for r in range(window.queue_model.rowCount())]


def wait_done(qtbot: QtBot, window: MainWindow, timeout: int = 60_000) -> None:
    qtbot.waitUntil(
        lambda: statuses(window) and not any(s.is_active for s in statuses(window)), timeout=timeout
    )
