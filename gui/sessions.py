"""One open file's transcript: its cue model, where it autosaves, and how it is exported.

Autosave writes a project file (engine.subtitles.project) a second after the last change, into
the app's autosave folder. A clean exit removes it only for transcripts that were exported since
their last change, so what is found there at start-up is work not yet exported (after a crash or
not), and the window offers it back.

A project also notes the stretches the engine could not transcribe (in its settings, as
``failed_stretches``), so a recovered or reopened transcript still shows its holes; exported
subtitles never contain them. It also keeps what an imported subtitle file carried beside its
cues (its frame rate, a WebVTT's header and STYLE/REGION blocks), so an export after reopening
writes them as an export before would have.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from engine.protocol import JobFinished, Segment, StretchFailed
from engine.subtitles.document import Document
from engine.subtitles.io import save
from engine.subtitles.presets import Preset
from engine.subtitles.project import MediaFingerprint, fingerprint, load_project, save_project
from engine.subtitles.segmentation import segments_to_cues
from gui.failed_stretches import FailedStretch
from gui.models.cue_model import CueTableModel

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 1000


def autosave_dir() -> Path:
    root = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(root or Path.home() / ".whisper-for-subs") / "autosave"


@dataclass
class FileSession:
    path: Path
    model: CueTableModel
    job_id: str | None = None
    language: str | None = None
    duration_ms: int = 0  # the decoded audio's length once the file is planned; 0 until then
    audio_stream: int | None = None  # the audio stream transcribed (1-based); None: not known yet
    segments: list[Segment] = field(default_factory=list)
    autosave_path: Path | None = None
    media: MediaFingerprint | None = None  # computed once, for cheap autosaves
    exported: bool = False  # exported since the last change
    frame_rate: float | None = None  # an imported file's own frame rate (MicroDVD), for export
    vtt_blocks: tuple[str, ...] = ()  # an imported WebVTT's header and STYLE/REGION blocks, written back to VTT

    @property
    def failed_stretches(self) -> tuple[FailedStretch, ...]:
        """Stretches the engine could not transcribe (kept by the cue model, beside the document)."""
        return self.model.failed_stretches

    @property
    def failed_spans(self) -> tuple[tuple[int, int], ...]:
        """The same as (start_ms, end_ms) pairs, as the queue row counts them."""
        return tuple((s.start_ms, s.end_ms) for s in self.model.failed_stretches)


class SessionStore(QObject):
    """Creates sessions, feeds them streamed segments and autosaves them."""

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder or autosave_dir()
        self.sessions: list[FileSession] = []
        self._dirty: set[int] = set()
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def create(self, path: Path, preset: Preset, document: Document | None = None) -> FileSession:
        model = CueTableModel(document or Document(), preset)
        digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]
        taken = {s.autosave_path for s in self.sessions}
        autosave = self.folder / f"{digest}.wfsproj"
        copy = 1
        while autosave in taken:  # the same file twice (e.g. another audio stream): one autosave each
            copy += 1
            autosave = self.folder / f"{digest}-{copy}.wfsproj"
        session = FileSession(path, model, autosave_path=autosave)
        self.sessions.append(session)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(lambda *_, s=session: self.touch(s))
        return session

    def remove(self, session: FileSession) -> None:
        self.sessions.remove(session)
        self._dirty.discard(id(session))
        if session.autosave_path is not None:
            session.autosave_path.unlink(missing_ok=True)

    def by_job(self, job_id: str) -> FileSession | None:
        return next((s for s in self.sessions if s.job_id == job_id), None)

    def add_segments(self, session: FileSession, segments: list[Segment], preset: Preset, chinese: str) -> int:
        """Turn one batch of streamed segments into cues and append them; returns how many."""
        session.segments += segments
        ordered = sorted(segments, key=lambda s: s.start_ms)
        cues = segments_to_cues(ordered, preset, language=session.language, chinese=chinese,
                                media_end_ms=session.duration_ms or None)
        return len(session.model.append_streamed(cues))

    def add_failed_stretches(self, session: FileSession, event: StretchFailed | JobFinished) -> bool:
        """Record the stretches an event says failed (a StretchFailed, or all of a finished job's,
        which repeat those already told); returns whether any was new. They are neither edits
        nor cues: exports hold only the cues (the project and its autosave note the holes)."""
        if isinstance(event, StretchFailed):
            stretches = [FailedStretch(event.start_ms, event.end_ms, event.reason)]
        else:
            stretches = [FailedStretch(start, end) for start, end in event.failed_stretches]
        added = session.model.add_failed_stretches(stretches)
        if added:
            self.touch(session)
        return added

    def touch(self, session: FileSession) -> None:
        session.exported = False
        self._dirty.add(id(session))
        self._timer.start()

    def flush(self) -> None:
        """Write every changed session's project file now (atomic; ~20 ms for 2,000 cues)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for session in self.sessions:
            if id(session) not in self._dirty or session.autosave_path is None:
                continue
            try:
                write_project(session, session.autosave_path, {})
            except OSError as error:
                log.warning("autosave of %s failed: %s", session.path, error)
        self._dirty.clear()

    def discard_autosaves(self) -> None:
        """At a clean exit, drop the autosaves of exported (or empty) transcripts only."""
        self._timer.stop()
        for session in self.sessions:
            empty = session.model.rowCount() == 0
            if session.autosave_path is not None and (session.exported or empty):
                session.autosave_path.unlink(missing_ok=True)

    def recoverable(self) -> list[Path]:
        return sorted(self.folder.glob("*.wfsproj")) if self.folder.is_dir() else []

    def recover(self, project_file: Path, preset: Preset) -> FileSession:
        """Reopen an autosave (which is then replaced by the new session's own autosave)."""
        session = self.open_project(project_file, preset)
        if session.autosave_path != project_file:
            project_file.unlink(missing_ok=True)
        return session

    def open_project(self, project_file: Path, preset: Preset) -> FileSession:
        """A saved project as a session; raises ProjectError (a ValueError) or OSError."""
        project = load_project(project_file)
        media = Path(project.media_path or project.settings.get("media_path") or project_file.stem)
        session = self.create(media, preset, project.document)
        session.model.add_failed_stretches(_stretches_from(project.settings.get("failed_stretches")))
        session.frame_rate, session.vtt_blocks = project.frame_rate, project.vtt_blocks
        return session


def _stretches_from(saved: object) -> list[FailedStretch]:
    """The holes a project noted as [[start_ms, end_ms, reason], ...]; what is malformed is skipped."""
    found = []
    for item in saved if isinstance(saved, list) else []:
        if (isinstance(item, list) and len(item) == 3 and all(type(v) is int for v in item[:2])
                and isinstance(item[2], str)):  # fmt: skip
            found.append(FailedStretch(item[0], item[1], item[2]))
        else:
            log.warning("a failed stretch in the project is not [start_ms, end_ms, reason]: %r", item)
    return found


def write_project(session: FileSession, target: Path, settings: dict[str, object]) -> None:
    """The cues with their words, the media's fingerprint (computed once), the settings and
    what the imported subtitle file carried (frame rate, WebVTT blocks).

    Always replaces ``target``: autosave owns its file, and the save dialog has already asked.
    """
    if session.media is None and session.path.is_file():
        session.media = fingerprint(session.path)
    noted: dict[str, object] = {"media_path": str(session.path)}
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
    """File › Save project: written, and the file counts as saved (the window's * goes)."""
    write_project(session, target, settings)
    session.model.undo_stack.setClean()


def export(
    session: FileSession,
    target: Path,
    overwrite: bool,
    fmt: str | None = None,
    *,
    encoding: str = "utf-8",
    line_ending: str = "\n",
    frame_rate: float | None = None,
) -> None:
    """Write the session's cues to ``target`` (format ``fmt``, else from the extension); an
    imported WebVTT's header and STYLE/REGION blocks go back into a VTT. SubtitleFileError (nothing
    written) for a time or a character the format or encoding cannot hold."""
    save(session.model.document, target, fmt, overwrite=overwrite, encoding=encoding, line_ending=line_ending,
         frame_rate=frame_rate or session.frame_rate or session.model.preset.frame_rate,
         vtt_blocks=session.vtt_blocks)  # fmt: skip
