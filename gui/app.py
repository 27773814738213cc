"""Start the desktop app: ``python main.py [FILE...]``."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from engine.resources import resource_path
from gui.i18n import install_translators
from gui.settings import APPLICATION, ORGANIZATION, load_settings

log = logging.getLogger(__name__)


def no_display_reason() -> str | None:
    """Why a window cannot open here (a Linux server with no display), else None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "There is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set).\n"
        "Run it in a desktop session, or use the command line: python main.py transcribe FILE..."
    )


def main(argv: list[str]) -> int:
    reason = no_display_reason()
    if reason is not None:
        print(reason, file=sys.stderr)
        return 2
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(QIcon(str(resource_path("icons", "whisper-for-subs.svg"))))
    settings = load_settings()
    install_translators(app, settings.ui_language)  # before any widget is made; children of the app
    from gui.main_window import MainWindow  # after QApplication: models may touch Qt state

    window = MainWindow(settings)
    window.show()
    # Recovery and the files given run in the event loop, the window already up: whatever goes
    # wrong there is reported and the window stays usable and closable (a damaged autosave read
    # here once kept the loop from starting while the engine process kept the app alive).
    QTimer.singleShot(0, lambda: _guarded(window, window.offer_recovery))
    files = [Path(a) for a in argv if not a.startswith("-")]
    if files:  # after recovery, so a file given twice is asked about against what was recovered
        QTimer.singleShot(0, lambda: _guarded(window, lambda: window.add_files(files)))
    try:
        return int(app.exec())
    finally:
        window.engine.shutdown()  # closing does this too; also when the loop ends another way


def _guarded(window: QWidget, action: Callable[[], object]) -> None:
    """Run a start-up step; an error in it is logged and shown, never fatal to the start."""
    try:
        action()
    except Exception as error:  # noqa: BLE001 - the window must open whatever a step meets
        log.exception("a start-up step failed")
        QMessageBox.warning(
            window,
            QCoreApplication.translate("App", "Start-up problem"),
            QCoreApplication.translate(
                "App", "Part of the start-up failed ({0}); the window works, but reopen your files by hand."
            ).format(error),
        )
