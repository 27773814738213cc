"""The main window end to end: what the engine reports (hung workers, failed chunks, languages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from engine.client import EngineClient
from engine.protocol import EngineConfig
from gui.main_window import MainWindow
from gui.models.cue_model import FAILED_STRETCHES_ROLE, NUMBER
from gui.models.queue_model import Column, Status
from gui.settings import AppSettings
from tests.engine.engine_helpers import FAKE
from tests.gui.main_window_helpers import statuses, wait_done, window_maker


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    yield from window_maker(qtbot, tmp_path)


def test_chinese_speech_gets_the_traditional_chinese_rules(
    qtbot: QtBot, make_window, short_wav: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("language=zh")
    window.add_files([short_wav])
    wait_done(qtbot, window)
    session = window.current_session()
    assert session.language == "zh"
    assert session.model.preset.name == "Netflix Traditional Chinese"


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
    from gui import engine_events

    calls: list[tuple[str | None, str]] = []
    monkeypatch.setattr(
        engine_events,
        "warm_up_text_rules",
        lambda language: calls.append((language, threading.current_thread().name)),
    )
    window = make_window()
    window.engine_events._on_engine_language_detected(LanguageDetected("no-such-job", "zh", 0.98))
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


def test_the_end_of_a_job_names_cues_that_found_no_room_and_glossary_misses(
    qtbot: QtBot, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Streamed text with no room beside the user's cues is not in the table: the window says so,
    with its time and text, rather than dropping it without a word."""
    from engine.subtitles.cue import Cue
    from engine.subtitles.glossary import Glossary, Rule
    from gui.sessions import LiveEnd

    srt = tmp_path / "talk.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nmine\n", encoding="utf-8")
    window = make_window()
    session = window.import_subtitle_file(srt)
    assert session is not None
    session.glossary = Glossary((Rule("Caxtn", "Caxton", 3),), source="g.txt")
    ended = LiveEnd((Cue(0, 1_000, 1_500, "dup\nline"),), session.glossary.rules)
    window.engine_events._tell(session, ended, "", finished=True)
    message = window.statusBar().currentMessage()
    assert "1 transcribed cues found no room" in message and "0:00:01.000 'dup / line'" in message
    assert "line 3 'Caxtn'" in message
    # a failed job: its reason first, the cues with no room after it (not covered by it), and
    # nothing about the glossary of a transcript that never ended (review)
    window.engine_events._tell(session, ended, "talk.srt failed: boom", finished=False)
    message = window.statusBar().currentMessage()
    assert message.startswith("talk.srt failed: boom") and "'dup / line'" in message
    assert "Caxtn" not in message
