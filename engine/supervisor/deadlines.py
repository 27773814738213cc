"""When a worker is overdue: the one home of the rules for a worker's deadlines.

A worker's deadlines, judged in this order (the first one past is acted on), all on the
monotonic clock and from figures in EngineConfig:

- cancel: a worker sent CancelChunk may take ``cancel_grace_s`` x the chunks it holds to stop
  (``cancel_grace_s()``: a batch's first decodes, and then their word timings and
  continuations, run as calls a cancel cannot interrupt, so each chunk adds a grace period);
  then its chunks go back, free, and it is killed.
- load: a loading worker silent for ``hang_timeout_s`` is hung (it sends heartbeats while it
  loads, so a slow load from a slow disk goes on); no attempt is used.
- hang: a busy worker silent for ``hang_timeout_s`` since it took its task or last spoke (its
  heartbeat comes every second however slow the model); no attempt is used.
- chunk: ``chunk_timeout_s`` (when set) x ``task_scale``, the 30 s windows decoded within the
  task's time (``chunk_deadline_s()``: a batch of N one-window chunks, or one chunk of N windows,
  gets N times the deadline); uses an attempt.

A worker already killed has no deadline: only its sentinel is awaited (one that does not die at
once, in uninterruptible sleep, must neither be killed again nor make the loop spin).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from engine.protocol import EngineConfig

if TYPE_CHECKING:
    from engine.workers import WorkerHandle


@dataclass(frozen=True)
class Deadline:
    """One deadline of a worker: when (monotonic s), which rule, and the kill it brings."""

    at: float
    kind: Literal["cancel", "load", "hang", "chunk"]
    reason: str  # why the worker is killed, as the WorkerStatus that reports it says
    blames_chunk: bool  # whether the kill uses one of its chunk's attempts


def cancel_grace_s(config: EngineConfig, chunks_held: int) -> float:
    """How long (s) a worker holding ``chunks_held`` chunks may take to stop after a cancel."""
    return config.cancel_grace_s * max(1, chunks_held)


def chunk_deadline_s(config: EngineConfig, task_scale: int) -> float | None:
    """How long (s) a task of ``task_scale`` windows decoded together may take; None: no cap."""
    if not config.chunk_timeout_s:
        return None
    return config.chunk_timeout_s * task_scale


def deadlines(handle: WorkerHandle, config: EngineConfig) -> list[Deadline]:
    """The worker's deadlines now, in the order they are judged (see the module docstring)."""
    if handle.kill_reason is not None:
        return []
    found: list[Deadline] = []
    hang_s = config.hang_timeout_s
    if handle.cancel_sent is not None:
        grace = handle.cancel_grace_s
        reason = f"did not stop within {grace:.0f} s of a cancel"
        found.append(Deadline(handle.cancel_sent + grace, "cancel", reason, True))
    if handle.loading:
        reason = f"{handle.describe()} hung while loading the model (no sign of life for {hang_s:.0f} s)"
        found.append(Deadline(max(handle.started, handle.last_heard) + hang_s, "load", reason, False))
    if handle.task is not None:
        reason = f"{handle.describe()} hung (no sign of life for {hang_s:.0f} s)"
        found.append(Deadline(max(handle.task_started, handle.last_heard) + hang_s, "hang", reason, False))
        limit = chunk_deadline_s(config, handle.task_scale)
        if limit is not None:
            reason = f"{handle.describe()} hung for over {config.chunk_timeout_s:.0f} s on one chunk"
            found.append(Deadline(handle.task_started + limit, "chunk", reason, True))
    return found


def overdue(handle: WorkerHandle, config: EngineConfig, now: float) -> Deadline | None:
    """The first of the worker's deadlines that ``now`` is past, or None."""
    for deadline in deadlines(handle, config):
        if now > deadline.at:
            return deadline
    return None
