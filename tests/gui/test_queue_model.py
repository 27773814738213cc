"""QueueModel: rows, engine event updaters, and exactly which cells each update repaints."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from engine.protocol import AudioStreamInfo, JobCancelled, JobFailed, JobFinished, JobProgress, JobStarted
from gui.models.queue_model import (
    AUDIO_STREAMS_ROLE,
    PROGRESS_ROLE,
    STATUS_ROLE,
    Column,
    QueueModel,
    Status,
    describe_stream,
    format_duration,
    format_eta,
    short_reason,
)

TOOLTIP = Qt.ItemDataRole.ToolTipRole


def cell(model: QueueModel, row: int, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.index(row, column).data(role)


@pytest.fixture
def model(tmp_path: Path) -> QueueModel:
    m = QueueModel()
    m.add_files([tmp_path / "a.mp3", tmp_path / "b.wav", tmp_path / "c.mkv"])
    return m


def started(model: QueueModel, row: int, job_id: str, duration_ms: int = 3_725_000) -> None:
    model.set_job(row, job_id)
    model.on_started(JobStarted(job_id, str(model.item(row).path), duration_ms))


def changed_columns(model: QueueModel, qtbot: QtBot, action: object) -> list[tuple[int, int, int]]:
    """Run ``action`` and return (row, first column, last column) of every dataChanged."""
    seen: list[tuple[int, int, int]] = []

    def record(top: QModelIndex, bottom: QModelIndex, _roles: object = None) -> None:
        assert top.row() == bottom.row()
        seen.append((top.row(), top.column(), bottom.column()))

    model.dataChanged.connect(record)
    try:
        action()  # type: ignore[operator]
    finally:
        model.dataChanged.disconnect(record)
    return seen


def test_add_files_appends_rows_and_skips_files_still_queued(tmp_path: Path, qtmodeltester) -> None:
    model = QueueModel()
    assert model.add_files([tmp_path / "a.mp3", tmp_path / "b.wav", tmp_path / "a.mp3"]) == [0, 1]
    assert model.add_files([str(tmp_path / "b.wav"), tmp_path / "c.mp4"]) == [2]
    assert model.rowCount() == 3 and model.columnCount() == len(Column)
    assert cell(model, 0, Column.FILE) == "a.mp3"
    assert cell(model, 0, Column.FILE, TOOLTIP) == str(tmp_path / "a.mp3")
    assert cell(model, 0, Column.STATUS) == "Queued"
    assert cell(model, 0, Column.DURATION) == ""  # unknown until the engine opens the file
    assert cell(model, 0, Column.PROGRESS) == "" and cell(model, 0, Column.PROGRESS, PROGRESS_ROLE) == 0.0
    assert model.headerData(Column.ETA, Qt.Orientation.Horizontal) == "ETA"
    qtmodeltester.check(model)


def test_a_finished_file_can_be_queued_again(model: QueueModel, tmp_path: Path) -> None:
    started(model, 0, "j0")
    assert model.add_files([tmp_path / "a.mp3"]) == []  # still running
    model.on_finished(JobFinished("j0", "en", 3_725_000, 12, 100.0), cue_count=12)
    assert model.add_files([tmp_path / "a.mp3"]) == [3]


def test_an_imported_file_says_imported_and_an_opened_project_opened_not_recovered(
    model: QueueModel, tmp_path: Path, qtmodeltester
) -> None:
    """Before: every transcript not made by the engine in this run said "Recovered"."""
    imported = model.add_recovered(tmp_path / "film.srt", cue_count=2, origin="imported")
    opened = model.add_recovered(tmp_path / "film.mkv", cue_count=1, origin="project")
    assert cell(model, imported, Column.STATUS) == "Imported (2 cues)"
    assert cell(model, opened, Column.STATUS) == "Opened (1 cue)"
    assert model.item(imported).status is Status.DONE and cell(model, imported, Column.PROGRESS) == ""
    qtmodeltester.check(model)


def test_a_recovered_transcript_is_done_but_says_recovered(
    model: QueueModel, tmp_path: Path, qtmodeltester
) -> None:
    row = model.add_recovered(tmp_path / "old.mkv", cue_count=42)
    assert row == 3 and model.item(row).status is Status.DONE and model.item(row).recovered
    assert cell(model, row, Column.STATUS) == "Recovered (42 cues)"
    # How far it got is unknown: no bar and no percentage rather than a made-up 100 %.
    assert (
        cell(model, row, Column.PROGRESS) == "" and cell(model, row, Column.PROGRESS, PROGRESS_ROLE) is None
    )
    assert model.next_queued() == 0
    assert model.add_files([tmp_path / "old.mkv"]) == [4]  # may be transcribed again
    qtmodeltester.check(model)


def test_updaters_follow_a_job_to_done(model: QueueModel, qtbot: QtBot, qtmodeltester) -> None:
    with qtbot.waitSignal(model.status_changed) as blocker:
        started(model, 1, "j1")
    assert blocker.args == [1]
    assert model.row_of_job("j1") == 1 and model.row_of_job("nope") is None
    assert cell(model, 1, Column.STATUS) == "Starting"  # until its first chunk comes back
    assert cell(model, 1, Column.DURATION) == "1:02:05"
    assert cell(model, 1, Column.PROGRESS) == "0 %"

    model.on_progress(
        JobProgress("j1", done_ms=4_200, total_ms=10_000, elapsed_s=1.0, speed=31.25, eta_s=65.0)
    )
    assert cell(model, 1, Column.PROGRESS, PROGRESS_ROLE) == pytest.approx(0.42)
    assert cell(model, 1, Column.PROGRESS) == "42 %"
    assert cell(model, 1, Column.SPEED) == "31.2x"
    assert cell(model, 1, Column.ETA) == "1:05"
    qtmodeltester.check(model)

    model.on_progress(JobProgress("j1", 9_999, 10_000, 2.0, 30.0, 0.2))
    assert cell(model, 1, Column.PROGRESS) == "99 %"  # never 100 % before the end
    assert cell(model, 1, Column.ETA) == "0:01"  # rounded up while work remains

    model.on_finished(
        JobFinished("j1", "en", duration_ms=60_000, segment_count=9, elapsed_s=4.0), cue_count=7
    )
    item = model.item(1)
    assert (item.status, item.progress, item.eta_s, item.cue_count) == (Status.DONE, 1.0, None, 7)
    assert cell(model, 1, Column.STATUS) == "Done (7 cues)"
    assert cell(model, 1, Column.SPEED) == "15.0x"  # the whole file's speed: 60 s in 4 s
    assert cell(model, 1, Column.ETA) == ""
    assert cell(model, 1, Column.DURATION) == "0:01:00"
    qtmodeltester.check(model)


def test_progress_without_a_plan_and_late_events_are_harmless(model: QueueModel) -> None:
    started(model, 0, "j0")
    model.on_progress(JobProgress("j0", 0, 0, 0.5, 0.0, None))
    assert cell(model, 0, Column.PROGRESS) == "0 %"
    assert cell(model, 0, Column.SPEED) == "" and cell(model, 0, Column.ETA) == ""
    model.on_cancelled(JobCancelled("j0"))
    assert model.on_progress(JobProgress("j0", 5, 10, 1.0, 2.0, 3.0)) is None
    assert model.on_failed(JobFailed("j0", "X", "late")) is None
    assert model.item(0).status is Status.CANCELLED
    assert cell(model, 0, Column.STATUS) == "Cancelled"
    assert model.on_started(JobStarted("unknown", "x", 1)) is None


def test_failure_shows_a_short_reason_and_the_whole_error_in_tooltips(
    model: QueueModel, qtmodeltester
) -> None:
    started(model, 2, "j2")
    message = "Could not decode audio: invalid data found when processing input\nframe 12: bad header"
    model.on_failed(JobFailed("j2", "AudioDecodeError", message, traceback="Traceback ..."))
    status = cell(model, 2, Column.STATUS)
    assert isinstance(status, str) and status.startswith("Failed: Could not decode audio")
    assert "frame 12" not in status and len(status) <= len("Failed: ") + 60
    assert cell(model, 2, Column.FILE, TOOLTIP) == f"{model.item(2).path}\n\n{message}"
    assert cell(model, 2, Column.STATUS, TOOLTIP) == message
    assert cell(model, 2, Column.ETA) == ""
    assert cell(model, 2, Column.STATUS, STATUS_ROLE) is Status.FAILED
    assert cell(model, 0, Column.STATUS, STATUS_ROLE) is Status.QUEUED
    qtmodeltester.check(model)


def test_failure_without_a_message_shows_the_error_type(model: QueueModel) -> None:
    started(model, 0, "j0")
    model.on_failed(JobFailed("j0", "WorkerCrashed", ""))
    assert cell(model, 0, Column.STATUS) == "Failed: WorkerCrashed"


def test_mark_failed_for_a_file_never_submitted(model: QueueModel, qtbot: QtBot) -> None:
    with qtbot.waitSignal(model.status_changed, check_params_cb=lambda row: row == 1):
        model.mark_failed(1, "File not found")
    assert cell(model, 1, Column.STATUS) == "Failed: File not found"
    assert model.item(1).job_id is None
    assert model.next_queued() == 0


def test_next_queued_skips_submitted_and_finished_rows(model: QueueModel) -> None:
    assert model.next_queued() == 0
    model.set_job(0, "j0")
    assert model.next_queued() == 1  # row 0 is queued in the engine already
    model.mark_failed(1, "gone")
    assert model.next_queued() == 2
    model.set_job(2, "j2")
    assert model.next_queued() is None


def test_progress_repaints_only_progress_speed_and_eta(model: QueueModel, qtbot: QtBot) -> None:
    started(model, 1, "j1")
    first = JobProgress("j1", 1_000, 10_000, 1.0, 5.0, 18.0)
    assert changed_columns(model, qtbot, lambda: model.on_progress(first)) == [
        (1, Column.STATUS, Column.ETA)  # "Starting" becomes "Transcribing" with the first chunk
    ]
    # Same fraction and speed, only the ETA moves: one cell.
    second = JobProgress("j1", 1_000, 10_000, 1.1, 5.0, 17.0)
    assert changed_columns(model, qtbot, lambda: model.on_progress(second)) == [(1, Column.ETA, Column.ETA)]
    # The fraction moves (the bar is drawn from it) but the speed text does not: two separate cells.
    third = JobProgress("j1", 1_001, 10_000, 1.2, 5.01, 16.0)
    assert changed_columns(model, qtbot, lambda: model.on_progress(third)) == [
        (1, Column.PROGRESS, Column.PROGRESS),
        (1, Column.ETA, Column.ETA),
    ]
    # Nothing shown changes: no signal at all.
    assert changed_columns(model, qtbot, lambda: model.on_progress(third)) == []
    assert changed_columns(model, qtbot, lambda: model.set_job(0, "j0")) == []


def test_start_repaints_duration_status_progress_not_the_file_name(model: QueueModel, qtbot: QtBot) -> None:
    model.set_job(0, "j0")
    seen = changed_columns(model, qtbot, lambda: model.on_started(JobStarted("j0", "a", 5_000)))
    assert seen == [(0, Column.DURATION, Column.PROGRESS)]


def test_failure_repaints_file_tooltip_and_status(model: QueueModel, qtbot: QtBot) -> None:
    started(model, 0, "j0")
    model.on_progress(JobProgress("j0", 1, 2, 1.0, 2.0, 3.0))
    seen = changed_columns(model, qtbot, lambda: model.on_failed(JobFailed("j0", "E", "boom")))
    # The File tooltip gains the error, Status shows it, ETA is cleared; Duration, Progress and Speed stay.
    assert seen == [
        (0, Column.FILE, Column.FILE),
        (0, Column.STATUS, Column.STATUS),
        (0, Column.ETA, Column.ETA),
    ]


def test_remove_rows_in_any_order(model: QueueModel, tmp_path: Path, qtbot: QtBot, qtmodeltester) -> None:
    model.add_files([tmp_path / "d.mp3", tmp_path / "e.mp3"])
    model.set_job(3, "j3")
    removals: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removals.append((first, last)))
    model.remove_rows([1, 4, 0, 4, 99, -1])
    assert removals == [(4, 4), (0, 1)]  # one signal per run of adjacent rows, bottom first
    assert [model.item(r).path.name for r in range(model.rowCount())] == ["c.mkv", "d.mp3"]
    assert model.row_of_job("j3") == 1
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("ms", "text"),
    [(0, ""), (999, "0:00:00"), (65_000, "0:01:05"), (3_725_999, "1:02:05"), (36_000_000, "10:00:00")],
)
def test_format_duration(ms: int, text: str) -> None:
    assert format_duration(ms) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, ""),
        (-1.0, ""),
        (float("inf"), ""),
        (0.0, "0:00"),
        (0.2, "0:01"),
        (65.0, "1:05"),
        (3_725.0, "1:02:05"),
    ],
)
def test_format_eta(seconds: float | None, text: str) -> None:
    assert format_eta(seconds) == text


def test_short_reason_keeps_the_first_line_and_cuts_long_ones() -> None:
    assert short_reason("  no audio stream\ndetails") == "no audio stream"
    cut = short_reason("x" * 200)
    assert len(cut) == 60 and cut.endswith("…")
    assert short_reason("") == ""


def test_a_file_with_no_text_says_whether_it_had_speech(model: QueueModel, qtmodeltester) -> None:
    """Never a silent "Done (0 cues)": speech without text and no speech at all read differently."""
    for row, job_id in ((0, "s"), (1, "n"), (2, "d")):
        started(model, row, job_id, 30_000)
    model.on_finished(
        JobFinished("s", "en", 30_000, 0, 2.0, speech_ms=24_400, dropped_ms=20_000), cue_count=0
    )
    model.on_finished(JobFinished("n", "en", 30_000, 0, 2.0, speech_ms=0), cue_count=0)
    removed = JobFinished(
        "d", "en", 30_000, 3, 2.0, speech_ms=20_000, dropped_ms=4_000, dropped_spans=((6_570, 26_160),)
    )
    model.on_finished(removed, cue_count=3)
    assert cell(model, 0, Column.STATUS) == "No text from 24 s of speech"
    assert cell(model, 1, Column.STATUS) == "No speech found"
    assert cell(model, 2, Column.STATUS) == "Done (3 cues)"
    tip = str(cell(model, 2, Column.STATUS, Qt.ItemDataRole.ToolTipRole))
    assert "4.0 s of the model's text was removed" in tip and "Removed at: 0:00:06–0:00:26" in tip
    qtmodeltester.check(model)


def test_many_removed_places_are_counted_past_six(model: QueueModel) -> None:
    started(model, 0, "m", 3_600_000)
    spans = tuple((k * 60_000, k * 60_000 + 2_000) for k in range(20))
    model.on_finished(JobFinished("m", "en", 3_600_000, 9, 2.0, 3_000_000, 40_000, (), spans), cue_count=9)
    tip = str(cell(model, 0, Column.STATUS, Qt.ItemDataRole.ToolTipRole))
    assert "Removed at: 0:00:00–0:00:02, " in tip and tip.endswith(", … (+14)") and "0:06:00" not in tip


def test_a_file_with_failed_stretches_says_so_with_their_times(model: QueueModel, qtmodeltester) -> None:
    """A hole in a transcript is never a plain "Done": the row counts the stretches not transcribed."""
    for row, job_id in ((0, "one"), (1, "two"), (2, "all")):
        started(model, row, job_id, 120_000)
    model.on_finished(
        JobFinished(
            "one",
            "en",
            120_000,
            9,
            2.0,
            speech_ms=90_000,
            dropped_ms=2_000,
            failed_stretches=((62_000, 90_500),),
        ),
        cue_count=9,
    )
    model.on_finished(
        JobFinished("two", "en", 120_000, 9, 2.0),
        cue_count=9,
        failed_stretches=((0, 30_000), (62_000, 90_000)),
    )  # as the window merged them
    model.on_finished(
        JobFinished("all", "en", 120_000, 0, 2.0, speech_ms=90_000, failed_stretches=((0, 120_000),)),
        cue_count=0,
    )
    assert cell(model, 0, Column.STATUS) == "Done (9 cues) — not transcribed: 0:01:02–0:01:30"
    assert cell(model, 1, Column.STATUS) == "Done (9 cues) — 2 stretches not transcribed"
    assert cell(model, 2, Column.STATUS) == "Done (0 cues) — not transcribed: 0:00:00–0:02:00"
    tip = str(cell(model, 0, Column.STATUS, TOOLTIP))
    assert "Not transcribed: 0:01:02–0:01:30" in tip and "2.0 s of the model's text was removed" in tip
    assert str(cell(model, 1, Column.STATUS, TOOLTIP)).count("Not transcribed:") == 2
    assert model.item(1).failed_stretches == ((0, 30_000), (62_000, 90_000))
    row = model.add_recovered(Path("old.mkv"), cue_count=4, failed_stretches=((1_000, 2_000),))
    assert cell(model, row, Column.STATUS) == "Recovered (4 cues) — not transcribed: 0:00:01–0:00:02"
    qtmodeltester.check(model)


# ---------------------------------------------------------------- audio streams

STREAMS = (
    AudioStreamInfo(1, "fre", "Français", 2, "stereo", "aac", False),
    AudioStreamInfo(2, "eng", "English", 6, "5.1(side)", "ac3", True),
)


def test_a_file_with_several_audio_streams_says_which_one_is_transcribed(
    model: QueueModel, qtbot: QtBot, qtmodeltester
) -> None:
    model.set_job(2, "j2")
    seen = changed_columns(
        model, qtbot, lambda: model.on_started(JobStarted("j2", str(model.item(2).path), 5_000, STREAMS, 2))
    )
    assert any(row == 2 and first == Column.FILE for row, first, _last in seen)
    assert cell(model, 2, Column.FILE) == "c.mkv [#2 eng]"
    tooltip = str(cell(model, 2, Column.FILE, TOOLTIP))
    assert tooltip.startswith(str(model.item(2).path))
    assert "Audio stream #2 eng “English” · 6 ch (default) of 2. Right-click to choose another." in tooltip
    assert cell(model, 2, Column.FILE, AUDIO_STREAMS_ROLE) == (STREAMS, 2)
    qtmodeltester.check(model)


def test_a_file_with_one_stream_shows_only_its_name(model: QueueModel) -> None:
    model.set_job(0, "j0")
    model.on_started(JobStarted("j0", str(model.item(0).path), 5_000, STREAMS[:1], 1))
    assert cell(model, 0, Column.FILE) == "a.mp3"
    assert cell(model, 0, Column.FILE, TOOLTIP) == str(model.item(0).path)
    assert cell(model, 0, Column.FILE, AUDIO_STREAMS_ROLE) is None


def test_add_with_stream_queues_the_file_again_and_keeps_the_row(model: QueueModel, qtmodeltester) -> None:
    model.set_job(2, "j2")
    model.on_started(JobStarted("j2", str(model.item(2).path), 5_000, STREAMS, 2))
    model.on_finished(JobFinished("j2", "en", 5_000, 3, 1.0), cue_count=3)
    row = model.add_with_stream(2, 1)
    assert row == 3 and model.rowCount() == 4
    assert model.item(2).status is Status.DONE and model.item(2).audio_stream == 2
    new = model.item(3)
    assert (new.path, new.status, new.audio_stream, new.job_id) == (
        model.item(2).path,
        Status.QUEUED,
        1,
        None,
    )
    assert cell(model, 3, Column.FILE) == "c.mkv [#1 fre]"  # the streams are known before it starts
    model.set_job(3, "j3")
    model.on_started(JobStarted("j3", str(new.path), 5_000, STREAMS, 1))
    assert model.item(3).audio_stream == 1
    qtmodeltester.check(model)


def test_describe_stream_without_tags() -> None:
    assert describe_stream(AudioStreamInfo(3, "", "", 1, "mono", "opus", False)) == "#3 no language · 1 ch"
