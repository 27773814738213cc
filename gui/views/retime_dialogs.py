"""The Shift and Two-point sync dialogs: they only ask; ``gui.editor_actions`` applies.

Each dialog hands back a frozen parameter record (:class:`~engine.subtitles.edits.ShiftParams`,
:class:`~engine.subtitles.edits.SyncParams`, Qt-free, re-exported here) that
:func:`gui.editor_actions.apply_shift` / :func:`~gui.editor_actions.apply_two_point_sync`
turn into one undo step. Times are int milliseconds throughout; NTSC frame rates are the exact
fractions (23.976 is 24000/1001), so frame shifts land on the same millisecond as a video tool's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.subtitles import retime
from engine.subtitles.cue import Cue
from engine.subtitles.edits import ShiftParams, ShiftScope, SyncParams
from engine.subtitles.timecode import ASS_LIMIT_MS, format_clock, frame_rate_name, parse_frame_rate
from gui.models.cue_model import parse_time

__all__ = [
    "FRAME_RATES",
    "ShiftDialog",
    "ShiftParams",
    "ShiftScope",
    "SyncDialog",
    "SyncParams",
    "frame_rate_name",
    "parse_frame_rate",
]

log = logging.getLogger(__name__)

FRAME_RATES = ("23.976", "24", "25", "29.97", "30", "48", "50", "59.94", "60")
_LIMIT_MS = ASS_LIMIT_MS  # ten hours either way, what ASS can hold


def format_hms(ms: int) -> str:
    """``hh:mm:ss.mmm``, the form the sync dialog asks for."""
    return format_clock(ms)


def _signed_seconds(ms: int) -> str:
    return f"{'+' if ms >= 0 else '-'}{abs(ms) / 1000:.3f} s"


class ShiftDialog(QDialog):
    """Move all cues, the selected ones, or everything from the current cue on, by ms or frames."""

    def __init__(
        self,
        frame_rate: float = 24.0,
        *,
        has_selection: bool = True,
        has_current: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Shift times"))
        self.all_radio = QRadioButton(self.tr("&All cues"))
        self.selected_radio = QRadioButton(self.tr("&Selected cues"))
        self.from_current_radio = QRadioButton(self.tr("From the &current cue on"))
        self.selected_radio.setEnabled(has_selection)
        self.from_current_radio.setEnabled(has_current)
        (self.selected_radio if has_selection else self.all_radio).setChecked(True)
        self._scopes = QButtonGroup(self)
        for button in (self.all_radio, self.selected_radio, self.from_current_radio):
            self._scopes.addButton(button)
        scope_box = QGroupBox(self.tr("Cues"))
        scope_layout = QVBoxLayout(scope_box)
        for button in (self.all_radio, self.selected_radio, self.from_current_radio):
            scope_layout.addWidget(button)

        self.ms_radio = QRadioButton(self.tr("&Milliseconds"))
        self.frames_radio = QRadioButton(self.tr("&Frames"))
        self.ms_radio.setChecked(True)
        self.ms_spin = QSpinBox(minimum=-_LIMIT_MS, maximum=_LIMIT_MS, suffix=" ms")
        self.ms_spin.setToolTip(self.tr("Negative values move the cues earlier"))
        self.frames_spin = QSpinBox(minimum=-10_000_000, maximum=10_000_000, suffix=self.tr(" frames"))
        self.rate_combo = QComboBox(editable=True)
        self.rate_combo.addItems(FRAME_RATES)
        self.rate_combo.setCurrentText(frame_rate_name(frame_rate))
        amount_box = QGroupBox(self.tr("By (negative: earlier)"))
        grid = QGridLayout(amount_box)
        grid.addWidget(self.ms_radio, 0, 0)
        grid.addWidget(self.ms_spin, 0, 1, 1, 2)
        grid.addWidget(self.frames_radio, 1, 0)
        grid.addWidget(self.frames_spin, 1, 1)
        grid.addWidget(self.rate_combo, 1, 2)
        self.result_label = QLabel()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (scope_box, amount_box, self.result_label, self.buttons):
            layout.addWidget(widget)
        for signal in (
            self.ms_spin.valueChanged,
            self.frames_spin.valueChanged,
            self.rate_combo.currentTextChanged,
            self.ms_radio.toggled,
        ):
            signal.connect(self._on_input_changed)
        self._on_input_changed()

    def parameters(self) -> ShiftParams | None:
        """What was asked, or None while the frame rate is not a number."""
        scope = (
            ShiftScope.SELECTED
            if self.selected_radio.isChecked()
            else ShiftScope.FROM_CURRENT
            if self.from_current_radio.isChecked()
            else ShiftScope.ALL
        )
        if self.ms_radio.isChecked():
            return ShiftParams(scope, ms=self.ms_spin.value())
        rate = parse_frame_rate(self.rate_combo.currentText())
        if rate is None:
            return None
        return ShiftParams(scope, frames=self.frames_spin.value(), frame_rate=rate)

    def _on_input_changed(self, *_: object) -> None:
        by_ms = self.ms_radio.isChecked()
        self.ms_spin.setEnabled(by_ms)
        self.frames_spin.setEnabled(not by_ms)
        self.rate_combo.setEnabled(not by_ms)
        params = self.parameters()
        if params is None:
            self.result_label.setText(self.tr("Not a frame rate: %s") % self.rate_combo.currentText())
        else:
            self.result_label.setText(self.tr("Moves by %s") % _signed_seconds(params.delta_ms))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(params is not None and params.delta_ms != 0)


class SyncDialog(QDialog):
    """Two-point sync: the correct start times of two cues fix an offset and a drift at once."""

    def __init__(
        self,
        cues: Sequence[Cue],
        cue_a: int | None = None,
        cue_b: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if len(cues) < 2:
            raise ValueError("two-point sync needs at least two cues")
        self.setWindowTitle(self.tr("Two-point sync"))
        self._cues = {cue.id: cue for cue in cues}
        self._first_start = min(cue.start_ms for cue in cues)
        self.a_combo, self.b_combo = QComboBox(), QComboBox()
        for combo in (self.a_combo, self.b_combo):
            for number, cue in enumerate(cues, 1):
                label = " / ".join(cue.text.split("\n"))
                label = label if len(label) <= 40 else label[:39] + "…"
                combo.addItem(f"#{number}  {format_hms(cue.start_ms)}  {label}", cue.id)
        self.a_edit, self.b_edit = QLineEdit(), QLineEdit()
        for edit in (self.a_edit, self.b_edit):
            edit.setPlaceholderText("hh:mm:ss.mmm")
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("First cue:"), self.a_combo)
        form.addRow(self.tr("…should start at:"), self.a_edit)
        form.addRow(self.tr("Second cue:"), self.b_combo)
        form.addRow(self.tr("…should start at:"), self.b_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.a_combo.currentIndexChanged.connect(lambda: self._on_cue_chosen(self.a_combo, self.a_edit))
        self.b_combo.currentIndexChanged.connect(lambda: self._on_cue_chosen(self.b_combo, self.b_edit))
        self.a_edit.textChanged.connect(self._on_input_changed)
        self.b_edit.textChanged.connect(self._on_input_changed)
        self.set_cue(self.a_combo, cues[0].id if cue_a is None else cue_a)
        self.set_cue(self.b_combo, cues[-1].id if cue_b is None else cue_b)
        self._on_cue_chosen(self.a_combo, self.a_edit)
        self._on_cue_chosen(self.b_combo, self.b_edit)

    def set_cue(self, combo: QComboBox, cue_id: int) -> None:
        index = combo.findData(cue_id)
        if index >= 0:
            combo.setCurrentIndex(index)

    def mapping(self) -> tuple[float, float]:
        """(factor, offset in ms) of the stretch ``new = factor * old + offset``; ValueError if invalid."""
        params = self.parameters()
        if params is None:
            raise ValueError(self.tr("Enter both start times as hh:mm:ss.mmm"))
        old_a, old_b = self._cues[params.cue_a].start_ms, self._cues[params.cue_b].start_ms
        fn = retime.linear_map(
            old_a, params.start_a_ms, old_b, params.start_b_ms
        )  # ValueError when degenerate
        if fn(self._first_start) < 0:
            raise ValueError(
                self.tr("The first cue would start at %s, before the beginning")
                % _signed_seconds(fn(self._first_start))
            )
        factor = (params.start_b_ms - params.start_a_ms) / (old_b - old_a)
        return factor, params.start_a_ms - old_a * factor

    def parameters(self) -> SyncParams | None:
        """The two cues and their new starts, or None while a time does not parse."""
        start_a, start_b = parse_time(self.a_edit.text()), parse_time(self.b_edit.text())
        if start_a is None or start_b is None:
            return None
        return SyncParams(self.a_combo.currentData(), start_a, self.b_combo.currentData(), start_b)

    def _on_cue_chosen(self, combo: QComboBox, edit: QLineEdit) -> None:
        edit.setText(format_hms(self._cues[combo.currentData()].start_ms))
        self._on_input_changed()

    def _on_input_changed(self, *_: object) -> None:
        try:
            factor, offset = self.mapping()
        except ValueError as error:
            self.result_label.setText(str(error))
            valid = False
        else:
            self.result_label.setText(
                self.tr("Factor %s, offset %s") % (f"{factor:.6f}", _signed_seconds(round(offset)))
            )
            valid = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(valid)
