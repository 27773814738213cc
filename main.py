"""Whisper for Subs: ``python main.py`` opens the window; ``python main.py transcribe FILE...`` runs the CLI."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "transcribe":
        from engine.cli import main as cli_main

        return cli_main(argv[1:])
    if argv and argv[0] == "--self-test":
        from engine.self_test import run

        return run(argv[1] if len(argv) > 1 else None)
    try:
        from gui.app import main as gui_main
    except ImportError as error:  # e.g. Qt's system libraries are missing on a bare server
        print(
            f"The window cannot start: {error}.\n"
            "On Linux install Qt's libraries (e.g. apt-get install libegl1 libxkbcommon0 libfontconfig1),\n"
            "or use the command line: python main.py transcribe FILE... (see --help).",
            file=sys.stderr,
        )
        return 2
    return int(gui_main(argv))


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen (PyInstaller) app re-enters here in each child
    sys.exit(main())
