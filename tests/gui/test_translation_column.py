"""The cue table's Translation column (issue 15 point 7): shown, edited through the one edit
path as its own undo steps, and checked with the translation language's preset."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.models.cue_model import CPS, TEXT, TRANSLATION, CueTableModel

TIP, BACKGROUND = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole


def make_model() -> CueTableModel:
    cues = [Cue(1, 0, 1_000, "a" * 18), Cue(2, 2_000, 4_000, "Bye", translation="Au\nrevoir")]
    return CueTableModel(Document(cues), PRESETS["netflix-en"])


def test_the_translation_column_shows_and_takes_the_translation(qtmodeltester) -> None:
    model = make_model()
    qtmodeltester.check(model)
    assert model.headerData(TRANSLATION, Qt.Orientation.Horizontal) == "Translation"
    assert model.data(model.index(1, TRANSLATION)) == "Au / revoir"
    assert model.data(model.index(1, TRANSLATION), Qt.ItemDataRole.EditRole) == "Au\nrevoir"
    assert model.flags(model.index(0, TRANSLATION)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, TRANSLATION), "Bonjour")
    assert model.setData(model.index(0, TRANSLATION), "Bonjour à tous")
    assert model.document.get(1).translation == "Bonjour à tous"
    assert model.undo_stack.count() == 1 and model.undo_stack.undoText() == "Edit translation"
    model.undo_stack.undo()
    assert model.data(model.index(0, TRANSLATION)) == ""


def test_the_translation_is_checked_with_its_own_languages_preset() -> None:
    model = make_model()
    model.setData(model.index(0, TRANSLATION), "b" * 18)  # 18 characters in 1 s
    # English allows 20 characters/s: neither the text's CPS cell nor the translation is marked
    assert model.data(model.index(0, CPS), BACKGROUND) is None
    assert model.data(model.index(0, TRANSLATION), BACKGROUND) is None
    model.set_translation_language("fr")  # French allows 17
    assert model.document.translation_language == "fr"
    assert model.data(model.index(0, TRANSLATION), TIP) == "Reading speed 18.0 characters/s (limit 17)"
    assert model.data(model.index(0, TRANSLATION), BACKGROUND) is not None
    assert model.data(model.index(0, TEXT), BACKGROUND) is None  # the original is still English's
