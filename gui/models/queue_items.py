"""The queue's rows and cells: a file's state (``QueueItem``, ``Status``), the columns and roles,
and what each cell shows and tells in its tooltip, translated in context "QueueModel".

Pure functions of one immutable item, so gui.models.queue_model can compare a row's cells
before and after an update and repaint only those that changed.
"""

from __future__ import annotations

import enum
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from engine.protocol import MAX_PLACES, AudioStreamInfo
from engine.subtitles.document import format_seconds
from engine.subtitles.timecode import format_clock
from gui.engine_messages import shown_with_original, translate_engine_message
from gui.i18n import QT_TRANSLATE_NOOP

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
HEADERS = {
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
    dropped_spans: tuple[tuple[int, int], ...] = ()  # where (file ms), once finished
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


def path_key(path: Path) -> str:
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
        text += f"\n\n{shown_with_original(item.error, on_new_lines=True)}"
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
    if item.status is Status.FAILED:  # translated, the engine's English below it
        return shown_with_original(item.error, on_new_lines=True) if item.error else None
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
        if item.dropped_spans:
            places = ", ".join(_span(s) for s in item.dropped_spans[:MAX_PLACES])
            more = len(item.dropped_spans) - MAX_PLACES
            places += f", … (+{more})" if more > 0 else ""
            lines.append(translate("QueueModel", "Removed at: {0}").format(places))
    return "\n".join(lines) or None


def cell(item: QueueItem, column: Column, role: int) -> Any:
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
            reason = short_reason(translate_engine_message(item.error or ""))
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


TRACKED_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    PROGRESS_ROLE,
    STATUS_ROLE,
    AUDIO_STREAMS_ROLE,
)

RIGHT_ALIGNED = (Column.DURATION, Column.SPEED, Column.ETA)
