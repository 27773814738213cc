"""One open file's transcript: its cue model, where it autosaves, and how it is exported.

Every transcript has its own autosave file (``<media stem>-<random id>.wfsproj`` in the app's
autosave folder), never shared with another row of the same media file, nor with an autosave
left by an earlier run. It is written (engine.subtitles.project, atomic) one second after the
last change, and at most AUTOSAVE_MAX_DELAY_MS after the first unsaved one however fast cues
stream. Exporting or saving the transcript as a project removes its autosave (it is then on disk
as the user asked) until the next change; so what is found there at start-up is work not yet
exported or saved (after a crash or not), and the window offers it back (gui.recovery).

A project also notes the stretches the engine could not transcribe (in its settings, as
``failed_stretches``), whether the user edited it (``edited``) and where it came from
(``origin``), so a recovered or reopened transcript still shows its holes; exported subtitles
never contain them. It also keeps what an imported subtitle file carried beside its cues (its
frame rate, a WebVTT's header and STYLE/REGION blocks), so an export after reopening writes
them as an export before would have. Reading and writing those project files, and exports, are
in gui.session_files (re-exported here).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from engine.protocol import JobFinished, Segment, StretchFailed
from engine.subtitles.condense import LeftOut
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document
from engine.subtitles.glossary import Glossary, Rule
from engine.subtitles.live import LiveCues
from engine.subtitles.presets import Preset
from engine.subtitles.project import MediaFingerprint, load_project
from gui.failed_stretches import FailedStretch
from gui.models.cue_model import CueTableModel
from gui.recovery import RecoveryScan, scan
from gui.session_files import export, read_noted, save_session_project, write_project

__all__ = [
    "AUTOSAVE_DELAY_MS",
    "AUTOSAVE_MAX_DELAY_MS",
    "ORIGINS",
    "FileSession",
    "LiveEnd",
    "SessionStore",
    "autosave_dir",
    "export",  # gui.session_files
    "save_session_project",  # gui.session_files
    "write_project",  # gui.session_files
]

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 1000  # after the last change
AUTOSAVE_MAX_DELAY_MS = 3000  # after the first unsaved change, however often changes come (issue 11)
ORIGINS = ("transcribed", "imported", "project")  # where a transcript came from, noted in its autosave


def autosave_dir() -> Path:
    root = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(root or Path.home() / ".whisper-for-subs") / "autosave"


@dataclass(frozen=True)
class LiveEnd:
    """What a job's end leaves to tell the user (see SessionStore.finish_live)."""

    unplaced: tuple[Cue, ...] = ()  # transcribed, with no room beside the user's cues: not in the table
    glossary_misses: tuple[Rule, ...] = ()  # glossary entries that matched nowhere
    left_out: tuple[LeftOut, ...] = ()  # fillers left out of cues over the reading speed
    # (language, start ms, end ms): stretches written in another language than the file's
    other_languages: tuple[tuple[str, int, int], ...] = ()


@dataclass
class FileSession:
    path: Path
    model: CueTableModel
    job_id: str | None = None
    language: str | None = None
    translated: bool = (
        False  # its job translates (to English): lines in another language are translated from it
    )
    glossary: Glossary | None = None  # read when the file was submitted; applied with the cues
    duration_ms: int = 0  # the decoded audio's length once the file is planned; 0 until then
    audio_stream: int | None = None  # the audio stream transcribed (1-based); None: not known yet
    live: LiveCues | None = (
        None  # while the engine streams its cues (from the first chunk back to the job's end)
    )
    autosave_path: Path | None = None
    media: MediaFingerprint | None = None  # computed once, for cheap autosaves
    origin: str = "transcribed"  # one of ORIGINS
    edited_before: bool = False  # the user edited it before it was autosaved and recovered
    _safe: bool = field(default=False, repr=False)  # exported or saved since the last change
    # Told when ``exported`` changes (SessionStore: the window's "*" follows, gui.main_window)
    on_safe_changed: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    frame_rate: float | None = None  # an imported file's own frame rate (MicroDVD), for export
    vtt_blocks: tuple[
        str, ...
    ] = ()  # an imported WebVTT's header and STYLE/REGION blocks, written back to VTT
    # The file's own rules (gui.file_rules): a preset id the user chose for this file (None:
    # the Preferences' preset for its language), a frame rate chosen for it (None: its video's,
    # else the imported file's, else the preset's) and its video stream's rate once probed.
    preset_choice: str | None = None
    rate_choice: float | None = None
    video_rate: float | None = None
    video_rate_probed: bool = False

    @property
    def exported(self) -> bool:
        """Exported or saved as a project since the last change: nothing to lose on quitting.
        Setting it True removes the transcript from recovery (its autosave is deleted) until
        the next change; gui.subtitle_files sets it after each export the user asked for."""
        return self._safe

    @exported.setter
    def exported(self, value: bool) -> None:
        changed, self._safe = value != self._safe, value
        if changed and self.on_safe_changed is not None:
            self.on_safe_changed()
        if value and self.autosave_path is not None:
            try:
                self.autosave_path.unlink(missing_ok=True)
            except OSError as error:
                log.warning("could not remove the autosave %s: %s", self.autosave_path, error)

    @property
    def edited(self) -> bool:
        """Whether the user changed it (streamed cues are not edits)."""
        return self.edited_before or self.model.undo_stack.count() > 0

    @property
    def unsaved(self) -> bool:
        """Cues that are neither exported nor saved as a project since they last changed."""
        return not self.exported and self.model.rowCount() > 0

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

    # Whether some session is unsaved may have changed (:meth:`unsaved`, the rule Quit asks
    # by): an export, a save, a change of cues, a session gone. The window's "*" follows it.
    unsaved_changed = Signal()

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder or autosave_dir()
        self.sessions: list[FileSession] = []
        self.clock: Callable[[], float] = time.monotonic  # seconds; tests give a fake one
        self._dirty: set[int] = set()
        self._unsaved_since: float | None = None  # clock time of the first change not yet autosaved
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def create(
        self,
        path: Path,
        preset: Preset,
        document: Document | None = None,
        *,
        autosave_path: Path | None = None,
        origin: str = "transcribed",
    ) -> FileSession:
        """A new transcript of ``path`` with an autosave file of its own (``autosave_path``:
        a recovered one keeps the file it was recovered from)."""
        model = CueTableModel(document or Document(), preset)
        if autosave_path is None:
            stem = re.sub(r"[^\w.-]+", "_", path.stem)[:40] or "transcript"
            autosave_path = self.folder / f"{stem}-{uuid.uuid4().hex[:12]}.wfsproj"
        session = FileSession(path, model, autosave_path=autosave_path, origin=origin)
        session.on_safe_changed = self.unsaved_changed.emit
        self.sessions.append(session)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(lambda *_, s=session: self.touch(s))
        return session

    def remove(self, session: FileSession) -> None:
        """The row was removed by the user: its transcript and autosave go."""
        self.sessions.remove(session)
        self._dirty.discard(id(session))
        self.unsaved_changed.emit()
        if session.autosave_path is not None:
            session.autosave_path.unlink(missing_ok=True)

    def by_job(self, job_id: str) -> FileSession | None:
        return next((s for s in self.sessions if s.job_id == job_id), None)

    def start_live(self, session: FileSession, preset: Preset, chinese: str) -> LiveCues:
        """The session's live cues (engine.subtitles.live), made at the first chunk back with
        the rules the CLI would use for this file (``preset`` and ``chinese`` as resolved for its
        language, the session's glossary applied after the conversion); from then on every edit the user makes is told to them."""
        if session.live is None:
            model = session.model
            live = LiveCues(
                preset,
                language=session.language or None,
                chinese=chinese,
                media_end_ms=session.duration_ms or None,
                glossary=session.glossary,
                new_id=lambda: model.document.new_id(),
            )
            session.live = live
            model.user_edited = live.user_edited
            model.editing_started = live.hold
        return session.live

    def add_segments(
        self,
        session: FileSession,
        results: Iterable[tuple[int, Sequence[Segment]]],
        preset: Preset,
        chinese: str,
    ) -> list[int]:
        """Chunks back in one drain tick ((chunk index, its segments) each, any order): the live
        cues re-segment what can still change, so the cues end as ``main.py transcribe`` writes
        them. Returns the rows of the cues added (some may replace cues shown before)."""
        live = self.start_live(session, preset, chinese)
        return self._apply(session, live.chunks_done(results))

    def chunk_failed(self, session: FileSession, chunk_index: int, preset: Preset, chinese: str) -> None:
        """A chunk failed alone (StretchFailed): it is back, with no segments."""
        self._apply(session, self.start_live(session, preset, chinese).chunk_done(chunk_index))

    def set_media_end(self, session: FileSession, duration_ms: int) -> None:
        """The decoded length is known (JobPlanned): no cue ends after it."""
        session.duration_ms = duration_ms
        if session.live is not None:
            self._apply(session, session.live.set_media_end(duration_ms or None))

    def finish_live(self, session: FileSession, duration_ms: int | None = None) -> LiveEnd:
        """The job ended (finished, cancelled or failed): the cues become final, those the user
        did not touch exactly the CLI's for a finished job; no more live updates. Returns what
        the user must be told: transcribed cues that found no room beside the user's own, and
        the glossary's entries that never matched."""
        live, session.live = session.live, None
        if live is None:
            return LiveEnd()
        session.model.user_edited = None
        session.model.editing_started = None
        self._apply(session, live.finish(duration_ms or session.duration_ms or None))
        misses, left_out = live.end_notes()
        return LiveEnd(live.unplaced, misses, left_out, tuple(live.other_languages()))

    @staticmethod
    def _apply(session: FileSession, edit: Edit) -> list[int]:
        return session.model.apply_streamed(edit)

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

    def restyle(self, session: FileSession, change: Callable[[], None]) -> None:
        """Run ``change``, a change of how the cues are checked or shown (a preset, a frame
        rate), not of the cues: a file that was saved stays saved and nothing is autosaved for
        it (a choice the user makes is told with :meth:`touch` after)."""
        safe, dirty = session.exported, id(session) in self._dirty
        change()
        if safe:
            session.exported = True
        if not dirty:
            self._dirty.discard(id(session))

    def touch(self, session: FileSession) -> None:
        """A change: autosave 1 s after the last one, and no later than AUTOSAVE_MAX_DELAY_MS
        after the first one not yet saved (so a stream of cues cannot put it off for ever)."""
        session.exported = False
        self.unsaved_changed.emit()  # also when it was unsaved already: its first cues count
        self._dirty.add(id(session))
        now = self.clock()
        if self._unsaved_since is None:
            self._unsaved_since = now
        left_ms = AUTOSAVE_MAX_DELAY_MS - (now - self._unsaved_since) * 1000
        if left_ms < 1:  # due (float rounding aside): the timer may get no turn between batches
            self.flush()
        else:
            self._timer.start(int(min(AUTOSAVE_DELAY_MS, left_ms)))

    def flush(self) -> None:
        """Write every changed session's project file now (atomic; ~20 ms for 2,000 cues)."""
        self._timer.stop()
        self._unsaved_since = None
        dirty, self._dirty = self._dirty, set()
        changed = [
            s for s in self.sessions if id(s) in dirty and s.autosave_path is not None and not s.exported
        ]
        if not changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("cannot make the autosave folder %s: %s", self.folder, error)
            return
        for session in changed:
            assert session.autosave_path is not None
            try:
                write_project(session, session.autosave_path, {})
            except OSError as error:
                log.warning("autosave of %s failed: %s", session.path, error)

    def unsaved(self) -> list[FileSession]:
        """Open transcripts with cues not exported or saved since they last changed."""
        return [s for s in self.sessions if s.unsaved]

    def discard_autosaves(self, everything: bool = False) -> None:
        """At exit: drop the autosaves of exported, saved or empty transcripts, or of all of
        them when the user chose to discard the unsaved work (``everything``)."""
        self._timer.stop()
        self._dirty.clear()
        for session in self.sessions:
            if session.autosave_path is not None and (everything or not session.unsaved):
                session.autosave_path.unlink(missing_ok=True)

    def recoverable(self) -> RecoveryScan:
        """What an earlier run left in the autosave folder (those of open transcripts aside):
        each readable transcript to offer back; damaged ones are set aside (renamed) and
        leftover temp files of killed autosaves removed (gui.recovery.scan)."""
        return scan(self.folder, exclude={s.autosave_path for s in self.sessions if s.autosave_path})

    def recover(self, project_file: Path, preset: Preset) -> FileSession:
        """Reopen an autosave as a transcript that keeps autosaving into the same file (one
        whose transcript is open in this run is opened as a copy, with an autosave of its own)."""
        taken = any(s.autosave_path == project_file for s in self.sessions)
        session = self.open_project(
            project_file, preset, autosave_path=None if taken else project_file, origin=None
        )
        return session  # unsaved (exported False) until exported or saved

    def open_project(
        self,
        project_file: Path,
        preset: Preset,
        *,
        autosave_path: Path | None = None,
        origin: str | None = "project",
    ) -> FileSession:
        """A saved project as a session (with an autosave of its own unless ``autosave_path``);
        raises ProjectError (a ValueError, a sentence) or OSError. ``origin`` None: the one the
        project noted."""
        project = load_project(project_file)
        media = Path(project.media_path or project.settings.get("media_path") or project_file.stem)
        noted = project.settings.get("origin")
        session = self.create(
            media,
            preset,
            project.document,
            autosave_path=autosave_path,
            origin=origin or (noted if noted in ORIGINS else "transcribed"),
        )
        read_noted(session, project)
        self._dirty.discard(id(session))  # just read: nothing to write until it changes
        if self._timer.isActive() and not self._dirty:
            self._timer.stop()
            self._unsaved_since = None
        if origin is not None:  # a project the user saved: nothing to lose yet (not an autosave)
            session.exported = True
        return session
