"""``--verbose`` lines in time order, though chunks come back out of order (issue 11).

Chunks are numbered in time order and each chunk's segments lie in its span, so a chunk's lines
can be printed once every earlier chunk is back; until then they are held. A chunk counts as
back when its ``SegmentsReady`` arrives (even with no segments) or its ``StretchFailed`` does.
When the file ends (finished, failed, stopped by Ctrl+C) whatever is held is let out, in chunk
order, so no line is ever lost.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["ChunkOrder"]


class ChunkOrder:
    """Lines keyed by chunk index, let out in index order as the gaps before them fill."""

    def __init__(self) -> None:
        self._held: dict[int, list[str]] = {}
        self._back: set[int] = set()
        self._next = 0  # the first chunk whose lines have not been let out

    def back(self, chunk_index: int, lines: Sequence[str] = ()) -> list[str]:
        """Chunk ``chunk_index`` is back with ``lines``: the lines that may be printed now,
        in time order (its own and any held ones it unblocked; none while an earlier chunk is
        out). A chunk reported twice (a retried chunk) adds no second copy."""
        if chunk_index in self._back:
            return []
        self._back.add(chunk_index)
        if chunk_index >= self._next:
            self._held[chunk_index] = list(lines)
        else:  # after a flush: nothing earlier is held back any more
            return list(lines)
        out: list[str] = []
        while self._next in self._back:
            out += self._held.pop(self._next, [])
            self._next += 1
        return out

    def flush(self) -> list[str]:
        """Every held line, in chunk order (the file ended, or the run was stopped)."""
        out = [line for index in sorted(self._held) for line in self._held[index]]
        self._held.clear()
        self._next = max(self._back, default=-1) + 1
        return out
