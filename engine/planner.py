"""Cut a file's speech into chunks of at most ~30 s (longer for a long file on CPU workers only
when asked: ``chunk_limit_ms``), at silences only.

Whisper's encoder always sees a 30 s window, so a chunk costs about the same whether it holds
3 s or 30 s of speech: the planner packs speech regions into chunks close to the limit. Long
silences (5 s or more, ``join_gap_ms``) between regions are left out of the chunk (the chunk is
a list of *pieces* of the file joined together), which also removes the silences over which
Whisper likes to invent text; each piece keeps a short pad of real silence around its speech.
Every shorter gap is covered, by exactly one chunk: VAD misses weak or hoarse speech (measured:
a speaker with a cold, 26.7-30 s of mfa_michaelandsickmichael, found as silence even at
threshold 0.25), and Whisper recovers it only from the continuous audio. Where a chunk must
end inside such a gap it ends at the quietest point of the gap's first 600 ms. Times inside a
chunk map back to the file through its pieces.

A region is cut only when it alone is longer than the limit, and then at its quietest point.
No region is ever dropped, however short.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from engine.protocol import Segment, Word

if TYPE_CHECKING:
    import numpy.typing as npt

# (a word's start, its speech region's start), ms on the file's timeline -> where the energy
# shows the speech rising out of a silence between them (ms), or None (engine.onsets.rise_in)
RiseFn = Callable[[int, int], int | None]

Span = tuple[int, int]  # start_ms, end_ms on the file's timeline
SliceFn = Callable[[int, int], "npt.NDArray[np.float32]"]

# Whisper's window: a chunk up to this long is decoded in one encoder pass (and can share a
# batch with others, engine.one_window); a longer one is decoded as faster-whisper decodes a long
# file, each window starting where the text of the last one ended.
WINDOW_MS = 30_000
# Chunks each CPU worker should still get from a file whose chunks grow past WINDOW_MS, so that
# the last of them spread over every worker (longest first, engine.jobs).
CHUNKS_PER_WORKER = 2


def join_spans(spans: Iterable[Span], gap_ms: int) -> list[Span]:
    """``spans`` (ms) in time order, those less than ``gap_ms`` apart (or overlapping) joined."""
    joined: list[list[int]] = []
    for start, end in sorted(spans):
        if joined and start - joined[-1][1] < gap_ms:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [(start, end) for start, end in joined]


def windows_in(duration_ms: int) -> int:
    """The 30 s windows a chunk of ``duration_ms`` may be decoded in (a long chunk's deadline
    grows with them: engine.supervisor.deadlines): 1 up to WINDOW_MS; beyond, one more than its
    length in windows, as each later window starts where the last one's text ended (a 56 s chunk
    took 3)."""
    if duration_ms <= WINDOW_MS:
        return 1
    return -(-duration_ms // WINDOW_MS) + 1


def chunk_limit_ms(max_chunk_ms: int, duration_ms: int, cpu_workers: int, longest_ms: int) -> int:
    """The longest chunk (ms) a file of ``duration_ms`` is cut into.

    On ``cpu_workers`` CPU workers (0: the engine has a GPU worker, or does not know yet) a long
    file's chunks grow from ``max_chunk_ms`` up to ``longest_ms`` (EngineConfig.cpu_chunk_ms;
    0 by default, as the user test below found lines lost in such chunks),
    keeping at least CHUNKS_PER_WORKER chunks per worker. Why: Whisper ends most 30 s windows
    with their last sentence unsaid and a chunk of its own must decode that sentence again in a
    second window of its own (21 of 45 encoder passes on lj_600s), while inside a long chunk it
    opens the next window. Measured 2026-11-30 (tiny.en, 2 CPU workers, warm, bench/out/lj_*):
    600 s in 60 s chunks 36.0 -> 30.4 s, 69.9 -> 58.0 CPU-s, WER 0.020 -> 0.013; 180 s in 45 s
    chunks 11.0-11.7 -> 9.7-10.3 s, 21.5-22.4 -> 18.7-19.7 CPU-s, WER 0.005 -> 0.010 (two words;
    faster-whisper's sequential run: 0.010); 90 s chunks saved 4 % more CPU on 300 s but its WER
    rose 0.012 -> 0.016. But such chunks are decoded by faster-whisper's window-to-window loop,
    whose windows start mid-speech: in a user test (2026-11-30) base lost 3 of 18 Japanese lines
    at a chunk's third window and said a Chinese line twice at a seam, tiny.en lost "beautiful
    form" at a seam, and a --prompt added words mid-sentence; one-window chunks kept all of them.
    So the growth is off unless asked for. A GPU decodes 30 s windows in batches, so its chunks stay
    at ``max_chunk_ms``; so do a file of unknown length (0), a short one, and a ``max_chunk_ms``
    under one window (a caller's choice of small chunks).
    """
    if cpu_workers <= 0 or duration_ms <= 0 or max_chunk_ms < WINDOW_MS or longest_ms <= max_chunk_ms:
        return max_chunk_ms
    share = duration_ms // (CHUNKS_PER_WORKER * cpu_workers)
    return max(max_chunk_ms, min(longest_ms, share))


@dataclass(frozen=True)
class Chunk:
    index: int
    pieces: tuple[Span, ...]
    speech: tuple[Span, ...] = ()  # the VAD regions inside the pieces, unpadded
    # The quiet lines beside loud speech inside the pieces (engine.vad.with_quiet_speech), raised
    # before Whisper hears them (engine.levels); set by engine.prep.
    lines: tuple[Span, ...] = ()

    @property
    def duration_ms(self) -> int:
        return sum(end - start for start, end in self.pieces)

    @property
    def speech_ms(self) -> int:
        """What VAD found to be speech in the chunk (ms)."""
        return sum(end - start for start, end in self.speech)

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

    def file_spans(self, start_ms: int, end_ms: int) -> list[Span]:
        """A stretch of the chunk's joined audio as spans of the file, one per piece it touches
        (a stretch over a seam does not take in the gap the chunk skipped)."""
        spans: list[Span] = []
        offset = 0
        for start, end in self.pieces:
            length = end - start
            lo, hi = max(start_ms, offset), min(end_ms, offset + length)
            if hi > lo:
                spans.append((start + lo - offset, start + hi - offset))
            offset += length
        return spans

    def to_chunk_ms(self, t_ms: int) -> int:
        """Map a time on the file's timeline into the chunk's joined audio (clamped to it)."""
        offset = 0
        for start, end in self.pieces:
            if t_ms < end:
                return offset + max(0, t_ms - start)
            offset += end - start
        return offset

    def speech_in_chunk(self) -> tuple[Span, ...]:
        """The chunk's VAD regions on its own timeline (what a worker sees)."""
        return tuple((self.to_chunk_ms(s), self.to_chunk_ms(e)) for s, e in self.speech)

    def lines_in_chunk(self) -> tuple[Span, ...]:
        """The chunk's quiet lines on its own timeline (with_lines keeps them inside its pieces)."""
        return tuple((self.to_chunk_ms(s), self.to_chunk_ms(e)) for s, e in self.lines)

    def with_lines(self, lines: Iterable[Span]) -> Chunk:
        """The chunk with the quiet lines that overlap its pieces (file timeline, clipped to them)."""
        inside = tuple(
            (max(s, start), min(e, end))
            for s, e in lines
            for start, end in self.pieces
            if s < end and start < e
        )
        return dataclasses.replace(self, lines=inside) if inside else self

    def segment_to_file(self, segment: Segment, rise: RiseFn | None = None) -> Segment:
        """The segment and its words moved from the chunk's audio onto the file's timeline.

        Whisper stretches the words next to a pause over it (measured: cue starts ~340 ms early on
        LJSpeech). A word edge that falls in what VAD found to be silence is pulled to the nearest
        speech inside the word; a word with no speech at all in it is left as it is.
        """

        def span(start_ms: int, end_ms: int) -> tuple[int, int]:
            start = self.to_file_ms(start_ms)
            return start, max(self.to_file_ms(end_ms, is_end=True), start + 1)

        words = tuple(
            Word(*snap_to_speech(*span(w.start_ms, w.end_ms), self.speech, rise), w.text, w.probability)
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

    Coverage rule: every moment of the file that is not inside a *long silence* belongs to
    exactly one chunk. A long silence is a gap of ``join_gap_ms`` (5,000 ms) or more between two
    VAD regions, or between the file's start or end and the nearest region; only such gaps are
    left out (keeping ``pad_ms`` of them beside the speech). A shorter gap is always covered,
    because VAD misses weak speech in it (mfa_michaelandsickmichael: "I have a cold" at
    30.80-31.40 s lies between two regions). When a chunk must end inside a short gap, it ends at
    the quietest point of the gap's first 600 ms, so two chunks never share audio and a boundary
    never falls inside what VAD found to be speech. Chunks are packed to
    ``max_chunk_ms - reserve_ms`` so that the reserve leaves room to place that cut.
    """

    def __init__(
        self,
        slice_ms: SliceFn,
        max_chunk_ms: int = 30_000,
        pad_ms: int = 200,
        join_gap_ms: int = 5_000,
        reserve_ms: int = 1_000,
        first_chunk_ms: int | None = None,
    ) -> None:
        if max_chunk_ms < 2_000:
            raise ValueError("max_chunk_ms must be at least 2000")
        self._slice_ms = slice_ms
        self.max_chunk_ms = max_chunk_ms
        self.pad_ms = pad_ms
        self.join_gap_ms = join_gap_ms
        self.reserve_ms = min(reserve_ms, max_chunk_ms // 4)
        # The file's first chunk may be packed shorter, so that its cues come back sooner (a
        # warm engine's first cue waited for a whole 30 s chunk: 4.5 s on one core, issue 14);
        # it still ends only at a silence, and a region longer than it is not cut for it.
        self.first_chunk_ms = min(first_chunk_ms or max_chunk_ms, max_chunk_ms)
        # The cut is sought only this soon after the speech before the gap: speech that VAD
        # missed in a gap is mostly the weak start of the next utterance (mfa: "uh so this is"
        # at 26.7-28.9 s before the region at 29.6 s), and a pause between its words is as quiet
        # as the gap; Whisper also drops unfinished speech at a window's end more than at its start.
        self.cut_window_ms = 600
        self._pieces: list[Span] = []  # the open chunk
        self._next_index = 0
        self._speech_end: int | None = None  # end of the last region added (unpadded)
        self._speech: list[Span] = []  # regions not yet handed out with a chunk

    def add(self, region: Span) -> list[Chunk]:
        start, end = region
        last = self._speech_end
        start = max(start, last or 0)  # regions arrive in order; never overlap them
        if end <= start:
            return []
        self._speech.append((start, end))
        self._speech_end = end
        padded_end = end + self.pad_ms
        if not self._pieces:  # the file's first region
            first = 0 if start < self.join_gap_ms else start - self.pad_ms
            return self._open(first, padded_end, speech_start=start)
        assert last is not None
        if start - last < self.join_gap_ms:  # a short gap: covered, by one chunk or cut inside
            return self._cover_gap(last, start, padded_end)
        piece_end = self._pieces[-1][1]
        padded = (max(start - self.pad_ms, piece_end), padded_end)
        if self._length() + padded[1] - padded[0] <= self._limit() - self.reserve_ms:
            self._pieces.append(padded)
            return []
        return [self._close(), *self._open(*padded)]

    def finish(self, total_ms: int) -> list[Chunk]:
        """Close the plan at the file's end (``total_ms``): the last chunks, if any."""
        if not self._pieces:
            return []
        assert self._speech_end is not None
        out: list[Chunk] = []
        if total_ms - self._speech_end < self.join_gap_ms:  # a short tail is covered too
            out = self._cover_gap(self._speech_end, total_ms, total_ms)
        piece_start, piece_end = self._pieces[-1]
        self._pieces[-1] = (piece_start, max(min(piece_end, total_ms), piece_start + 1))
        return [*out, self._close()]

    def _cover_gap(self, gap_start: int, gap_end: int, new_end: int) -> list[Chunk]:
        """Extend the open chunk over a short gap to ``new_end``, or cut it inside the gap."""
        piece_start, piece_end = self._pieces[-1]
        length = self._length()
        if length + new_end - piece_end <= self._limit() - self.reserve_ms:
            self._pieces[-1] = (piece_start, max(piece_end, new_end))
            return []
        room_end = piece_end + self.max_chunk_ms - length
        lo = max(min(gap_start, room_end), piece_start)  # the piece may be only the pad after a cut
        hi = min(gap_end, room_end, gap_start + self.cut_window_ms)
        latest = min(gap_end, room_end)
        if new_end - self.max_chunk_ms > hi and latest > lo:
            # The next chunk would not hold its region whole: cut later in the gap instead.
            lo, hi = max(lo, min(new_end - self.max_chunk_ms, latest)), latest
        cut = quietest_point(self._slice_ms, lo, max(lo, hi))
        out: list[Chunk] = []
        if cut > piece_start:
            self._pieces[-1] = (piece_start, cut)
            out.append(self._close())
        else:  # nothing of the piece is left: the gap's audio all goes to the next chunk
            self._pieces.pop()
            if self._pieces:
                out.append(self._close())
        return [*out, *self._open(cut, max(new_end, cut + 1), speech_start=gap_end)]

    def _open(self, start: int, end: int, speech_start: int | None = None) -> list[Chunk]:
        """Start a chunk at ``start``; a span longer than the limit is cut at its quietest points.

        When the speech itself (from ``speech_start``) fits but the silence before it does not,
        the silence is cut off into a chunk of its own instead of cutting the speech.
        """
        out: list[Chunk] = []
        if speech_start is not None and end - start > self.max_chunk_ms >= end - speech_start:
            cut = quietest_point(self._slice_ms, max(start, end - self.max_chunk_ms), speech_start)
            if cut > start:
                for part in self._split_long((start, cut)):  # a head over the limit is cut too
                    self._pieces = [part]
                    out.append(self._close())
                start = cut
        parts = self._split_long((start, end))
        for part in parts[:-1]:
            self._pieces = [part]
            out.append(self._close())
        self._pieces = [parts[-1]]
        return out

    def _limit(self) -> int:
        """How long the open chunk may be packed: ``first_chunk_ms`` for the file's first."""
        return self.first_chunk_ms if self._next_index == 0 else self.max_chunk_ms

    def _length(self) -> int:
        return sum(end - start for start, end in self._pieces)

    def _close(self) -> Chunk:
        pieces = tuple(self._pieces)
        speech = [(max(s, ps), min(e, pe)) for s, e in self._speech for ps, pe in pieces if s < pe and e > ps]
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
            cut = quietest_point(self._slice_ms, start + self.max_chunk_ms // 2, start + self.max_chunk_ms)
            parts.append((start, cut))
            start = cut
        parts.append((start, end))
        return parts


ONSET_SLACK_MS = 120


def snap_to_speech(
    start: int, end: int, speech: tuple[Span, ...], rise: RiseFn | None = None
) -> tuple[int, int]:
    """Trim the silent edges of [start, end) to the speech regions it overlaps.

    A start at most ONSET_SLACK_MS before its speech region is kept: the worker has already put
    it on the rise of the signal's energy (engine.onsets), and silero's region starts after that
    rise (measured on LJSpeech: snapping there made two cues start late by > 40 ms). An earlier
    start moves to where ``rise`` finds the speech rising out of a silence before the region,
    else to the region: silero's region once began 245 ms after the speech (a user test, just
    after a block of Chinese), and the cue hid the first syllable.
    """
    inside = [(max(s, start), min(e, end)) for s, e in speech if s < end and e > start]
    if not inside:
        return start, end
    first = start
    if inside[0][0] - start > ONSET_SLACK_MS:
        heard = None if rise is None else rise(start, inside[0][0])
        first = inside[0][0] if heard is None else max(start, min(heard, inside[0][0]))
    return first, max(inside[-1][1], first + 1)


def quietest_point(slice_ms: SliceFn, lo_ms: int, hi_ms: int, frame_ms: int = 20) -> int:
    """The time in [lo_ms, hi_ms] with the least energy, smoothed over ~100 ms."""
    audio = slice_ms(lo_ms, hi_ms)
    frame = 16 * frame_ms  # samples at 16 kHz
    frames = audio.size // frame
    if frames < 3:
        return (lo_ms + hi_ms) // 2
    energy = np.sqrt(np.mean(audio[: frames * frame].reshape(frames, frame) ** 2, axis=1))
    smooth = np.convolve(energy, np.ones(5) / 5, mode="same")
    best = int(np.argmin(smooth[1:-1])) + 1
    return lo_ms + best * frame_ms + frame_ms // 2
