"""The editor's layout as user test 6 met it under Xvfb (issue 15, point 8), driven through the
real window at the sizes it was seen at: the drop zone's hint readable whole, long lines that
wrap in their cells instead of pushing the time and Translation columns out of view, a cell
editor tall enough for the cue's lines, and a table that keeps five rows when the editor is small."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.models.cue_columns import END, NUMBER, START, TEXT, TRANSLATION
from gui.translation_language import choose_translation_language
from tests.gui.main_window_helpers import window_maker

WORDS = "and then we walked along the river for a while talking about everything".split()


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    maker = window_maker(qtbot, tmp_path)
    make = next(maker)
    ini = str(tmp_path / "state.ini")
    yield lambda size=(1200, 800): make(state=QSettings(ini, QSettings.Format.IniFormat), size=size)
    next(maker, None)


def srt(folder: Path, texts: list[str], name: str = "long.srt") -> Path:
    """An SRT file of ``texts``, one cue each, 3 s apart."""
    blocks = []
    for i, text in enumerate(texts):
        start, end = 3 * i, 3 * i + 2
        blocks.append(f"{i + 1}\n00:00:{start:02d},000 --> 00:00:{end:02d},500\n{text}\n")
    path = folder / name
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def long_lines(count: int = 12) -> list[str]:
    """One-line cues of 100 to 160 characters, as user test 6 imported."""
    out = []
    for i in range(count):
        words: list[str] = []
        while len(" ".join(words)) < 100 + (i * 7) % 60:
            words.append(WORDS[(len(words) + i) % len(WORDS)])
        out.append(" ".join(words))
    return out


def open_file(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    assert window.import_subtitle_file(path) is not None
    window.queue_view.selectRow(0)
    qtbot.waitUntil(lambda: window.cue_view.model() is not None and window.cue_view.isVisible())


def columns_in_view(window: MainWindow, columns: tuple[int, ...]) -> list[int]:
    """The columns of ``columns`` that lie (wholly) outside the table's viewport."""
    header, width = window.cue_view.horizontalHeader(), window.cue_view.viewport().width()
    out = []
    for column in columns:
        left = header.sectionViewportPosition(column)
        if left < 0 or left + header.sectionSize(column) > width:
            out.append(column)
    return out


def test_the_drop_zones_hint_is_readable_whole(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    hint = window.drop_zone.hint
    assert hint.isVisible()
    assert hint.height() >= hint.heightForWidth(hint.width()), "the hint's wrapped lines are clipped"
    assert hint.height() >= 2 * hint.fontMetrics().lineSpacing()


def test_long_lines_wrap_and_the_time_and_translation_columns_stay_in_view(
    qtbot: QtBot, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_file(qtbot, window, srt(tmp_path, long_lines()))
    table, model = window.cue_view, window.cue_view.model()
    qtbot.waitUntil(lambda: table.viewport().width() > 600)
    shown = (NUMBER, START, END, TEXT, TRANSLATION)
    assert columns_in_view(window, shown) == [], "a column needs a horizontal scroll"
    assert table.horizontalScrollBar().maximum() == 0
    choose_translation_language(window, "fr")
    session = window.current_session()
    session.model.controller.set_translation(model.cue_id_at(0), long_lines()[5])
    qtbot.wait(50)
    assert columns_in_view(window, shown) == []
    assert table.horizontalScrollBar().maximum() == 0
    # The text wraps in its cell: the row is as tall as its wrapped lines, up to the whole text.
    line = table.fontMetrics().lineSpacing()
    assert table.rowHeight(0) >= 2 * line


def test_the_cell_editor_of_a_two_line_cue_shows_both_lines(
    qtbot: QtBot, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    texts = [f"Line one of cue {i},\nand line two of it." for i in range(30)]
    open_file(qtbot, window, srt(tmp_path, texts))
    table = window.cue_view
    bottom = table.rowAt(table.viewport().height() - 2)  # the lowest row in view
    assert bottom > 0
    index = table.model().index(bottom, TEXT)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index) or table.findChild(QPlainTextEdit)
    assert isinstance(editor, QPlainTextEdit) and editor.isVisible()
    qtbot.wait(20)  # its resize event
    lines = 2 * editor.fontMetrics().lineSpacing() + 2 * editor.document().documentMargin()
    assert editor.viewport().height() >= lines, "only some of the cue's lines show"
    geometry = editor.geometry()
    assert geometry.top() >= 0 and geometry.bottom() <= table.viewport().height(), "cut by the table"


def test_a_small_editor_keeps_five_rows_in_the_table(qtbot: QtBot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1200, 800))
    open_file(qtbot, window, srt(tmp_path, [f"Cue {i}" for i in range(30)]))
    window.splitter.setSizes([10_000, 1])  # the file list takes what it can: the editor is small
    qtbot.wait(20)
    table = window.cue_view
    rows = table.viewport().height() / table.rowHeight(0)
    assert rows >= 5, f"the table shows {rows:.1f} rows"
    box = window.editor.text_box.editor
    assert box.height() >= 2 * box.fontMetrics().lineSpacing()  # the text box keeps two lines


def test_text_past_three_wrapped_lines_is_whole_in_the_tooltip(
    qtbot: QtBot, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(900, 800))
    very_long = " ".join(long_lines(4))  # some 500 characters on one line
    open_file(qtbot, window, srt(tmp_path, [very_long, "Short."]))
    table = window.cue_view
    qtbot.waitUntil(lambda: table.rowHeight(0) > table.rowHeight(1))
    line = table.fontMetrics().lineSpacing()
    assert 3 * line <= table.rowHeight(0) < 4 * line + 8  # three lines, not the whole text
    rect = table.visualRect(table.model().index(0, TEXT))
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center()))
    QApplication.sendEvent(table.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().endswith(very_long)
