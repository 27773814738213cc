"""The window under engine faults (issue 10), driven by a scripted client: the test writes the
events a supervisor would send, and the window's EngineController drains them from its QTimer
and re-emits them as signals, exactly as it does from a real supervisor's pipe.

A failed stretch is marked on the waveform, in the table and in the queue row, and is never a
cue; a hung worker replaced is named in the status bar; a dead supervisor keeps every cue made.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import QRectF, Qt
from pytestqt.qtbot import QtBot

from engine.protocol import (
    EngineConfig,
    EngineEvent,
    EngineFailed,
    EngineReady,
    JobFinished,
    JobOptions,
    JobPlanned,
    JobStarted,
    Segment,
    SegmentsReady,
    StretchFailed,
    Word,
    WorkerInfo,
    WorkerState,
    WorkerStatus,
)
from engine.subtitles.project import load_project
from gui.engine_client import EngineController
from gui.failed_stretches import FailedStretch
from gui.main_window import MainWindow
from gui.models.cue_model import FAILED_STRETCHES_ROLE, NUMBER, TEXT
from gui.models.queue_model import Column, Status, short_reason
from gui.sessions import export
from gui.settings import AppSettings

TOOLTIP = Qt.ItemDataRole.ToolTipRole
_job_numbers = itertools.count(1)
DIED = "The transcription engine stopped unexpectedly (exit code -9)."


class ScriptedClient:
    """Stands in for engine.client.EngineClient: events the test puts in come out of poll()."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.events: list[EngineEvent] = []
        self.submitted: list[tuple[str, str]] = []  # (job id, path)
        self.process = SimpleNamespace(pid=os.getpid())  # for the window's memory label
        self._alive = True

    @property
    def alive(self) -> bool:
        return self._alive

    def submit(self, path: str | Path, options: JobOptions | None = None, job_id: str | None = None) -> str:
        job_id = job_id or f"job{next(_job_numbers)}"
        self.submitted.append((job_id, str(path)))
        return job_id

    def cancel(self, job_id: str) -> None:
        pass

    def configure(self, config: EngineConfig) -> None:
        self.config = config

    def poll(self, timeout: float = 0.0, max_events: int | None = None) -> list[EngineEvent]:
        count = len(self.events) if max_events is None else max_events
        out, self.events[:count] = self.events[:count], []
        return out

    def close(self, timeout: float = 10.0) -> list[EngineEvent]:
        self._alive = False
        return []

    def send(self, *events: EngineEvent) -> None:
        self.events.extend(events)

    def die(self) -> None:
        """What EngineClient.poll reports once the supervisor process is gone."""
        self._alive = False
        self.events.append(EngineFailed("EngineDied", DIED))


class Scripted:
    """A window on scripted engines; ``clients`` holds every engine it started, in order."""

    def __init__(self, window: MainWindow, clients: list[ScriptedClient]) -> None:
        self.window, self.clients = window, clients

    @property
    def client(self) -> ScriptedClient:
        return self.clients[-1]

    def add(self, path: Path) -> str:
        """Queue ``path`` (made as half a second of silence); returns the job id the engine got."""
        soundfile.write(str(path), np.zeros(8_000, np.float32), 16_000)
        self.window.add_files([path])
        job_id, submitted = self.client.submitted[-1]
        assert Path(submitted) == path
        return job_id


@pytest.fixture
def scripted(qtbot: QtBot, tmp_path: Path) -> Iterator[Scripted]:
    clients: list[ScriptedClient] = []

    def factory(config: EngineConfig) -> ScriptedClient:
        clients.append(ScriptedClient(config))
        return clients[-1]

    window = MainWindow(
        AppSettings(),
        client_factory=factory,  # type: ignore[arg-type]
        autosave_folder=tmp_path / "autosave",
        peaks_cache=tmp_path / "peaks",
        persist_settings=False,
    )
    qtbot.addWidget(window)
    window.show()
    yield Scripted(window, clients)
    window.engine.shutdown()


def segment(start_ms: int, end_ms: int, text: str) -> Segment:
    words = text.split()
    step = (end_ms - start_ms) // len(words)
    return Segment(
        start_ms,
        end_ms,
        " " + text,
        tuple(
            Word(start_ms + i * step, start_ms + (i + 1) * step, " " + w, 0.9) for i, w in enumerate(words)
        ),
    )


def started(job_id: str, path: Path, duration_ms: int = 120_000) -> list[EngineEvent]:
    return [JobStarted(job_id, str(path), duration_ms), JobPlanned(job_id, 60_000, 4, duration_ms)]


def status_text(window: MainWindow, row: int = 0) -> str:
    return str(window.queue_model.index(row, Column.STATUS).data())


def texts(window: MainWindow) -> list[str]:
    model = window.cue_view.model()
    return [model.index(row, TEXT).data() for row in range(model.rowCount())]


def test_a_failed_stretch_shows_on_the_waveform_in_the_table_and_in_the_queue(
    qtbot: QtBot, scripted: Scripted, tmp_path: Path
) -> None:
    window, film = scripted.window, tmp_path / "film.wav"
    job = scripted.add(film)
    scripted.client.send(
        *started(job, film),
        SegmentsReady(job, 0, 0, (segment(1_000, 3_000, "Before the hole."),)),
        StretchFailed(job, 2, 62_000, 90_000, "RuntimeError: the decoder broke"),
    )
    waveform = window.editor.waveform
    qtbot.waitUntil(lambda: len(waveform.failed_bands()) == 1)
    assert (
        "film.wav: 0:01:02.000 - 0:01:30.000 could not be transcribed: RuntimeError: the decoder broke"
        in window.statusBar().currentMessage()
    )
    band = waveform.failed_bands()[0]
    assert band.rect() == QRectF(62.0, -1.0, 28.0, 2.0)
    assert band.toolTip().startswith("Not transcribed: RuntimeError: the decoder broke")
    assert band.isVisible() and band.scene() is waveform.plot.scene()

    # The rest of the file goes on; the end repeats the stretch (without its reason).
    scripted.client.send(
        SegmentsReady(job, 1, 3, (segment(95_000, 97_000, "After the hole."),)),
        JobFinished(job, "en", 120_000, 2, 4.0, failed_stretches=((62_000, 90_000),)),
    )
    qtbot.waitUntil(lambda: window.queue_model.item(0).status is Status.DONE)
    session = window.current_session()
    assert session is not None
    assert session.failed_stretches == (FailedStretch(62_000, 90_000, "RuntimeError: the decoder broke"),)
    assert len(waveform.failed_bands()) == 1

    # The table: the cue just after the hole carries it, the other does not; both are cues.
    assert texts(window) == ["Before the hole.", "After the hole."]
    model = window.cue_view.model()
    after = model.index(1, NUMBER)
    assert after.data() == "2"  # still its row number: the mark is beside it, not a row of its own
    assert after.data(FAILED_STRETCHES_ROLE) == session.failed_stretches
    tip = after.data(TOOLTIP)
    assert "Not transcribed, before this cue: 0:01:02.000 - 0:01:30.000" in tip and "the decoder broke" in tip
    assert after.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert (
        model.index(0, NUMBER).data(TOOLTIP) is None
        and model.index(0, NUMBER).data(FAILED_STRETCHES_ROLE) is None
    )

    # The queue row says it; the exported file and the autosave hold only the two cues.
    assert status_text(window) == "Done (2 cues) — not transcribed: 0:01:02–0:01:30"
    assert "Not transcribed: 0:01:02–0:01:30" in window.queue_model.index(0, Column.STATUS).data(TOOLTIP)
    export(session, tmp_path / "film.srt", overwrite=False)
    srt = (tmp_path / "film.srt").read_text(encoding="utf-8-sig")
    assert srt.count(" --> ") == 2 and "transcribed" not in srt
    window.sessions.flush()
    assert session.autosave_path is not None
    assert [c.text for c in load_project(session.autosave_path).document.cues] == [
        "Before the hole.",
        "After the hole.",
    ]
    assert model.undo_stack.count() == 0  # a hole is not an edit
    assert window.isWindowModified() == bool(window.sessions.unsaved())  # the "*" says what Quit asks

    # After a crash, the autosave brings the hole back with the cues.
    window.recover([session.autosave_path])
    assert status_text(window, 1) == "Recovered (2 cues) — not transcribed: 0:01:02–0:01:30"
    assert window.current_session() is not session
    assert [b.stretch for b in waveform.failed_bands()] == list(session.failed_stretches)


def test_a_stretch_told_only_at_the_end_is_marked_after_the_last_cue(
    qtbot: QtBot, scripted: Scripted, tmp_path: Path
) -> None:
    window, film = scripted.window, tmp_path / "film.wav"
    job = scripted.add(film)
    scripted.client.send(
        *started(job, film),
        SegmentsReady(job, 0, 0, (segment(1_000, 3_000, "Only line."),)),
        JobFinished(job, "en", 120_000, 1, 4.0, failed_stretches=((90_000, 120_000),)),
    )
    qtbot.waitUntil(lambda: window.queue_model.item(0).status is Status.DONE)
    assert [b.stretch for b in window.editor.waveform.failed_bands()] == [FailedStretch(90_000, 120_000)]
    tip = window.cue_view.model().index(0, NUMBER).data(TOOLTIP)
    assert tip == "Not transcribed, after this cue: 0:01:30.000 - 0:02:00.000"
    assert status_text(window) == "Done (1 cue) — not transcribed: 0:01:30–0:02:00"


def test_the_waveform_shows_the_stretches_of_the_file_shown(
    qtbot: QtBot, scripted: Scripted, tmp_path: Path
) -> None:
    window = scripted.window
    first, second = tmp_path / "one.wav", tmp_path / "two.wav"
    job1, job2 = scripted.add(first), scripted.add(second)
    scripted.client.send(
        *started(job1, first),
        StretchFailed(job1, 0, 0, 30_000, "bad"),
        JobFinished(job1, "en", 120_000, 0, 1.0, failed_stretches=((0, 30_000),)),
        *started(job2, second),
        JobFinished(job2, "en", 120_000, 0, 1.0),
    )
    qtbot.waitUntil(lambda: window.queue_model.item(1).status is Status.DONE)
    assert status_text(window, 0) == "Done (0 cues) — not transcribed: 0:00:00–0:00:30"
    assert len(window.editor.waveform.failed_bands()) == 1
    window.queue_view.selectRow(1)
    assert window.editor.waveform.failed_bands() == []
    window.queue_view.selectRow(0)
    assert [b.stretch.reason for b in window.editor.waveform.failed_bands()] == ["bad"]


def test_a_hung_worker_replaced_is_named_in_the_status_bar(
    qtbot: QtBot, scripted: Scripted, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = scripted.window
    shown: list[tuple[str, int]] = []
    bar = window.statusBar()
    original = bar.showMessage
    monkeypatch.setattr(
        bar, "showMessage", lambda text, timeout=0: (shown.append((text, timeout)), original(text, timeout))
    )
    hung = "worker 1 (CPU) hung: no answer for 60 s on its chunk; killed, the chunk goes back; restarting in 0.5 s"
    info = WorkerInfo(1, "cpu", None, "CPU", "int8")
    scripted.client.send(
        WorkerStatus(1, WorkerState.RESTARTING, hung),
        WorkerStatus(1, WorkerState.READY, "worker 1 (CPU) ready in 0.6 s"),
        EngineReady("base", (info,)),
    )
    qtbot.waitUntil(lambda: "Model base" in window.engine_label.text())
    assert bar.currentMessage() == hung  # the READY that follows does not wipe it
    assert [(text, timeout) for text, timeout in shown if "hung" in text] == [(hung, 15_000)]


def test_a_dead_engine_keeps_every_cue_and_the_next_file_starts_a_new_engine(
    qtbot: QtBot, scripted: Scripted, tmp_path: Path
) -> None:
    window, film, other = scripted.window, tmp_path / "film.wav", tmp_path / "other.wav"
    job = scripted.add(film)
    lines = [segment(1_000, 3_000, "First line."), segment(5_000, 7_000, "Second line.")]
    scripted.client.send(
        *started(job, film),
        SegmentsReady(job, 0, 0, tuple(lines)),
        StretchFailed(job, 1, 30_000, 60_000, "bad chunk"),
    )
    qtbot.waitUntil(lambda: window.cue_view.model() is not None and window.cue_view.model().rowCount() == 2)
    session = window.current_session()
    assert session is not None

    scripted.client.die()
    qtbot.waitUntil(lambda: window.queue_model.item(0).status is Status.FAILED)
    assert status_text(window) == f"Failed: {short_reason(DIED)}"  # the reason (cut to the cell)
    assert window.queue_model.item(0).error == DIED
    assert "Cues already made are kept" in window.statusBar().currentMessage()
    assert window.engine_label.text() == "Engine stopped"
    assert not window.engine.running
    # Every cue made, and the hole, stay: in the table, in the session and in its autosave.
    assert texts(window) == ["First line.", "Second line."]
    assert window.sessions.by_job(job) is session and window.cue_view.model() is session.model
    assert [c.text for c in session.model.document.cues] == ["First line.", "Second line."]
    assert len(window.editor.waveform.failed_bands()) == 1
    window.sessions.flush()
    assert session.autosave_path is not None and len(load_project(session.autosave_path).document.cues) == 2

    # The next file starts a new engine; the failed row keeps its cues.
    job2 = scripted.add(other)
    assert len(scripted.clients) == 2 and job2 != job
    scripted.client.send(
        *started(job2, other),
        SegmentsReady(job2, 0, 0, (segment(2_000, 4_000, "New engine."),)),
        JobFinished(job2, "en", 120_000, 1, 1.0),
    )
    qtbot.waitUntil(lambda: window.queue_model.item(1).status is Status.DONE)
    assert window.queue_model.item(0).status is Status.FAILED
    assert [c.text for c in session.model.document.cues] == ["First line.", "Second line."]


def test_the_controller_routes_a_failed_stretch_between_the_segments_around_it(qtbot: QtBot) -> None:
    client = ScriptedClient(EngineConfig())
    engine = EngineController(EngineConfig(), client_factory=lambda _config: client)  # type: ignore[arg-type,return-value]
    seen: list[str] = []
    engine.segments_received.connect(lambda _job, segments: seen.append(f"segments {segments}"))
    engine.stretch_failed.connect(
        lambda event: seen.append(f"stretch {event.start_ms}-{event.end_ms} {event.reason}")
    )
    engine.job_finished.connect(lambda event: seen.append(f"finished {event.failed_stretches}"))
    try:
        job = engine.submit("film.wav", JobOptions())
        client.send(
            SegmentsReady(job, 0, 0, (segment(0, 1_000, "One."),)),
            StretchFailed(job, 1, 30_000, 60_000, "bad"),
            SegmentsReady(job, 1, 2, (segment(61_000, 62_000, "Two."),)),
            JobFinished(job, "en", 90_000, 2, 1.0, failed_stretches=((30_000, 60_000),)),
        )
        qtbot.waitUntil(lambda: len(seen) == 4)
        assert seen == [
            f"segments {[(0, (segment(0, 1_000, 'One.'),))]}",
            "stretch 30000-60000 bad",
            f"segments {[(2, (segment(61_000, 62_000, 'Two.'),))]}",
            "finished ((30000, 60000),)",
        ]
        assert engine.jobs_in_flight == frozenset()
    finally:
        engine.shutdown()
