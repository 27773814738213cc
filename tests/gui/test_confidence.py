"""Confidence marks (issue 15, point 6): from known word probabilities exactly the words below
the threshold are marked, in the table's Text cells and in the text box; words that no longer
match the edited text are not; F8 goes through them in order, Shift+F8 back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui import confidence
from gui.editor_panel import EditorPanel
from gui.models.cue_model import TEXT, UNSURE_ROLE, CueTableModel
from gui.views.cue_delegate import CueTextDelegate


def words(start_ms: int, *pairs: tuple[str, float]) -> tuple[Word, ...]:
    return tuple(Word(start_ms + 100 * i, start_ms + 100 * i + 90, w, p) for i, (w, p) in enumerate(pairs))


# Known probabilities; below 0.5: "fellow" (0.31), "ask" (0.2), "country" (0.49), "do" (0.1).
CUES = (
    Cue(
        1,
        0,
        2000,
        "And so, my fellow\nAmericans,",
        words(0, (" And", 0.9), (" so,", 0.8), (" my", 0.5), (" fellow", 0.31), (" Americans,", 0.95)),
    ),
    Cue(2, 3000, 5000, "<i>ask</i> not what", words(3000, (" ask", 0.2), (" not", 0.7), (" what", 0.99))),
    Cue(3, 6000, 8000, "all sure here", words(6000, (" all", 0.9), (" sure", 0.9), (" here", 0.9))),
    Cue(
        4,
        9000,
        11000,
        "your country can do",
        words(9000, (" your", 0.6), (" country", 0.49), (" can", 0.51), (" do", 0.1)),
    ),
)


def marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def make_panel(qtbot: QtBot) -> tuple[EditorPanel, CueTableModel]:
    model = CueTableModel(Document(CUES), PRESETS["netflix-en"])
    panel = EditorPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.set_unsure_threshold(0.5)
    panel.show_file(None, model)
    return panel, model


def test_exactly_the_words_below_the_threshold_are_unsure() -> None:
    plain = ["And so, my fellow\nAmericans,", "ask not what", "all sure here", "your country can do"]
    found = [marked(p, confidence.unsure_spans(c.text, c.words, 0.5)) for p, c in zip(plain, CUES)]
    assert found == [["fellow"], ["ask"], [], ["country", "do"]]
    assert marked(plain[0], confidence.unsure_spans(CUES[0].text, CUES[0].words, 0.81)) == [
        "so,",
        "my",
        "fellow",
    ]
    assert confidence.unsure_spans(CUES[0].text, CUES[0].words, 0.0) == []


def test_words_that_no_longer_match_the_edited_text_are_not_marked(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    assert model.data(model.index(3, TEXT), UNSURE_ROLE) == [(5, 12), (17, 19)]
    model.setData(model.index(3, TEXT), "your county can do")  # the user fixed a word
    assert model.data(model.index(3, TEXT), UNSURE_ROLE) == []
    model.undo_stack.undo()
    assert model.data(model.index(3, TEXT), UNSURE_ROLE) == [(5, 12), (17, 19)]


def cell_marks(panel: EditorPanel, model: CueTableModel, row: int) -> list[str]:
    """The runs of the Text cell's text that its delegate draws with a wavy underline."""
    delegate = panel.cue_view.itemDelegateForColumn(TEXT)
    assert isinstance(delegate, CueTextDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(panel.cue_view)
    doc = delegate.text_document(option, model.index(row, TEXT))
    runs, current = [], ""
    for position, ch in enumerate(doc.toPlainText()):
        cursor = QTextCursor(doc)
        cursor.setPosition(position + 1)  # charFormat(): the character before the cursor
        if cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
            current += ch
        elif current:
            runs, current = [*runs, current], ""
    return [*runs, current] if current else runs


def test_the_table_and_the_text_box_mark_exactly_those_words(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    assert [cell_marks(panel, model, row) for row in range(4)] == [["fellow"], ["ask"], [], ["country", "do"]]
    box = panel.text_box
    panel.cue_view.selectRow(3)
    assert marked(box.editor.toPlainText(), box.marked_spans()) == ["country", "do"]
    panel.cue_view.selectRow(0)  # two lines in the box, " / " in the table: both mark "fellow"
    assert marked(box.editor.toPlainText(), box.marked_spans()) == ["fellow"]
    panel.set_unsure_threshold(0.2)
    assert [cell_marks(panel, model, row) for row in range(4)] == [[], [], [], ["do"]]
    assert box.marked_spans() == []


def test_f8_goes_through_the_unsure_words_in_order_and_shift_f8_back(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    messages: list[str] = []
    panel.message.connect(messages.append)
    panel.cue_view.setFocus()
    qtbot.waitUntil(panel.cue_view.hasFocus)
    seen = []
    for _ in range(5):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
        editor = panel.text_box.editor
        seen.append((panel.current_cue_id(), editor.textCursor().selectedText()))
        assert editor.hasFocus()  # the text cursor is on the word
    assert seen == [(1, "fellow"), (2, "ask"), (4, "country"), (4, "do"), (1, "fellow")]
    assert messages == ["Back to the first unsure word."]
    QTest.keyClick(panel.text_box.editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert (panel.current_cue_id(), panel.text_box.editor.textCursor().selectedText()) == (4, "do")
    assert panel.actions.selected_ids() == [4]
    QTest.keyClick(panel.text_box.editor, Qt.Key.Key_End)  # Qt keeps the last key's modifiers: no Shift


def test_f8_with_no_unsure_word_says_so(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    panel.set_unsure_threshold(0.05)
    messages: list[str] = []
    panel.message.connect(messages.append)
    assert not panel.go_to_unsure_word()
    assert messages == ["No unsure words: every word's probability is 0.05 or more."]


def test_the_threshold_is_a_preference_between_0_and_1(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert confidence.threshold(store) == confidence.DEFAULT_THRESHOLD == 0.5
    confidence.set_threshold(0.7, store)
    assert confidence.threshold(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)) == 0.7
    with pytest.raises(ValueError, match="between 0 and 1"):
        confidence.set_threshold(1.5, store)
    store.setValue(confidence.SETTING, "garbage")
    assert confidence.threshold(store) == 0.5
