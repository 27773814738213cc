"""Subtitle import off the GUI thread (issue 12): the window keeps running while a big file
is read, errors still reach a dialog, two imports never mix, MicroDVD's frame rate is asked
when the file has none, and the reader's notes are shown once, in full, without blocking."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from engine.subtitles.io import read
from gui import subtitle_files
from gui.main_window import MainWindow
from gui.settings import AppSettings
from tests.gui import subtitle_window
from tests.gui.test_main_window import fake_factory

window, boxes = subtitle_window.window, subtitle_window.boxes  # the shared fixtures


def _srt_time(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    return f"{h:02d}:{m:02d}:{rest // 1000:02d},{rest % 1000:03d}"


def _big_srt(path: Path, cues: int) -> Path:
    """``cues`` two-line cues of ~800 bytes each (13,500 make ~10.3 MiB, half the reader's limit)."""
    words = "with some words in it " * 24
    path.write_text(
        "\n".join(
            f"{n + 1}\n{_srt_time(n * 2000)} --> {_srt_time(n * 2000 + 1500)}\n"
            f"Line {n} {words}\nsecond line {n} " + "more " * 40 + "\n"
            for n in range(cues)
        ),
        encoding="utf-8",
    )
    return path


def _texts(cues: object) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in cues]  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- fault 1: off the GUI thread


@pytest.mark.slow
def test_a_big_import_keeps_the_event_loop_running_and_reads_the_same(
    window: MainWindow,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    boxes: list[tuple[str, str]],
) -> None:
    path = _big_srt(tmp_path / "film.srt", 13_500)
    assert 10 * 2**20 < path.stat().st_size < 20 * 2**20
    ticks: list[int] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    at_pick: list[int] = []
    at_open: list[int] = []
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    def pick(*_: object, **__: object) -> tuple[str, str]:
        at_pick.append(len(ticks))
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    window.queue_model.rowsInserted.connect(lambda *_: at_open.append(len(ticks)))
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(at_open), timeout=120_000)
    timer.stop()
    assert at_open[0] - at_pick[0] >= 3  # the timer fired while the file was read
    assert any("Reading film.srt" in m for m in messages)
    session = window.current_session()
    assert session is not None and boxes == []
    assert _texts(session.model.document.cues) == _texts(read(path).document.cues)


def test_two_imports_at_once_each_open_their_own_file(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    big = _big_srt(tmp_path / "big.srt", 300)
    small = tmp_path / "small.srt"
    small.write_text("1\n00:00:01,000 --> 00:00:02,000\nsmall\n")
    first, second = window.start_import(big), window.start_import(small)
    assert not window.import_busy.isHidden()
    qtbot.waitUntil(lambda: first.done and second.done, timeout=30_000)
    assert first.session is not None and second.session is not None
    assert _texts(first.session.model.document.cues) == _texts(read(big).document.cues)
    assert [c.text for c in second.session.model.document.cues] == ["small"]
    assert window.queue_model.rowCount() == 2 and window.import_busy.isHidden()


def test_an_unreadable_path_is_a_sentence_in_a_dialog_not_stderr(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]], capfd: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.srt"
    folder.mkdir()
    assert window.import_subtitle_file(folder) is None
    assert len(boxes) == 1 and "folder.srt" in boxes[0][1] and "Errno" not in boxes[0][1]
    assert window.queue_model.rowCount() == 0 and capfd.readouterr().err == ""


# ---------------------------------------------------------------------------- fault 2: MicroDVD's frame rate


@pytest.fixture
def rate_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[float], float]]:
    """The frame-rate question, answered 25 fps: (rates offered, rate preselected) per question."""
    from gui.views.subtitle_dialogs import FrameRateDialog

    asked: list[tuple[list[float], float]] = []

    def answer(self: FrameRateDialog) -> int:
        asked.append((self.rates(), self.chosen()))
        self.box.setCurrentIndex(self.rates().index(25.0))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FrameRateDialog, "exec", answer)
    return asked


def test_microdvd_without_a_rate_asks_it_and_says_which_was_used(
    window: MainWindow, tmp_path: Path, rate_dialogs: list[tuple[list[float], float]]
) -> None:
    path = tmp_path / "film.sub"
    path.write_text("{25}{50}hello\n{75}{100}world\n")
    session = window.import_subtitle_file(path)
    assert session is not None and len(rate_dialogs) == 1
    offered, preselected = rate_dialogs[0]
    assert [round(r, 3) for r in offered] == [23.976, 24, 25, 29.97, 30, 50, 59.94]
    assert preselected == pytest.approx(window.preset.frame_rate)  # no video: the preset's
    assert _texts(session.model.document.cues) == [(1000, 2000, "hello"), (3000, 4000, "world")]
    assert session.frame_rate == 25.0 and "25 fps" in window.statusBar().currentMessage()


def test_the_videos_own_rate_is_preselected(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rate_dialogs: list[tuple[list[float], float]],
) -> None:
    import engine.audio

    (tmp_path / "film.mkv").write_bytes(b"not really a video")
    monkeypatch.setattr(
        engine.audio, "probe_frame_rate", lambda p: 24000 / 1001 if str(p).endswith(".mkv") else None
    )
    path = tmp_path / "film.sub"
    path.write_text("{24}{48}hello\n")
    session = window.import_subtitle_file(path)
    assert session is not None and rate_dialogs[0][1] == pytest.approx(24000 / 1001)


def test_microdvd_that_declares_its_rate_is_read_at_that_rate_without_asking(
    window: MainWindow, tmp_path: Path, rate_dialogs: list[tuple[list[float], float]]
) -> None:
    path = tmp_path / "film.sub"
    path.write_text("{1}{1}23.976\n{24}{48}hello\n")
    assert window.preset.frame_rate != pytest.approx(23.976)
    session = window.import_subtitle_file(path)
    assert session is not None and rate_dialogs == []
    assert session.frame_rate == pytest.approx(23.976)
    assert _texts(session.model.document.cues) == _texts(read(path).document.cues)
    assert session.model.document.cues[0].start_ms == 1001


def test_cancelling_the_rate_question_opens_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.views.subtitle_dialogs import FrameRateDialog

    monkeypatch.setattr(FrameRateDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    path = tmp_path / "film.sub"
    path.write_text("{25}{50}hello\n")
    assert window.import_subtitle_file(path) is None and window.queue_model.rowCount() == 0


def test_a_time_based_file_opens_as_the_reader_reads_it_with_no_frame_rate(
    window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "plain.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n<i>hi</i>\n")
    session = window.import_subtitle_file(path)
    assert session is not None and session.frame_rate is None  # export offers the project's rate
    assert _texts(session.model.document.cues) == _texts(read(path).document.cues)


# ---------------------------------------------------------------------------- fault 4: the reader's notes


def test_every_note_is_shown_once_in_a_window_that_does_not_block(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]]
) -> None:
    from gui.views.subtitle_dialogs import ImportNotesDialog

    empty = "".join(
        f"{n + 1}\n{_srt_time(n * 1000)} --> {_srt_time(n * 1000 + 500)}\n<i></i>\n\n" for n in range(300)
    )
    path = tmp_path / "notes.srt"
    path.write_text(empty + "301\n00:10:00,000 --> 00:10:01,000\nkept\n")
    expected = read(path).warnings
    assert len(expected) == 300
    session = window.import_subtitle_file(path)
    assert session is not None and boxes == []  # nothing modal
    dialogs = window.findChildren(ImportNotesDialog)
    assert len(dialogs) == 1 and not dialogs[0].isModal() and not dialogs[0].isHidden()
    assert dialogs[0].notes() == list(expected)  # each in full
    assert "notes.srt" in dialogs[0].summary.text() and "300" in window.statusBar().currentMessage()
    plain = tmp_path / "plain.srt"
    plain.write_text("1\n00:00:01,000 --> 00:00:02,000\nhi\n")
    assert window.import_subtitle_file(plain) is not None
    assert len(window.findChildren(ImportNotesDialog)) == 1  # once per import


# ---------------------------------------------------------------------------- usertest12 #12


@pytest.mark.parametrize(
    "content", [b"", b"1\n00:00:01,000 --> 00:00:02,000\n\n", bytes(range(128, 256)) * 8]
)
def test_a_file_without_cues_is_refused_not_opened_empty(
    window: MainWindow,
    tmp_path: Path,
    boxes: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
) -> None:
    """An empty file, one whose cues have no text and binary junk open nothing ("Imported 0 cues"
    was an empty editor), and junk asks no encoding question first."""
    from gui.views.subtitle_dialogs import EncodingDialog

    asked: list[str] = []

    def ask(_dialog: EncodingDialog) -> int:
        asked.append("encoding")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EncodingDialog, "exec", ask)
    path = tmp_path / "nothing.srt"
    path.write_bytes(content)
    assert window.import_subtitle_file(path) is None
    assert window.queue_model.rowCount() == 0 and asked == []
    assert len(boxes) == 1 and "nothing.srt" in boxes[0][1]
    if content.isascii():  # junk may be refused by the reader itself as binary data
        assert "nothing.srt has no cue with text: nothing was imported" in boxes[0][1]


# ---------------------------------------------------------------------------- a window closed, an app quit, mid-read


@pytest.fixture
def stuck_read(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """engine.subtitles.io.read made slow for files named ``stuck.*``: (started, release); such a
    read returns the real reading once ``release`` is set. Other files read as usual."""
    import engine.subtitles.io

    real, started, release = engine.subtitles.io.read, threading.Event(), threading.Event()

    def slow(path: Path, *args: object, **kwargs: object) -> object:
        if Path(path).stem == "stuck":
            started.set()
            release.wait()
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.subtitles.io, "read", slow)
    return started, release


@pytest.mark.parametrize("when", ["reading", "emitting"])
def test_a_window_deleted_mid_read_shows_nothing_and_opens_nothing(
    qtbot: QtBot,
    tmp_path: Path,
    boxes: list[tuple[str, str]],
    stuck_read: tuple[threading.Event, threading.Event],
    monkeypatch: pytest.MonkeyPatch,
    when: str,
) -> None:
    """The window (and the import, its child) is deleted on the GUI thread while the file is
    read, or while the reading thread is inside the result's emit (held there by a direct slot):
    the result is dropped: no dialog, no file opened, no exception in a slot, no crash."""
    started, release = stuck_read
    inside, deleted = threading.Event(), threading.Event()
    if when == "emitting":
        real_run = subtitle_files._Task.run

        def run(task: subtitle_files._Task) -> None:
            def hold(_result: object) -> None:
                if not inside.is_set():  # the first task only
                    inside.set()
                    deleted.wait(10)

            task.signals.done.connect(hold, Qt.ConnectionType.DirectConnection)
            real_run(task)

        monkeypatch.setattr(subtitle_files._Task, "run", run)
        release.set()
        started = inside
    win = MainWindow(
        AppSettings(),
        client_factory=fake_factory(),
        autosave_folder=tmp_path / "autosave",
        peaks_cache=tmp_path / "peaks",
        persist_settings=False,
    )
    stuck, bad = tmp_path / "stuck.srt", tmp_path / "bad.srt"
    stuck.write_text("1\n00:00:01,000 --> 00:00:02,000\nhello\n")
    bad.mkdir()  # had its result reached the window, an error dialog would show
    finished: list[object] = []
    for path in (stuck, bad):
        win.start_import(path).finished.connect(finished.append)
    assert started.wait(10)
    win.engine.shutdown()
    shiboken6.delete(win)  # the window closed and deleted, the read under way
    release.set()
    deleted.set()
    after = subtitle_files.SubtitleImport(None, tmp_path / "after.srt", 25.0)  # reads run in order:
    (tmp_path / "after.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nlater\n")  # when this one
    with qtbot.waitSignal(after.finished, timeout=10_000):  # is back, the earlier ones have come back
        after.start()
    assert after.loaded is not None and finished == [] and boxes == []


def test_a_read_that_never_ends_does_not_keep_the_app_from_quitting(tmp_path: Path) -> None:
    """The engine's read cannot be interrupted: at quit it is abandoned, not waited for."""
    script = tmp_path / "quit.py"
    script.write_text(
        "import sys, threading\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import engine.subtitles.io\n"
        "from gui import subtitle_files\n"
        "started = threading.Event()\n"
        "def stuck(*_a, **_k):\n"
        "    started.set()\n"
        "    threading.Event().wait()\n"
        "engine.subtitles.io.read = stuck\n"
        "app = QApplication([])\n"
        "job = subtitle_files.SubtitleImport(None, Path(sys.argv[1]), 25.0)\n"
        "job.start()\n"
        "timer = QTimer(interval=10)\n"
        "timer.timeout.connect(lambda: started.is_set() and app.quit())\n"
        "timer.start()\n"
        "sys.exit(app.exec())\n"
    )
    (tmp_path / "film.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nhi\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).parents[2])}
    try:  # a generous bound only so that a hang fails instead of stalling the suite
        done = subprocess.run(
            [sys.executable, str(script), str(tmp_path / "film.srt")],
            env=env,
            timeout=30,
            capture_output=True,
            text=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the app did not quit: it waited for a read that never ends")
    assert done.returncode == 0, done.stderr


SAMI_TWO = Path(__file__).resolve().parents[1] / "engine" / "subtitles" / "data" / "sami_two_lang.smi"


def test_a_sami_file_of_two_languages_asks_which_to_open(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """User test 7: the window read the first language and told the user to run convert
    --sami-class for the other; it now asks, and opens the one chosen without that note."""
    from PySide6.QtWidgets import QInputDialog

    asked: list[list[str]] = []

    def pick(parent, title, label, items, current, editable):  # type: ignore[no-untyped-def]
        asked.append(list(items))
        return items[1], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    job = window.start_import(SAMI_TWO)
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert asked == [["ENUSCC (English, en-US)", "KOKRCC (Korean, ko-KR)"]]
    assert job.session is not None
    assert [c.text for c in job.session.model.document.cues] == ["안녕하세요, 여러분.", "<i>시작합시다.</i>"]
    assert job.loaded is not None and not any("SAMI file holds" in w for w in job.loaded.warnings)


def test_cancelling_the_sami_language_question_opens_nothing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("", False))
    job = window.start_import(SAMI_TWO)
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.loaded is None and window.queue_model.rowCount() == 0
