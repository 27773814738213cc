"""Vocabulary in the window: hotwords, a prompt and a glossary set in Preferences reach each job
and its cues (issue 13, point 6)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.models.cue_model import TEXT
from gui.models.queue_model import Status
from gui.settings import AppSettings, load_settings, save_settings
from gui.views import vocabulary_fields
from gui.views.vocabulary_fields import VocabularyFields
from tests.gui.test_main_window import fake_factory, wait_done


@pytest.fixture
def window_with(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[[AppSettings], MainWindow]]:
    """A window with these settings over the fake model's engine (as test_main_window's)."""
    windows: list[MainWindow] = []

    def make(settings: AppSettings) -> MainWindow:
        window = MainWindow(
            settings,
            client_factory=fake_factory(),
            autosave_folder=tmp_path / "autosave",
            peaks_cache=tmp_path / "peaks",
            persist_settings=False,
        )
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.engine.shutdown()


def test_hotwords_and_prompt_become_job_options_and_persist(tmp_path: Path) -> None:
    settings = AppSettings(hotwords=" Mikael, Kubernetes ", initial_prompt="A talk.", glossary="/x/names.txt")
    options = settings.job_options()
    assert (options.hotwords, options.initial_prompt) == ("Mikael, Kubernetes", "A talk.")
    assert (AppSettings().job_options().hotwords, AppSettings().job_options().initial_prompt) == (None, None)
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    save_settings(settings, store)
    assert load_settings(store) == settings


def test_the_fields_show_and_give_back_the_settings(qtbot: QtBot, tmp_path: Path) -> None:
    fields = VocabularyFields(AppSettings(hotwords="Mikael", initial_prompt="Hi.", glossary=""))
    qtbot.addWidget(fields)
    assert (fields.hotwords.text(), fields.prompt.text(), fields.glossary.text()) == ("Mikael", "Hi.", "")
    bad = tmp_path / "names.txt"
    bad.write_text("Kubernetis Kubernetes\n", encoding="utf-8")
    fields.hotwords.setText(" Mikael, Zoë ")
    fields.glossary.setText(str(bad))
    fields.glossary.editingFinished.emit()  # the file is read when the user is done with the field
    assert fields.problem() is not None and "line 1 has no arrow" in fields.problem()  # type: ignore[operator]
    assert "line 1 has no arrow" in fields.glossary_note.text()
    bad.write_text("Kubernetis → Kubernetes\n", encoding="utf-8")
    assert fields.problem() is None
    settings = fields.apply_to(AppSettings(model="base"))
    assert (settings.model, settings.hotwords, settings.initial_prompt, settings.glossary) == (
        "base",
        "Mikael, Zoë",
        "Hi.",
        str(bad),
    )


def test_the_glossary_file_is_read_when_editing_is_finished_not_on_each_keystroke(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    real = vocabulary_fields.load_glossary

    def counting(path: str | Path) -> object:
        reads.append(str(path))
        return real(path)

    monkeypatch.setattr(vocabulary_fields, "load_glossary", counting)
    fields = VocabularyFields(AppSettings(glossary=""))
    qtbot.addWidget(fields)
    typed = str(tmp_path / "missing.txt")
    qtbot.keyClicks(fields.glossary, typed)
    assert reads == []  # was one read per keystroke (textChanged): len(typed) reads
    assert not fields.glossary_note.isVisibleTo(fields)
    qtbot.keyClick(fields.glossary, Qt.Key.Key_Return)  # editingFinished
    assert reads == [typed]
    assert "not found" in fields.glossary_note.text() and fields.glossary_note.isVisibleTo(fields)
    qtbot.keyClicks(fields.glossary, "x")  # typing again hides the note that no longer applies
    assert not fields.glossary_note.isVisibleTo(fields) and reads == [typed]


def test_the_glossary_changes_the_streamed_cues(
    qtbot: QtBot,
    window_with: Callable[[AppSettings], MainWindow],
    tmp_path: Path,
    short_wav: Path,
) -> None:
    glossary = tmp_path / "g.txt"
    glossary.write_text("here -> there\n", encoding="utf-8")
    window = window_with(AppSettings(glossary=str(glossary)))
    window.add_files([short_wav])
    wait_done(qtbot, window)
    session = window.sessions.by_job(str(window.queue_model.item(0).job_id))
    assert session is not None
    model = session.model
    shown = " ".join(model.index(row, TEXT).data() for row in range(model.rowCount()))
    words = [w for w in shown.split() if w != "/"]  # the table shows a line break as " / "
    assert words and set(words) == {"speech", "there"}


def test_a_malformed_glossary_fails_the_row_and_says_what_to_do(
    qtbot: QtBot,
    window_with: Callable[[AppSettings], MainWindow],
    tmp_path: Path,
    short_wav: Path,
) -> None:
    glossary = tmp_path / "g.txt"
    glossary.write_text("# names\nhere there\n", encoding="utf-8")
    window = window_with(AppSettings(glossary=str(glossary)))
    window.add_files([short_wav])
    item = window.queue_model.item(0)
    assert item.status is Status.FAILED and item.job_id is None  # nothing was transcribed
    assert "line 2 has no arrow" in str(item.error) and "Preferences" in str(item.error), item.error
