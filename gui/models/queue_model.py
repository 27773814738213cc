"""The file queue: one row per media file, fed by the engine's job events.

The window owns the flow (add files, submit the next queued one, cancel); this model only keeps
each file's state (what its cells show is gui.models.queue_items). Rows are immutable
``QueueItem`` values replaced on every update, so nobody can change a row behind the model's
back, and every update emits ``dataChanged`` only for the cells whose shown value really
changed (a progress tick repaints Progress, Speed and ETA, not the whole row).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable
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

from engine.protocol import JobCancelled, JobFailed, JobFinished, JobProgress, JobStarted
from gui.models.queue_items import (
    AUDIO_STREAMS_ROLE,
    HEADERS,
    PROGRESS_ROLE,
    RIGHT_ALIGNED,
    STATUS_ROLE,
    TRACKED_ROLES,
    Column,
    QueueItem,
    Status,
    cell,
    describe_stream,
    format_duration,
    format_eta,
    path_key,
    short_reason,
)

__all__ = [  # the rows' names, still importable from here as before the split
    "AUDIO_STREAMS_ROLE",
    "PROGRESS_ROLE",
    "STATUS_ROLE",
    "Column",
    "QueueItem",
    "QueueModel",
    "Status",
    "describe_stream",
    "format_duration",
    "format_eta",
    "short_reason",
]

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex


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
                Qt.AlignmentFlag.AlignRight if column in RIGHT_ALIGNED else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return cell(self._items[index.row()], column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(Column):
                return QCoreApplication.translate("QueueModel", HEADERS[Column(section)])
            return None
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # ------------------------------------------------------------ queue operations

    def add_files(self, paths: Iterable[Path | str]) -> list[int]:
        """Append files and return their rows; a file already waiting or running is skipped."""
        taken = {path_key(item.path) for item in self._items if item.status.is_active}
        new: list[QueueItem] = []
        for raw in paths:
            path = Path(os.path.abspath(raw))
            key = path_key(path)
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
                dropped_spans=ev.dropped_spans,
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
        return [tuple(cell(item, column, role) for role in TRACKED_ROLES) for column in Column]

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
            self.dataChanged.emit(self.index(row, first), self.index(row, last), list(TRACKED_ROLES))
        if new.status is not old.status:
            self.status_changed.emit(row)
