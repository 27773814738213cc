"""Cut a file's speech into chunks of at most ~30 s, at silences only.

Whisper's encoder always sees a 30 s window, so a chunk costs about the same whether it holds
3 s or 30 s of speech: the planner packs speech regions into chunks close to the limit. Long
silences (over 5 s) between regions are left out of the chunk (the chunk is a list of *pieces*
of the file joined together), which also removes the silences over which Whisper likes to invent
text; each piece keeps a short pad of real silence around its speech. Shorter gaps stay whole:
VAD misses weak or hoarse speech (measured: a speaker with a cold, 26.7-30 s of
mfa_michaelandsickmichael, found as silence even at threshold 0.25), and Whisper recovers it only
from the continuous audio. Times inside a chunk map back to the file through its pieces.

A region is cut only when it alone is longer than the limit, and then at its quietest point.
No region is ever dropped, however short.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from engine.protocol import Segment, Word

if TYPE_CHECKING:
    import numpy.typing as npt

Span = tuple[int, int]  # start_ms, end_ms on the file's timeline
SliceFn = Callable[[int, int], "npt.NDArray[np.float32]"]


@dataclass(frozen=True)
class Chunk:
    index: int
    pieces: tuple[Span, ...]
    speech: tuple[Span, ...] = ()  # the VAD regions inside the pieces, unpadded

    @property
    def duration_ms(self) -> int:
        return sum(end - start for start, end in self.pieces)

    @property
    def start_ms(self) -> int:
        return self.pieces[0][0]

    @property
    def end_ms(self) -> int:
        return self.pieces[-1][1]

    def to_file_ms(self, t_ms: int, is_end: bool = False) -> int:
        """Map a time inside the chunk's joined audio to the file's timeline.

        At the seam between two pieces a start belongs to the later piece, an end to the earlier.
        """
        offset = 0
        for start, end in self.pieces:
            length = end - start
            if t_ms < offset + length or (is_end and t_ms == offset + length):
                return start + max(0, t_ms - offset)
            offset += length
        return self.pieces[-1][1]

    def segment_to_file(self, segment: Segment) -> Segment:
        """The segment and its words moved from the chunk's audio onto the file's timeline.

        Whisper stretches the words next to a pause over it (measured: cue starts ~340 ms early on
        LJSpeech). A word edge that falls in what VAD found to be silence is pulled to the nearest
        speech inside the word; a word with no speech at all in it is left as it is.
        """

        def span(start_ms: int, end_ms: int) -> tuple[int, int]:
            start = self.to_file_ms(start_ms)
            return start, max(self.to_file_ms(end_ms, is_end=True), start + 1)

        words = tuple(
            Word(*snap_to_speech(*span(w.start_ms, w.end_ms), self.speech), w.text, w.probability)
            for w in segment.words
        )
        start, end = span(segment.start_ms, segment.end_ms)
        if words:
            start, end = words[0].start_ms, max(words[-1].end_ms, words[0].start_ms + 1)
        return dataclasses.replace(segment, start_ms=start, end_ms=end, words=words)

    def audio(self, slice_ms: SliceFn) -> npt.NDArray[np.float32]:
        parts = [slice_ms(start, end) for start, end in self.pieces]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


class ChunkPlanner:
    """Turns speech regions, fed in time order as VAD finds them, into chunks.

    ``add`` returns the chunks that became final; ``finish`` returns the rest. Chunks are
    numbered in time order.
    """

    def __init__(
        self,
        slice_ms: SliceFn,
        max_chunk_ms: int = 30_000,
        pad_ms: int = 200,
        join_gap_ms: int = 5_000,
    ) -> None:
        if max_chunk_ms < 2_000:
            raise ValueError("max_chunk_ms must be at least 2000")
        self._slice_ms = slice_ms
        self.max_chunk_ms = max_chunk_ms
        self.pad_ms = pad_ms
        self.join_gap_ms = join_gap_ms
        # A chunk this close to the limit will not take another region: close it at once, so
        # workers start without waiting for the next VAD block.
        self.full_margin_ms = 3_000
        self._unit: Span | None = None  # last padded region; may still merge with the next
        self._pieces: list[Span] = []  # the open chunk
        self._next_index = 0
        self._last_end = 0
        self._speech: list[Span] = []  # regions not yet handed out with a chunk

    def add(self, region: Span) -> list[Chunk]:
        start, end = region
        if end <= start:
            return []
        start = max(start, self._last_end)  # regions arrive in order; never overlap them
        self._last_end = max(self._last_end, end)
        self._speech.append((start, end))
        padded = (max(0, start - self.pad_ms), end + self.pad_ms)
        if self._unit is not None and padded[0] <= self._unit[1]:
            self._unit = (self._unit[0], max(self._unit[1], padded[1]))
            return []
        out = self._pack(self._unit) if self._unit is not None else []
        self._unit = padded
        return out

    def finish(self, total_ms: int) -> list[Chunk]:
        out: list[Chunk] = []
        if self._unit is not None:
            unit = (self._unit[0], min(self._unit[1], total_ms))
            self._unit = None
            if unit[1] > unit[0]:
                out += self._pack(unit)
        if self._pieces:
            out.append(self._close())
        return out

    def _pack(self, unit: Span) -> list[Chunk]:
        out: list[Chunk] = []
        if self._pieces:
            last_start, last_end = self._pieces[-1]
            gap = unit[0] - last_end
            joined = gap <= self.join_gap_ms
            added = (unit[1] - last_end) if joined else (unit[1] - unit[0])
            if self._length() + added <= self.max_chunk_ms:
                if joined:
                    self._pieces[-1] = (last_start, unit[1])
                else:
                    self._pieces.append(unit)
                if self._length() >= self.max_chunk_ms - self.full_margin_ms:
                    out.append(self._close())  # full enough: hand it to a worker now
                return out
            out.append(self._close())
        parts = self._split_long(unit)
        for part in parts[:-1]:
            self._pieces = [part]
            out.append(self._close())
        self._pieces = [parts[-1]]
        return out

    def _length(self) -> int:
        return sum(end - start for start, end in self._pieces)

    def _close(self) -> Chunk:
        pieces = tuple(self._pieces)
        speech = [
            (max(s, ps), min(e, pe)) for s, e in self._speech for ps, pe in pieces if s < pe and e > ps
        ]
        self._speech = [(max(s, pieces[-1][1]), e) for s, e in self._speech if e > pieces[-1][1]]
        chunk = Chunk(self._next_index, pieces, tuple(speech))
        self._next_index += 1
        self._pieces = []
        return chunk

    def _split_long(self, unit: Span) -> list[Span]:
        """Cut a span longer than the limit at its quietest points."""
        parts: list[Span] = []
        start, end = unit
        while end - start > self.max_chunk_ms:
            cut = quietest_point(
                self._slice_ms, start + self.max_chunk_ms // 2, start + self.max_chunk_ms
            )
            parts.append((start, cut))
            start = cut
        parts.append((start, end))
        return parts


def snap_to_speech(start: int, end: int, speech: tuple[Span, ...]) -> tuple[int, int]:
    """Trim the silent edges of [start, end) to the speech regions it overlaps."""
    inside = [(max(s, start), min(e, end)) for s, e in speech if s < end and e > start]
    if not inside:
        return start, end
    return inside[0][0], max(inside[-1][1], inside[0][0] + 1)


def quietest_point(slice_ms: SliceFn, lo_ms: int, hi_ms: int, frame_ms: int = 20) -> int:
    """The time in [lo_ms, hi_ms] with the least energy, smoothed over ~100 ms."""
    audio = slice_ms(lo_ms, hi_ms)
    frame = 16 * frame_ms  # samples at 16 kHz
    frames = audio.size // frame
    if frames < 3:
        return hi_ms
    energy = np.sqrt(np.mean(audio[: frames * frame].reshape(frames, frame) ** 2, axis=1))
    smooth = np.convolve(energy, np.ones(5) / 5, mode="same")
    best = int(np.argmin(smooth[1:-1])) + 1
    return lo_ms + best * frame_ms + frame_ms // 2
