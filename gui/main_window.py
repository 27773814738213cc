"""The main window: a queue of files on top, the selected file's cues below, live as they arrive.

Layout only plus the wiring between the queue, the sessions and the engine controller; the
models, the engine and the subtitle rules live elsewhere.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
)

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
from engine.subtitles.glossary import GlossaryError, load_glossary
from engine.subtitles.io import LoadedFile
from engine.subtitles.presets import Preset
from gui import subtitle_files
from gui.editor_panel import EditorPanel
from gui.engine_client import ClientFactory, EngineController
from gui.exports import Exports
from gui.models.queue_model import QueueModel
from gui.safekeeping import Safekeeping
from gui.sessions import FileSession, SessionStore
from gui.settings import AppSettings, save_settings
from gui.views.queue_view import MEDIA_EXTENSIONS, QueueView, media_files
from gui.views.retime_dialogs import frame_rate_name
from gui.views.settings_dialog import SettingsDialog
from gui.views.subtitle_dialogs import ExportOptions

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: AppSettings,
        *,
        client_factory: ClientFactory | None = None,
        autosave_folder: Path | None = None,
        peaks_cache: Path | None = None,
        persist_settings: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self._persist = persist_settings
        self.setWindowTitle(self.tr("Whisper for Subs") + " [*]")  # [*]: unsaved edits
        self.resize(1200, 800)
        self.setAcceptDrops(True)

        if client_factory is None:
            self.engine = EngineController(settings.engine_config(), self)
        else:
            self.engine = EngineController(settings.engine_config(), self, client_factory=client_factory)
        self.sessions = SessionStore(autosave_folder, self)
        self.safekeeping = Safekeeping(self)  # recovery, a file added twice, saving, quitting
        self.exports = Exports(self)  # the Export dialog, export all, auto-export
        self.undo_group = QUndoGroup(self)
        # The modified marker follows the current file's undo stack (streamed cues are not edits).
        self.undo_group.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))

        self.queue_model = QueueModel(self)
        self.queue_view = QueueView()
        self.queue_view.setModel(self.queue_model)
        self.editor = EditorPanel(peaks_cache=peaks_cache)
        self.cue_view = self.editor.cue_view
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.queue_view)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        self.setCentralWidget(splitter)
        self.engine_label = QLabel(self.tr("Engine: starting…"))
        self.memory_label = QLabel()
        self.import_busy = QProgressBar(textVisible=False)
        self.import_busy.setMaximumWidth(120)
        self.import_busy.setRange(0, 0)  # busy: a read has no progress to report
        self.import_busy.hide()
        self._imports: list[subtitle_files.SubtitleImport] = []
        self.statusBar().addPermanentWidget(self.import_busy)
        self.statusBar().addPermanentWidget(self.engine_label)
        self.statusBar().addPermanentWidget(self.memory_label)
        self._memory_timer = QTimer(self, interval=2000)
        self._memory_timer.timeout.connect(self._on_memory_timer_timeout)
        self._memory_timer.start()
        self._build_menus()
        self._connect()
        self.engine.start()

    # ---------------------------------------------------------------- construction

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = file_menu.addAction(
            self.tr("&Open files…"), QKeySequence.StandardKey.Open, self.open_files
        )
        self.export_action = file_menu.addAction(
            self.tr("&Export subtitles…"), QKeySequence("Ctrl+E"), self.export_current
        )
        self.export_all_action = file_menu.addAction(self.tr("Export &all finished…"), self.export_all)
        file_menu.addSeparator()
        self.open_project_action = file_menu.addAction(
            self.tr("Open &project…"), QKeySequence("Ctrl+Shift+O"), self.open_project
        )
        self.save_project_action = file_menu.addAction(
            self.tr("&Save project…"), QKeySequence.StandardKey.Save, self.save_project
        )
        self.import_action = file_menu.addAction(self.tr("&Import subtitles…"), self.import_subtitles)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        timing_menu = self.menuBar().addMenu(self.tr("&Timing"))
        self.editor.actions.add_to_menus(edit_menu, timing_menu)
        playback_menu = self.menuBar().addMenu(self.tr("&Playback"))
        playback_menu.addActions(self.editor.playback_actions[:4])
        timing_menu.addSeparator()
        timing_menu.addActions(self.editor.playback_actions[4:])
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.frames_action = view_menu.addAction(self.tr("Times as &frames"))
        self.frames_action.setCheckable(True)
        self.frames_action.toggled.connect(self._on_frames_action_toggled)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.preferences_action: QAction = settings_menu.addAction(
            self.tr("&Preferences…"), self.edit_settings
        )
        self.models_action = settings_menu.addAction(self.tr("&Models…"), self.manage_models)

    def _connect(self) -> None:
        self.queue_view.files_dropped.connect(self.add_files)
        self.queue_view.cancel_requested.connect(self._on_queue_cancel_requested)
        self.queue_view.remove_requested.connect(self._on_queue_remove_requested)
        self.queue_view.audio_stream_requested.connect(self._on_queue_audio_stream_requested)
        self.queue_view.selectionModel().currentRowChanged.connect(self._on_queue_current_changed)
        e = self.engine
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

    @property
    def preset(self) -> Preset:
        return self.settings.subtitle_preset()

    # ---------------------------------------------------------------- files in

    def open_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(MEDIA_EXTENSIONS))
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open audio or video"), "", self.tr("Media ({0});;All files (*)").format(patterns)
        )
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: Iterable[Path]) -> None:
        """Queue files (folders are expanded) and hand them to the engine at once; for a file
        already open the user chooses to see it or transcribe it again (gui.safekeeping)."""
        new, again = self.safekeeping.sort_out_open(media_files([Path(p) for p in paths]))
        versions = [
            self.queue_model.add_with_stream(row, self.queue_model.item(row).audio_stream) for row in again
        ]
        for row in self.queue_model.add_files(new) + versions:
            self._submit(row)
            if self.queue_view.currentIndex().row() < 0 or row in versions[:1]:  # a new version is shown
                self.queue_view.selectRow(row)

    def _submit(self, row: int) -> None:
        """Give a queued row its transcript and hand its file to the engine."""
        item = self.queue_model.item(row)
        try:  # read now: a file changed later applies to the files added after
            glossary = load_glossary(self.settings.glossary) if self.settings.glossary.strip() else None
        except GlossaryError as error:
            self.queue_model.mark_failed(
                row,
                self.tr(
                    "{0}. Fix the glossary, or clear it in Settings › Preferences, then add the file again."
                ).format(str(error).rstrip(".")),
            )
            return
        session = self.sessions.create(item.path, self.preset)
        session.model.set_frame_rate(self.preset.frame_rate if self.frames_action.isChecked() else None)
        job_id = self.engine.submit(
            str(item.path), replace(self.settings.job_options(), audio_stream=item.audio_stream)
        )
        session.job_id, session.audio_stream = job_id, item.audio_stream
        session.glossary = glossary  # applied with the cues, after the Chinese conversion (LiveCues)
        self.queue_model.set_job(row, job_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files dropped anywhere on the window, not only on the queue, are queued (as a copy:
        accepting a move would let a file manager delete the source)."""
        if event.mimeData().hasUrls() and event.possibleActions() & Qt.DropAction.CopyAction:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.add_files(Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile())

    # ---------------------------------------------------------------- the current file

    def current_session(self) -> FileSession | None:
        row = self.queue_view.currentIndex().row()
        if row < 0:
            return None
        job_id = self.queue_model.item(row).job_id
        return self.sessions.by_job(job_id) if job_id else None

    def _on_queue_current_changed(self, *_: object) -> None:
        session = self.current_session()
        if session is None:
            self.editor.show_file(None, None)
            return
        # subtitles imported with no media beside them (also once saved as a project and
        # reopened or recovered): nothing to play, not the subtitle file
        media = session.path if session.path.suffix.lower() in MEDIA_EXTENSIONS else None
        self.editor.show_file(media, session.model, session.audio_stream)
        self.undo_group.addStack(session.model.undo_stack)
        self.undo_group.setActiveStack(session.model.undo_stack)

    def _on_frames_action_toggled(self, on: bool) -> None:
        """Start and end as H:MM:SS:FF at the preset's frame rate, for every open file."""
        rate = self.preset.frame_rate if on else None
        for session in self.sessions.sessions:
            session.model.set_frame_rate(rate)
        if on:
            self.statusBar().showMessage(
                self.tr("Times in frames at {0:g} fps").format(self.preset.frame_rate), 5000
            )

    def _scroll_to_newest(self, session: FileSession, rows: list[int]) -> None:
        """Follow new cues unless the user is editing or has selected something to read."""
        if session is not self.current_session() or not rows:
            return
        if self.cue_view.state() == QAbstractItemView.State.EditingState:
            return
        if self.cue_view.selectionModel() and self.cue_view.selectionModel().hasSelection():
            return
        self.cue_view.scrollTo(session.model.index(max(rows), 0))

    # ---------------------------------------------------------------- engine events

    def _on_memory_timer_timeout(self) -> None:
        mb = self.engine.memory_mb()
        self.memory_label.setText(self.tr("Memory {0:.0f} MB").format(mb) if mb else "")

    def _on_engine_ready(self, event: EngineReady) -> None:
        devices: dict[str, int] = {}
        for worker in event.workers:
            devices[worker.device_name] = devices.get(worker.device_name, 0) + 1
        text = ", ".join(f"{n} × {name}" for name, n in devices.items())
        self.engine_label.setText(self.tr("Model {0} · workers: {1}").format(event.model, text))

    def _on_engine_failed(self, event: EngineFailed) -> None:
        self.engine_label.setText(self.tr("Engine stopped"))
        self.statusBar().showMessage(
            self.tr("{0} Cues already made are kept; the next file starts a new engine.").format(
                event.message
            )
        )

    def _on_engine_worker_status(self, event: WorkerStatus) -> None:
        """A worker that died, hung or could not start: the engine's words name it (e.g.
        "worker 1 (CPU) hung ...; restarting in 1.0 s"); shown long enough to be read."""
        if event.state != WorkerState.READY:
            self.statusBar().showMessage(event.message, 15_000)

    def _on_engine_model_download(self, event: ModelDownload) -> None:
        total = f" / {event.total_bytes / 1e6:.0f}" if event.total_bytes else ""
        self.engine_label.setText(
            self.tr("Downloading {0}: {1:.0f}{2} MB").format(event.model, event.done_bytes / 1e6, total)
        )

    def _on_engine_job_started(self, event: JobStarted) -> None:
        self.queue_model.on_started(event)
        session = self.sessions.by_job(event.job_id)
        if (
            session is not None and len(event.audio_streams) > 1
        ):  # the waveform and sound of the stream transcribed
            session.audio_stream = event.audio_stream
            if session is self.current_session():
                self.editor.set_audio_source(session.path, session.audio_stream)

    def _on_engine_job_planned(self, event: JobPlanned) -> None:
        session = self.sessions.by_job(event.job_id)
        if session is not None:  # the decoded length (a container's may be wrong): no cue ends after it
            self.sessions.set_media_end(session, event.duration_ms)

    def _on_engine_language_detected(self, event: LanguageDetected) -> None:
        # Chinese word breaks need jieba's dictionary (1-3 s to load): off the GUI thread, now.
        threading.Thread(
            target=warm_up_text_rules, args=(event.language,), name="text-rules-warm-up", daemon=True
        ).start()
        session = self.sessions.by_job(event.job_id)
        if session is not None:
            session.language = event.language
            session.model.set_preset(self.settings.subtitle_preset(event.language))

    def _on_engine_segments_received(
        self, job_id: str, results: list[tuple[int, tuple[Segment, ...]]]
    ) -> None:
        """Chunks back in one tick, (chunk index, segments) each: the live cues take them."""
        session = self.sessions.by_job(job_id)
        if session is None:
            return
        rows = self.sessions.add_segments(session, results, *self._rules(session))
        self._scroll_to_newest(session, rows)

    def _rules(self, session: FileSession) -> tuple[Preset, str]:
        """The preset and Chinese mode for the session's language, as the CLI resolves them."""
        return self.settings.subtitle_preset(session.language), self.settings.chinese_mode(session.language)

    def _on_engine_stretch_failed(self, event: StretchFailed) -> None:
        """One chunk failed alone: its stretch is marked on the waveform and in the table (it
        holds no cues) while the rest of the file goes on."""
        session = self.sessions.by_job(event.job_id)
        if session is None:
            return
        self.sessions.chunk_failed(session, event.chunk_index, *self._rules(session))
        if not self.sessions.add_failed_stretches(session, event):
            return
        self.statusBar().showMessage(
            self.tr("{0}: {1} - {2} could not be transcribed: {3}").format(
                session.path.name,
                format_ms(event.start_ms),
                format_ms(event.end_ms),
                event.reason or self.tr("no reason given"),
            ),
            30_000,
        )

    def _on_engine_job_progress(self, event: JobProgress) -> None:
        self.queue_model.on_progress(event)

    def _on_engine_job_finished(self, event: JobFinished) -> None:
        session = self.sessions.by_job(event.job_id)
        if session is None:
            self.queue_model.on_finished(event, 0)
            return
        self.sessions.finish_live(
            session, event.duration_ms
        )  # the cues as the CLI writes them, before any export
        self.sessions.add_failed_stretches(session, event)  # most were told one by one already
        self.queue_model.on_finished(event, session.model.rowCount(), session.failed_spans)
        if self.settings.auto_export:
            self.exports.auto_export(session)

    def _on_engine_job_failed(self, event: JobFailed) -> None:
        self._finish_live(event.job_id)
        self.queue_model.on_failed(event)
        row = self.queue_model.row_of_job(event.job_id)
        name = self.queue_model.item(row).path.name if row is not None else event.job_id
        self.statusBar().showMessage(self.tr("{0} failed: {1}").format(name, event.message), 30_000)

    def _on_engine_job_cancelled(self, event: JobCancelled) -> None:
        self._finish_live(event.job_id)
        self.queue_model.on_cancelled(event)

    def _finish_live(self, job_id: str) -> None:
        """A job ended without finishing: its cues so far are segmented once more, as a whole."""
        session = self.sessions.by_job(job_id)
        if session is not None:
            self.sessions.finish_live(session)

    # ---------------------------------------------------------------- queue actions

    def _on_queue_cancel_requested(self, row: int) -> None:
        job_id = self.queue_model.item(row).job_id
        if job_id:
            self.engine.cancel(job_id)

    def _on_queue_audio_stream_requested(self, row: int, number: int) -> None:
        """Transcribe the file again from another audio stream, in a new row: the old row keeps
        its transcript and any edits (a row still running is cancelled, its cues kept)."""
        item = self.queue_model.item(row)
        if item.status.is_active:
            if item.audio_stream == number:
                return
            if item.job_id:
                self.engine.cancel(item.job_id)
        new_row = self.queue_model.add_with_stream(row, number)
        self._submit(new_row)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.queue_view.selectionModel().setCurrentIndex(
            self.queue_model.index(new_row, 0), flags
        )  # only the new row
        self.statusBar().showMessage(
            self.tr("Transcribing {0} again from audio stream #{1}").format(item.path.name, number), 10_000
        )

    def _on_queue_remove_requested(self, rows: list[int]) -> None:
        for row in rows:
            job_id = self.queue_model.item(row).job_id
            if job_id:
                self.engine.cancel(job_id)
                session = self.sessions.by_job(job_id)
                if session is not None:
                    self.sessions.remove(session)
        self.queue_model.remove_rows(rows)

    # ---------------------------------------------------------------- export

    def save_project(self) -> None:
        session = self.current_session()
        if session is not None:
            self.safekeeping.save_project(session)

    def open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open project"), "", self.tr("Whisper for Subs project (*.wfsproj)")
        )
        if name:
            self.load_project_file(Path(name))

    def import_subtitles(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import subtitles"),
            "",
            self.tr(
                "Subtitles (*.srt *.ass *.ssa *.vtt *.sub *.ttml *.dfxp *.smi *.mpl *.json *.txt);;All files (*)"
            ),
        )
        if name:
            self.start_import(Path(name))

    def start_import(self, subtitle_file: Path) -> subtitle_files.SubtitleImport:
        """Read existing subtitles off the GUI thread and open them when read (to edit and
        re-time), paired with the media file of the same name beside them if there is one (for
        the waveform, playback and video). Returns at once; the import's ``finished`` signal
        and ``session`` tell the outcome."""
        media = next(
            (
                m
                for m in sorted(subtitle_file.parent.glob(subtitle_file.stem + ".*"))
                if m.suffix.lower() in MEDIA_EXTENSIONS
            ),
            None,
        )
        # Only the paired media's frame rate is "the video's": the selected row's file may have
        # nothing to do with this subtitle file.
        job = subtitle_files.SubtitleImport(self, subtitle_file, self.preset.frame_rate, media)
        job.finished.connect(lambda loaded: self._on_import_finished(job, media, loaded))
        self._imports.append(job)
        self.import_busy.show()
        self.statusBar().showMessage(self.tr("Reading {0}…").format(subtitle_file.name))
        job.start()
        return job

    def import_subtitle_file(self, subtitle_file: Path) -> FileSession | None:
        """:meth:`start_import`, waiting (with the event loop running) until the file is open;
        None when it could not be read (the reason was shown) or the user cancelled. For
        scripts and tests: the menu does not wait."""
        job = self.start_import(subtitle_file)
        if not job.done:
            loop = QEventLoop()
            job.finished.connect(loop.quit)
            loop.exec()
        return job.session

    def _on_import_finished(
        self, job: subtitle_files.SubtitleImport, media: Path | None, loaded: LoadedFile | None
    ) -> None:
        self._imports.remove(job)
        self.import_busy.setVisible(bool(self._imports))
        name = job.path.name
        if loaded is None:  # shown to the user; the files already open are not touched
            self.statusBar().showMessage(self.tr("{0} was not imported").format(name), 10_000)
            return
        session = self.sessions.create(media or job.path, self.preset, loaded.document, origin="imported")
        session.frame_rate, session.vtt_blocks = loaded.frame_rate, loaded.vtt_blocks
        session.exported = True  # as read from its file: nothing to lose until it is edited
        job.session = session
        self.queue_finished(session, f"import-{name}", origin="imported")
        message = self.tr("Imported {0} cues from {1} ({2}, {3})").format(
            session.model.rowCount(), name, loaded.format, loaded.encoding
        )
        if job.rate_chosen is not None:
            message += self.tr(", times at {0} fps as chosen").format(frame_rate_name(job.rate_chosen))
        elif loaded.frame_rate is not None:
            message += self.tr(", times at {0} fps as the file says").format(
                frame_rate_name(loaded.frame_rate)
            )
        if loaded.warnings:
            message += self.tr("; {0} note(s) on what was changed or left out").format(len(loaded.warnings))
        self.statusBar().showMessage(message, 15_000)
        subtitle_files.show_notes(self, name, loaded.warnings)

    def load_project_file(self, project_file: Path) -> FileSession | None:
        """Open a saved project as a finished file in the queue (editable and exportable)."""
        try:
            session = self.sessions.open_project(project_file, self.preset)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, self.tr("Cannot open project"), str(error))
            return None
        self.queue_finished(session, f"project-{project_file.stem}", origin="project")
        return session

    def queue_finished(self, session: FileSession, tag: str, origin: str) -> None:
        """A transcript that needs no engine as a done row, selected, labelled by ``origin``
        ("recovered", "imported", "project"). A session whose path is no media file (subtitles
        imported with no media beside them) gets nothing to play when selected."""
        row = self.queue_model.add_recovered(
            session.path, session.model.rowCount(), session.failed_spans, origin
        )
        session.job_id = f"{tag}-{row}"  # a key for the queue only; no engine job has this id
        self.queue_model.set_job(row, session.job_id)
        self.queue_view.selectRow(row)

    def export_current(self) -> None:
        self.exports.export_current()

    def export_with(
        self, session: FileSession, target: Path, options: ExportOptions, overwrite: bool
    ) -> bool:
        return self.exports.export_with(session, target, options, overwrite)

    def export_all(self) -> None:
        self.exports.export_all()

    def export_finished(self, folder: Path, formats: list[str]) -> list[Path]:
        return self.exports.export_finished(folder, formats)

    # ---------------------------------------------------------------- settings and closing

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            self.apply_settings(dialog.settings())

    def manage_models(self) -> None:
        from gui.views.model_manager import ModelManagerDialog

        def lines(text: str) -> list[str]:
            return [line for line in text.splitlines() if line.strip()]

        dialog = ModelManagerDialog(
            self, lines(self.settings.model_folders), lines(self.settings.model_repos)
        )
        dialog.model_chosen.connect(lambda name: self.apply_settings(replace(self.settings, model=name)))
        dialog.folders_changed.connect(
            lambda: self.apply_settings(
                replace(
                    self.settings,
                    model_folders="\n".join(dialog.extra_folders()),
                    model_repos="\n".join(dialog.extra_repos()),
                )
            )
        )
        dialog.exec()

    def apply_settings(self, settings: AppSettings) -> None:
        old, self.settings = self.settings, settings
        if self._persist:
            save_settings(settings)
        for session in self.sessions.sessions:
            session.model.set_preset(self.settings.subtitle_preset(session.language))
        if settings.engine_config() != old.engine_config():
            self.engine.configure(settings.engine_config())

    def offer_recovery(self) -> None:
        """Damaged autosaves reported, then each transcript left unsaved offered back (gui.safekeeping)."""
        self.safekeeping.offer_recovery()

    def recover(self, project_files: Iterable[Path]) -> list[FileSession]:
        return self.safekeeping.recover(project_files)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Asks first when work is neither exported nor saved; what is kept is offered at the next start."""
        if not self.safekeeping.confirm_close():
            event.ignore()
            return
        self.editor.player.stop()
        self.engine.shutdown()
        event.accept()
