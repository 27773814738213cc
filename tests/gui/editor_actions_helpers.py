"""What the editor-action tests share: the ``editor`` fixture (registered for tests/gui by
conftest.py), a preset, word and cue makers, and the undo/redo round-trip check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QAbstractItemView, QTableView

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.editor_actions import EditorActions
from gui.models.cue_model import CueTableModel

PRESET = PRESETS["netflix-en"]  # min gap 83 ms, min duration 833 ms, max 7 s


def w(start: int, end: int, text: str) -> Word:
    return Word(start, end, text, 0.9)


SPOKEN = Cue(
    1,
    1_000,
    3_000,
    "hello there world",
    (w(1_000, 1_400, "hello"), w(1_500, 2_000, " there"), w(2_600, 3_000, " world")),
)


def times(model: CueTableModel) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in model.document.cues]


@pytest.fixture
def editor(qtbot):
    """A view over a model made of the given cues, with its EditorActions."""

    def make(*cues: Cue, show: bool = False) -> tuple[QTableView, CueTableModel, EditorActions]:
        model = CueTableModel(Document(cues), PRESET)
        view = QTableView()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setModel(model)
        qtbot.addWidget(view)
        actions = EditorActions(view)
        actions.edit_after_insert = False
        if show:
            view.show()
            view.activateWindow()
            qtbot.waitUntil(view.isActiveWindow)
            view.setFocus()
        return view, model, actions

    return make


def plain(*spans: tuple[int, int, str]) -> list[Cue]:
    return [Cue(i, s, e, t) for i, (s, e, t) in enumerate(spans, 1)]


def round_trip(actions: EditorActions, command: Callable[[], object]) -> tuple[tuple[Cue, ...], list[int]]:
    """Run ``command``; check it is one undo step whose undo and redo restore the cues exactly.
    Returns the cues after it and the selection it left."""
    model = actions.model
    assert model is not None
    before, count = model.document.cues, model.undo_stack.count()
    command()
    chosen = actions.selected_ids()
    after = model.document.cues
    assert after != before
    assert model.undo_stack.count() == count + 1
    model.undo_stack.undo()
    assert model.document.cues == before
    model.undo_stack.redo()
    assert model.document.cues == after
    return after, chosen
