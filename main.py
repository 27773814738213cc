"""Whisper for Subs: ``python main.py`` opens the window; ``transcribe`` and ``convert`` run without one.

``python main.py --help`` lists both and ``--self-test``; a mistyped command is refused, not opened as a file.
"""

from __future__ import annotations

import difflib
import multiprocessing
import sys
from pathlib import Path

COMMANDS = ("transcribe", "convert", "--self-test", "--help")
HELP = """\
Whisper for Subs: subtitles from speech, with a subtitle editor.

usage:
  python main.py [FILE...]             open the window (with these media files queued)
  python main.py transcribe FILE...    write subtitles from the command line, no window;
                                       options: python main.py transcribe --help
  python main.py convert IN... OUT     convert subtitle files between formats and encodings;
                                       options: python main.py convert --help
  python main.py --self-test [MODEL]   transcribe a bundled clip to check the engine works (exit 0)
  python main.py --help                show this help
"""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _wants_help(argv):
        print(HELP, end="")
        return 0
    if argv and _mistyped_command(argv[0]):
        close = difflib.get_close_matches(argv[0], COMMANDS, n=1)[0]
        print(
            f"main.py: unknown command {argv[0]!r}; did you mean {close}?\n\n{HELP}", end="", file=sys.stderr
        )
        return 2
    if argv and argv[0] == "transcribe":
        try:
            from engine.cli import run_transcribe

            return run_transcribe(argv[1:])
        except KeyboardInterrupt:  # Ctrl+C before any work started (the CLI handles it after)
            print("stopped by Ctrl+C; nothing was started", file=sys.stderr)
            return 130
    if argv and argv[0] == "convert":
        from engine.cli import run_convert

        return run_convert(argv[1:])
    if argv and argv[0] == "--self-test":
        from engine.cli import run_self_test

        return run_self_test(argv[1] if len(argv) > 1 else None)
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


def _wants_help(argv: list[str]) -> bool:
    """-h/--help anywhere (transcribe has its own), or the bare word help when no file has that name."""
    if argv[:1] == ["help"]:
        return not Path("help").exists()
    return argv[:1] not in (["transcribe"], ["convert"]) and any(a in ("-h", "--help") for a in argv)


def _mistyped_command(word: str) -> bool:
    """A first word that is no file but close to a command ("transcibe", "--selftest")."""
    if word in COMMANDS or Path(word).exists() or (Path(word).suffix and not word.startswith("-")):
        return False
    return bool(difflib.get_close_matches(word, COMMANDS, n=1))


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen (PyInstaller) app re-enters here in each child
    sys.exit(main())
