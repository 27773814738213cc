"""The translation view's window side (issue 15 point 7): a cue's translation edited through the
one edit path as its own undo steps, and the Export dialog's choice of text, with a clear
refusal when there is no translation to export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from engine.subtitles.translation import ExportText
from gui.exports import suggested_name
from gui.main_window import MainWindow
from gui.models.cue_model import CueTableModel
from gui.views.subtitle_dialogs import ExportDialog
from tests.gui import subtitle_window

window, boxes = subtitle_window.window, subtitle_window.boxes  # the shared fixtures


def make_model() -> CueTableModel:
    cues = [Cue(1, 0, 2_000, "Hello there my friend"), Cue(2, 3_000, 5_000, "Bye")]
    return CueTableModel(Document(cues), PRESETS["netflix-en"])


def test_typing_a_translation_is_one_undo_step_apart_from_the_text() -> None:
    model = make_model()
    controller, stack = model.controller, model.undo_stack
    for typed in ("B", "Bon", "Bonjour\r\nmon ami"):
        assert controller.set_translation(1, typed)
    assert model.document.get(1).translation == "Bonjour\nmon ami"
    assert stack.count() == 1 and stack.undoText() == "Edit translation"
    assert controller.set_text(1, "Hello there, my friend")  # the other field: its own step
    assert controller.set_translation(1, "Salut")  # after another step: a new one
    assert stack.count() == 3
    stack.undo()
    stack.undo()
    assert (model.document.get(1).text, model.document.get(1).translation) == (
        "Hello there my friend",
        "Bonjour\nmon ami",
    )
    stack.undo()
    assert model.document.get(1).translation == ""
    stack.redo()
    assert model.document.get(1).translation == "Bonjour\nmon ami"
    assert controller.set_translation(2, "")  # nothing to change: no step
    assert stack.count() == 3


def test_typing_a_translation_back_to_where_it_was_leaves_no_step() -> None:
    model = make_model()
    assert model.controller.set_translation(2, "Au revoir")
    assert model.controller.set_translation(2, "")
    assert model.undo_stack.count() == 0 and model.document.get(2).translation == ""


def test_split_through_the_controller_keeps_the_translation_on_the_first_part() -> None:
    model = make_model()
    model.controller.set_translation(1, "Bonjour mon ami")
    model.controller.edit("Split", lambda d: d.split(1, len("Hello there ")))
    assert [(c.text, c.translation) for c in model.document] == [
        ("Hello there", "Bonjour mon ami"),
        ("my friend", ""),
        ("Bye", ""),
    ]
    model.undo_stack.undo()
    assert [(c.text, c.translation) for c in model.document][0] == (
        "Hello there my friend",
        "Bonjour mon ami",
    )


def test_the_export_dialog_offers_original_translation_or_both(qtbot: QtBot) -> None:
    dialog = ExportDialog(25.0)
    qtbot.addWidget(dialog)
    offered = [dialog.text_box.itemData(i) for i in range(dialog.text_box.count())]
    assert offered == ["original", "translation", "both"]
    assert dialog.options().text is ExportText.ORIGINAL
    dialog.set_format("ass")
    dialog.karaoke.setChecked(True)
    assert dialog.options().karaoke and not dialog.karaoke.isHidden()
    dialog.set_text(ExportText.BOTH)  # a translation has no word times: karaoke is not offered
    assert dialog.karaoke.isHidden()
    assert (dialog.options().text, dialog.options().karaoke) == (ExportText.BOTH, False)
    dialog.set_text(ExportText.ORIGINAL)
    assert dialog.options().karaoke  # the tick is kept for when it applies again


def test_the_save_dialog_starts_on_a_name_that_says_the_language() -> None:
    film = Path("/videos/film.mkv")
    assert suggested_name(film, ".srt", ExportText.ORIGINAL, "fr") == Path("/videos/film.srt")
    assert suggested_name(film, ".srt", ExportText.TRANSLATION, "fr") == Path("/videos/film.fr.srt")
    assert suggested_name(film, ".vtt", ExportText.TRANSLATION, None) == Path("/videos/film.translation.vtt")
    assert suggested_name(film, ".ass", ExportText.BOTH, "fr") == Path("/videos/film.bilingual.ass")


def test_exporting_a_translation_that_is_not_there_is_refused_before_the_file_chooser(
    window: MainWindow, tmp_path: Path, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "talk.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n", encoding="utf-8")
    session = window.import_subtitle_file(path)
    assert session is not None

    def choose(self: ExportDialog) -> int:
        self.set_text(ExportText.TRANSLATION)
        return QDialog.DialogCode.Accepted

    asked: list[str] = []
    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda _w, _t, start, _f: (asked.append(start), ("", ""))[1]
    )
    window.export_current()
    assert asked == []
    assert boxes == [
        (
            "No translation to export",
            "No cue has a translation yet. Type the translation in the Translation column first,"
            " or export the original text.",
        )
    ]
    boxes.clear()
    session.model.controller.set_translation(session.model.document.cues[0].id, "Bonjour")
    session.model.document.translation_language = "fr"
    window.export_current()  # now the file chooser opens, on talk.fr.srt (cancelled here)
    assert boxes == [] and asked == [str(tmp_path / "talk.fr.srt")]
