"""The window's part in "nothing lost" (issue 11): recovery at start, a file added twice, saving,
and quitting with unsaved work. Kept out of gui.main_window, which only calls it.

    start:  SessionStore.recoverable() -> damaged autosaves reported (set aside, window opens)
                                       -> RecoveryDialog: each transcript, checked to reopen
    add:    a file with a transcript in the queue -> show it / transcribe again / skip
    save:   File > Save project -> written, then out of recovery (gui.sessions)
    quit:   unsaved transcripts -> Save (as projects) / Discard / Cancel; autosaves of saved,
            exported or discarded work are removed, the rest stay for the next start

The questions are gui.views.recovery_dialog's ``ask_*`` functions, looked up at call time so
tests can answer them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.sessions import FileSession, save_session_project
from gui.views import recovery_dialog

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)


translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls


class Safekeeping:
    """Acts for one MainWindow; holds no state of its own."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # ------------------------------------------------------------ start

    def offer_recovery(self) -> None:
        """Report damaged autosaves (set aside), then offer back each transcript to choose."""
        window = self.window
        found = window.sessions.recoverable()
        if found.damaged:
            names = ", ".join(d.original.name for d in found.damaged)
            window.statusBar().showMessage(
                translate("MainWindow", "Damaged autosave set aside: {0}").format(names), 30_000
            )
            recovery_dialog.show_damaged(window, found.damaged)
        if not found.entries:
            return
        answer, chosen = recovery_dialog.ask_recovery(window, found.entries)
        if answer == recovery_dialog.RecoveryDialog.OPEN:
            self.recover([entry.autosave for entry in chosen])
        elif answer == recovery_dialog.RecoveryDialog.DELETE:
            for entry in chosen:
                entry.autosave.unlink(missing_ok=True)

    def recover(self, project_files: Iterable[Path]) -> list[FileSession]:
        """Reopen autosaves as done rows; one that cannot be read is named in the status bar."""
        window, opened = self.window, []
        for project_file in project_files:
            try:
                session = window.sessions.recover(project_file, window.preset)
            except (OSError, ValueError) as error:
                window.statusBar().showMessage(
                    translate("MainWindow", "Could not recover {0}: {1}").format(project_file.name, error)
                )
                continue
            window.queue_finished(session, f"recovered-{project_file.stem}", origin="recovered")
            opened.append(session)
        return opened

    # ------------------------------------------------------------ a file added twice

    def sort_out_open(self, paths: Iterable[Path]) -> tuple[list[Path], list[int]]:
        """Of ``paths``, those to queue as new files, and the rows whose file is to be
        transcribed again as a new version; for a file already open the user chooses (shown:
        its row is selected; skipped: nothing)."""
        window = self.window
        new: list[Path] = []
        again: list[int] = []
        for path in paths:
            row = self._row_with_transcript(path)
            if row is None:
                new.append(path)
                continue
            answer = recovery_dialog.ask_already_open(window, path)
            if answer == "open":
                window.queue_view.selectRow(row)
            elif answer == "again":
                again.append(row)
        return new, again

    def _row_with_transcript(self, path: Path) -> int | None:
        window, key = self.window, _key(path)
        found = None
        for row in range(window.queue_model.rowCount()):
            item = window.queue_model.item(row)
            if _key(item.path) == key and item.job_id and window.sessions.by_job(item.job_id) is not None:
                found = row
        return found

    # ------------------------------------------------------------ save and quit

    def save_project(self, session: FileSession) -> bool:
        """Ask where, then write ``session`` as a project; False when cancelled or it failed (said)."""
        window = self.window
        name, _ = QFileDialog.getSaveFileName(
            window,
            translate("MainWindow", "Save project"),
            str(session.path.with_suffix(".wfsproj")),
            translate("MainWindow", "Whisper for Subs project (*.wfsproj)"),
        )
        if not name:
            return False
        try:
            save_session_project(session, Path(name), {"preset": window.settings.preset})
        except (OSError, ValueError) as error:
            QMessageBox.warning(window, translate("MainWindow", "Save failed"), str(error))
            return False
        window.statusBar().showMessage(translate("MainWindow", "Saved {0}").format(name), 10_000)
        return True

    def confirm_close(self) -> bool:
        """Whether the window may close: asks when work is neither exported nor saved (Save as
        projects / Discard / Cancel, naming the files); then tidies the autosaves."""
        sessions = self.window.sessions
        unsaved = sessions.unsaved()
        if unsaved:
            answer = recovery_dialog.ask_unsaved(self.window, [s.path.name for s in unsaved])
            if answer == "cancel":
                return False
            if answer == "save":
                for session in unsaved:
                    if not self.save_project(session):
                        return False
            sessions.discard_autosaves(everything=answer == "discard")
            return True
        sessions.discard_autosaves()
        return True


def _key(path: Path) -> str:
    """The queue's rule for one file (gui.models.queue_model): absolute, case as the OS compares it."""
    return os.path.normcase(os.path.abspath(path))
