"""The questions that keep work from being lost: which autosaved transcripts to reopen, what to
do with a file that is already open, and what to do with unsaved work on quitting.

Layout only: gui.safekeeping decides when to ask and acts on the answer. The three ``ask_*``
functions are what it calls, so tests replace them instead of clicking modal boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gui.recovery import DamagedAutosave, RecoveryEntry

AlreadyOpen = Literal["open", "again", "skip"]
Unsaved = Literal["save", "discard", "cancel"]


translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls


def describe(entry: RecoveryEntry) -> str:
    """One line of the list: "film.mkv — 2026-11-29 21:40 — 312 cues, edited"."""
    cues = (
        translate("RecoveryDialog", "1 cue")
        if entry.cues == 1
        else translate("RecoveryDialog", "{0} cues").format(entry.cues)
    )
    state = (
        translate("RecoveryDialog", "edited") if entry.edited else translate("RecoveryDialog", "not edited")
    )
    return f"{entry.media.name} — {entry.saved_at:%Y-%m-%d %H:%M} — {cues}, {state}"


class RecoveryDialog(QDialog):
    """Each transcript an earlier run left unsaved, checked to reopen; "Open checked" reopens
    those, "Delete checked" deletes them, "Later" keeps them all for the next start."""

    OPEN, DELETE, LATER = 1, 2, 0

    def __init__(self, entries: Sequence[RecoveryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("RecoveryDialog", "Recover work"))
        self.entries = list(entries)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                translate(
                    "RecoveryDialog",
                    "These transcripts from an earlier session were neither exported nor saved. Check the ones to open again:",
                )
            )
        )
        self.list = QListWidget()
        for entry in self.entries:
            item = QListWidgetItem(describe(entry))
            item.setToolTip(str(entry.media))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(
            translate("RecoveryDialog", "Open checked"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.delete_button = buttons.addButton(
            translate("RecoveryDialog", "Delete checked"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.later_button = buttons.addButton(
            translate("RecoveryDialog", "Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.open_button.clicked.connect(lambda: self.done(self.OPEN))
        self.delete_button.clicked.connect(lambda: self.done(self.DELETE))
        self.later_button.clicked.connect(lambda: self.done(self.LATER))
        layout.addWidget(buttons)

    def set_checked(self, row: int, checked: bool) -> None:
        self.list.item(row).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> list[RecoveryEntry]:
        return [
            e
            for row, e in enumerate(self.entries)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]


def ask_recovery(parent: QWidget | None, entries: Sequence[RecoveryEntry]) -> tuple[int, list[RecoveryEntry]]:
    """RecoveryDialog's answer (OPEN, DELETE or LATER) and the entries checked."""
    dialog = RecoveryDialog(entries, parent)
    answer = dialog.exec()
    return answer, dialog.checked()


def ask_already_open(parent: QWidget | None, path: Path) -> AlreadyOpen:
    """``path`` has a transcript in the queue: show it, transcribe it again beside it, or skip it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        translate("RecoveryDialog", "File already open"),
        translate(
            "RecoveryDialog",
            "{0} is already open. Show its transcript, or transcribe it again as a new version (the transcript you have is kept)?",
        ).format(path.name),
        parent=parent,
    )
    show = box.addButton(translate("RecoveryDialog", "Show it"), QMessageBox.ButtonRole.AcceptRole)
    again = box.addButton(translate("RecoveryDialog", "Transcribe again"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(show)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is show else "again" if clicked is again else "skip"


def ask_unsaved(parent: QWidget | None, names: Sequence[str]) -> Unsaved:
    """Quit with transcripts neither exported nor saved: save them as projects, discard them, or stay."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("RecoveryDialog", "Unsaved work"),
        translate(
            "RecoveryDialog",
            "These transcripts have changes that were neither exported nor saved:\n\n{0}\n\nSave them as projects before quitting?",
        ).format("\n".join(names)),
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    return "discard" if answer == QMessageBox.StandardButton.Discard else "cancel"


def show_damaged(parent: QWidget | None, damaged: Sequence[DamagedAutosave]) -> None:
    """Tell which autosaves could not be read, and where they were put (not modal: the window opens)."""
    lines = []
    for item in damaged:
        where = (
            translate("RecoveryDialog", "It was moved to {0}.").format(item.set_aside)
            if item.set_aside
            else translate("RecoveryDialog", "It was left at {0}.").format(item.original)
        )
        lines.append(f"{item.reason}\n{where}")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("RecoveryDialog", "Autosave damaged"),
        translate(
            "RecoveryDialog",
            "An autosaved transcript could not be read and was set aside; the other work is offered back as usual.",
        )
        + "\n\n"
        + "\n\n".join(lines),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
