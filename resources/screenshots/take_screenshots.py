"""Take the README's editor screenshots from a real run: the app transcribes a file with a model,
a cue is selected, and the window is grabbed.

    Xvfb :99 -screen 0 1600x1000x24 -nolisten tcp &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python resources/screenshots/take_screenshots.py \
        /work/shared/testdata/timed/mfa_michaelandsickmichael.wav

writes resources/screenshots/editor.png (English) and editor_zh_TW.png (ui_language zh_TW).
Each language runs in its own process with a temporary settings, data and cache folder, so the
user's own settings, autosaves and recent files are never read nor touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
NAMES = {"en": "editor.png", "zh_TW": "editor_zh_TW.png"}


def _wait(condition: object, seconds: float) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def shoot(media: Path, language: str, model: str, row: int, out: Path) -> int:
    """In this process (its folders already temporary): transcribe ``media``, select ``row``, grab."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(ROOT))
    from gui.i18n import install_translators
    from gui.models.queue_items import Status
    from gui.settings import APPLICATION, ORGANIZATION, AppSettings

    app = QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    translators = install_translators(app, language)
    if language != "en" and not translators:
        print(f"no {language} translation loaded", file=sys.stderr)
        return 1
    from gui.main_window import MainWindow

    data = Path(os.environ["XDG_DATA_HOME"])
    settings = AppSettings(model=model, ui_language=language, workers=1)
    window = MainWindow(
        settings, autosave_folder=data / "autosave", peaks_cache=data / "peaks", persist_settings=False
    )
    window.resize(1280, 900)
    window.show()
    window.add_files([media])

    def done() -> bool:
        model_ = window.queue_model
        return model_.rowCount() > 0 and model_.item(0).status in (Status.DONE, Status.FAILED)

    if not _wait(done, 600):
        print("transcription did not finish in 10 minutes", file=sys.stderr)
        return 1
    if window.queue_model.item(0).status is not Status.DONE:
        print(f"transcription failed: {window.queue_model.item(0)}", file=sys.stderr)
        return 1
    window.queue_view.setCurrentIndex(window.queue_model.index(0, 0))
    _wait(None, 1.0)  # the waveform's peaks and the table fill in
    table = window.cue_view
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.scrollToTop()
    _wait(None, 1.5)
    window.grab().save(str(out))
    print(f"wrote {out}")
    # Not window.close(): it would ask (modally) whether to save the unsaved transcript.
    window.engine.shutdown()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("media", type=Path)
    parser.add_argument("--model", default="base")
    parser.add_argument("--row", type=int, default=1, help="the cue to select (0 is the first)")
    parser.add_argument("--language", choices=sorted(NAMES), help="one language, in this process")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.language:
        code = shoot(args.media.resolve(), args.language, args.model, args.row, args.out)
        sys.stdout.flush()
        os._exit(code)  # no teardown: the window would ask about the unsaved transcript
    for language, name in NAMES.items():
        with tempfile.TemporaryDirectory(prefix="wfs-shot-") as folder:
            env = dict(os.environ)
            for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
                env[key] = str(Path(folder, key.lower()))
                Path(env[key]).mkdir()
            command = [sys.executable, __file__, str(args.media.resolve()), "--language", language]
            command += ["--model", args.model, "--row", str(args.row), "--out", str(OUT / name)]
            if subprocess.run(command, env=env, check=False).returncode != 0:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
