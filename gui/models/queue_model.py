"""The file queue: one row per media file, fed by the engine's job events.

The window owns the flow (add files, submit the next queued one, cancel); this model only keeps
each file's state and turns it into cells. Rows are immutable ``QueueItem`` values replaced on
every update, so nobody can change a row behind the model's back, and every update emits
``dataChanged`` only for the cells whose shown value really changed (a progress tick repaints
Progress, Speed and ETA, not the whole row).
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from engine.protocol import AudioStreamInfo, JobCancelled, JobFailed, JobFinished, JobProgress, JobStarted
from engine.subtitles.document import format_seconds
from engine.subtitles.timecode import format_clock
from gui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

PROGRESS_ROLE = Qt.ItemDataRole.UserRole  # Progress column: the fraction done as a float 0..1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1  # Status column: the row's Status
# File column: (streams, number in use) when the file has several audio streams, else None
AUDIO_STREAMS_ROLE = Qt.ItemDataRole.UserRole + 2

_SHORT_REASON_CHARS = 60


class Status(enum.Enum):
    QUEUED = "Queued"
    TRANSCRIBING = "Transcribing"
    DONE = "Done"
    FAILED = "Failed"
    CANCELLED = "Cancelled"

    @property
    def is_active(self) -> bool:
        """Still waiting or running: a file in this state may not be queued twice and can be cancelled."""
        return self in (Status.QUEUED, Status.TRANSCRIBING)


class Column(enum.IntEnum):
    FILE = 0
    DURATION = 1
    STATUS = 2
    PROGRESS = 3
    SPEED = 4
    ETA = 5


# Column titles, translated when shown (context "QueueModel").
_HEADERS = {
    Column.FILE: QT_TRANSLATE_NOOP("QueueModel", "File"),
    Column.DURATION: QT_TRANSLATE_NOOP("QueueModel", "Duration"),
    Column.STATUS: QT_TRANSLATE_NOOP("QueueModel", "Status"),
    Column.PROGRESS: QT_TRANSLATE_NOOP("QueueModel", "Progress"),
    Column.SPEED: QT_TRANSLATE_NOOP("QueueModel", "Speed"),
    Column.ETA: QT_TRANSLATE_NOOP("QueueModel", "ETA"),
}

# The words a Status shows (its value stays the English name, for code and logs).
_STATUS_LABELS = {
    Status.QUEUED: QT_TRANSLATE_NOOP("QueueModel", "Queued"),
    Status.TRANSCRIBING: QT_TRANSLATE_NOOP("QueueModel", "Transcribing"),
    Status.DONE: QT_TRANSLATE_NOOP("QueueModel", "Done"),
    Status.FAILED: QT_TRANSLATE_NOOP("QueueModel", "Failed"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("QueueModel", "Cancelled"),
}


@dataclass(frozen=True)
class QueueItem:
    path: Path
    job_id: str | None = None
    duration_ms: int = 0  # 0 until the engine has opened the file
    status: Status = Status.QUEUED
    progress: float = 0.0  # 0..1
    speed: float = 0.0  # media seconds per wall second
    eta_s: float | None = None
    error: str | None = None
    cue_count: int = 0
    speech_ms: int = 0  # what VAD found to be speech, once finished
    dropped_ms: int = 0  # the model's text removed as not speech, once finished
    recovered: bool = False  # a transcript not made by the engine in this run (see origin), complete or not
    origin: str = (
        "recovered"  # with recovered: "recovered" (autosave), "imported" (subtitles), "project" (opened)
    )
    audio_streams: tuple[AudioStreamInfo, ...] = ()  # known once the engine has opened the file
    audio_stream: int | None = None  # the stream transcribed; asked for, or the engine's choice
    failed_stretches: tuple[tuple[int, int], ...] = ()  # (start_ms, end_ms) not transcribed, once finished


def format_duration(ms: int) -> str:
    """``h:mm:ss`` for a media length; empty while unknown."""
    if ms <= 0:
        return ""
    return format_clock(ms, hour_digits=1, millis=False)


def format_eta(seconds: float | None) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour), rounded up so it never shows 0:00 while work remains."""
    if seconds is None or seconds < 0 or not math.isfinite(seconds):
        return ""
    total = math.ceil(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def short_reason(message: str) -> str:
    """The first line of an error, cut to fit a table cell (the tooltip has the rest)."""
    lines = message.strip().splitlines()
    first = lines[0].strip() if lines else ""
    if len(first) > _SHORT_REASON_CHARS:
        first = first[: _SHORT_REASON_CHARS - 1].rstrip() + "…"
    return first


def _path_key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def describe_stream(stream: AudioStreamInfo) -> str:
    """A stream as a subtitler tells them apart: ``#2 eng “English” · 6 ch (default)``."""
    translate = QCoreApplication.translate
    parts = [f"#{stream.number}", stream.language or translate("QueueModel", "no language")]
    if stream.title:
        parts.append(f"“{stream.title}”")
    text = " ".join(parts) + " · " + translate("QueueModel", "{0} ch").format(stream.channels)
    return text + " " + translate("QueueModel", "(default)") if stream.default else text


def _stream_in_use(item: QueueItem) -> AudioStreamInfo | None:
    """The stream being transcribed, when the file has several (else there is nothing to say)."""
    if len(item.audio_streams) < 2:
        return None
    return next((s for s in item.audio_streams if s.number == item.audio_stream), None)


def _file_tooltip(item: QueueItem) -> str:
    text = str(item.path)
    stream = _stream_in_use(item)
    if stream is not None:
        text += "\n" + QCoreApplication.translate(
            "QueueModel", "Audio stream {0} of {1}. Right-click to choose another."
        ).format(describe_stream(stream), len(item.audio_streams))
    if item.status is Status.FAILED and item.error:
        text += f"\n\n{item.error}"
    return text


def _span(span: tuple[int, int]) -> str:
    return f"{format_duration(span[0]) or '0:00:00'}–{format_duration(span[1])}"


def _stretches_text(item: QueueItem) -> str:
    """``not transcribed: 0:01:02–0:01:30``; several: how many (the tooltip lists them)."""
    translate = QCoreApplication.translate
    spans = item.failed_stretches
    if len(spans) == 1:
        return translate("QueueModel", "not transcribed: {0}").format(_span(spans[0]))
    return translate("QueueModel", "{0} stretches not transcribed").format(len(spans))


def _status_tooltip(item: QueueItem) -> str | None:
    if item.status is Status.FAILED:
        return item.error or None
    if item.status is not Status.DONE:
        return None
    translate = QCoreApplication.translate
    lines = [
        translate("QueueModel", "Not transcribed: {0} (no cues there; see the waveform)").format(_span(span))
        for span in item.failed_stretches
    ]
    if item.dropped_ms >= 1000:
        lines.append(
            translate(
                "QueueModel",
                "{0} s of the model's text was removed as not speech (no-speech or repetition loop).",
            ).format(format_seconds(item.dropped_ms))
        )
    return "\n".join(lines) or None


def _cell(item: QueueItem, column: Column, role: int) -> Any:
    """What one cell shows for one role; ``data()`` and change detection share it."""
    if role == STATUS_ROLE:
        return item.status if column is Column.STATUS else None
    if role == AUDIO_STREAMS_ROLE:
        if column is Column.FILE and len(item.audio_streams) > 1:
            return item.audio_streams, item.audio_stream
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return _display(item, column)
    if role == Qt.ItemDataRole.ToolTipRole:
        if column is Column.FILE:
            return _file_tooltip(item)
        return _status_tooltip(item) if column is Column.STATUS else None
    if role == PROGRESS_ROLE and column is Column.PROGRESS:
        return None if item.recovered else item.progress
    return None


def _origin_label(origin: str) -> str:
    """ "Recovered ({0})", "Imported ({0})" or "Opened ({0})", translated; {0} is the cue count."""
    translate = QCoreApplication.translate
    if origin == "imported":
        return translate("QueueModel", "Imported ({0})")
    if origin == "project":
        return translate("QueueModel", "Opened ({0})")
    return translate("QueueModel", "Recovered ({0})")


def _display(item: QueueItem, column: Column) -> str:
    if column is Column.FILE:
        stream = _stream_in_use(item)
        if stream is None:
            return item.path.name
        return f"{item.path.name} [#{stream.number}{' ' + stream.language if stream.language else ''}]"
    if column is Column.DURATION:
        return format_duration(item.duration_ms)
    if column is Column.STATUS:
        translate = QCoreApplication.translate
        if item.status is Status.FAILED:
            reason = short_reason(item.error or "")
            if reason:
                return translate("QueueModel", "Failed: {0}").format(reason)
            return translate("QueueModel", "Failed")
        if item.status is Status.DONE:
            cues = (
                translate("QueueModel", "{0} cues").format(item.cue_count)
                if item.cue_count != 1
                else translate("QueueModel", "1 cue")
            )
            if item.recovered:
                label = _origin_label(item.origin).format(cues)
                if item.failed_stretches:
                    return translate("QueueModel", "{0} — {1}").format(label, _stretches_text(item))
                return label
            if item.failed_stretches:  # a hole in the transcript, whatever else it has
                return translate("QueueModel", "Done ({0}) — {1}").format(cues, _stretches_text(item))
            if item.cue_count == 0 and item.speech_ms > 0:  # never a silently empty transcript
                return translate("QueueModel", "No text from {0} s of speech").format(
                    format_seconds(item.speech_ms)
                )
            if item.cue_count == 0:
                return translate("QueueModel", "No speech found")
            return translate("QueueModel", "Done ({0})").format(cues)
        if item.status is Status.TRANSCRIBING and item.progress == 0 and item.speed == 0:
            # The engine decodes and plans every file as soon as it is queued; until the file's
            # first chunk comes back, it is waiting for a worker rather than transcribing.
            return translate("QueueModel", "Starting")
        return translate("QueueModel", _STATUS_LABELS[item.status])
    if column is Column.PROGRESS:
        if item.status is Status.QUEUED or item.recovered:
            return ""
        return f"{math.floor(item.progress * 100)} %"
    if column is Column.SPEED:
        return f"{item.speed:.1f}x" if item.speed > 0 else ""
    return format_eta(item.eta_s) if item.status is Status.TRANSCRIBING else ""


_TRACKED_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    PROGRESS_ROLE,
    STATUS_ROLE,
    AUDIO_STREAMS_ROLE,
)

_RIGHT_ALIGNED = (Column.DURATION, Column.SPEED, Column.ETA)


class QueueModel(QAbstractTableModel):
    """The queued media files and how far each one got."""

    status_changed = Signal(int)  # row whose Status just changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[QueueItem] = []

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column in _RIGHT_ALIGNED else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return _cell(self._items[index.row()], column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(Column):
                return QCoreApplication.translate("QueueModel", _HEADERS[Column(section)])
            return None
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # ------------------------------------------------------------ queue operations

    def add_files(self, paths: Iterable[Path | str]) -> list[int]:
        """Append files and return their rows; a file already waiting or running is skipped."""
        taken = {_path_key(item.path) for item in self._items if item.status.is_active}
        new: list[QueueItem] = []
        for raw in paths:
            path = Path(os.path.abspath(raw))
            key = _path_key(path)
            if key in taken:
                log.debug("already queued: %s", path)
                continue
            taken.add(key)
            new.append(QueueItem(path=path))
        if not new:
            return []
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._items.extend(new)
        self.endInsertRows()
        return list(range(first, first + len(new)))

    def add_recovered(
        self,
        path: Path,
        cue_count: int,
        failed_stretches: tuple[tuple[int, int], ...] = (),
        origin: str = "recovered",
    ) -> int:
        """Append a row for a transcript the engine did not make in this run: restored from
        autosave (``origin`` "recovered"), imported subtitles ("imported") or an opened project
        ("project"). It counts as done (it can be edited and exported) but says where it came
        from, since a transcription may have been cut short (and which stretches its
        transcription could not do, if any)."""
        row = len(self._items)
        item = QueueItem(
            path=Path(os.path.abspath(path)),
            status=Status.DONE,
            cue_count=cue_count,
            recovered=True,
            failed_stretches=failed_stretches,
            origin=origin,
        )
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()
        return row

    def add_with_stream(self, row: int, audio_stream: int | None) -> int:
        """Queue the file of ``row`` again, to transcribe its audio stream ``audio_stream``; the
        row itself stays as it is (its transcript is kept). Returns the new row."""
        old = self._items[row]
        new = QueueItem(path=old.path, audio_streams=old.audio_streams, audio_stream=audio_stream)
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first)
        self._items.append(new)
        self.endInsertRows()
        return first

    def item(self, row: int) -> QueueItem:
        return self._items[row]

    def row_of_job(self, job_id: str) -> int | None:
        for row, item in enumerate(self._items):
            if item.job_id == job_id:
                return row
        return None

    def set_job(self, row: int, job_id: str) -> None:
        """Record the engine job a row was submitted as, so later events find it."""
        self._update(row, job_id=job_id)

    def next_queued(self) -> int | None:
        """The first row still waiting to be submitted (queued and without a job)."""
        for row, item in enumerate(self._items):
            if item.status is Status.QUEUED and item.job_id is None:
                return row
        return None

    def mark_failed(self, row: int, message: str) -> None:
        """Fail a row the engine never saw (e.g. the file vanished before submission)."""
        self._update(row, status=Status.FAILED, error=message, eta_s=None)

    def remove_rows(self, rows: Iterable[int]) -> None:
        """Remove the given rows (any order, duplicates and stale rows ignored), one signal per run."""
        wanted = sorted({r for r in rows if 0 <= r < len(self._items)}, reverse=True)
        while wanted:
            last = first = wanted.pop(0)
            while wanted and wanted[0] == first - 1:
                first = wanted.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._items[first : last + 1]
            self.endRemoveRows()

    # ------------------------------------------------------------ engine events

    def on_started(self, ev: JobStarted) -> int | None:
        row = self._live_row(ev.job_id)
        if row is not None:
            streams = ev.audio_streams or self._items[row].audio_streams
            used = ev.audio_stream or self._items[row].audio_stream
            self._update(
                row,
                status=Status.TRANSCRIBING,
                duration_ms=ev.duration_ms,
                progress=0.0,
                audio_streams=streams,
                audio_stream=used,
            )
        return row

    def on_progress(self, ev: JobProgress) -> int | None:
        row = self._live_row(ev.job_id)
        if row is not None:
            # The planned total grows until VAD is done, so the fraction may step back: that is the
            # truth the engine knows, and the ETA is computed on the same basis.
            fraction = ev.done_ms / ev.total_ms if ev.total_ms > 0 else 0.0
            self._update(
                row,
                status=Status.TRANSCRIBING,
                progress=min(max(fraction, 0.0), 1.0),
                speed=max(ev.speed, 0.0),
                eta_s=ev.eta_s,
            )
        return row

    def on_finished(
        self, ev: JobFinished, cue_count: int, failed_stretches: tuple[tuple[int, int], ...] | None = None
    ) -> int | None:
        """The job is done; ``failed_stretches`` (default: the event's) are the spans it could
        not transcribe, as the window merged them from every StretchFailed and the event."""
        row = self._live_row(ev.job_id)
        if row is not None:
            item = self._items[row]
            duration_ms = ev.duration_ms if ev.duration_ms > 0 else item.duration_ms
            speed = duration_ms / 1000 / ev.elapsed_s if ev.elapsed_s > 0 and duration_ms > 0 else item.speed
            self._update(
                row,
                status=Status.DONE,
                duration_ms=duration_ms,
                progress=1.0,
                speed=speed,
                eta_s=None,
                cue_count=cue_count,
                speech_ms=ev.speech_ms,
                dropped_ms=ev.dropped_ms,
                failed_stretches=ev.failed_stretches if failed_stretches is None else failed_stretches,
            )
        return row

    def on_failed(self, ev: JobFailed) -> int | None:
        row = self._live_row(ev.job_id)
        if row is not None:
            message = ev.message.strip() or ev.error_type
            self._update(row, status=Status.FAILED, error=message, eta_s=None)
        return row

    def on_cancelled(self, ev: JobCancelled) -> int | None:
        row = self._live_row(ev.job_id)
        if row is not None:
            self._update(row, status=Status.CANCELLED, eta_s=None)
        return row

    # ------------------------------------------------------------ internals

    def _live_row(self, job_id: str) -> int | None:
        """The row of a job that has not ended; late or unknown events are dropped."""
        row = self.row_of_job(job_id)
        if row is None:
            log.debug("event for unknown job %s", job_id)
            return None
        if not self._items[row].status.is_active:
            log.debug("event for job %s after it ended", job_id)
            return None
        return row

    def _snapshot(self, item: QueueItem) -> list[tuple[Any, ...]]:
        return [tuple(_cell(item, column, role) for role in _TRACKED_ROLES) for column in Column]

    def _update(self, row: int, **changes: Any) -> None:
        old = self._items[row]
        new = dataclasses.replace(old, **changes)
        if new == old:
            return
        self._items[row] = new
        before, after = self._snapshot(old), self._snapshot(new)
        changed = [c for c in Column if before[c] != after[c]]
        # One dataChanged per run of adjacent changed cells.
        while changed:
            first = last = changed.pop(0)
            while changed and changed[0] == last + 1:
                last = changed.pop(0)
            self.dataChanged.emit(self.index(row, first), self.index(row, last), list(_TRACKED_ROLES))
        if new.status is not old.status:
            self.status_changed.emit(row)
