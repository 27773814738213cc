"""The process tests/gui/test_autosave_kill.py kills: it opens (or recovers) three transcripts,
two of them of one media file, and edits and autosaves them in a loop until SIGKILL.

Run as ``python -m tests.gui.autosave_kill_child FOLDER SEED``. Lines on stdout: ``open NAME``
for each transcript (NAME: its autosave file), then ``ready`` once all are open and autosaved; ``edit NAME ROW TEXT`` for each edit (every TEXT is new); ``committed`` each time an autosave returned.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication  # noqa: E402

from engine.subtitles.cue import Cue  # noqa: E402
from engine.subtitles.document import Document  # noqa: E402
from engine.subtitles.presets import PRESETS  # noqa: E402
from gui.models.cue_model import TEXT  # noqa: E402
from gui.sessions import SessionStore  # noqa: E402

CUES = 400


def main(folder: Path, seed: int) -> None:
    app = QGuiApplication([sys.argv[0]])  # noqa: F841 (the cue model's colours need it)
    preset = PRESETS["netflix-en"]
    store = SessionStore(folder=folder)
    found = store.recoverable()
    if found.damaged:
        raise SystemExit(f"damaged autosaves: {found.damaged}")
    for entry in found.entries:
        store.recover(entry.autosave, preset)
    if not store.sessions:
        media = folder.parent / "film.wav", folder.parent / "film.wav", folder.parent / "other.wav"
        for path in media:
            cues = [Cue(i + 1, i * 2000, i * 2000 + 1500, f"cue {i}") for i in range(CUES)]
            store.touch(store.create(path, preset, Document(cues)))
        store.flush()  # as the app does a moment after opening them
    rng = random.Random(seed)
    edits = 0
    for session in store.sessions:
        assert session.autosave_path is not None
        print("open", session.autosave_path.name, flush=True)
    print("ready", flush=True)
    while True:
        for _ in range(rng.randint(1, 5)):
            session = rng.choice(store.sessions)
            assert session.autosave_path is not None
            edits += 1
            row, text = rng.randrange(session.model.rowCount()), f"edit-{seed}.{edits}"
            print(
                "edit", session.autosave_path.name, row, text, flush=True
            )  # before: it may be autosaved at once
            assert session.model.setData(session.model.index(row, TEXT), text)
        store.flush()
        print("committed", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
