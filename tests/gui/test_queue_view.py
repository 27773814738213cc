"""QueueView: media discovery, drops from outside, the progress bar, and cancel/remove gestures."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from engine.protocol import AudioStreamInfo, JobFinished, JobProgress, JobStarted
from gui.models.queue_model import Column, QueueModel
from gui.views.queue_view import QueueView, media_files


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder as users have them: mixed-case extensions, notes, nested seasons, macOS junk."""
    root = tmp_path / "show"
    for rel in [
        "Episode 10.MKV",
        "Episode 2.mkv",
        "episode 1.Mp4",
        "notes.txt",
        "cover.jpg",
        "subs/Episode 1.srt",
        "Season 2/b.OPUS",
        "Season 2/a.wav",
        "Season 2/deeper/c.Ts",
        "._Episode 2.mkv",
        ".cache/hidden.mp3",
        "archive.mkv.part",
    ]:
        touch(root / rel)
    return root


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> QueueView:
    model = QueueModel()
    model.add_files([tmp_path / "a.mp3", tmp_path / "b.wav", tmp_path / "c.mkv"])
    v = QueueView()
    v.setModel(model)
    v.resize(700, 300)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    return v


def queue_model(view: QueueView) -> QueueModel:
    model = view.model()
    assert isinstance(model, QueueModel)
    return model


def run(model: QueueModel, row: int, done: float) -> None:
    job_id = f"j{row}"
    model.set_job(row, job_id)
    model.on_started(JobStarted(job_id, str(model.item(row).path), 60_000))
    model.on_progress(JobProgress(job_id, int(done * 10_000), 10_000, 1.0, 12.5, 30.0))


def select_rows(view: QueueView, *rows: int) -> None:
    view.clearSelection()
    for row in rows:
        pos = view.visualRect(view.model().index(row, Column.FILE)).center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, pos)
    assert view.selected_rows() == sorted(rows)


# ---------------------------------------------------------------- media_files


def test_media_files_expands_folders_recursively_and_sorts_naturally(tree: Path) -> None:
    assert media_files([tree]) == [
        tree / "episode 1.Mp4",
        tree / "Episode 2.mkv",
        tree / "Episode 10.MKV",
        tree / "Season 2" / "a.wav",
        tree / "Season 2" / "b.OPUS",
        tree / "Season 2" / "deeper" / "c.Ts",
    ]


def test_media_files_keeps_given_media_files_once_and_skips_the_rest(tree: Path, tmp_path: Path) -> None:
    given = [
        tree / "Season 2" / "a.wav",
        tree / "notes.txt",
        tree / "Season 2",
        tree / "Season 2" / ".." / "Season 2" / "a.wav",  # the same file spelled differently
        tmp_path / "missing.mp3",
    ]
    assert media_files(given) == [
        tree / "Season 2" / "a.wav",
        tree / "Season 2" / "b.OPUS",
        tree / "Season 2" / "deeper" / "c.Ts",
    ]
    assert media_files([]) == []


def test_media_files_keeps_the_order_given(tree: Path) -> None:
    # The user's order wins over sorting; only a folder's own contents are sorted.
    assert media_files([tree / "Episode 10.MKV", tree / "Season 2" / "deeper", tree / "episode 1.Mp4"]) == [
        tree / "Episode 10.MKV",
        tree / "Season 2" / "deeper" / "c.Ts",
        tree / "episode 1.Mp4",
    ]


def test_media_files_does_not_follow_a_symlink_loop(tmp_path: Path) -> None:
    touch(tmp_path / "root" / "a.flac")
    try:
        (tmp_path / "root" / "loop").symlink_to(tmp_path / "root", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not allowed here")
    assert media_files([tmp_path / "root"]) == [tmp_path / "root" / "a.flac"]


# ---------------------------------------------------------------- drops from outside


def url_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_and_drop(
    view: QueueView,
    mime: QMimeData,
    actions: Qt.DropAction = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
) -> tuple[QDragEnterEvent, QDropEvent]:
    """What a drag from a file manager delivers: enter, move, drop on the viewport, with Shift
    held so that the file manager proposes a move."""
    target = view.viewport()
    point = QPointF(target.rect().center())
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
    enter = QDragEnterEvent(point.toPoint(), actions, mime, buttons, modifiers)  # QPoint before Qt 6.12
    QApplication.sendEvent(target, enter)
    if enter.isAccepted():
        QApplication.sendEvent(target, QDragMoveEvent(point.toPoint(), actions, mime, buttons, modifiers))
    drop = QDropEvent(point, actions, mime, buttons, modifiers)
    if enter.isAccepted():
        QApplication.sendEvent(target, drop)
    return enter, drop


def test_dropping_a_folder_and_a_file_emits_the_media_files(
    view: QueueView, qtbot: QtBot, tree: Path
) -> None:
    single = touch(tree.parent / "single.WMA")
    with qtbot.waitSignal(view.files_dropped, timeout=1000) as blocker:
        mime = url_mime(tree / "Season 2", single, tree / "notes.txt")  # alive as long as the events
        enter, drop = drag_and_drop(view, mime)
    assert enter.isAccepted() and drop.isAccepted()
    # A copy even though the file manager proposed a move: the source files must never be deleted.
    assert drop.proposedAction() == Qt.DropAction.MoveAction
    assert drop.dropAction() == Qt.DropAction.CopyAction
    assert blocker.args == [
        [
            tree / "Season 2" / "a.wav",
            tree / "Season 2" / "b.OPUS",
            tree / "Season 2" / "deeper" / "c.Ts",
            single,
        ]
    ]


def test_a_drop_without_media_emits_nothing(view: QueueView, qtbot: QtBot, tree: Path) -> None:
    with qtbot.assertNotEmitted(view.files_dropped):
        mime = url_mime(tree / "notes.txt", tree / "subs")
        enter, drop = drag_and_drop(view, mime)
    assert enter.isAccepted()  # files from a file manager are welcome; these just hold no media


def test_a_drag_of_plain_text_is_refused(view: QueueView, qtbot: QtBot) -> None:
    mime = QMimeData()
    mime.setText("/some/file.mp3")
    with qtbot.assertNotEmitted(view.files_dropped):
        enter, _ = drag_and_drop(view, mime)
    assert not enter.isAccepted()
    remote = url_mime()
    remote.setUrls([QUrl("https://example.com/a.mp3")])
    enter, _ = drag_and_drop(view, remote)
    assert not enter.isAccepted()


def test_a_drag_that_can_only_move_is_refused(view: QueueView, qtbot: QtBot, tree: Path) -> None:
    with qtbot.assertNotEmitted(view.files_dropped):
        mime = url_mime(tree / "Season 2")
        enter, _ = drag_and_drop(view, mime, actions=Qt.DropAction.MoveAction)
    assert not enter.isAccepted()


# ---------------------------------------------------------------- painting


def progress_column_pixels(view: QueueView, row: int, at: float) -> list[int]:
    """The pixels of one vertical line through a Progress cell, ``at`` of its width from the left."""
    rect = view.visualRect(view.model().index(row, Column.PROGRESS))
    image = view.viewport().grab(rect).toImage()
    assert not image.isNull()
    x = int(image.width() * at)
    return [image.pixel(x, y) for y in range(image.height())]


def test_the_progress_bar_paints_and_follows_the_value(view: QueueView) -> None:
    model = queue_model(view)
    run(model, 0, 0.1)
    run(model, 1, 0.5)
    model.set_job(2, "j2")
    model.on_started(JobStarted("j2", "c", 1_000))
    model.on_finished(JobFinished("j2", "en", 1_000, 1, 0.5), cue_count=1)
    pixmap = view.grab()
    assert not pixmap.isNull() and pixmap.width() > 0
    # Rows 0 and 2 share a background (alternating colours); at three quarters of the cell, away
    # from the centred text, the bar of the finished row is filled and the one at 10 % is not.
    # Plain text cells would be blank there in both rows.
    assert progress_column_pixels(view, 0, 0.75) != progress_column_pixels(view, 2, 0.75)
    assert progress_column_pixels(view, 0, 0.02) == progress_column_pixels(view, 2, 0.02)


def test_an_empty_queue_paints_its_drop_hint(qtbot: QtBot, tmp_path: Path) -> None:
    view = QueueView()
    view.setModel(QueueModel())
    qtbot.addWidget(view)
    view.resize(400, 200)

    def colours_across_the_middle() -> set[int]:
        image = view.viewport().grab().toImage()
        assert not image.isNull()
        y = image.height() // 2
        return {image.pixel(x, y) for x in range(image.width())}

    assert len(colours_across_the_middle()) > 1  # the hint's text
    queue_model(view).add_files([tmp_path / "a.mp3"])
    assert len(colours_across_the_middle()) == 1  # one short row at the top; the middle is blank


# ---------------------------------------------------------------- cancel and remove


def test_delete_key_requests_removal_of_the_selected_rows(view: QueueView, qtbot: QtBot) -> None:
    select_rows(view, 0, 2)
    with qtbot.waitSignal(view.remove_requested, timeout=1000) as blocker:
        QTest.keyClick(view, Qt.Key.Key_Delete)
    assert blocker.args == [[0, 2]]
    with qtbot.waitSignal(view.remove_requested, timeout=1000) as blocker:
        QTest.keyClick(view, Qt.Key.Key_Backspace)  # the "Delete" key of Mac keyboards
    assert blocker.args == [[0, 2]]


def test_delete_key_without_a_selection_requests_nothing(view: QueueView, qtbot: QtBot) -> None:
    view.clearSelection()
    assert not view.remove_action.isEnabled()
    with qtbot.assertNotEmitted(view.remove_requested):
        QTest.keyClick(view, Qt.Key.Key_Delete)


def test_cancel_is_offered_only_for_queued_or_running_rows(view: QueueView, qtbot: QtBot) -> None:
    model = queue_model(view)
    run(model, 0, 0.5)
    model.mark_failed(1, "File not found")
    select_rows(view, 1)
    assert view.remove_action.isEnabled() and not view.cancel_action.isEnabled()
    select_rows(view, 0, 1, 2)
    assert view.cancel_action.isEnabled()
    emitted: list[int] = []
    view.cancel_requested.connect(emitted.append)
    view.cancel_action.trigger()
    assert emitted == [0, 2]  # the failed row is not cancelled
    # The running row ends while still selected: the action follows the model.
    model.remove_rows([2])
    model.on_finished(JobFinished("j0", "en", 60_000, 3, 2.0), cue_count=3)
    assert not view.cancel_action.isEnabled()


def test_context_menu_cancel_with_the_mouse(view: QueueView, qtbot: QtBot) -> None:
    run(queue_model(view), 1, 0.3)
    clicked: list[str] = []
    tries = iter(range(100))

    def click_cancel() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            if next(tries, None) is not None:
                QTimer.singleShot(10, click_cancel)  # the menu is not up yet
            return
        assert [a.text() for a in menu.actions()] == ["Cancel", "Remove"]
        assert all(a.isEnabled() for a in menu.actions())
        clicked.append("cancel")
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(menu.actions()[0]).center())

    pos = view.visualRect(view.model().index(1, Column.STATUS)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # select the row
    QTimer.singleShot(0, click_cancel)
    # What the window system sends on a right click (QTest cannot synthesize it); exec() runs the
    # menu's own loop until the timer above clicks Cancel.
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    with qtbot.waitSignal(view.cancel_requested, timeout=2000) as blocker:
        QApplication.sendEvent(view.viewport(), event)
    assert clicked == ["cancel"] and blocker.args == [1]
    assert QApplication.activePopupWidget() is None


def test_no_context_menu_without_a_selection(view: QueueView, qtbot: QtBot) -> None:
    view.clearSelection()
    opened: list[object] = []

    def close_menu() -> None:
        if (menu := QApplication.activePopupWidget()) is not None:
            opened.append(menu)
            menu.close()

    guard = QTimer(view, singleShot=True, interval=300)  # a menu would block in exec(): close it
    guard.timeout.connect(close_menu)
    guard.start()
    pos = QPoint(5, view.viewport().height() - 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    guard.stop()
    assert opened == []


STREAMS = (
    AudioStreamInfo(1, "fre", "Français", 2, "stereo", "aac", False),
    AudioStreamInfo(2, "eng", "English", 6, "5.1(side)", "ac3", True),
)


def test_the_audio_stream_menu_picks_another_stream_with_the_mouse(view: QueueView, qtbot: QtBot) -> None:
    model = queue_model(view)
    model.set_job(2, "j2")
    model.on_started(JobStarted("j2", str(model.item(2).path), 60_000, STREAMS, 2))
    seen: list[list[str]] = []
    tries = iter(range(200))

    def step() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu) or (seen and menu.title() != "Audio stream"):
            if next(tries, None) is not None:
                QTimer.singleShot(10, step)  # the menu (or its submenu) is not up yet
            return
        seen.append([a.text() for a in menu.actions()])
        if menu.title() != "Audio stream":  # the row's menu: open the submenu
            entry = next(a for a in menu.actions() if a.menu() is not None)
            QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(entry).center())
            QTimer.singleShot(10, step)
            return
        assert [a.isChecked() for a in menu.actions()] == [False, True]  # the stream in use
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(menu.actions()[0]).center())

    pos = view.visualRect(view.model().index(2, Column.FILE)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    QTimer.singleShot(0, step)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    with qtbot.waitSignal(view.audio_stream_requested, timeout=3000) as blocker:
        QApplication.sendEvent(view.viewport(), event)
    assert blocker.args == [2, 1]
    assert seen[0][:2] == ["Cancel", "Remove"] and seen[0][-1] == "Audio stream"
    assert seen[1] == ["#1 fre “Français” · 2 ch", "#2 eng “English” · 6 ch (default)"]


def test_no_audio_stream_menu_for_one_stream_or_several_rows(view: QueueView) -> None:
    model = queue_model(view)
    model.set_job(2, "j2")
    model.on_started(JobStarted("j2", str(model.item(2).path), 60_000, STREAMS, 2))
    model.set_job(0, "j0")
    model.on_started(JobStarted("j0", str(model.item(0).path), 60_000, STREAMS[:1], 1))
    select_rows(view, 0)
    assert [a.text() for a in view.context_menu().actions()] == ["Cancel", "Remove"]
    select_rows(view, 0, 2)
    assert [a.text() for a in view.context_menu().actions()] == ["Cancel", "Remove"]
    select_rows(view, 2)
    assert view.context_menu().actions()[-1].menu() is not None
