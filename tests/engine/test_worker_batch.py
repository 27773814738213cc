"""A worker given several chunks at once (TranscribeBatch): one reply per chunk, in order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from multiprocessing import Pipe

import numpy as np

from engine.protocol import (
    CancelChunk,
    ChunkCancelled,
    ChunkDone,
    ChunkFailed,
    JobOptions,
    Segment,
    TranscribeBatch,
    TranscribeChunk,
    Word,
)
from engine.worker import _transcribe_batch


def said(audio: np.ndarray) -> list[Segment]:
    """A segment whose text names the chunk (its first sample's value)."""
    name = f"chunk{int(audio[0])}."
    return [Segment(0, 900, " " + name, (Word(0, 900, " " + name, 0.9),))]


class Model:
    def __init__(self, batch_fails: bool = False, chunk_fails: int | None = None) -> None:
        self.calls: list[str] = []
        self.batch_fails, self.chunk_fails = batch_fails, chunk_fails

    def transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> Iterator[Segment]:
        self.calls.append(f"one {int(audio[0])}")
        if self.chunk_fails == int(audio[0]):
            raise RuntimeError("this chunk is bad")
        yield from said(audio)

    def transcribe_batch(
        self, audios: Sequence[np.ndarray], language: str | None, options: JobOptions
    ) -> list[list[Segment]]:
        self.calls.append("batch " + " ".join(str(int(a[0])) for a in audios))
        if self.batch_fails:
            raise RuntimeError("the batch failed")
        return [said(a) for a in audios]


class OneAtATime:
    """A model without transcribe_batch (the tests' fakes, a peer's model)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> Iterator[Segment]:
        self.calls.append(f"one {int(audio[0])}")
        yield from said(audio)


def task(index: int, job: str = "j", options: JobOptions | None = None) -> TranscribeChunk:
    audio = np.full(16_000, float(index), np.float32)
    return TranscribeChunk(job, index, audio, "en", options or JobOptions(), ((0, 1000),))


def replies(model: object, tasks: list[TranscribeChunk], cancel: CancelChunk | None = None) -> list[object]:
    mine, theirs = Pipe()
    if cancel is not None:
        theirs.send(cancel)
    return list(_transcribe_batch(model, TranscribeBatch(tuple(tasks)), mine))


def texts(out: list[object]) -> list[str]:
    return [
        " ".join(s.text.strip() for s in r.segments) if isinstance(r, ChunkDone) else type(r).__name__
        for r in out
    ]


def test_a_batch_is_decoded_together_and_answered_per_chunk_in_order() -> None:
    model = Model()
    out = replies(model, [task(3), task(1), task(2)])
    assert texts(out) == ["chunk3.", "chunk1.", "chunk2."]
    assert [r.chunk_index for r in out if isinstance(r, ChunkDone)] == [3, 1, 2]
    assert model.calls == ["batch 3 1 2"]  # one batched first decode, no decode per chunk


def test_chunks_of_other_options_are_batched_apart() -> None:
    model = Model()
    other = JobOptions(initial_prompt="Names: Ana.")
    out = replies(model, [task(1), task(2, "k", other), task(3), task(4, "k", other)])
    assert texts(out) == ["chunk1.", "chunk2.", "chunk3.", "chunk4."]
    assert sorted(model.calls) == ["batch 1 3", "batch 2 4"]


def test_a_failed_batch_decodes_each_chunk_alone_and_only_the_bad_chunk_fails() -> None:
    model = Model(batch_fails=True, chunk_fails=2)
    out = replies(model, [task(1), task(2), task(3)])
    assert texts(out) == ["chunk1.", "ChunkFailed", "chunk3."]
    assert isinstance(out[1], ChunkFailed) and "this chunk is bad" in out[1].message
    assert model.calls == ["batch 1 2 3", "one 1", "one 2", "one 3"]


def test_a_model_without_batches_decodes_one_chunk_at_a_time() -> None:
    model = OneAtATime()
    assert texts(replies(model, [task(1), task(2)])) == ["chunk1.", "chunk2."]
    assert model.calls == ["one 1", "one 2"]


def test_a_cancel_stops_the_rest_of_its_job_but_not_other_jobs() -> None:
    model = OneAtATime()
    out = replies(model, [task(1), task(2), task(3, "other")], cancel=CancelChunk("j"))
    assert [type(r).__name__ for r in out] == ["ChunkCancelled", "ChunkCancelled", "ChunkDone"]
    assert isinstance(out[0], ChunkCancelled) and out[1].chunk_index == 2  # type: ignore[attr-defined]
