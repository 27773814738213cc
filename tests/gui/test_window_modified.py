"""The title's ``*`` and Quit's question follow one rule (user test 6): the ``*`` shows exactly
when Quit would ask, that is while a file has cues neither exported nor saved since they last
changed (SessionStore.unsaved). Exporting every file clears it; an edit or an undo brings it back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from engine.subtitles.io import format_for
from gui.main_window import MainWindow
from gui.models.cue_columns import TEXT
from gui.views import recovery_dialog
from gui.views.subtitle_dialogs import ExportOptions
from tests.gui import subtitle_window

window = subtitle_window.window  # the shared fixture (tests/gui/subtitle_window.py)

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n"


def quit_would_ask(window: MainWindow, monkeypatch) -> bool:  # type: ignore[no-untyped-def]
    """Whether Quit asks about unsaved work now (answered Cancel, so nothing is tidied away)."""
    asked: list[list[str]] = []

    def cancel(_parent: object, names: list[str]) -> str:
        asked.append(names)
        return "cancel"

    monkeypatch.setattr(recovery_dialog, "ask_unsaved", cancel)
    closes = window.safekeeping.confirm_close()
    assert closes == (not asked)
    return bool(asked)


def test_the_star_shows_exactly_when_quit_would_ask(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    names = []
    for name in ("one.srt", "two.srt"):
        (tmp_path / name).write_text(SRT, encoding="utf-8")
        names.append(tmp_path / name)
    first = window.import_subtitle_file(names[0])
    second = window.import_subtitle_file(names[1])
    assert first is not None and second is not None
    window.queue_view.selectRow(0)
    assert not window.isWindowModified() and not quit_would_ask(window, monkeypatch)  # as read

    for session in (first, second):  # an edit in each file
        model = session.model
        assert model.setData(model.index(0, TEXT), f"Edited {session.path.stem}.", Qt.ItemDataRole.EditRole)
        assert window.isWindowModified() and quit_would_ask(window, monkeypatch)

    srt = ExportOptions(format_for("", "srt"))
    assert window.export_with(first, tmp_path / "one.out.srt", srt, overwrite=False)
    assert window.isWindowModified() and quit_would_ask(window, monkeypatch)  # the second is not out
    assert window.export_with(second, tmp_path / "two.out.srt", srt, overwrite=False)
    assert not window.isWindowModified(), "every file is exported: the * cries wolf"
    assert not quit_would_ask(window, monkeypatch)

    first.model.undo_stack.undo()  # an undo changes the cues too: not in the file exported
    assert window.isWindowModified() and quit_would_ask(window, monkeypatch)
    assert window.export_with(first, tmp_path / "one.out.srt", srt, overwrite=True)
    assert not window.isWindowModified()
    model = first.model
    assert model.setData(model.index(1, TEXT), "Edited again.", Qt.ItemDataRole.EditRole)
    assert window.isWindowModified() and quit_would_ask(window, monkeypatch)
