"""The Edit and Timing menu commands of the cue table, as QActions over the view's model.

A thin Qt layer: the commands themselves are in :mod:`gui.cue_commands`, the document algorithms are in :mod:`engine.subtitles.edits` (worded for the
user in :mod:`gui.edit_requests`), and every change is asked of the model's
:class:`~gui.edit_controller.EditController`, which makes it one undo step (a macro for a
change made row by row) or reports the refusal on its ``refused`` signal.
Cues are named by id, and afterwards the selection is put on the cues the command touched.
Requests that never reach the document (nothing selected, no room to insert) are refused on the
same signal; ``message`` carries results for the status bar ("3 cues changed").

Shortcuts are live while the focus is anywhere in the editor (``WidgetWithChildrenShortcut`` on
the table and on the ``scope`` widget, by default the parent widget: the editor panel with its
waveform, video and text box), so Delete in the file queue never deletes cues. A text field
keeps its own editing keys first (Qt's ShortcutOverride): Delete, Home, Ctrl+Z... edit the
text being typed in a cell editor or the text box, and keys a text field does not use (Ctrl+J,
Ctrl+Return, Ins, Alt+arrows...) run the commands there too. Every action has a stable name
and default keys (gui.shortcuts), which Preferences › Shortcuts changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import (
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMenu,
    QTableView,
    QWidget,
)

from engine.subtitles import quality
from gui.cue_commands import CueCommands
from gui.edit_requests import (
    Part,
    apply_shift,
    apply_two_point_sync,
    insertion_span,
    split_position,
)
from gui.shortcuts import Key, register
from gui.views.find_replace import FindReplaceDialog
from gui.views.retime_dialogs import ShiftDialog, SyncDialog

__all__ = ["EditorActions", "apply_shift", "apply_two_point_sync", "insertion_span", "split_position"]

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------- the actions


class EditorActions(CueCommands):
    """The cue table's editing commands as QActions (added to the view, ready for the menus)."""

    selection_changed = Signal(list)  # the ids of the selected cues, in table order

    def __init__(
        self, view: QTableView, parent: QObject | None = None, *, scope: QWidget | None = None
    ) -> None:
        super().__init__(view, parent)
        self._find_dialog: FindReplaceDialog | None = None
        if scope is None and isinstance(parent, QWidget) and parent.isAncestorOf(view):
            scope = parent  # the editor holding the table: its waveform, video and text box too
        self._scope = scope

        def make(name: str, text: str, slot: Callable[[], object], *keys: Key) -> QAction:
            action = register(QAction(text, self), name, keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda: self._run(slot))
            view.addAction(action)
            if scope is not None:
                scope.addAction(action)
            return action

        S = QKeySequence.StandardKey
        self.split_action = make("split_action", self.tr("S&plit at cursor"), self.split, "Ctrl+Return")
        self.merge_next_action = make(
            "merge_next_action", self.tr("&Merge with next"), self.merge_next, "Ctrl+J"
        )
        self.merge_previous_action = make(
            "merge_previous_action", self.tr("Merge with pre&vious"), self.merge_previous, "Ctrl+Shift+J"
        )
        self.insert_before_action = make(
            "insert_before_action", self.tr("Insert cue &before"), lambda: self.insert(after=False), "Alt+Ins"
        )
        self.insert_after_action = make(
            "insert_after_action", self.tr("&Insert cue after"), lambda: self.insert(after=True), "Ins"
        )
        self.delete_action = make("delete_action", self.tr("&Delete cues"), self.delete, S.Delete)
        self.min_gap_action = make(
            "min_gap_action", self.tr("Apply minimum &gap"), lambda: self.fix(quality.apply_min_gap)
        )
        self.extend_short_action = make(
            "extend_short_action", self.tr("&Extend short cues"), lambda: self.fix(quality.extend_short_cues)
        )
        self.split_long_action = make(
            "split_long_action", self.tr("Split &long cues"), lambda: self.fix(quality.split_long_cues)
        )
        self.merge_tiny_action = make(
            "merge_tiny_action", self.tr("Merge &tiny cues"), lambda: self.fix(quality.merge_tiny_cues)
        )
        self.snap_start_action = make(
            "snap_start_action", self.tr("Snap start to &word"), lambda: self.snap("start"), "Ctrl+["
        )
        self.snap_end_action = make(
            "snap_end_action", self.tr("Snap end to wo&rd"), lambda: self.snap("end"), "Ctrl+]"
        )
        self.shift_action = make("shift_action", self.tr("&Shift times…"), self.shift_dialog, "Ctrl+I")
        self.sync_action = make("sync_action", self.tr("Two-point s&ync…"), self.sync_dialog, "Ctrl+Shift+I")
        self.find_action = make(
            "find_action", self.tr("&Find and replace…"), self.find_replace_dialog, S.Find
        )
        self.replace_action = make(
            "replace_action", self.tr("&Replace…"), lambda: self.find_replace_dialog(replace=True), "Ctrl+H"
        )
        self.find_next_action = make(
            "find_next_action", self.tr("Find &next"), lambda: self._find_step(True), S.FindNext
        )
        self.find_previous_action = make(
            "find_previous_action", self.tr("Find pre&vious"), lambda: self._find_step(False), S.FindPrevious
        )
        # Nudges (Aegisub's and Subtitle Edit's fine timing): Alt+arrows move by a frame of the
        # file's rate, with Shift by 100 ms; Left/Right the start, PgUp/PgDown the end,
        # Up/Down the whole cue (up is earlier, as in the table).
        nudges: list[tuple[Part, str, str, str, str, str]] = [
            ("start", "Left", "Right", self.tr("Start a frame earlier"), self.tr("Start a frame later"), ""),
            (
                "start",
                "Shift+Left",
                "Shift+Right",
                self.tr("Start 100 ms earlier"),
                self.tr("Start 100 ms later"),
                "ms",
            ),
            ("end", "PgUp", "PgDown", self.tr("End a frame earlier"), self.tr("End a frame later"), ""),
            (
                "end",
                "Shift+PgUp",
                "Shift+PgDown",
                self.tr("End 100 ms earlier"),
                self.tr("End 100 ms later"),
                "ms",
            ),
            ("cue", "Up", "Down", self.tr("Cue a frame earlier"), self.tr("Cue a frame later"), ""),
            (
                "cue",
                "Shift+Up",
                "Shift+Down",
                self.tr("Cue 100 ms earlier"),
                self.tr("Cue 100 ms later"),
                "ms",
            ),
        ]
        self.nudge_actions: list[QAction] = []
        for part, back_key, on_key, back_text, on_text, unit in nudges:
            for direction, key, text in ((-1, back_key, back_text), (+1, on_key, on_text)):
                name = f"nudge_{part}_{'later' if direction > 0 else 'earlier'}_{unit or 'frame'}_action"
                slot = partial(self.nudge, part, direction, not unit, text)
                self.nudge_actions.append(make(name, text, slot, f"Alt+{key}"))
        self.edit_actions = [
            self.split_action,
            self.merge_next_action,
            self.merge_previous_action,
            self.insert_before_action,
            self.insert_after_action,
            self.delete_action,
            self.find_action,
            self.replace_action,
            self.find_next_action,
            self.find_previous_action,
        ]
        self.timing_actions = [
            self.snap_start_action,
            self.snap_end_action,
            self.shift_action,
            self.sync_action,
            self.min_gap_action,
            self.extend_short_action,
            self.split_long_action,
            self.merge_tiny_action,
        ]
        self._bind()

    def add_to_menus(self, edit_menu: QMenu, timing_menu: QMenu) -> None:
        """Put the actions in the window's Edit and Timing menus, in groups (the nudges in a
        submenu of Timing)."""
        for menu, actions, breaks in (
            (edit_menu, self.edit_actions, (3, 6)),
            (timing_menu, self.timing_actions, (2, 4)),
        ):
            for number, action in enumerate(actions):
                if number in breaks:
                    menu.addSeparator()
                menu.addAction(action)
        nudge_menu = timing_menu.addMenu(self.tr("&Nudge"))
        for number, action in enumerate(self.nudge_actions):
            if number and number % 4 == 0:
                nudge_menu.addSeparator()
            nudge_menu.addAction(action)

    def update_actions(self, *_: object) -> None:
        """Enable the actions that make sense for the selection."""
        model = self.model
        count = model.rowCount() if model is not None else 0
        ids = self.selected_ids()
        anchor = self.anchor_id()
        row = model.row_of(anchor) if model is not None and anchor is not None else -1
        self.split_action.setEnabled(anchor is not None)
        self.merge_next_action.setEnabled(0 <= row < count - 1)
        self.merge_previous_action.setEnabled(row > 0)
        self.insert_before_action.setEnabled(anchor is not None or (model is not None and count == 0))
        self.insert_after_action.setEnabled(model is not None and (anchor is not None or count == 0))
        for action in (
            self.delete_action,
            self.min_gap_action,
            self.extend_short_action,
            self.split_long_action,
            self.merge_tiny_action,
            self.snap_start_action,
            self.snap_end_action,
            *self.nudge_actions,
        ):
            action.setEnabled(bool(ids))
        self.shift_action.setEnabled(count > 0)
        self.sync_action.setEnabled(count >= 2)
        for action in (
            self.find_action,
            self.replace_action,
            self.find_next_action,
            self.find_previous_action,
        ):
            action.setEnabled(count > 0)
        self.selection_changed.emit(ids)

    # ------------------------------------------------------------------ the commands

    def shift_dialog(self) -> None:
        model = self._need_model()
        self._close_editor()
        ids, anchor = self.selected_ids(), self.anchor_id()
        current_row = self._view.currentIndex().row()
        current = model.cue_id_at(current_row) if 0 <= current_row < model.rowCount() else anchor
        dialog = ShiftDialog(
            model.preset.frame_rate,
            has_selection=bool(ids),
            has_current=current is not None,
            parent=self._view.window(),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or (params := dialog.parameters()) is None:
            return
        if apply_shift(model, params, selected=ids, current=current):
            self.select_ids(ids, current=anchor)

    def sync_dialog(self) -> None:
        model = self._need_model()
        self._close_editor()
        ids = self.selected_ids()
        first, last = (ids[0], ids[-1]) if len(ids) >= 2 else (None, None)
        dialog = SyncDialog(model.document.cues, first, last, parent=self._view.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or (params := dialog.parameters()) is None:
            return
        if apply_two_point_sync(model, params):
            self.select_ids(ids, current=self.anchor_id())

    def find_replace_dialog(self, replace: bool = False) -> FindReplaceDialog:
        """Show the (one, non-modal) Find and Replace dialog of this view."""
        if self._find_dialog is None:
            dialog = FindReplaceDialog(self._view, parent=self._view.window())
            dialog.message.connect(self.message)
            self._find_dialog = dialog
        self._find_dialog.show()
        self._find_dialog.raise_()
        self._find_dialog.activateWindow()
        editor = self._find_dialog.replace_edit if replace else self._find_dialog.find_edit
        editor.setFocus()
        editor.selectAll()
        return self._find_dialog

    def _find_step(self, forward: bool) -> None:
        dialog = self._find_dialog
        if dialog is None or not dialog.find_edit.text():
            self.find_replace_dialog()
        elif forward:
            dialog.find_next()
        else:
            dialog.find_previous()
