"""A transcript on disk: its project file (autosave or File › Save project) and its exports.

A project notes beside the cues (engine.subtitles.project) what the document alone does not
hold: the stretches the engine could not transcribe (``failed_stretches``), whether the user
edited it (``edited``), where it came from (``origin``), the file's own preset and frame rates
(gui.file_rules) and what an imported subtitle file carried (its frame rate, a WebVTT's header
and STYLE/REGION blocks). :func:`read_noted` reads them back when a project is reopened or
recovered (gui.sessions.SessionStore.open_project); :func:`export` writes the cues a user asks for.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from engine.subtitles.io import save
from engine.subtitles.presets import PRESETS
from engine.subtitles.project import Project, fingerprint, save_project
from engine.subtitles.translation import ExportText, export_cues
from gui.failed_stretches import FailedStretch

if TYPE_CHECKING:
    from gui.sessions import FileSession

log = logging.getLogger(__name__)


def read_noted(session: FileSession, project: Project) -> None:
    """What ``project`` noted beside its cues, set on the session just made from it: its
    failed stretches, the imported file's frame rate and WebVTT blocks, whether it was edited,
    and the file's own rules; what is malformed is left out (logged)."""
    session.model.add_failed_stretches(_stretches_from(project.settings.get("failed_stretches")))
    session.frame_rate, session.vtt_blocks = project.frame_rate, project.vtt_blocks
    session.edited_before = project.settings.get("edited") is True
    _read_rules(session, project.settings)


def _stretches_from(saved: object) -> list[FailedStretch]:
    """The holes a project noted as [[start_ms, end_ms, reason], ...]; what is malformed is skipped."""
    found = []
    for item in saved if isinstance(saved, list) else []:
        if (
            isinstance(item, list)
            and len(item) == 3
            and all(type(v) is int for v in item[:2])
            and isinstance(item[2], str)
        ):
            found.append(FailedStretch(item[0], item[1], item[2]))
        else:
            log.warning("a failed stretch in the project is not [start_ms, end_ms, reason]: %r", item)
    return found


def _read_rules(session: FileSession, noted: dict[str, object]) -> None:
    """The file's own preset and frame rates as a project noted them (write_project); what is
    unknown or malformed is left out, so the file falls back to the Preferences' rules."""
    preset = noted.get("file_preset")
    if isinstance(preset, str) and preset in PRESETS:
        session.preset_choice = preset
    for key, attribute in (("file_frame_rate", "rate_choice"), ("video_frame_rate", "video_rate")):
        rate = noted.get(key)
        if isinstance(rate, int | float) and not isinstance(rate, bool) and 1.0 <= rate <= 300.0:
            setattr(session, attribute, float(rate))
    session.video_rate_probed = session.video_rate is not None


def write_project(session: FileSession, target: Path, settings: dict[str, object]) -> None:
    """The cues with their words, the media's fingerprint (computed once), the settings, the
    file's own preset and frame rates (in the settings: "file_preset", "file_frame_rate"
    chosen and "video_frame_rate" probed, frames/s; "preset" is the Preferences' one) and what the imported subtitle file carried (frame
    rate, WebVTT blocks).

    Always replaces ``target``: autosave owns its file, and the save dialog has already asked.
    """
    if session.media is None and session.path.is_file():
        session.media = fingerprint(session.path)
    noted: dict[str, object] = {
        "media_path": str(session.path),
        "origin": session.origin,
        "edited": session.edited,
    }
    if session.preset_choice is not None:
        noted["file_preset"] = session.preset_choice
    if session.rate_choice is not None:
        noted["file_frame_rate"] = session.rate_choice
    if session.video_rate is not None:
        noted["video_frame_rate"] = session.video_rate
    if session.failed_stretches:
        noted["failed_stretches"] = [[s.start_ms, s.end_ms, s.reason] for s in session.failed_stretches]
    save_project(
        target,
        session.model.document,
        media_path=session.path if session.media else None,
        media=session.media,
        settings={**settings, **noted},
        overwrite=True,
        frame_rate=session.frame_rate,
        vtt_blocks=session.vtt_blocks,
    )


def save_session_project(session: FileSession, target: Path, settings: dict[str, object]) -> None:
    """File › Save project: written, and the file counts as saved (the window's * goes, and
    the transcript leaves recovery until it changes again)."""
    write_project(session, target, settings)
    session.model.undo_stack.setClean()
    session.exported = True


def export(
    session: FileSession,
    target: Path,
    overwrite: bool,
    fmt: str | None = None,
    *,
    encoding: str = "utf-8",
    line_ending: str = "\n",
    frame_rate: float | None = None,
    karaoke: bool = False,
    text: ExportText = ExportText.ORIGINAL,
) -> None:
    """Write the session's cues to ``target`` (format ``fmt``, else from the extension); an
    imported WebVTT's header and STYLE/REGION blocks go back into a VTT. ``karaoke`` (ASS/SSA
    only, else ValueError) puts a ``\\k`` tag before each timed word. ``text``: the original,
    the translation or both (engine.subtitles.translation.export_cues; NoTranslationError, a
    ValueError, when nothing is translated). SubtitleFileError (nothing written) for a time or a
    character the format or encoding cannot hold."""
    save(
        export_cues(session.model.document.cues, text),
        target,
        fmt,
        overwrite=overwrite,
        encoding=encoding,
        line_ending=line_ending,
        karaoke=karaoke,
        frame_rate=frame_rate
        or session.rate_choice
        or session.video_rate
        or session.frame_rate
        or session.model.preset.frame_rate,
        vtt_blocks=session.vtt_blocks,
    )
