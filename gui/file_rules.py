"""Each open file's own rules: its preset and its frame rate.

    preset:     the file's choice (FileSession.preset_choice, a PRESETS id)
                else the Preferences' preset, "auto" resolved by the file's language
                (presets.resolve through AppSettings.rules, as the CLI resolves it)
    frame rate: the file's choice (FileSession.rate_choice, frames/s)
                else its video stream's (engine.media_probe.probe_frame_rate, read once)
                else the rate an imported subtitle file declared (MicroDVD)
                else the preset's

The cue model checks the file against ``effective_preset`` (the preset with the file's frame
rate, so a frame-based rule or nudge counts the file's frames), shows and takes times as
H:MM:SS:FF at that rate when the frames view is on, and exports write frame-based formats at
that rate. Both choices are kept in the project file and its autosave (gui.sessions).
"""

from __future__ import annotations

import dataclasses
import logging

from engine.subtitles.presets import PRESETS, Preset, Rules
from gui.sessions import FileSession
from gui.settings import AppSettings
from gui.views.video_preview import VIDEO_EXTENSIONS

log = logging.getLogger(__name__)

__all__ = ["effective_preset", "file_frame_rate", "file_rules", "rate_source", "video_frame_rate"]


def file_rules(settings: AppSettings, session: FileSession) -> Rules:
    """The preset (the file's own rate not applied) and Chinese mode the file is segmented and
    checked by: its chosen preset, else the Preferences' for its language."""
    choice = session.preset_choice
    if choice in PRESETS:
        return dataclasses.replace(settings, preset=choice).rules(session.language)
    return settings.rules(session.language)


def video_frame_rate(session: FileSession) -> float | None:
    """The frame rate of the file's video stream (frames/s), probed once; None for audio."""
    if not session.video_rate_probed:
        session.video_rate_probed = True
        if session.path.suffix.lower() in VIDEO_EXTENSIONS and session.path.is_file():
            from engine.media_probe import probe_frame_rate

            rate = probe_frame_rate(session.path)
            session.video_rate = rate if rate and 1.0 <= rate <= 300.0 else None
            log.debug("video frame rate of %s: %s", session.path, session.video_rate)
    return session.video_rate


def rate_source(settings: AppSettings, session: FileSession) -> tuple[float, str]:
    """The frame rate the file gets when none is chosen, and where it comes from: "video",
    "subtitles" (the imported file declared it) or "preset"."""
    video = video_frame_rate(session)
    if video:
        return video, "video"
    if session.frame_rate:
        return session.frame_rate, "subtitles"
    return file_rules(settings, session).preset.frame_rate, "preset"


def file_frame_rate(settings: AppSettings, session: FileSession) -> float:
    """The file's frame rate (frames/s): its choice, else :func:`rate_source`'s."""
    return session.rate_choice or rate_source(settings, session)[0]


def effective_preset(settings: AppSettings, session: FileSession) -> Preset:
    """What the file's quality checks and exports use: its preset at its frame rate."""
    return file_rules(settings, session).preset.replace(frame_rate=file_frame_rate(settings, session))
