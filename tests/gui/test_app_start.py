"""A start with a damaged autosave opens the window and exits when closed (issue 11: one such
autosave used to freeze the window and keep the process alive at every start). A real process,
with its own data and config folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([sys.argv[0]])

    def close() -> None:
        from gui.main_window import MainWindow
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        print("window open:", bool(windows), "|", windows[0].statusBar().currentMessage(), flush=True)
        for widget in app.topLevelWidgets():
            widget.close()

    QTimer.singleShot(1500, close)
    from gui.app import main
    sys.exit(main([]))
""")


@pytest.mark.slow  # a real start: ~9 s
def test_a_damaged_autosave_does_not_stop_the_app_from_starting_or_exiting(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = data / "WhisperForSubs" / "Whisper for Subs" / "autosave"
    folder.mkdir(parents=True)
    (folder / "film-0001.wfsproj").write_text(
        '{"format": "whisper-for-subs-project", "version": 1, "next_id": Infinity, "cues": []}'
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HF_HUB_OFFLINE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "window open: True | Damaged autosave set aside: film-0001.wfsproj" in done.stdout, done.stderr[
        -2000:
    ]
    assert (folder / "film-0001.wfsproj.damaged").exists()
