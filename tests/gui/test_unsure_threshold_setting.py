"""Issue 15, point 6: the unsure-word threshold is a preference. Preferences › General's
"Mark words below this probability" marks fewer or more words in the open file on OK, and the
value is saved with the settings (the QSettings key gui.confidence reads) for the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.project import save_project
from gui import confidence
from gui.main_window import MainWindow
from gui.models.cue_model import TEXT, UNSURE_ROLE
from gui.settings import AppSettings, load_settings, save_settings
from gui.views.settings_dialog import SettingsDialog
from tests.gui.main_window_helpers import window_maker


def words(start_ms: int, *pairs: tuple[str, float]) -> tuple[Word, ...]:
    return tuple(Word(start_ms + 100 * i, start_ms + 100 * i + 90, w, p) for i, (w, p) in enumerate(pairs))


# Below 0.5: "fellow" (0.31), "ask" (0.2); below 0.8 also "my" (0.5) and "not" (0.7).
CUES = (
    Cue(1, 0, 2000, "so my fellow", words(0, (" so", 0.9), (" my", 0.5), (" fellow", 0.31))),
    Cue(2, 3000, 5000, "ask not what", words(3000, (" ask", 0.2), (" not", 0.7), (" what", 0.99))),
)


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    yield from window_maker(qtbot, tmp_path)


def open_file(window: MainWindow, tmp_path: Path) -> None:
    project = tmp_path / "speech.wfsproj"
    save_project(project, Document(CUES), overwrite=True)
    assert window.load_project_file(project) is not None
    window.queue_view.setCurrentIndex(window.queue_model.index(0, 0))
    assert window.editor.model() is not None


def marked_words(window: MainWindow) -> list[str]:
    model = window.editor.model()
    assert model is not None
    out = []
    for row in range(model.rowCount()):
        index = model.index(row, TEXT)
        text = model.document.cues[row].text
        out += [text[a:b] for a, b in index.data(UNSURE_ROLE)]
    return out


def choose_threshold(qtbot: QtBot, window: MainWindow, value: float) -> None:
    """Preferences, type ``value`` in the box, OK: as a user does."""
    dialog = SettingsDialog(window.settings, window, gpus=[])
    qtbot.addWidget(dialog)
    box = dialog.unsure_below
    assert (box.minimum(), box.maximum(), box.singleStep()) == (0.0, 1.0, 0.05)
    box.selectAll()
    qtbot.keyClicks(box, f"{value:.2f}")
    dialog.show()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    window.apply_settings(dialog.settings())  # what MainWindow.edit_settings does after exec()


def test_the_threshold_marks_fewer_or_more_words_in_the_open_file(
    qtbot: QtBot, make_window, tmp_path: Path, user_settings: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_file(window, tmp_path)
    assert marked_words(window) == ["fellow", "ask"]
    choose_threshold(qtbot, window, 0.8)
    assert window.settings.unsure_word_below == 0.8
    assert marked_words(window) == ["my", "fellow", "ask", "not"]
    choose_threshold(qtbot, window, 0.25)
    assert marked_words(window) == ["ask"]
    choose_threshold(qtbot, window, 0.0)
    assert marked_words(window) == []


def test_the_threshold_survives_a_restart(
    qtbot: QtBot, make_window, tmp_path: Path, user_settings: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    choose_threshold(qtbot, window, 0.8)
    save_settings(window.settings)  # what apply_settings does outside tests (persist_settings)
    assert confidence.threshold() == 0.8  # the key gui.confidence reads at start
    restarted = make_window(settings=load_settings())
    assert restarted.settings.unsure_word_below == 0.8
    open_file(restarted, tmp_path)
    assert restarted.editor.unsure_threshold == 0.8
    assert marked_words(restarted) == ["my", "fellow", "ask", "not"]


def test_a_damaged_saved_threshold_reads_as_the_default(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    for raw in ("7", "-1", "nan", "loud"):
        store.setValue(confidence.SETTING, raw)
        assert load_settings(store).unsure_word_below == 0.5
    save_settings(AppSettings(unsure_word_below=0.35), store)
    assert load_settings(store).unsure_word_below == 0.35 and confidence.threshold(store) == 0.35
