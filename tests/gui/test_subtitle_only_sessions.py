"""Subtitles opened with no media beside them (review of issue 12): nothing is played from the
subtitle file, also after the session is saved as a project and opened again, and the frame-rate
question never calls an unrelated selected file's rate "the video's"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from gui.editor_panel import EditorPanel
from gui.main_window import MainWindow
from gui.sessions import save_session_project
from tests.gui import subtitle_window

window = subtitle_window.window  # the shared fixture


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """The media path the editor is given each time a file is shown."""
    paths: list[Path | None] = []
    original = EditorPanel.show_file

    def record(self: EditorPanel, path: Path | None, *args: object, **kwargs: object) -> None:
        paths.append(path)
        original(self, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(EditorPanel, "show_file", record)
    return paths


def test_a_reopened_project_of_subtitles_alone_plays_nothing(
    window: MainWindow, tmp_path: Path, shown: list[Path | None]
) -> None:
    srt = tmp_path / "talk.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n", encoding="utf-8")
    session = window.import_subtitle_file(srt)
    assert session is not None and shown and shown[-1] is None
    project = tmp_path / "talk.wfsproj"
    save_session_project(session, project, {})
    shown.clear()
    reopened = window.load_project_file(project)
    assert reopened is not None and shown and all(p is None for p in shown)  # never the .srt


def test_an_unrelated_selected_files_rate_is_not_offered_as_the_videos(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.audio
    from gui.views.subtitle_dialogs import FrameRateDialog

    other = tmp_path / "other" / "film.mkv"
    other.parent.mkdir()
    other.write_bytes(b"not really a video")
    selected = window.sessions.create(other, window.preset)
    window.queue_finished(selected, "test", origin="imported")
    monkeypatch.setattr(engine.audio, "probe_frame_rate", lambda p: 50.0)
    asked: list[float] = []

    def answer(self: FrameRateDialog) -> int:
        asked.append(self.chosen())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FrameRateDialog, "exec", answer)
    sub = tmp_path / "talk.sub"
    sub.write_text("{25}{50}hello\n")
    assert window.import_subtitle_file(sub) is not None
    assert asked == [pytest.approx(window.preset.frame_rate)]  # the preset's, not the other file's 50
