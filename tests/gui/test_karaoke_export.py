"""Karaoke from the window's Export dialog (issue 13): a checkbox, shown for ASS and SSA only,
writes a ``{\\kNN}`` before each timed word. Before, the dialog had no such option, so the
``\\k`` the engine can write was out of the user's reach."""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from engine.subtitles.io import format_for
from gui.main_window import MainWindow
from gui.views.subtitle_dialogs import ExportDialog, ExportOptions
from tests.gui import subtitle_window

window, boxes = subtitle_window.window, subtitle_window.boxes  # the shared fixtures

# Three words at 1.0, 1.5 and 2.0 s in a cue from 1 to 3 s: 50, 50 and 100 centiseconds.
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello <00:00:01.500>there <00:00:02.000>world\n"
_K = re.compile(r"\{\\k(\d+)\}([^{]*)")


def _timed_session(window: MainWindow, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "talk.vtt"
    path.write_text(VTT, encoding="utf-8")
    session = window.import_subtitle_file(path)
    assert session is not None and [len(c.words) for c in session.model.document.cues] == [3]
    return session


def test_the_karaoke_box_is_shown_for_ass_and_ssa_only(qtbot: QtBot) -> None:
    dialog = ExportDialog(25.0)
    qtbot.addWidget(dialog)
    assert dialog.karaoke.isHidden() and not dialog.options().karaoke  # SubRip first
    assert "\\k" in dialog.karaoke.text()
    for fmt in ("ass", "ssa"):
        dialog.set_format(fmt)
        assert not dialog.karaoke.isHidden() and dialog.karaoke.isEnabled()
    dialog.karaoke.setChecked(True)
    assert dialog.options().karaoke and dialog.options().format.name == "ssa"
    dialog.set_format("srt")  # a hidden box asks for nothing, whatever it was
    assert dialog.karaoke.isHidden() and not dialog.options().karaoke
    dialog.set_format("ass")  # the user's tick is kept for when it applies again
    assert dialog.options().karaoke


def test_export_with_karaoke_writes_a_k_tag_per_word(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is asked: with karaoke the word times are not lost, they are the \\k tags."""
    session = _timed_session(window, tmp_path)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"asked: {box.informativeText()}"))
    target = tmp_path / "out.ass"
    assert window.export_with(
        session, target, ExportOptions(format_for("", "ass"), karaoke=True), overwrite=False
    )
    (event,) = pysubs2.load(str(target))
    assert [(int(cs), text) for cs, text in _K.findall(event.text)] == [
        (50, "Hello "),
        (50, "there "),
        (100, "world"),
    ]
    assert boxes == []


def test_export_without_karaoke_writes_no_tags(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _timed_session(window, tmp_path)

    def anyway(box: QMessageBox) -> int:  # the word times are lost, and the question says so
        assert "inline word times" in box.informativeText()
        clicked = next(b for b in box.buttons() if "anyway" in b.text())
        monkeypatch.setattr(box, "clickedButton", lambda: clicked)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", anyway)
    target = tmp_path / "out.ass"
    assert window.export_with(session, target, ExportOptions(format_for("", "ass")), overwrite=False)
    (event,) = pysubs2.load(str(target))
    assert event.text == "Hello there world"


def test_the_dialogs_karaoke_tick_reaches_the_file(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Export: the dialog, then the file chooser, then the file, as the user goes."""
    _timed_session(window, tmp_path)

    def choose(self: ExportDialog) -> int:
        self.set_format("ass")
        self.karaoke.setChecked(True)
        return QDialog.DialogCode.Accepted

    target = tmp_path / "picked.ass"
    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_current()
    assert boxes == []
    (event,) = pysubs2.load(str(target))
    assert len(_K.findall(event.text)) == 3
