"""Preferences › Shortcuts: every named action of the window with its keys, each changeable.

One key per action is chosen here (an action with two defaults, Redo's Ctrl+Shift+Z and Ctrl+Y,
keeps both until changed). A key another action has is refused with a message naming that
action, so no key is ever on two actions (gui.shortcuts.owner_of). Nothing changes on the
actions until :meth:`ShortcutsPage.apply` (the dialog's OK); :meth:`ShortcutsPage.choices_text`
is what ``AppSettings.shortcuts`` keeps.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.shortcuts import (
    can_clash,
    current_keys,
    defaults_of,
    format_choices,
    label_of,
    owner_of,
    parse_choices,
    set_keys,
)


def native(keys: Sequence[str]) -> str:
    """Keys as this system writes them ("Ctrl+Shift+Z; Ctrl+Y")."""
    return "; ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class ShortcutsPage(QWidget):
    """A table of the ``actions`` (named, gui.shortcuts) and their keys, and an editor of the
    chosen row's key; ``choices`` is the saved ``AppSettings.shortcuts`` it starts from."""

    def __init__(self, actions: Sequence[QAction], choices: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = {a.objectName(): a for a in actions}
        saved = parse_choices(choices)
        self._keys: dict[str, list[str]] = {
            name: saved.get(name, current_keys(action)) for name, action in self._actions.items()
        }
        self._names = list(self._actions)
        # Choices for actions not listed here (a newer version's, another window's) are kept.
        self._others = {name: keys for name, keys in saved.items() if name not in self._actions}

        self.table = QTableWidget(len(self._names), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Shortcut")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row, name in enumerate(self._names):
            item = QTableWidgetItem(label_of(self._actions[name]))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(native(self._keys[name])))

        self.key_edit = QKeySequenceEdit()
        self.key_edit.setMaximumSequenceLength(1)  # one key combination: done as soon as it is pressed
        self.key_edit.setToolTip(self.tr("Press the new key combination for the chosen command"))
        self.none_button = QPushButton(self.tr("&No key"))
        self.none_button.setToolTip(self.tr("Take the chosen command's keys away"))
        self.default_button = QPushButton(self.tr("&Default"))
        self.default_button.setToolTip(self.tr("Give the chosen command its original keys"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row_layout = QHBoxLayout()
        row_layout.addWidget(QLabel(self.tr("New key:")))
        row_layout.addWidget(self.key_edit, 1)
        row_layout.addWidget(self.none_button)
        row_layout.addWidget(self.default_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_layout)
        layout.addWidget(self.message)

        self.table.currentCellChanged.connect(self._on_table_current_cell_changed)
        self.key_edit.editingFinished.connect(self._on_key_edit_editing_finished)
        self.none_button.clicked.connect(self._on_none_button_clicked)
        self.default_button.clicked.connect(self._on_default_button_clicked)
        if self._names:
            self.table.setCurrentCell(0, 0)

    # ------------------------------------------------------------------ what was chosen

    def keys(self, name: str) -> list[str]:
        """The keys (portable text) the action ``name`` has on this page."""
        return list(self._keys[name])

    def current_name(self) -> str | None:
        row = self.table.currentRow()
        return self._names[row] if 0 <= row < len(self._names) else None

    def assign(self, name: str, keys: Sequence[str]) -> bool:
        """Give ``name`` these keys unless another action has one of them: then refused, with a
        message naming that action (False)."""
        action = self._actions[name]

        def clashes(other: str) -> bool:
            return can_clash(action, self._actions[other])

        for key in keys:
            owner = owner_of(key, self._keys, name, clashes)
            if owner is not None:
                self.message.setText(
                    self.tr(
                        "{0} is already the shortcut of “{1}”. Choose another key, or give “{1}” "
                        "another key first."
                    ).format(native([key]), label_of(self._actions[owner]))
                )
                self._show_keys(name)
                return False
        self._keys[name] = list(keys)
        item = self.table.item(self._names.index(name), 1)
        if item is not None:
            item.setText(native(keys))
        self.message.clear()
        return True

    def choices(self) -> dict[str, list[str]]:
        """The actions whose keys differ from their defaults, with their keys."""
        changed = {n: keys for n, keys in self._keys.items() if keys != defaults_of(self._actions[n])}
        return {**self._others, **changed}

    def choices_text(self) -> str:
        """``AppSettings.shortcuts`` for what is chosen here."""
        return format_choices(self.choices())

    def apply(self) -> None:
        """Give every action the keys chosen here, at once."""
        for name, action in self._actions.items():
            set_keys(action, self._keys[name])

    # ------------------------------------------------------------------ slots

    def _show_keys(self, name: str | None) -> None:
        keys = self._keys.get(name, []) if name is not None else []
        self.key_edit.blockSignals(True)
        self.key_edit.setKeySequence(QKeySequence(keys[0]) if keys else QKeySequence())
        self.key_edit.blockSignals(False)

    def _on_table_current_cell_changed(self, *_: object) -> None:
        self._show_keys(self.current_name())
        self.message.clear()

    def _on_key_edit_editing_finished(self) -> None:
        name = self.current_name()
        if name is None:
            return
        text = self.key_edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
        if [text] != self._keys[name][:1]:
            self.assign(name, [text] if text else [])

    def _on_none_button_clicked(self) -> None:
        name = self.current_name()
        if name is not None and self.assign(name, []):
            self._show_keys(name)

    def _on_default_button_clicked(self) -> None:
        name = self.current_name()
        if name is not None and self.assign(name, defaults_of(self._actions[name])):
            self._show_keys(name)
