"""Subtitles out of the window: writing as the Export dialog asked, every refusal in a dialog.

    export(): what the format cannot hold? ask: export anyway / choose another format (Export dialog)
              sessions.export -> SubtitleFileError? -> message naming the cue, and "Save as
              SubRip/WebVTT" where those formats would take the cues (the format was the cause)

The formats, encodings and limits are engine.subtitles.io's; nothing here clamps or rewrites a
cue, and io.save writes atomically, so a refused export leaves no file behind. Reading files in
is gui.subtitle_files (which re-exports :func:`export`). Strings keep the "SubtitleFiles"
translation context.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from engine.subtitles.document import format_ms
from engine.subtitles.io import SubtitleFileError, format_for
from engine.subtitles.translation import ExportText, NoTranslationError, export_cues
from gui import sessions
from gui.sessions import FileSession
from gui.views.subtitle_dialogs import ExportDialog, ExportOptions

log = logging.getLogger(__name__)


def export(
    parent: QWidget | None, session: FileSession, target: Path, options: ExportOptions, overwrite: bool
) -> Path | None:
    """Write as the Export dialog asked; the file written, or None. What the format cannot
    hold (colour, position, italics ..., :func:`engine.subtitles.losses.export_losses`) is asked
    about first: export anyway, or choose another format. A refusal (a time the format cannot
    hold, a character the encoding cannot) is shown naming the cue and nothing is written; where
    the format was the cause, the user may save as SubRip or WebVTT instead."""
    info = options.format
    answer = _ask_losses(parent, session, options)
    if answer is None:
        return None
    if answer != options:
        other = answer.format
        return export(
            parent,
            session,
            target.with_suffix(other.extension),
            answer,
            overwrite and other.extension == info.extension,
        )
    try:
        sessions.export(
            session,
            target,
            overwrite,
            info.name,
            encoding=options.encoding,
            line_ending=options.line_ending,
            frame_rate=options.frame_rate,
            karaoke=options.karaoke,
            text=options.text,
        )
    except SubtitleFileError as error:
        others = [] if info.name in ("srt", "vtt") else _formats_that_take(session, options)
        title = QCoreApplication.translate("SubtitleFiles", "Export failed")
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, str(error), QMessageBox.StandardButton.Cancel, parent
        )
        save_as = QCoreApplication.translate("SubtitleFiles", "Save as {0}")
        buttons = {
            box.addButton(save_as.format(format_for("", fmt).label), QMessageBox.ButtonRole.AcceptRole): fmt
            for fmt in others
        }
        box.exec()
        fmt = next((f for button, f in buttons.items() if button is box.clickedButton()), None)
        if fmt is None:
            return None
        other = format_for("", fmt)
        return export(
            parent,
            session,
            target.with_suffix(other.extension),
            replace(options, format=other, karaoke=False),
            False,
        )
    except (OSError, ValueError) as error:
        QMessageBox.warning(parent, QCoreApplication.translate("SubtitleFiles", "Export failed"), str(error))
        return None
    session.exported = True
    return target


def _ask_losses(parent: QWidget | None, session: FileSession, options: ExportOptions) -> ExportOptions | None:
    """``options`` when the format keeps everything or the user exports anyway; the options
    of another format the user chose in the Export dialog; None when cancelled."""
    from engine.subtitles.losses import export_losses

    # with karaoke an imported WebVTT's inline word times are written, as \k tags: not lost
    try:
        cues = export_cues(session.model.document.cues, options.text)
    except NoTranslationError:
        return options  # nothing to lose: the export itself refuses, in words
    losses = list(
        export_losses(
            cues,
            options.format.name,
            vtt_blocks=session.vtt_blocks,
            imported=session.origin == "imported" and not options.karaoke,
        )
    )
    untranslated = [c for c in session.model.document.cues if not c.translation.strip()]
    if options.text is ExportText.TRANSLATION and untranslated:  # never left out without a word
        losses.insert(
            0,
            QCoreApplication.translate(
                "SubtitleFiles", "{0} of {1} cues have no translation and are left out (the first at {2})"
            ).format(
                len(untranslated), len(session.model.document.cues), format_ms(untranslated[0].start_ms)
            ),
        )
    if not losses:
        return options
    title = QCoreApplication.translate("SubtitleFiles", "Export loses styling")
    text = QCoreApplication.translate("SubtitleFiles", "{0} cannot hold everything these subtitles have:")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text.format(options.format.label),
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText("\n".join(f"• {loss}" for loss in losses))
    anyway = box.addButton(
        QCoreApplication.translate("SubtitleFiles", "Export anyway"), QMessageBox.ButtonRole.AcceptRole
    )
    other = box.addButton(
        QCoreApplication.translate("SubtitleFiles", "Choose another format"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.setDefaultButton(other)
    box.exec()
    clicked = box.clickedButton()
    if clicked is anyway:
        return options
    if clicked is not other:
        return None
    rate = options.frame_rate or session.frame_rate or session.model.preset.frame_rate
    dialog = ExportDialog(rate, options.format.name, parent)
    dialog.karaoke.setChecked(options.karaoke)
    dialog.set_text(options.text)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _formats_that_take(session: FileSession, options: ExportOptions) -> list[str]:
    """SubRip and WebVTT, where each writes these cues in this encoding (tried in a scratch
    folder): then the format, not the text, was what could not hold them."""
    fits = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("srt", "vtt"):
            try:
                sessions.export(
                    session,
                    Path(folder) / f"probe.{fmt}",
                    False,
                    fmt,
                    encoding=options.encoding,
                    text=options.text,
                )
            except (OSError, ValueError) as error:
                log.debug("%s would not take the cues either: %s", fmt, error)
                continue
            fits.append(fmt)
    return fits
