"""The main window end to end: real spawned engine processes (the fake model unless marked slow)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from engine.client import EngineClient
from engine.protocol import EngineConfig
from gui.main_window import MainWindow
from gui.models.cue_model import FAILED_STRETCHES_ROLE, NUMBER
from gui.models.queue_model import Column, Status
from gui.settings import AppSettings
from tests.engine.engine_helpers import FAKE


def fake_factory(script: str = "", workers: int = 2):  # type: ignore[no-untyped-def]
    def build(config: EngineConfig) -> EngineClient:
        return EngineClient(EngineConfig(model=f"fake?{script}", model_factory=FAKE, workers=workers))

    return build


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    windows: list[MainWindow] = []

    def make(
        script: str = "", settings: AppSettings | None = None, real: bool = False, workers: int = 2
    ) -> MainWindow:
        window = MainWindow(
            settings or AppSettings(),
            client_factory=None if real else fake_factory(script, workers),
            autosave_folder=tmp_path / "autosave",
            peaks_cache=tmp_path / "peaks",
            persist_settings=False,
        )
        qtbot.addWidget(window)
        window.show()
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


def test_dropped_files_stream_cues_into_the_table(
    qtbot: QtBot, make_window, speech_wav: Path, short_wav: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("delay=0.3")
    drop_files(window.queue_view, [speech_wav, short_wav])
    assert window.queue_model.rowCount() == 2
    # Cues appear while the first file is still transcribing.
    qtbot.waitUntil(
        lambda: window.cue_view.model() is not None and window.cue_view.model().rowCount() > 0, timeout=60_000
    )
    assert statuses(window)[0] == Status.TRANSCRIBING or statuses(window)[1] != Status.DONE
    wait_done(qtbot, window)
    assert statuses(window) == [Status.DONE, Status.DONE]
    for row in range(2):
        window.queue_view.selectRow(row)
        model = window.cue_view.model()
        assert model.rowCount() > 0
        starts = [model.document.cues[i].start_ms for i in range(model.rowCount())]
        assert starts == sorted(starts)


def test_edits_survive_later_arrivals(qtbot: QtBot, make_window, speech_wav: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window("delay=1.0")
    window.add_files([speech_wav])
    qtbot.waitUntil(
        lambda: window.cue_view.model() is not None and window.cue_view.model().rowCount() > 0, timeout=60_000
    )
    model = window.cue_view.model()
    first_id = model.cue_id_at(0)
    assert model.setData(model.index(0, 5), "edited by hand", Qt.ItemDataRole.EditRole)
    wait_done(qtbot, window)
    assert model.rowCount() > 1
    assert model.document.get(first_id).text == "edited by hand"


def test_cancel_a_running_file(qtbot: QtBot, make_window, speech_wav: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window("delay=3")
    window.add_files([speech_wav])
    qtbot.waitUntil(lambda: statuses(window) == [Status.TRANSCRIBING], timeout=60_000)
    window.queue_view.selectRow(0)
    window.queue_view.cancel_requested.emit(0)
    qtbot.waitUntil(lambda: statuses(window) == [Status.CANCELLED], timeout=10_000)


def test_a_broken_file_does_not_stop_the_queue(
    qtbot: QtBot, make_window, bad_inputs, short_wav: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.add_files([bad_inputs["text.mp3"], short_wav])
    wait_done(qtbot, window)
    assert statuses(window) == [Status.FAILED, Status.DONE]
    assert "not a readable audio or video file" in (window.queue_model.item(0).error or "")
    assert "failed" in window.statusBar().currentMessage()


def test_event_loop_stays_responsive_while_transcribing(
    qtbot: QtBot, make_window, speech_wav: Path, short_wav: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("delay=0.2")
    lateness: list[float] = []
    last = [time.perf_counter()]

    def probe() -> None:
        now = time.perf_counter()
        lateness.append(now - last[0] - 0.010)
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(probe)
    timer.start()
    window.add_files([speech_wav, short_wav])
    wait_done(qtbot, window)
    timer.stop()
    assert len(lateness) > 20
    p99 = sorted(lateness)[int(len(lateness) * 0.99) - 1]
    assert p99 < 0.050, f"99th percentile event-loop lateness {p99 * 1000:.0f} ms"


def test_autosaved_work_is_offered_back(qtbot: QtBot, make_window, short_wav: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.add_files([short_wav])
    wait_done(qtbot, window)
    cues = [c.text for c in window.cue_view.model().document.cues]
    window.sessions.flush()
    window.engine.shutdown()  # as if the app had crashed: no clean close
    again = make_window()
    found = again.sessions.recoverable().entries
    assert len(found) == 1
    again.recover([found[0].autosave])
    assert [c.text for c in again.cue_view.model().document.cues] == cues


def test_a_dead_engine_keeps_the_cues_and_restarts_on_demand(
    qtbot: QtBot, make_window, speech_wav: Path, short_wav: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("delay=2", workers=1)  # one chunk at a time: the job is still running
    window.add_files([speech_wav])
    qtbot.waitUntil(
        lambda: window.cue_view.model() is not None and window.cue_view.model().rowCount() > 0, timeout=60_000
    )
    kept = window.cue_view.model().rowCount()
    window.engine._client.process.kill()
    qtbot.waitUntil(lambda: statuses(window) == [Status.FAILED], timeout=30_000)
    assert "stopped" in window.statusBar().currentMessage()
    assert window.cue_view.model().rowCount() >= kept
    window.add_files([short_wav])
    qtbot.waitUntil(lambda: statuses(window)[-1] == Status.DONE, timeout=60_000)


@pytest.mark.slow
def test_real_model_transcribes_a_dropped_file(qtbot: QtBot, make_window) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import TESTDATA

    window = make_window(settings=AppSettings(model="tiny.en"), real=True)
    drop_files(window.queue_view, [TESTDATA / "misc/jfk.flac"])
    wait_done(qtbot, window, timeout=120_000)
    text = " ".join(c.text for c in window.cue_view.model().document.cues).lower()
    assert "ask not what your country can do for you" in text.replace("\n", " ")


def test_save_and_open_a_project_and_the_modified_marker(
    qtbot: QtBot, make_window, short_wav: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from gui.sessions import save_session_project

    window = make_window()
    window.add_files([short_wav])
    wait_done(qtbot, window)
    assert not window.isWindowModified()  # streamed cues are not edits
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


def test_chinese_speech_gets_the_traditional_chinese_rules(
    qtbot: QtBot, make_window, short_wav: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("language=zh")
    window.add_files([short_wav])
    wait_done(qtbot, window)
    session = window.current_session()
    assert session.language == "zh"
    assert session.model.preset.name == "Netflix Traditional Chinese"


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


def test_a_hung_worker_is_replaced_and_named_in_the_status_bar(
    qtbot: QtBot, tmp_path: Path, speech_wav: Path
) -> None:
    """Real processes: the first chunk hangs its worker, which is killed after chunk_timeout_s and
    replaced; the window names it, and the file still completes."""

    def factory(config: EngineConfig) -> EngineClient:
        script = f"fake?hang_once={tmp_path / 'hung'}"
        return EngineClient(EngineConfig(model=script, model_factory=FAKE, workers=1, chunk_timeout_s=4.0))

    window = MainWindow(
        AppSettings(),
        client_factory=factory,
        autosave_folder=tmp_path / "autosave",
        peaks_cache=tmp_path / "peaks",
        persist_settings=False,
    )
    qtbot.addWidget(window)
    try:
        window.add_files([speech_wav])
        qtbot.waitUntil(lambda: "hung" in window.statusBar().currentMessage(), timeout=60_000)
        assert (
            window.statusBar().currentMessage().startswith("worker 0 (CPU) hung")
        )  # the one worker there is
        wait_done(qtbot, window)
        assert statuses(window) == [Status.DONE]
        assert window.cue_view.model().rowCount() > 0
    finally:
        window.engine.shutdown()


def test_a_chunk_that_keeps_failing_leaves_a_marked_hole(
    qtbot: QtBot, make_window, speech_wav: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Real processes: the second chunk raises every time; it fails alone after its attempts, the
    file finishes around it, and the hole is on the waveform, in the table and in the queue row."""
    poison = tmp_path / "poison"
    poison.mkdir()
    window = make_window(f"poison={poison}&poison_mode=raise&poison_n=1", workers=1)
    window.add_files([speech_wav])
    wait_done(qtbot, window)
    assert statuses(window) == [Status.DONE]
    session = window.current_session()
    assert session is not None and len(session.failed_stretches) == 1
    hole = session.failed_stretches[0]
    assert "RuntimeError" in hole.reason
    assert [b.stretch for b in window.editor.waveform.failed_bands()] == [hole]
    model = window.cue_view.model()
    assert model.rowCount() > 0
    assert not any(hole.start_ms <= c.start_ms < hole.end_ms for c in model.document.cues)  # no cue from it
    marked = [r for r in range(model.rowCount()) if model.index(r, NUMBER).data(FAILED_STRETCHES_ROLE)]
    assert len(marked) == 1
    assert "not transcribed: " in window.queue_model.index(0, Column.STATUS).data()


def test_a_detected_language_loads_its_word_segmenters_off_the_gui_thread(
    qtbot: QtBot, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from engine.protocol import LanguageDetected
    from gui import main_window

    calls: list[tuple[str | None, str]] = []
    monkeypatch.setattr(
        main_window,
        "warm_up_text_rules",
        lambda language: calls.append((language, threading.current_thread().name)),
    )
    window = make_window()
    window._on_engine_language_detected(LanguageDetected("no-such-job", "zh", 0.98))
    qtbot.waitUntil(lambda: bool(calls), timeout=5_000)
    assert calls == [("zh", "text-rules-warm-up")]


def test_a_language_chosen_in_the_settings_gives_its_rules(
    qtbot: QtBot, make_window, short_wav: Path
) -> None:  # type: ignore[no-untyped-def]
    from engine.subtitles.presets import PRESETS

    window = make_window(settings=AppSettings(language="ja"))
    window.add_files([short_wav])
    wait_done(qtbot, window)
    session = window.sessions.by_job(window.queue_model.item(0).job_id or "")
    assert session is not None and session.language == "ja"
    assert session.model.preset == PRESETS["netflix-ja"]
