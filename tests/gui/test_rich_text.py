"""Styled cues in the editor (issue 12 item 2): italics shown as italics in the table and the
cell editor, tags kept through edits, split positions counted in the text the user sees, and
the reading speed counting plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from engine.subtitles import markup
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_actions import split_position
from gui.editor_panel import EditorPanel
from gui.models.cue_model import CPS, TEXT, CueTableModel
from gui.rich_text import _TAG, load_markup, markup_of, tagged_position

STYLED = [
    "<i>one two</i>",
    'a < b <b>bold <i>both</i></b> and <font color="#ff0000">red</font>',
    "<u>under</u>\n<s>struck</s>  two spaces",
    "plain {aside} & more",
]


@pytest.mark.parametrize(
    "typed", [r"{\an8}Top line", "I said <Ana> hi", "x<y>z", r"C:\new", "Tom & Jerry <3"]
)
def test_typed_text_that_looks_like_markup_is_never_dropped(qtbot: QtBot, typed: str) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(typed)
    assert markup_of(editor.document()) == typed


def test_typed_style_tags_still_become_styling(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("<i>typed</i> words")
    assert markup_of(editor.document()) == "<i>typed</i> words"


@pytest.mark.parametrize("text", STYLED)
def test_the_editor_document_shows_the_plain_text_and_gives_back_the_same_markup(
    qtbot: QtBot, text: str
) -> None:
    doc = QTextDocument()
    load_markup(doc, text)
    assert doc.toPlainText() == markup.plain_text(text)
    assert markup_of(doc) == text
    assert _TAG.sub("", text) == markup.plain_text(text)  # our tag pattern is the engine's


@pytest.mark.parametrize("text", STYLED)
def test_tagged_position_maps_every_visible_position(text: str) -> None:
    plain = markup.plain_text(text)
    for visible in range(len(plain) + 1):
        at = tagged_position(text, visible)
        assert markup.plain_text(text[:at]) == plain[:visible]


def test_split_position_counts_the_text_the_viewer_reads() -> None:
    text = '<font color="#ff0000">one two</font> three four'
    at = split_position(Cue(1, 0, 1_000, text))
    assert at is not None
    left, right = markup.split_markup(text, at)
    assert (markup.plain_text(left), markup.plain_text(right)) == ("one two", "three four")


@pytest.fixture
def panel(qtbot: QtBot, tmp_path: Path) -> tuple[EditorPanel, CueTableModel]:
    model = CueTableModel(
        Document(
            [
                Cue(1, 1000, 3000, "<i>first half second half</i>"),
                Cue(2, 5000, 7000, "WWWWWW"),
                Cue(3, 8000, 10000, "<i>WWWWWW</i>"),
            ]
        ),
        PRESETS["netflix-en"],
    )
    widget = EditorPanel(peaks_cache=tmp_path / "peaks")
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.show_file(None, model)
    return widget, model


def _open_editor(qtbot: QtBot, panel: EditorPanel, model: CueTableModel, row: int) -> QPlainTextEdit:
    index = model.index(row, TEXT)
    panel.cue_view.setCurrentIndex(index)
    panel.cue_view.edit(index)
    editor = panel.cue_view.findChild(QPlainTextEdit)
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    return editor


def test_the_cell_editor_shows_italics_not_tags_and_keeps_them_when_typing(qtbot: QtBot, panel) -> None:  # type: ignore[no-untyped-def]
    widget, model = panel
    editor = _open_editor(qtbot, widget, model, 0)
    assert editor.toPlainText() == "first half second half"
    cursor = editor.textCursor()
    cursor.setPosition(3)
    assert cursor.charFormat().fontItalic()
    editor.moveCursor(cursor.MoveOperation.End)
    QTest.keyClicks(editor, " more")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert model.document.get(1).text == "<i>first half second half more</i>"
    model.undo_stack.undo()
    assert model.document.get(1).text == "<i>first half second half</i>"


def test_closing_the_editor_without_a_change_pushes_nothing(qtbot: QtBot, panel) -> None:  # type: ignore[no-untyped-def]
    widget, model = panel
    model.run_operation(
        lambda doc: doc.replace([2], [Cue(2, 5000, 7000, "<b><i>x y</i></b>")])
    )  # not our tag order
    editor = _open_editor(qtbot, widget, model, 1)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert model.undo_stack.count() == 0


def test_split_at_the_cursor_of_a_styled_cue_cuts_where_the_user_sees(qtbot: QtBot, panel) -> None:  # type: ignore[no-untyped-def]
    widget, model = panel
    editor = _open_editor(qtbot, widget, model, 0)
    cursor = editor.textCursor()
    cursor.setPosition(len("first half"))
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [c.text for c in model.document.cues][:2] == ["<i>first half</i>", "<i>second half</i>"]


def _ink_width(image, background: QColor) -> int:  # type: ignore[no-untyped-def]
    xs = [
        x for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y) != background
    ]
    return (max(xs) - min(xs)) if xs else 0


def test_the_table_paints_italics_without_showing_the_tags(qtbot: QtBot, panel) -> None:  # type: ignore[no-untyped-def]
    widget, model = panel
    view = widget.cue_view
    view.clearSelection()
    view.setCurrentIndex(model.index(0, 0))
    plain_rect, styled_rect = view.visualRect(model.index(1, TEXT)), view.visualRect(model.index(2, TEXT))
    shot = view.viewport().grab().toImage()
    plain = shot.copy(plain_rect)
    styled = shot.copy(styled_rect)
    background = plain.pixelColor(plain.width() - 1, plain.height() - 1)
    width, styled_width = _ink_width(plain, background), _ink_width(styled, background)
    assert width > 0
    assert abs(styled_width - width) < width // 4  # "<i>" and "</i>" are not drawn as text
    assert plain != styled  # slanted


def test_reading_speed_counts_the_plain_text(panel) -> None:  # type: ignore[no-untyped-def]
    _, model = panel
    assert model.index(1, CPS).data() == model.index(2, CPS).data()  # "WWWWWW" and "<i>WWWWWW</i>"


def test_the_video_preview_shows_no_tags(qtbot: QtBot, panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import write_silent_video

    widget, model = panel
    if widget.video is None:
        pytest.skip("no QtMultimedia here")
    widget.show_file(write_silent_video(tmp_path / "clip.mp4"), model)
    widget.waveform.seek_requested.emit(2000)  # inside "<i>first half second half</i>"
    assert widget.video._cue._text == "first half second half"


def test_the_waveform_labels_show_no_tags(panel) -> None:  # type: ignore[no-untyped-def]
    widget, _ = panel
    region = widget.waveform._regions[1]
    assert region.text == "first half second half" and "<i>" not in region.toolTip()
