"""Files into the window's queue: media to transcribe, subtitles to import, projects to open,
and the queue's own requests (cancel, another audio stream, remove).

A media file gets a session (gui.sessions) and an engine job; imports are read off the GUI
thread (gui.subtitle_files.SubtitleImport) and, like projects, become done rows that need no
engine. Strings keep the "MainWindow" translation context they had there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QItemSelectionModel
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.protocol import Task
from engine.subtitles.glossary import GlossaryError, load_glossary
from engine.subtitles.io import LoadedFile
from gui import subtitle_files
from gui.sessions import FileSession
from gui.views.queue_view import MEDIA_EXTENSIONS, media_files
from gui.views.retime_dialogs import frame_rate_name

if TYPE_CHECKING:
    from gui.main_window import MainWindow

translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls
# Dropped files with these suffixes are imported, not transcribed (the Import dialog's formats
# whose suffix says nothing else: .json and .txt may be anything).
SUBTITLE_SUFFIXES = frozenset({".srt", ".ass", ".ssa", ".vtt", ".sub", ".ttml", ".dfxp", ".smi", ".mpl"})


class FileQueue:
    """Acts for one MainWindow: connected to its queue view at construction."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._imports: list[subtitle_files.SubtitleImport] = []
        view = window.queue_view
        view.files_dropped.connect(self.add_files)
        view.cancel_requested.connect(self._on_queue_cancel_requested)
        view.remove_requested.connect(self._on_queue_remove_requested)
        view.audio_stream_requested.connect(self._on_queue_audio_stream_requested)

    def open_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(MEDIA_EXTENSIONS))
        names, _ = QFileDialog.getOpenFileNames(
            self.window,
            translate("MainWindow", "Open audio or video"),
            "",
            translate("MainWindow", "Media ({0});;All files (*)").format(patterns),
        )
        self.add_files([Path(n) for n in names])

    def open_dropped(self, paths: Sequence[Path]) -> None:
        """Files dropped on the window: projects (.wfsproj) open, subtitle files are imported,
        and the rest (media, folders) are queued for transcription."""
        media = []
        for path in paths:
            suffix = path.suffix.lower()
            if suffix == ".wfsproj" and path.is_file():
                self.load_project_file(path)
            elif suffix in SUBTITLE_SUFFIXES and path.is_file():
                self.start_import(path)
            else:
                media.append(path)
        if media:
            self.add_files(media)

    def add_files(self, paths: Iterable[Path]) -> None:
        """Queue files (folders are expanded) and hand them to the engine at once; for a file
        already open the user chooses to see it or transcribe it again (gui.safekeeping)."""
        window, queue = self.window, self.window.queue_model
        new, again = window.safekeeping.sort_out_open(media_files([Path(p) for p in paths]))
        versions = [queue.add_with_stream(row, queue.item(row).audio_stream) for row in again]
        for row in queue.add_files(new) + versions:
            self._submit(row)
            if window.queue_view.currentIndex().row() < 0 or row in versions[:1]:  # a new version is shown
                window.queue_view.selectRow(row)

    def _submit(self, row: int) -> None:
        """Give a queued row its transcript and hand its file to the engine."""
        window = self.window
        item = window.queue_model.item(row)
        settings = window.settings
        try:  # read now: a file changed later applies to the files added after
            glossary = load_glossary(settings.glossary) if settings.glossary.strip() else None
        except GlossaryError as error:
            window.queue_model.mark_failed(
                row,
                translate(
                    "MainWindow",
                    "{0}. Fix the glossary, or clear it in Settings › Preferences, then add the file again.",
                ).format(str(error).rstrip(".")),
            )
            return
        session = window.sessions.create(item.path, window.preset)
        window.apply_file_rules(session)  # gui.file_rules: its preset and frame rate
        options = replace(settings.job_options(), audio_stream=item.audio_stream)
        job_id = window.engine.submit(str(item.path), options)
        session.job_id, session.audio_stream = job_id, item.audio_stream
        session.translated = options.task is Task.TRANSLATE
        session.glossary = glossary  # applied with the cues, after the Chinese conversion (LiveCues)
        window.queue_model.set_job(row, job_id)
        if window.queue_view.currentIndex().row() == row:  # made current before it had a transcript
            window.show_current_file()

    def _on_queue_cancel_requested(self, row: int) -> None:
        job_id = self.window.queue_model.item(row).job_id
        if job_id:
            self.window.engine.cancel(job_id)

    def _on_queue_audio_stream_requested(self, row: int, number: int) -> None:
        """Transcribe the file again from another audio stream, in a new row: the old row keeps
        its transcript and any edits (a row still running is cancelled, its cues kept)."""
        item = self.window.queue_model.item(row)
        if item.status.is_active:
            if item.audio_stream == number:
                return
            if item.job_id:
                self.window.engine.cancel(item.job_id)
        new_row = self.window.queue_model.add_with_stream(row, number)
        self._submit(new_row)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.window.queue_view.selectionModel().setCurrentIndex(
            self.window.queue_model.index(new_row, 0), flags
        )  # only the new row
        self.window.statusBar().showMessage(
            translate("MainWindow", "Transcribing {0} again from audio stream #{1}").format(
                item.path.name, number
            ),
            10_000,
        )

    def _on_queue_remove_requested(self, rows: list[int]) -> None:
        for row in rows:
            job_id = self.window.queue_model.item(row).job_id
            if job_id:
                self.window.engine.cancel(job_id)
                session = self.window.sessions.by_job(job_id)
                if session is not None:
                    self.window.sessions.remove(session)
        self.window.queue_model.remove_rows(rows)

    def open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            translate("MainWindow", "Open project"),
            "",
            translate("MainWindow", "Whisper for Subs project (*.wfsproj)"),
        )
        if name:
            self.load_project_file(Path(name))

    def import_subtitles(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            translate("MainWindow", "Import subtitles"),
            "",
            translate(
                "MainWindow",
                "Subtitles (*.srt *.ass *.ssa *.vtt *.sub *.ttml *.dfxp *.smi *.mpl *.json *.txt);;All files (*)",
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
        job = subtitle_files.SubtitleImport(self.window, subtitle_file, self.window.preset.frame_rate, media)
        job.finished.connect(lambda loaded: self._on_import_finished(job, media, loaded))
        self._imports.append(job)
        self.window.import_busy.show()
        self.window.statusBar().showMessage(
            translate("MainWindow", "Reading {0}…").format(subtitle_file.name)
        )
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
        self.window.import_busy.setVisible(bool(self._imports))
        name = job.path.name
        if loaded is None:  # shown to the user; the files already open are not touched
            self.window.statusBar().showMessage(
                translate("MainWindow", "{0} was not imported").format(name), 10_000
            )
            return
        session = self.window.sessions.create(
            media or job.path, self.window.preset, loaded.document, origin="imported"
        )
        session.frame_rate, session.vtt_blocks = loaded.frame_rate, loaded.vtt_blocks
        session.exported = True  # as read from its file: nothing to lose until it is edited
        job.session = session
        self.queue_finished(session, f"import-{name}", origin="imported")
        message = translate("MainWindow", "Imported {0} cues from {1} ({2}, {3})").format(
            session.model.rowCount(), name, loaded.format, loaded.encoding
        )
        if job.rate_chosen is not None:
            message += translate("MainWindow", ", times at {0} fps as chosen").format(
                frame_rate_name(job.rate_chosen)
            )
        elif loaded.frame_rate is not None:
            message += translate("MainWindow", ", times at {0} fps as the file says").format(
                frame_rate_name(loaded.frame_rate)
            )
        if loaded.warnings:
            message += translate("MainWindow", "; {0} note(s) on what was changed or left out").format(
                len(loaded.warnings)
            )
        self.window.statusBar().showMessage(message, 15_000)
        subtitle_files.show_notes(self.window, name, loaded.warnings)

    def load_project_file(self, project_file: Path) -> FileSession | None:
        """Open a saved project as a finished file in the queue (editable and exportable)."""
        try:
            session = self.window.sessions.open_project(project_file, self.window.preset)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self.window, translate("MainWindow", "Cannot open project"), str(error))
            return None
        self.queue_finished(session, f"project-{project_file.stem}", origin="project")
        return session

    def queue_finished(self, session: FileSession, tag: str, origin: str) -> None:
        """A transcript that needs no engine as a done row, selected, labelled by ``origin``
        ("recovered", "imported", "project"). A session whose path is no media file (subtitles
        imported with no media beside them) gets nothing to play when selected."""
        row = self.window.queue_model.add_recovered(
            session.path, session.model.rowCount(), session.failed_spans, origin
        )
        session.job_id = f"{tag}-{row}"  # a key for the queue only; no engine job has this id
        self.window.queue_model.set_job(row, session.job_id)
        self.window.apply_file_rules(session)  # its own preset and frame rate (gui.file_rules)
        self._show_row(row)

    def _show_row(self, row: int) -> None:
        """Make ``row`` the current file, its cues in the editor. The view may have made it
        current already, when it was inserted and had no transcript yet (a view that takes the
        focus picks its first row): then the editor is told again, now that it has one."""
        if self.window.queue_view.currentIndex().row() == row:
            self.window.show_current_file()
        else:
            self.window.queue_view.selectRow(row)
