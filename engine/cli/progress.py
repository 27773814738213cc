"""Per-file progress lines for the terminal: bar, x realtime and ETA.

On a terminal the lines are redrawn in place; otherwise (a log, CI) a line is printed at each
tenth and at the end, so logs stay short and yet never show 0 % while a fifth is done.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

BAR = 24
LOG_STEPS = 10  # lines per file when the stream is not a terminal


@dataclass
class FileLine:
    name: str
    fraction: float = 0.0
    speed: float = 0.0
    eta_s: float | None = None
    state: str = "queued"
    last_step: int = -1


class ProgressView:
    def __init__(self, names: list[str], stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.lines = [FileLine(n) for n in names]
        self._drawn = 0
        self._last_draw = 0.0

    def update(self, index: int, fraction: float, speed: float, eta_s: float | None) -> None:
        line = self.lines[index]
        line.fraction, line.speed, line.eta_s, line.state = fraction, speed, eta_s, "transcribing"
        step = int(fraction * LOG_STEPS)
        if not self.tty and step > line.last_step and step < LOG_STEPS:
            line.last_step = step
            self._print(self._format(line))
        self._redraw()

    def finish(self, index: int, state: str) -> None:
        line = self.lines[index]
        line.state = state
        if state == "done":
            line.fraction, line.eta_s = 1.0, 0.0
        if not self.tty:
            self._print(self._format(line))
        self._redraw(force=True)

    def message(self, text: str) -> None:
        """A line printed above the progress block (cues with --verbose, warnings)."""
        self._clear()
        print(text, file=self.stream, flush=True)
        self._redraw(force=True)

    def _format(self, line: FileLine) -> str:
        filled = int(line.fraction * BAR)
        bar = "#" * filled + "-" * (BAR - filled)
        eta = f"ETA {line.eta_s:4.0f} s" if line.eta_s is not None and line.state == "transcribing" else ""
        speed = f"{line.speed:5.1f}x" if line.speed else ""
        return f"{line.name[:32]:32} [{bar}] {line.fraction * 100:5.1f}% {speed:>7} {eta:10} {line.state}"

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def _clear(self) -> None:
        if self.tty and self._drawn:
            self.stream.write(f"\x1b[{self._drawn}F\x1b[J")
            self._drawn = 0

    def _redraw(self, force: bool = False) -> None:
        if not self.tty or (not force and time.monotonic() - self._last_draw < 0.1):
            return
        self._clear()
        for line in self.lines:
            self.stream.write(self._format(line) + "\n")
        self._drawn = len(self.lines)
        self._last_draw = time.monotonic()
        self.stream.flush()
