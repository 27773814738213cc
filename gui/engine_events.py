"""The window's side of the engine's events: the queue, the sessions' live cues and the status bar.

Each event of gui.engine_client.EngineController goes to the queue row (progress, state), to the
file's session (language, live cues through gui.sessions.SessionStore, failed stretches) and to
the status bar; a finished job is auto-exported when the settings ask for it. Strings keep the
"MainWindow" translation context they had there.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QAbstractItemView

from engine.protocol import (
    EngineFailed,
    EngineReady,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobPlanned,
    JobProgress,
    JobStarted,
    LanguageDetected,
    ModelDownload,
    Segment,
    StretchFailed,
    WorkerState,
    WorkerStatus,
)
from engine.subtitles.cjk_words import warm_up as warm_up_text_rules
from engine.subtitles.document import format_ms
from engine.subtitles.glossary import describe_unmatched
from gui.engine_messages import shown_with_original
from gui.preset_names import language_label
from gui.sessions import FileSession, LiveEnd

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from gui.main_window import MainWindow

translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls


class EngineEvents:
    """Acts for one MainWindow: connected to its engine at construction."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        e = window.engine
        e.engine_ready.connect(self._on_engine_ready)
        e.engine_failed.connect(self._on_engine_failed)
        e.worker_status.connect(self._on_engine_worker_status)
        e.model_download.connect(self._on_engine_model_download)
        e.job_started.connect(self._on_engine_job_started)
        e.job_planned.connect(self._on_engine_job_planned)
        e.language_detected.connect(self._on_engine_language_detected)
        e.segments_received.connect(self._on_engine_segments_received)
        e.stretch_failed.connect(self._on_engine_stretch_failed)
        e.job_progress.connect(self._on_engine_job_progress)
        e.job_finished.connect(self._on_engine_job_finished)
        e.job_failed.connect(self._on_engine_job_failed)
        e.job_cancelled.connect(self._on_engine_job_cancelled)
        self._memory_timer = QTimer(window, interval=2000)
        self._memory_timer.timeout.connect(self._on_memory_timer_timeout)
        self._memory_timer.start()

    def _scroll_to_newest(self, session: FileSession, rows: list[int]) -> None:
        """Follow new cues unless the user is editing or has selected something to read."""
        if session is not self.window.current_session() or not rows:
            return
        if self.window.cue_view.state() == QAbstractItemView.State.EditingState:
            return
        if self.window.cue_view.selectionModel() and self.window.cue_view.selectionModel().hasSelection():
            return
        self.window.cue_view.scrollTo(session.model.index(max(rows), 0))

    def _on_memory_timer_timeout(self) -> None:
        mb = self.window.engine.memory_mb()
        self.window.memory_label.setText(
            translate("MainWindow", "Memory {0:.0f} MB").format(mb) if mb else ""
        )

    def _on_engine_ready(self, event: EngineReady) -> None:
        devices: dict[str, int] = {}
        for worker in event.workers:
            devices[worker.device_name] = devices.get(worker.device_name, 0) + 1
        text = ", ".join(f"{n} × {name}" for name, n in devices.items())
        self.window.engine_label.setText(
            translate("MainWindow", "Model {0} · workers: {1}").format(event.model, text)
        )

    def _on_engine_failed(self, event: EngineFailed) -> None:
        self.window.engine_label.setText(translate("MainWindow", "Engine stopped"))
        self.window.statusBar().showMessage(
            translate(
                "MainWindow", "{0} Cues already made are kept; the next file starts a new engine."
            ).format(shown_with_original(event.message))
        )

    def _on_engine_worker_status(self, event: WorkerStatus) -> None:
        """A worker that died, hung or could not start: the engine's words name it (e.g.
        "worker 1 (CPU) hung ...; restarting in 1.0 s"); shown long enough to be read."""
        if event.state != WorkerState.READY:
            self.window.statusBar().showMessage(shown_with_original(event.message), 15_000)

    def _on_engine_model_download(self, event: ModelDownload) -> None:
        total = f" / {event.total_bytes / 1e6:.0f}" if event.total_bytes else ""
        self.window.engine_label.setText(
            translate("MainWindow", "Downloading {0}: {1:.0f}{2} MB").format(
                event.model, event.done_bytes / 1e6, total
            )
        )

    def _on_engine_job_started(self, event: JobStarted) -> None:
        self.window.queue_model.on_started(event)
        session = self.window.sessions.by_job(event.job_id)
        if (
            session is not None and len(event.audio_streams) > 1
        ):  # the waveform and sound of the stream transcribed
            session.audio_stream = event.audio_stream
            if session is self.window.current_session():
                self.window.editor.set_audio_source(session.path, session.audio_stream)

    def _on_engine_job_planned(self, event: JobPlanned) -> None:
        session = self.window.sessions.by_job(event.job_id)
        if session is not None:  # the decoded length (a container's may be wrong): no cue ends after it
            self.window.sessions.set_media_end(session, event.duration_ms)

    def _on_engine_language_detected(self, event: LanguageDetected) -> None:
        # Chinese word breaks need jieba's dictionary (1-3 s to load): off the GUI thread, now.
        threading.Thread(
            target=warm_up_text_rules, args=(event.language,), name="text-rules-warm-up", daemon=True
        ).start()
        session = self.window.sessions.by_job(event.job_id)
        if session is not None:
            session.language = event.language
            self.window.apply_file_rules(session)  # its own preset if chosen, else its language's

    def _on_engine_segments_received(
        self, job_id: str, results: list[tuple[int, tuple[Segment, ...]]]
    ) -> None:
        """Chunks back in one tick, (chunk index, segments) each: the live cues take them."""
        session = self.window.sessions.by_job(job_id)
        if session is None:
            return
        rows = self.window.sessions.add_segments(session, results, *self.window._rules(session))
        self._scroll_to_newest(session, rows)

    def _on_engine_stretch_failed(self, event: StretchFailed) -> None:
        """One chunk failed alone: its stretch is marked on the waveform and in the table (it
        holds no cues) while the rest of the file goes on."""
        session = self.window.sessions.by_job(event.job_id)
        if session is None:
            return
        self.window.sessions.chunk_failed(session, event.chunk_index, *self.window._rules(session))
        if not self.window.sessions.add_failed_stretches(session, event):
            return
        self.window.statusBar().showMessage(
            translate("MainWindow", "{0}: {1} - {2} could not be transcribed: {3}").format(
                session.path.name,
                format_ms(event.start_ms),
                format_ms(event.end_ms),
                shown_with_original(event.reason)
                if event.reason
                else translate("MainWindow", "no reason given"),
            ),
            30_000,
        )

    def _on_engine_job_progress(self, event: JobProgress) -> None:
        self.window.queue_model.on_progress(event)

    def _on_engine_job_finished(self, event: JobFinished) -> None:
        session = self.window.sessions.by_job(event.job_id)
        if session is None:
            self.window.queue_model.on_finished(event, 0)
            return
        # The cues as the CLI writes them, before any export.
        ended = self.window.sessions.finish_live(session, event.duration_ms)
        self.window.sessions.add_failed_stretches(session, event)  # most were told one by one already
        self.window.queue_model.on_finished(event, session.model.rowCount(), session.failed_spans)
        bar = self.window.statusBar()
        before = bar.currentMessage()
        if self.window.settings.auto_export:
            self.window.exports.auto_export(session)
        exported = bar.currentMessage() if bar.currentMessage() != before else ""  # kept, not covered
        self._tell(session, ended, exported, finished=True)

    def _on_engine_job_failed(self, event: JobFailed) -> None:
        session, ended = self._finish_live(event.job_id)
        self.window.queue_model.on_failed(event)
        row = self.window.queue_model.row_of_job(event.job_id)
        name = self.window.queue_model.item(row).path.name if row is not None else event.job_id
        failed = translate("MainWindow", "{0} failed: {1}").format(name, shown_with_original(event.message))
        if session is None:
            self.window.statusBar().showMessage(failed, 30_000)
        else:
            self._tell(session, ended, failed, finished=False)

    def _on_engine_job_cancelled(self, event: JobCancelled) -> None:
        session, ended = self._finish_live(event.job_id)
        if session is not None:
            self._tell(session, ended, "", finished=False)
        self.window.queue_model.on_cancelled(event)

    def _finish_live(self, job_id: str) -> tuple[FileSession | None, LiveEnd]:
        """A job ended without finishing: its cues so far are segmented once more, as a whole."""
        session = self.window.sessions.by_job(job_id)
        if session is None:
            return None, LiveEnd()
        return session, self.window.sessions.finish_live(session)

    def _tell(self, session: FileSession, ended: LiveEnd, first: str, finished: bool) -> None:
        """One status message for a job's end: ``first`` (why it failed, what auto-export did),
        then what the end left out: transcribed cues with no room beside the user's own (their
        times and text, so that nothing transcribed is lost without a word) and, for a finished
        job only (a partial transcript says nothing of them), glossary entries that never
        matched (the CLI's line) and fillers left out of cues over the reading speed."""
        lines = [first] if first else []
        if ended.unplaced:
            shown = "; ".join(
                f"{format_ms(c.start_ms)} '{c.text.replace(chr(10), ' / ')}'" for c in ended.unplaced[:5]
            )
            more = "…" if len(ended.unplaced) > 5 else ""
            lines.append(
                translate(
                    "MainWindow",
                    "{0}: {1} transcribed cues found no room beside cues you made and are not in the table: {2}{3}",
                ).format(session.path.name, len(ended.unplaced), shown, more)
            )
            log.warning("%s: cues with no room beside the user's: %r", session.path.name, ended.unplaced)
        unmatched = (
            describe_unmatched(session.glossary, ended.glossary_misses, session.path.name)
            if finished and session.glossary is not None
            else None
        )
        if unmatched:
            lines.append(unmatched)
        if finished and ended.left_out:
            filler = ended.left_out[0]
            lines.append(
                translate(
                    "MainWindow",
                    '{0}: {1} filler(s) left out of cues over the reading speed (the first "{2}" at {3}), '
                    "as the style guides allow; Preferences › Keep every word turns this off.",
                ).format(session.path.name, len(ended.left_out), filler.text, format_ms(filler.start_ms))
            )
        if finished and ended.other_languages:
            said = "; ".join(
                f"{format_ms(start)}-{format_ms(end)} {language_label(code)}"
                for code, start, end in ended.other_languages
            )
            if session.translated:
                text = translate(
                    "MainWindow",
                    "{0}: some lines are in another language than the file's, and are translated from it: {1}. "
                    "Choose the file's language to take every line as that one.",
                )
            else:
                text = translate(
                    "MainWindow",
                    "{0}: some lines are in another language than the file's, and are written as heard: {1}. "
                    "Choose the file's language to take every line as that one.",
                )
            lines.append(text.format(session.path.name, said))
        if lines:
            self.window.statusBar().showMessage("  ".join(lines), 60_000 if len(lines) > 1 else 30_000)
