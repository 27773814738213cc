"""Helpers for the cue model's tests: a model of given cues, its texts, and the signals it sent."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.presets import PRESETS
from gui.models.cue_model import (
    TRANSLATION,
    CueTableModel,
)

NETFLIX = PRESETS["netflix-en"]
ROLE = Qt.ItemDataRole


def make_model(*cues: tuple[int, int, str]) -> CueTableModel:
    return CueTableModel(Document(Cue(i, s, e, t) for i, (s, e, t) in enumerate(cues, 1)), NETFLIX)


def texts(model: CueTableModel) -> list[str]:
    return [c.text for c in model.document.cues]


def cue(start: int, end: int, text: str) -> Cue:
    return Cue(0, start, end, text)  # streamed cues: the document gives them ids


class SignalLog:
    """Rows inserted, removed and changed, as the model announced them."""

    def __init__(self, model: CueTableModel) -> None:
        self.inserted: list[tuple[int, int]] = []
        self.removed: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int, int, int]] = []
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.removed.append((a, b)))
        model.dataChanged.connect(
            lambda tl, br, _roles=None: self.changed.append((tl.row(), br.row(), tl.column(), br.column()))
        )

    def rows_changed(self) -> set[int]:
        """Rows whose whole row (not just the "#" column) was announced as changed."""
        return {r for a, b, c0, c1 in self.changed if c1 == TRANSLATION for r in range(a, b + 1)}
