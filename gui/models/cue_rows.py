"""The rows of the cue table: the document's cues as the views last heard of them.

The document (engine.subtitles.document) is the truth; :class:`CueRows` keeps the cue objects
the views were told about and, after every change of the document (an edit, an undo, a streamed
update), reconciles them with it through the fine-grained signals: rows removed, moved by a
layout change with persistent indexes remapped by cue id, rows inserted, data changed, so a
view's selection follows its cues. Cues are frozen, so "changed" is an identity test.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from engine.subtitles.cue import Cue
from engine.subtitles.document import CueNotFoundError, Document
from engine.subtitles.quality import Issue
from gui.failed_stretches import FailedStretch
from gui.models.cue_columns import COLUMNS, HOLE_ROLES, LAST, NUMBER, AnyIndex

_DISPLAY = Qt.ItemDataRole.DisplayRole


def blocks(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class CueRows(QAbstractTableModel):
    """A table of one document's cues, one row each, kept in step with the document by :meth:`_sync`."""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._rows: list[Cue] = list(document.cues)
        self._row_index: dict[int, int] | None = None
        # A row's quality issues by column, cached until its cue or its next cue changes.
        self._issues: dict[int, tuple[Cue, Cue | None, dict[int, list[Issue]]]] = {}
        # While rows are inserted, removed or moved, a row keeps the number it showed (an item's
        # data must not change under a view unannounced); one dataChanged renumbers afterwards.
        self._numbers: dict[int, int] | None = None
        self._failed: tuple[FailedStretch, ...] = ()  # marked on the "#" cells: see cue_model

    def cue_id_at(self, row: int) -> int:
        if not 0 <= row < len(self._rows):
            raise IndexError(f"no row {row} (the table has {len(self._rows)})")
        return self._rows[row].id

    def row_of(self, cue_id: int) -> int:
        """The row showing ``cue_id``; CueNotFoundError when it is not in the table."""
        if self._row_index is None:
            self._row_index = {cue.id: row for row, cue in enumerate(self._rows)}
        try:
            return self._row_index[cue_id]
        except KeyError:
            raise CueNotFoundError(f"no cue with id {cue_id} in the table") from None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _sync(self) -> list[int]:
        """Bring the rows in line with the document, signalling each step; returns inserted rows."""
        new = self._doc.cues
        if len(new) == len(self._rows) and all(a is b for a, b in zip(self._rows, new)):
            return []
        self._row_index = None
        old_ids = [c.id for c in self._rows]
        old_by_id = {c.id: c for c in self._rows}
        old_next = {a.id: b for a, b in zip(self._rows, self._rows[1:])}
        new_ids = {c.id for c in new}
        self._numbers = {cue_id: row for row, cue_id in enumerate(old_ids, 1)}
        gone = [row for row, cue in enumerate(self._rows) if cue.id not in new_ids]
        for first, last in reversed(blocks(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self._row_index = None  # a slot may have asked row_of() in between
            self.endRemoveRows()
        for cue_id in set(old_by_id) - new_ids:
            self._issues.pop(cue_id, None)
        target = [c.id for c in new if c.id in old_by_id]
        reordered = [c.id for c in self._rows] != target
        if reordered:
            self._reorder(target)  # a time edit moved a cue past others
        inserted = [row for row, cue in enumerate(new) if cue.id not in old_by_id]
        for first, last in blocks(inserted):
            self.beginInsertRows(QModelIndex(), first, last)
            self._rows[first:first] = new[first : last + 1]
            self._row_index = None
            self.endInsertRows()
        # A row shows its cue and is coloured by the gap to the next one: refresh either change.
        stale = [
            row
            for row, cue in enumerate(new)
            if cue.id in old_by_id
            and (
                old_by_id[cue.id] is not cue
                or old_next.get(cue.id) is not (new[row + 1] if row + 1 < len(new) else None)
            )
        ]
        self._rows = list(new)
        self._numbers = None
        for first, last in blocks(stale):
            self.dataChanged.emit(self.index(first, 0), self.index(last, LAST))
        if self._failed and new:  # a hole's mark may now belong to another cue
            self.dataChanged.emit(self.index(0, NUMBER), self.index(len(new) - 1, NUMBER), HOLE_ROLES)
        if gone or inserted or reordered:  # the "#" column counts rows: renumber below the change
            first = next((row for row, (a, b) in enumerate(zip(old_ids, new)) if a != b.id), len(old_ids))
            if first < len(new):
                self.dataChanged.emit(self.index(first, NUMBER), self.index(len(new) - 1, NUMBER), [_DISPLAY])
        return inserted

    def _reorder(self, target: list[int]) -> None:
        """Put the rows in ``target`` id order as a layout change; persistent indexes follow their cues."""
        self.layoutAboutToBeChanged.emit()
        position = {cue_id: row for row, cue_id in enumerate(target)}
        persistent = self.persistentIndexList()
        moved = [self.index(position[self._rows[p.row()].id], p.column()) for p in persistent]
        by_id = {c.id: c for c in self._rows}
        self._rows = [by_id[cue_id] for cue_id in target]
        self._row_index = None
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
