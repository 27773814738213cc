"""The main window end to end: projects, imported subtitles and a file's other audio streams."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.models.queue_model import Status
from tests.gui.main_window_helpers import statuses, wait_done, window_maker


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    yield from window_maker(qtbot, tmp_path)


def test_save_and_open_a_project_and_the_modified_marker(
    qtbot: QtBot, make_window, short_wav: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from gui.sessions import save_session_project

    window = make_window()
    window.add_files([short_wav])
    wait_done(qtbot, window)
    # Streamed cues are not edits, but a transcript not yet exported is work Quit asks about,
    # and the "*" shows exactly when Quit would ask (test_window_modified.py).
    assert window.isWindowModified() and window.current_session().model.undo_stack.count() == 0
    model = window.cue_view.model()
    assert model.setData(model.index(0, 5), "fixed by hand", Qt.ItemDataRole.EditRole)
    assert window.isWindowModified()
    session = window.current_session()
    save_session_project(session, tmp_path / "work.wfsproj", {"preset": "netflix-en"})
    assert not window.isWindowModified()
    other = make_window()
    opened = other.load_project_file(tmp_path / "work.wfsproj")
    assert opened is not None and opened.path.resolve() == short_wav.resolve()
    texts = [c.text for c in other.cue_view.model().document.cues]
    assert texts[0] == "fixed by hand" and len(texts) == model.rowCount()


def test_import_existing_subtitles_to_edit_beside_their_media(
    qtbot: QtBot, make_window, short_wav: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    media = tmp_path / "episode.wav"
    shutil.copy(short_wav, media)
    srt = tmp_path / "episode.srt"
    srt.write_bytes(
        "1\r\n00:00:01,000 --> 00:00:02,500\r\n大家好\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n第二行\r\n".encode(
            "big5"
        )
    )
    window = make_window()
    session = window.import_subtitle_file(srt)
    assert session is not None and session.path == media
    texts = [c.text for c in window.cue_view.model().document.cues]
    assert texts == ["大家好", "第二行"]
    assert "big5" in window.statusBar().currentMessage().lower()
    assert window.queue_model.item(0).status == Status.DONE


@pytest.fixture(scope="module")
def two_tracks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """#1 French, 1.9 s of speech; #2 English and default, 9.7 s: the cues tell which was read."""
    from tests.engine.media_files import Track, speech, write_tracks

    tracks = [
        Track(speech("LJ001-0002"), "fre", "Français"),
        Track(speech("LJ001-0001"), "eng", "English", True),
    ]
    return write_tracks(tmp_path_factory.mktemp("tracks") / "two.mkv", tracks)


def _pick_stream(window: MainWindow, row: int, number: int) -> None:
    """Right-click menu › Audio stream › the stream, as the user picks it."""
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    window.queue_view.selectionModel().select(
        window.queue_model.index(row, 0), flags
    )  # whatever keys are held
    menu = window.queue_view.context_menu()
    streams = next(a.menu() for a in menu.actions() if a.menu() is not None)
    next(a for a in streams.actions() if a.text().startswith(f"#{number} ")).trigger()


def _last_cue_end(window: MainWindow, row: int) -> int:
    session = window.sessions.by_job(window.queue_model.item(row).job_id or "")
    assert session is not None and session.model.rowCount() > 0
    return max(cue.end_ms for cue in session.model.document.cues)


def test_another_audio_stream_is_transcribed_in_a_new_row(
    qtbot: QtBot, make_window, two_tracks: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.add_files([two_tracks])
    wait_done(qtbot, window)
    first = window.queue_model.item(0)
    assert first.audio_stream == 2 and [s.language for s in first.audio_streams] == ["fre", "eng"]
    assert window.queue_model.index(0, 0).data() == "two.mkv [#2 eng]"
    assert _last_cue_end(window, 0) > 8_000  # the English sentence, 9.7 s
    _pick_stream(window, 0, 1)
    assert window.queue_model.rowCount() == 2 and window.queue_view.selected_rows() == [1]
    wait_done(qtbot, window)
    assert statuses(window) == [Status.DONE, Status.DONE]
    assert window.queue_model.item(1).audio_stream == 1  # as the engine reported it
    assert window.queue_model.index(1, 0).data() == "two.mkv [#1 fre]"
    assert _last_cue_end(window, 1) < 3_000  # the French track's 1.9 s
    assert _last_cue_end(window, 0) > 8_000  # the first transcript is kept
    sessions = [window.sessions.by_job(window.queue_model.item(r).job_id or "") for r in (0, 1)]
    assert sessions[0] is not None and sessions[1] is not None
    assert sessions[0].autosave_path != sessions[1].autosave_path  # each its own autosave


def test_picking_a_stream_while_transcribing_cancels_the_old_run(
    qtbot: QtBot, make_window, two_tracks: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("delay=2")
    window.add_files([two_tracks])
    qtbot.waitUntil(lambda: len(window.queue_model.item(0).audio_streams) == 2, timeout=60_000)
    _pick_stream(window, 0, 1)
    wait_done(qtbot, window)
    assert statuses(window) == [Status.CANCELLED, Status.DONE]
    assert window.queue_model.item(1).audio_stream == 1


def test_the_editor_plays_and_draws_the_stream_transcribed(
    qtbot: QtBot, make_window, two_tracks: Path
) -> None:  # type: ignore[no-untyped-def]
    from engine.audio import decode

    window = make_window()
    window.add_files([two_tracks])
    wait_done(qtbot, window)
    player = window.editor.player
    english, french = decode(two_tracks, audio_stream=2), decode(two_tracks, audio_stream=1)
    qtbot.waitUntil(
        lambda: len(player._audio) == len(english) and np.array_equal(player._audio, english), timeout=30_000
    )
    _pick_stream(window, 0, 1)
    qtbot.waitUntil(lambda: np.array_equal(player._audio, french), timeout=30_000)
    qtbot.waitUntil(lambda: window.editor.waveform._peaks is not None, timeout=30_000)
    assert window.editor.waveform._peaks.samples == len(french)
