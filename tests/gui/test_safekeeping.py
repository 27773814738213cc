"""The window keeps work (issue 11): a file added twice asks, Quit asks about unsaved work,
recovery lists each transcript to choose, a damaged autosave never stops the start, and an
import says "Imported". The modal questions are answered by replacing gui.views.recovery_dialog's
``ask_*`` functions (tests/gui/conftest.py answers them by default)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.project import load_project, save_project
from gui.main_window import MainWindow
from gui.models.cue_model import TEXT
from gui.models.queue_model import Column, Status
from gui.recovery import RecoveryEntry
from gui.views import recovery_dialog
from gui.views.recovery_dialog import RecoveryDialog
from tests.gui import subtitle_window

window = subtitle_window.window  # the shared fixture (tests/gui/subtitle_window.py)


def _project(tmp_path: Path, name: str, texts: list[str]) -> Path:
    media = tmp_path / f"{name}.wav"
    media.write_bytes(b"RIFF")
    path = tmp_path / f"{name}.wfsproj"
    cues = [Cue(i + 1, i * 2000, i * 2000 + 1000, t) for i, t in enumerate(texts)]
    save_project(path, Document(cues), settings={"media_path": str(media)})
    return path


def _status(window: MainWindow, row: int) -> str:
    return str(window.queue_model.index(row, Column.STATUS).data())


def test_adding_a_file_that_is_open_asks_instead_of_silently_transcribing_again(
    qtbot: QtBot, window: MainWindow, short_wav: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, "film", ["one"])
    media = tmp_path / "film.wav"
    shutil.copy(short_wav, media)
    assert window.load_project_file(project) is not None  # its transcript is open
    asked: list[Path] = []
    answers = iter(["open", "skip", "again"])

    def ask(_parent: object, path: Path) -> str:
        asked.append(path)
        return next(answers)

    monkeypatch.setattr(recovery_dialog, "ask_already_open", ask)
    window.add_files([media])  # "Show it": no new row
    assert asked == [media] and window.queue_model.rowCount() == 1
    window.add_files([media])  # Cancel: nothing
    assert window.queue_model.rowCount() == 1
    window.add_files([media])  # "Transcribe again": a new version beside the first, shown
    assert window.queue_model.rowCount() == 2 and window.queue_view.currentIndex().row() == 1
    assert window.sessions.by_job(window.queue_model.item(0).job_id or "") is not None
    assert window.queue_model.item(1).status is not Status.DONE  # handed to the engine


def _edited_session(window: MainWindow, tmp_path: Path):  # type: ignore[no-untyped-def]
    session = window.load_project_file(_project(tmp_path, "film", ["one"]))
    assert session is not None and not session.unsaved  # just opened: saved
    assert session.model.setData(session.model.index(0, TEXT), "changed")
    window.sessions.flush()
    assert session.autosave_path is not None and session.autosave_path.exists()
    return session


def test_quit_with_unsaved_work_asks_and_cancel_keeps_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: Quit closed at once, whatever was unsaved."""
    window.show()
    session = _edited_session(window, tmp_path)
    asked: list[list[str]] = []

    def cancel(_parent: object, names: list[str]) -> str:
        asked.append(list(names))
        return "cancel"

    monkeypatch.setattr(recovery_dialog, "ask_unsaved", cancel)
    assert not window.close()
    assert asked == [["film.wav"]] and window.isVisible() and session.autosave_path.exists()
    monkeypatch.setattr(recovery_dialog, "ask_unsaved", lambda _p, names: "discard")
    assert window.close()
    assert not session.autosave_path.exists()  # discarded on purpose: not offered again


def test_quit_save_writes_each_unsaved_transcript_as_a_project(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show()
    session = _edited_session(window, tmp_path)
    monkeypatch.setattr(recovery_dialog, "ask_unsaved", lambda _p, names: "save")
    target = tmp_path / "saved on quit.wfsproj"
    monkeypatch.setattr("gui.safekeeping.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.close()
    assert [c.text for c in load_project(target).document.cues] == ["changed"]
    assert not session.autosave_path.exists()


def test_quit_with_everything_exported_or_saved_does_not_ask(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show()
    window.load_project_file(_project(tmp_path, "film", ["one"]))
    monkeypatch.setattr(recovery_dialog, "ask_unsaved", lambda *a: pytest.fail("asked with nothing unsaved"))
    assert window.close()


def test_recovery_lists_each_transcript_and_opens_only_those_chosen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: one yes/no for everything found."""
    folder = tmp_path / "autosave"
    folder.mkdir()
    for name, texts in (("a", ["one"]), ("b", ["two", "three"])):
        shutil.copy(_project(tmp_path, name, texts), folder / f"{name}-0001.wfsproj")
    shown: list[list[str]] = []

    def ask(parent: object, entries: list[RecoveryEntry]) -> tuple[int, list[RecoveryEntry]]:
        dialog = RecoveryDialog(entries)
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.set_checked([e.media.name for e in entries].index("a.wav"), False)
        return RecoveryDialog.OPEN, dialog.checked()

    monkeypatch.setattr(recovery_dialog, "ask_recovery", ask)
    window.offer_recovery()
    [lines] = shown
    assert sorted(line.split(" — ")[0] for line in lines) == ["a.wav", "b.wav"]
    assert any("2 cues, not edited" in line for line in lines)
    assert window.queue_model.rowCount() == 1 and _status(window, 0) == "Recovered (2 cues)"
    assert (folder / "a-0001.wfsproj").exists()  # not chosen: kept for the next start


def test_a_damaged_autosave_is_reported_set_aside_and_the_rest_recovered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: an uncaught OverflowError from a damaged autosave at start froze the app."""
    folder = tmp_path / "autosave"
    folder.mkdir()
    shutil.copy(_project(tmp_path, "good", ["kept"]), folder / "good-0001.wfsproj")
    (folder / "bad-0002.wfsproj").write_text(
        '{"format": "whisper-for-subs-project", "version": 1, "next_id": Infinity, "cues": []}'
    )
    (folder / ".good-0001.wfsproj.x1y2.tmp").write_text('{"format": "whisp')
    reported: list[str] = []
    monkeypatch.setattr(
        recovery_dialog, "show_damaged", lambda _p, damaged: reported.extend(d.reason for d in damaged)
    )
    monkeypatch.setattr(
        recovery_dialog, "ask_recovery", lambda _p, entries: (RecoveryDialog.OPEN, list(entries))
    )
    window.offer_recovery()
    assert len(reported) == 1 and "bad-0002.wfsproj is damaged" in reported[0]
    assert "bad-0002.wfsproj" in window.statusBar().currentMessage()
    assert (folder / "bad-0002.wfsproj.damaged").exists() and not (folder / "bad-0002.wfsproj").exists()
    assert not list(folder.glob("*.tmp"))
    assert [c.text for c in window.current_session().model.document.cues] == ["kept"]  # type: ignore[union-attr]


def test_an_imported_subtitle_file_says_imported_not_recovered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    srt = tmp_path / "episode.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n")
    session = window.import_subtitle_file(srt)
    assert session is not None and _status(window, 0) == "Imported (2 cues)"
    assert window.sessions.unsaved() == []  # the file it came from holds it
    assert session.model.setData(session.model.index(0, TEXT), "Hello there")
    assert window.sessions.unsaved() == [session]


def test_the_recovery_dialog_describes_each_transcript(qtbot: QtBot) -> None:
    entries = [
        RecoveryEntry(
            Path("/films/a.mkv"), Path("/films/a.mkv"), datetime(2026, 11, 29, 21, 40), 1, True, "transcribed"
        )
    ]
    dialog = RecoveryDialog(entries)
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text() == "a.mkv — 2026-11-29 21:40 — 1 cue, edited"
    assert dialog.list.item(0).checkState() == Qt.CheckState.Checked and dialog.checked() == entries
    dialog.set_checked(0, False)
    assert dialog.checked() == []
