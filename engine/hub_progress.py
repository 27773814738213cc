"""Byte counts of a Hugging Face snapshot download, for whoever shows them.

``huggingface_hub.snapshot_download`` reports through tqdm bars; :func:`progress_tqdm` makes a tqdm
class that hands the file bytes to a callback instead of drawing them. It is the one such class:
the engine's own model resolution (engine.models, reporting ``ModelDownload``) and the window's
download process (engine.model_fetch, sending ``DownloadProgress`` over a pipe) both use it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

Report = Callable[[int, int], None]  # (bytes done, bytes in all; 0 while unknown)
INTERVAL_S = 0.1  # at most this often: a pipe or a progress line needs no more


class _NullWriter:
    """Where the bars draw: nowhere (the numbers go to the callback)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def progress_tqdm(report: Report) -> Any:
    """A tqdm class for ``snapshot_download(tqdm_class=...)`` that calls ``report(done, total)``
    with the snapshot's file bytes at most every ``INTERVAL_S``; its ``report_last()`` gives the
    final count the throttle may have held back.

    Of snapshot_download's two byte bars, "Downloading bytes" counts network bytes against a
    guessed total; only the other one (file bytes against the real sizes) is reported, so the
    count never runs backwards or past 100 %."""
    from tqdm.auto import tqdm

    class ReportingTqdm(tqdm):  # type: ignore[misc]
        _sent = 0.0
        last: tuple[int, int] | None = None

        def __init__(self, *args: object, **kwargs: object) -> None:
            self._reports = kwargs.get("unit") == "B" and kwargs.get("desc") != "Downloading bytes"
            kwargs["disable"] = False
            kwargs["file"] = _NullWriter()
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            result: bool | None = super().update(n)
            if self._reports:
                ReportingTqdm.last = (int(self.n), int(self.total or 0))
                now = time.monotonic()
                if now - ReportingTqdm._sent >= INTERVAL_S:
                    ReportingTqdm._sent = now
                    report(*ReportingTqdm.last)
            return result

        @classmethod
        def report_last(cls) -> None:
            if cls.last is not None:
                report(*cls.last)

    return ReportingTqdm
