"""Writing subtitle files from the window: the Export dialog, Export all finished, and auto-export
when a transcription finishes. gui.subtitle_files.export writes and shows any refusal; an export
the user asked for takes the transcript out of recovery (FileSession.exported).

Strings keep the "MainWindow" translation context they had there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from engine.subtitles import io
from engine.subtitles.translation import ExportText, has_translation
from gui import subtitle_files
from gui.file_rules import file_frame_rate
from gui.sessions import FileSession
from gui.views.subtitle_dialogs import ExportDialog, ExportOptions

if TYPE_CHECKING:
    from gui.main_window import MainWindow


translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls


def suggested_name(media: Path, extension: str, text: ExportText, language: str | None) -> Path:
    """Where the save dialog starts: beside the media, named after it, with the translation's
    language before the extension (``film.fr.srt``, as players pick a subtitle language from
    the name), or ``film.bilingual.ass`` for both texts; ``film.srt`` for the original."""
    if text is ExportText.ORIGINAL:
        return media.with_suffix(extension)
    tag = "bilingual" if text is ExportText.BOTH else (language or "translation")
    return media.with_name(f"{media.stem}.{tag}{extension}")


class Exports:
    """Acts for one MainWindow."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def export_current(self) -> None:
        """The Export dialog (format, frame rate, encoding, line ending), then where to save."""
        window = self.window
        session = window.current_session()
        if session is None:
            return
        dialog = ExportDialog(file_frame_rate(window.settings, session), parent=window)  # the file's own
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        options = dialog.options()
        info = options.format
        if options.text is not ExportText.ORIGINAL and not has_translation(session.model.document.cues):
            QMessageBox.warning(
                window,
                translate("MainWindow", "No translation to export"),
                translate(
                    "MainWindow",
                    "No cue has a translation yet. Type the translation in the Translation"
                    " column first, or export the original text.",
                ),
            )
            return
        name, _ = QFileDialog.getSaveFileName(
            window,
            translate("MainWindow", "Export subtitles"),
            str(
                suggested_name(
                    session.path, info.extension, options.text, session.model.document.translation_language
                )
            ),
            f"{info.label} (*{info.extension})",
        )
        if name:  # the dialog has already asked about replacing an existing file
            self.export_with(session, Path(name), options, overwrite=True)

    def export_with(
        self, session: FileSession, target: Path, options: ExportOptions, overwrite: bool
    ) -> bool:
        """Write as the Export dialog asked (gui.subtitle_files.export shows any refusal)."""
        written = subtitle_files.export(self.window, session, target, options, overwrite)
        if written is not None:
            self.window.statusBar().showMessage(translate("MainWindow", "Saved {0}").format(written), 10_000)
        return written is not None

    def export_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, translate("MainWindow", "Export all finished files to")
        )
        if folder:
            self.export_finished(Path(folder), self.window.settings.export_formats())

    def export_finished(self, folder: Path, formats: list[str]) -> list[Path]:
        """Export every finished file; existing files are kept and reported."""
        window = self.window
        written, skipped = [], []
        for row in range(window.queue_model.rowCount()):
            item = window.queue_model.item(row)
            session = window.sessions.by_job(item.job_id) if item.job_id else None
            if session is None or item.status.name != "DONE":
                continue
            for fmt in formats:
                target = folder / f"{item.path.stem}.{fmt}"
                if target.exists():
                    skipped.append(target)
                elif self._export(session, target, overwrite=False):
                    written.append(target)
        if skipped:
            QMessageBox.information(
                window,
                translate("MainWindow", "Export"),
                translate("MainWindow", "Kept existing files:\n{0}").format(
                    "\n".join(str(p) for p in skipped)
                ),
            )
        return written

    def auto_export(self, session: FileSession) -> None:
        """When a transcription finishes: each format of the settings beside the media (or in
        the export folder); an existing file is kept and said so."""
        settings = self.window.settings
        folder = Path(settings.export_folder) if settings.export_folder else session.path.parent
        for fmt in settings.export_formats():
            target = folder / f"{session.path.stem}.{fmt}"
            if target.exists():
                self.window.statusBar().showMessage(
                    translate("MainWindow", "{0} exists; not replaced").format(target), 15_000
                )
                continue
            self._export(session, target, overwrite=False)

    def _export(self, session: FileSession, target: Path, overwrite: bool) -> bool:
        """Export all and auto-export: the format from the extension, UTF-8, the usual line ending."""
        try:
            info = io.format_for(target)
        except ValueError as error:
            QMessageBox.warning(self.window, translate("MainWindow", "Export failed"), str(error))
            return False
        return self.export_with(
            session, target, ExportOptions(info, line_ending=io.default_line_ending(info.name)), overwrite
        )
