"""Start the desktop app: ``python main.py [FILE...]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from engine.resources import resource_path
from gui.i18n import install_translators
from gui.settings import APPLICATION, ORGANIZATION, load_settings


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
    window.offer_recovery()
    files = [Path(a) for a in argv if not a.startswith("-")]
    if files:
        window.add_files(files)
    return int(app.exec())
