"""Preferences › Engine: the workers on this computer, or on a Ray cluster (issue 16).

"Ray cluster" with an address ("auto" joins the cluster this machine belongs to, else the head's
host:port) is what ``AppSettings.cluster_address`` keeps and the engine gets as
``EngineConfig.cluster``; "" is this computer. Without Ray the choice is off and the page shows
engine.cluster.INSTALL_HINT. "Test connection" runs ``python -m engine.cluster ADDRESS`` as a
process of its own (QProcess), so the window never imports Ray; that listing exits 0 with one
line per worker ("worker 3: node 10.0.0.5, GPU 1 (A100)"), 1 with why the cluster cannot be
used, 2 when Ray is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from engine.cluster import INSTALL_HINT, ray_installed

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # where ``python -m engine.cluster`` finds engine/
TEST_TIMEOUT_MS = 60_000  # the listing gives up on a head after engine.cluster.plan's 5 s; this is a guard


class EnginePage(QWidget):
    """Where the workers run; ``address`` is the saved ``AppSettings.cluster_address``."""

    connection_tested = Signal(bool, str)  # (the cluster answered, the text the page shows)

    def __init__(self, address: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        has_ray = ray_installed()
        self.local = QRadioButton(self.tr("This computer"))
        self.cluster = QRadioButton(self.tr("Ray cluster"))
        choice = QButtonGroup(self)
        choice.addButton(self.local)
        choice.addButton(self.cluster)
        self.address = QLineEdit(address.strip() or "auto")
        self.address.setPlaceholderText("auto")
        self.address.setToolTip(
            self.tr(
                "auto joins the Ray cluster this computer belongs to; else the head's address, "
                "e.g. 10.0.0.5:6379"
            )
        )
        self.test_button = QPushButton(self.tr("Test connection"))
        self.hint = QLabel(INSTALL_HINT)
        self.hint.setWordWrap(True)
        self.hint.setHidden(has_ray)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cluster.setEnabled(has_ray)
        # Without Ray a saved address is kept in the field (Ray may come back), but this computer runs.
        (self.cluster if has_ray and address.strip() else self.local).setChecked(True)

        row = QHBoxLayout()
        row.addWidget(self.address)
        row.addWidget(self.test_button)
        form = QFormLayout()
        form.addRow(self.tr("Address"), row)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Run the transcription on:")))
        layout.addWidget(self.local)
        layout.addWidget(self.cluster)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.result)
        layout.addStretch()

        self._process: QProcess | None = None
        self._guard = QTimer(self, singleShot=True, interval=TEST_TIMEOUT_MS)
        self._guard.timeout.connect(self._on_guard_timeout)
        self.cluster.toggled.connect(self._on_cluster_toggled)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self._on_cluster_toggled()

    def cluster_address(self) -> str:
        """What ``AppSettings.cluster_address`` keeps: "" for this computer, else the address
        (an empty field is "auto")."""
        if not self.cluster.isChecked():
            return ""
        return self.address.text().strip() or "auto"

    def test_command(self) -> tuple[str, list[str]]:
        """The program and arguments of the connection test: the cluster listing of
        engine.cluster.__main__, in this interpreter."""
        return sys.executable, ["-m", "engine.cluster", self.address.text().strip() or "auto"]

    def stop(self) -> None:
        """End a test still running (the dialog closes)."""
        self._guard.stop()
        process, self._process = self._process, None
        if process is not None:
            process.finished.disconnect()
            process.errorOccurred.disconnect()
            process.kill()
            process.waitForFinished(1000)
            process.deleteLater()

    def _on_cluster_toggled(self, *_: object) -> None:
        on = self.cluster.isChecked()
        self.address.setEnabled(on)
        self.test_button.setEnabled(on and self._process is None)

    def _on_test_button_clicked(self) -> None:
        self.stop()
        program, arguments = self.test_command()
        process = QProcess(self)
        process.setWorkingDirectory(str(PROJECT_ROOT))
        process.finished.connect(self._on_process_finished)
        process.errorOccurred.connect(self._on_process_error_occurred)
        self._process = process
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("Connecting to {0}…").format(arguments[-1]))
        self._guard.start()
        process.start(program, arguments)

    def _on_process_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        process = self._process
        if process is None:
            return
        out = bytes(process.readAllStandardOutput().data()).decode(errors="replace").strip()
        err = bytes(process.readAllStandardError().data()).decode(errors="replace").strip()
        if exit_code == 0:
            lines = [line for line in out.splitlines() if line.strip()]
            text = self.tr("Connected: {0} workers").format(len(lines)) + "\n" + "\n".join(lines)
            self._done(True, text)
        else:
            self._done(
                False,
                "\n".join(err.splitlines()[-10:])  # a traceback's end, should the listing crash
                if err
                else self.tr("The test ended with exit code {0} and said nothing.").format(exit_code),
            )

    def _on_process_error_occurred(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            self._done(
                False,
                self.tr("The test could not be started ({0}): check that Python runs here.").format(
                    self._process.program()
                ),
            )

    def _on_guard_timeout(self) -> None:
        self.stop()
        self._done(
            False,
            self.tr("The cluster did not answer in {0} s: check the address and that its head runs.").format(
                TEST_TIMEOUT_MS // 1000
            ),
        )

    def _done(self, ok: bool, text: str) -> None:
        self._guard.stop()
        if self._process is not None:
            self._process.deleteLater()
            self._process = None
        self.result.setText(text)
        self._on_cluster_toggled()
        self.connection_tested.emit(ok, text)
