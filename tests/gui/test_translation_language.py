"""Issue 15, point 7: the rules bar's "Translation:" box chooses the language of the file's
translation. Choosing it sets the cue model's translation language (the Translation column is
checked with that language's preset: 18 characters in a second is over French's 17, under
English's 20), counts as a change of the file, and is kept in its project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.project import save_project
from gui.main_window import MainWindow
from gui.models.cue_model import TRANSLATION
from gui.sessions import FileSession
from gui.translation_language import connect_translation_language
from tests.gui.main_window_helpers import window_maker

TIP, BACKGROUND = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole
CUES = (Cue(1, 0, 1_000, "a" * 18, translation="b" * 18), Cue(2, 2_000, 4_000, "Bye", translation="Salut"))


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    maker = window_maker(qtbot, tmp_path)
    win = next(maker)()
    connect_translation_language(win)  # the window's one call (MainWindow.__init__); twice is once
    connect_translation_language(win)
    yield win
    next(maker, None)


def open_file(window: MainWindow, path: Path, language: str | None = None) -> FileSession:
    save_project(path, Document(CUES, translation_language=language), overwrite=True)
    session = window.load_project_file(path)
    assert session is not None
    window.queue_view.setCurrentIndex(window.queue_model.index(window.queue_model.rowCount() - 1, 0))
    assert window.current_session() is session
    return session


def choose(qtbot: QtBot, box: QComboBox, text: str) -> None:
    """Pick an item the way a user does: focus the box and press keys until ``text`` is current."""
    index = box.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, [box.itemText(i) for i in range(box.count())]
    box.setFocus()
    while box.currentIndex() != index:
        qtbot.keyClick(box, Qt.Key.Key_Down if box.currentIndex() < index else Qt.Key.Key_Up)


def test_the_box_lists_common_languages_and_starts_at_none(window: MainWindow, tmp_path: Path) -> None:
    box = window.rules_bar.translation_box
    assert not box.isEnabled() or not window.rules_bar.isEnabled()  # no file open
    open_file(window, tmp_path / "a.wfsproj")
    assert window.rules_bar.isEnabled() and box.currentData() is None and box.currentText() == "None"
    codes = [box.itemData(i) for i in range(box.count())]
    for code in ("en", "fr", "de", "es", "ja", "ko", "zh", "zh-Hans"):
        assert code in codes
    assert box.itemText(codes.index("fr")) == "French (fr)"
    assert "17" in box.itemData(codes.index("fr"), Qt.ItemDataRole.ToolTipRole)


def test_choosing_french_checks_the_translation_with_french_rules(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    session = open_file(window, tmp_path / "a.wfsproj")
    model = session.model
    assert model.data(model.index(0, TRANSLATION), BACKGROUND) is None  # 18 cps: under English's 20
    session.exported = True  # as if just saved
    choose(qtbot, window.rules_bar.translation_box, "French")
    assert model.translation_language == "fr"
    assert model.data(model.index(0, TRANSLATION), TIP) == "Reading speed 18.0 characters/s (limit 17)"
    assert model.data(model.index(0, TRANSLATION), BACKGROUND) is not None
    assert session.unsaved  # a change of the file: the close asks, the autosave keeps it
    choose(qtbot, window.rules_bar.translation_box, "English")
    assert model.translation_language == "en"
    assert model.data(model.index(0, TRANSLATION), BACKGROUND) is None
    choose(qtbot, window.rules_bar.translation_box, "None")
    assert model.translation_language is None


def test_the_choice_is_the_files_own_and_kept_in_its_project(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    first = open_file(window, tmp_path / "first.wfsproj")
    choose(qtbot, window.rules_bar.translation_box, "French")
    second = open_file(window, tmp_path / "second.wfsproj", language="de")
    assert window.rules_bar.translation_box.currentData() == "de"  # the bar follows the file shown
    assert first.model.translation_language == "fr" and second.model.translation_language == "de"
    window.queue_view.setCurrentIndex(window.queue_model.index(0, 0))
    assert window.rules_bar.translation_box.currentData() == "fr"
    window.sessions.flush()
    assert first.autosave_path is not None and first.autosave_path.is_file()
    reopened = window.load_project_file(first.autosave_path)
    assert reopened is not None and reopened.model.translation_language == "fr"
    window.queue_view.setCurrentIndex(window.queue_model.index(window.queue_model.rowCount() - 1, 0))
    assert window.current_session() is reopened
    assert window.rules_bar.translation_box.currentText() == "French (fr)"
    assert reopened.model.data(reopened.model.index(0, TRANSLATION), BACKGROUND) is not None


def test_a_language_not_in_the_list_is_shown_as_it_is(window: MainWindow, tmp_path: Path) -> None:
    open_file(window, tmp_path / "a.wfsproj", language="nl")
    assert window.rules_bar.translation_box.currentData() == "nl"
