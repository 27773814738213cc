"""Fixtures shared by the subtitle import and export tests (test_subtitle_files.py and
test_subtitle_import_async.py): a main window with a fake engine, and every warning or
information box it shows, recorded instead of shown. Imported by name in those modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.settings import AppSettings
from tests.gui.test_main_window import fake_factory


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A main window on a fake engine, its autosaves and peaks under ``tmp_path``."""
    win = MainWindow(
        AppSettings(),
        client_factory=fake_factory(),
        autosave_folder=tmp_path / "autosave",
        peaks_cache=tmp_path / "peaks",
        persist_settings=False,
    )
    qtbot.addWidget(win)
    yield win
    win.engine.shutdown()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every QMessageBox.warning/information the window shows, as (title, text)."""
    shown: list[tuple[str, str]] = []

    def record(_parent: object, title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "information", record)
    return shown
