"""What the ``convert`` tests share: a small SubRip file, the subtitle cases of ../shared, and
``main.py convert`` run as the user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from engine.subtitles.io import read

REPO = Path(__file__).resolve().parents[3]
KEPT_AS_IS = "(only when the file is opened as cues, in the window or with --fix: this output copies the file's own text, so it keeps all of it)"
CASES = REPO.parent / "shared" / "cases" / "subs"
SRT = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Hello</i> there\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n"


def write_srt(folder: Path, name: str, text: str = SRT) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def run_convert(*args: str) -> subprocess.CompletedProcess[str]:
    """``main.py convert`` as the user runs it."""
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "convert", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def times(path: Path) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in read(path).cues]
