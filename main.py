"""Whisper for Subs: ``python main.py`` opens the window; ``python main.py transcribe FILE...`` runs the CLI."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "transcribe":
        from engine.cli import main as cli_main

        return cli_main(argv[1:])
    try:
        from gui.app import main as gui_main  # type: ignore[import-not-found]
    except ImportError:
        print(
            "The desktop window is not part of this build yet. Use:\n"
            "  python main.py transcribe FILE... [--model base] [--format srt,ass,vtt]\n"
            "  python main.py transcribe --help",
            file=sys.stderr,
        )
        return 2
    return int(gui_main(argv))


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen (PyInstaller) app re-enters here in each child
    sys.exit(main())
