"""The text box under the cue table (issue 15, point 4): it follows the selection, commits on
Ctrl+Return or focus-out as one undo step each through the controller, counts characters per
line and reading speed as the preset does while the user types, and is read-only for several."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from engine.subtitles.cue import Cue, Edit
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_panel import EditorPanel
from gui.models.cue_model import TEXT, CueTableModel

CTRL = Qt.KeyboardModifier.ControlModifier


def make_panel(qtbot: QtBot, *cues: Cue) -> tuple[EditorPanel, CueTableModel]:
    cues = cues or (
        Cue(1, 0, 2000, "one"),
        Cue(2, 3000, 5000, "<i>two</i>\nlines"),
        Cue(3, 6000, 7000, "three"),
    )
    model = CueTableModel(Document(cues), PRESETS["netflix-en"])  # 42 a line, 2 lines, 20 cps
    panel = EditorPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.show_file(None, model)
    return panel, model


def shown(label: QLabel) -> str:
    return re.sub(r"<[^>]+>", "", label.text())


def type_in_box(qtbot: QtBot, panel: EditorPanel, text: str) -> None:
    panel.text_box.editor.setFocus()
    qtbot.waitUntil(panel.text_box.editor.hasFocus)
    QTest.keyClicks(panel.text_box.editor, text)


def test_the_box_follows_the_selection_and_hides_the_tags(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    box = panel.text_box
    assert box.cue_id is None and box.editor.isReadOnly()
    panel.cue_view.selectRow(1)
    assert box.cue_id == 2 and not box.editor.isReadOnly()
    assert box.editor.toPlainText() == "two\nlines"  # styled, the tags hidden
    panel.cue_view.selectRow(2)
    assert box.editor.toPlainText() == "three"


def test_typing_commits_on_ctrl_return_and_focus_out_one_undo_step_each(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    stack = model.undo_stack
    panel.cue_view.selectRow(0)
    type_in_box(qtbot, panel, " more")
    assert model.document.get(1).text == "one" and stack.count() == 0  # not per keystroke
    QTest.keyClick(panel.text_box.editor, Qt.Key.Key_Return, CTRL)
    assert model.document.get(1).text == "one more" and stack.count() == 1
    assert len(model.document.cues) == 3  # Ctrl+Return commits here; it did not split the cue
    QTest.keyClicks(panel.text_box.editor, " and")
    panel.cue_view.setFocus()  # focus-out commits
    qtbot.waitUntil(lambda: stack.count() == 2)
    assert model.document.get(1).text == "one more and"
    stack.undo()
    assert model.document.get(1).text == "one more"
    assert panel.text_box.editor.toPlainText() == "one more"  # the box shows the undone text


def test_choosing_another_cue_commits_what_was_typed_to_the_first(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    panel.cue_view.selectRow(0)
    type_in_box(qtbot, panel, "!")
    panel.cue_view.selectRow(2)
    assert model.document.get(1).text == "one!" and model.document.get(3).text == "three"
    assert panel.text_box.editor.toPlainText() == "three"


def test_an_edit_in_the_table_shows_in_the_box(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    panel.cue_view.selectRow(0)
    model.setData(model.index(0, TEXT), "changed in the cell")
    assert panel.text_box.editor.toPlainText() == "changed in the cell"


def test_counters_count_as_the_preset_and_turn_red_over_its_limits(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    box = panel.text_box
    panel.cue_view.selectRow(1)  # "<i>two</i>\nlines", 2 s: 3 and 5 characters, 4 cps
    assert "3 / 5" in box.lines_label.text() and "(limit 42)" in box.lines_label.text()
    assert "4.0" in box.cps_label.text() and "(limit 20)" in box.cps_label.text()
    assert box.lines_label.property("over") is False and box.cps_label.property("over") is False
    box.editor.moveCursor(box.editor.textCursor().MoveOperation.End)
    type_in_box(qtbot, panel, " and a line much longer than forty-two")  # live, before any commit
    assert "3 / 43" in shown(box.lines_label) and box.lines_label.property("over") is True
    assert '3 / <span style="color:#c62828">43</span>' in box.lines_label.text()  # only the long one
    assert "23.0" in box.cps_label.text() and box.cps_label.property("over") is True
    assert model.undo_stack.count() == 0


def test_a_chinese_line_under_an_english_preset_says_full_width_counts_two(qtbot: QtBot) -> None:
    """22 Chinese characters under Netflix English count 44 (engine.subtitles.presets.char_units):
    the counters say why, rather than show 44 for a line of 22."""
    panel, _model = make_panel(
        qtbot, Cue(1, 0, 2000, "我們今天要討論的是這個軟件在不同平台上的表現"), Cue(2, 3000, 5000, "one")
    )
    box = panel.text_box
    panel.cue_view.selectRow(0)
    assert "44 (limit 42) (full-width characters count two)" in shown(box.lines_label)
    assert "(limit 20) (full-width characters count two)" in shown(box.cps_label)
    panel.cue_view.selectRow(1)
    assert "count two" not in box.lines_label.text() and "count two" not in box.cps_label.text()


def test_several_selected_cues_are_read_only_and_the_box_says_so(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    panel.actions.select_ids([1, 3])
    box = panel.text_box
    assert box.editor.isReadOnly() and box.cue_id is None
    assert box.note.text() == "2 cues selected: select one cue to edit its text."
    QTest.keyClicks(box.editor, "x")
    assert [c.text for c in model.document.cues] == ["one", "<i>two</i>\nlines", "three"]


def test_a_command_gets_the_typed_text_committed_and_the_cursor_in_the_tagged_text(qtbot: QtBot) -> None:
    panel, model = make_panel(qtbot)
    panel.cue_view.selectRow(1)  # "<i>two</i>\nlines"
    box = panel.text_box
    box.editor.moveCursor(box.editor.textCursor().MoveOperation.End)
    type_in_box(qtbot, panel, "!")
    cursor = box.editor.textCursor()
    cursor.setPosition(4)  # before "lines"
    box.editor.setTextCursor(cursor)
    assert box.commit_for_command() == (2, 11)  # after "<i>two</i>\n"
    assert model.document.get(2).text == "<i>two</i>\nlines!" and model.undo_stack.count() == 1


def test_what_is_typed_survives_the_cue_being_re_segmented_by_streaming(qtbot: QtBot) -> None:
    """Chunk 1 streams 'to the river.'; the user types in its cue; chunk 0 then brings the
    sentence's start. The live cues used to join both into one new cue, removing the cue under
    the cursor, and the box dropped what was typed. Typing now holds the cue (LiveCues.hold)."""
    from engine.protocol import Segment, Word
    from engine.subtitles.live import LiveCues

    panel, model = make_panel(qtbot, Cue(1, 90_000, 91_000, "far away"))
    live = LiveCues(model.preset, new_id=lambda: model.document.new_id())
    live.user_edited(Edit(added=tuple(model.document.cues)))
    model.user_edited, model.editing_started = live.user_edited, live.hold  # as start_live wires it
    words = [
        Word(i * 300, i * 300 + 250, " " + w, 0.9) for i, w in enumerate("We went down to the river.".split())
    ]
    model.apply_streamed(live.chunk_done(1, [Segment(900, 1750, " to the river.", tuple(words[3:]))]))
    cue_id = model.cue_id_at(0)
    panel.cue_view.selectRow(0)
    type_in_box(qtbot, panel, " Thames")
    model.apply_streamed(live.chunk_done(0, [Segment(0, 850, " We went down", tuple(words[:3]))]))
    assert panel.text_box.commit()  # what Ctrl+Return does (tested above)
    assert model.document.get(cue_id).text.endswith("Thames")
    assert [c.text for c in model.document.cues][:2] == ["We went down", "to the river. Thames"]


def test_a_text_cell_holds_its_cue_once_typed_in_a_time_cell_when_opened(qtbot: QtBot) -> None:
    """Opening a Text cell and leaving it unchanged must not hold the cue (the streamed cues then
    end as the CLI's: review 6); typing in it does, as does opening a time cell."""
    from gui.models.cue_model import START

    panel, model = make_panel(qtbot)
    began: list[int] = []
    model.editing_started = began.append
    panel.cue_view.setFocus()
    panel.cue_view.edit(model.index(1, TEXT))
    editor = panel.cue_view.viewport().findChild(QPlainTextEdit)  # the cell editor
    assert editor is not None and began == []
    QTest.keyClicks(editor, "x")
    assert began and set(began) == {2}
    began.clear()
    QTest.keyClick(editor, Qt.Key.Key_Escape)  # closed without a commit
    panel.cue_view.setFocus()
    panel.cue_view.edit(model.index(2, START))
    assert began == [3]
