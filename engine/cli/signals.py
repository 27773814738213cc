"""Ctrl+C and SIGTERM for ``main.py transcribe``: stop cleanly and keep what was transcribed.

A signal only sets a flag, which the CLI's loop reads between the engine's events (at least
twice a second). Nothing is cut off halfway: not a message being read from the engine's pipe,
not a subtitle being written. The CLI then writes each unfinished file's cues as a partial
subtitle, stops the engine and exits 130 (SIGINT) or 143 (SIGTERM), as shells expect. A second
signal while that runs is noted but does not cut the wrap-up short, which takes a few seconds
at most; the engine's processes ignore SIGINT (see engine.client), so a Ctrl+C in the terminal,
which reaches the whole process group, is the CLI's alone to act on.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
NAMES = {signal.SIGINT: "Ctrl+C", signal.SIGTERM: "SIGTERM"}


class StopRequests:
    """Within ``with``: SIGINT and SIGTERM set :attr:`signum` instead of ending the process."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict[int, Any] = {}

    @property
    def requested(self) -> bool:
        return self.signum is not None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(signal.Signals(self.signum), 130) if self.signum is not None else 0

    @property
    def name(self) -> str:
        return NAMES.get(signal.Signals(self.signum), "a signal") if self.signum is not None else ""

    def __enter__(self) -> StopRequests:
        if threading.current_thread() is threading.main_thread():  # only it may set handlers
            for signum in EXIT_CODES:
                self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, signal.SIG_DFL if previous is None else previous)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is None:
            self.signum = signum
