"""Subtitle files in and out of the window: reading with the user's say on an unsure encoding,
writing as the Export dialog asked, and every refusal shown in a dialog, never on stderr.

    read():   io.read -> unsure encoding? -> EncodingDialog -> io.read(encoding=pick) -> LoadedFile
    export(): sessions.export -> SubtitleFileError? -> message naming the cue, and "Save as
              SubRip/WebVTT" where those formats would take the cues (the format was the cause)

The file formats, encodings and limits are engine.subtitles.io's; nothing here clamps or
rewrites a cue, and io.save writes atomically, so a refused export leaves no file behind.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from engine.subtitles.encodings import EncodingGuess
from engine.subtitles.io import LoadedFile, SubtitleFileError, format_for
from gui import sessions
from gui.sessions import FileSession
from gui.views.subtitle_dialogs import EncodingDialog, ExportOptions

log = logging.getLogger(__name__)


def choose_encoding(parent: QWidget | None, file_name: str, guess: EncodingGuess) -> str | None:
    """Ask which reading of an unsure file is right; None when the user cancels."""
    dialog = EncodingDialog(file_name, guess, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def read(parent: QWidget | None, path: Path, frame_rate: float) -> LoadedFile | None:
    """``path`` read, in the encoding the user picks when the guess is unsure; None when it
    cannot be read (the reason is shown) or the user cancels. What the reader dropped on the
    way (LoadedFile.warnings) is shown too."""
    from engine.subtitles.io import read as read_file

    try:
        loaded = read_file(path, frame_rate=frame_rate)
        guess = loaded.encoding_guess
        if guess is not None and guess.unsure:
            encoding = choose_encoding(parent, path.name, guess)
            if encoding is None:
                return None
            if encoding != loaded.encoding:
                loaded = read_file(path, frame_rate=frame_rate, encoding=encoding)
    except (OSError, ValueError, UnicodeError) as error:  # SubtitleFileError is a ValueError
        QMessageBox.warning(parent, QCoreApplication.translate("SubtitleFiles", "Cannot import subtitles"), str(error))
        return None
    if loaded.warnings:
        notes = "\n".join(f"• {w}" for w in loaded.warnings)  # the engine's words, like its errors
        title = QCoreApplication.translate("SubtitleFiles", "Imported with notes")
        QMessageBox.information(parent, title, f"{path.name}:\n{notes}")
    return loaded


def export(parent: QWidget | None, session: FileSession, target: Path, options: ExportOptions,
           overwrite: bool) -> Path | None:  # fmt: skip
    """Write as the Export dialog asked; the file written, or None. A refusal (a time the
    format cannot hold, a character the encoding cannot) is shown naming the cue and nothing
    is written; where the format was the cause, the user may save as SubRip or WebVTT instead."""
    info = options.format
    try:
        sessions.export(session, target, overwrite, info.name, encoding=options.encoding,
                        line_ending=options.line_ending, frame_rate=options.frame_rate)  # fmt: skip
    except SubtitleFileError as error:
        others = [] if info.name in ("srt", "vtt") else _formats_that_take(session, options)
        title = QCoreApplication.translate("SubtitleFiles", "Export failed")
        box = QMessageBox(QMessageBox.Icon.Warning, title, str(error), QMessageBox.StandardButton.Cancel, parent)
        save_as = QCoreApplication.translate("SubtitleFiles", "Save as {0}")
        buttons = {box.addButton(save_as.format(format_for("", fmt).label), QMessageBox.ButtonRole.AcceptRole): fmt
                   for fmt in others}  # fmt: skip
        box.exec()
        fmt = next((f for button, f in buttons.items() if button is box.clickedButton()), None)
        if fmt is None:
            return None
        other = format_for("", fmt)
        return export(parent, session, target.with_suffix(other.extension), replace(options, format=other), False)
    except (OSError, ValueError) as error:
        QMessageBox.warning(parent, QCoreApplication.translate("SubtitleFiles", "Export failed"), str(error))
        return None
    session.exported = True
    return target


def _formats_that_take(session: FileSession, options: ExportOptions) -> list[str]:
    """SubRip and WebVTT, where each writes these cues in this encoding (tried in a scratch
    folder): then the format, not the text, was what could not hold them."""
    fits = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("srt", "vtt"):
            try:
                sessions.export(session, Path(folder) / f"probe.{fmt}", False, fmt, encoding=options.encoding)
            except (OSError, ValueError) as error:
                log.debug("%s would not take the cues either: %s", fmt, error)
                continue
            fits.append(fmt)
    return fits
