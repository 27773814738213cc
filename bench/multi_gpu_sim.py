"""Simulate an hour of speech on 1-8 GPUs: the engine's shared queue against a static split.

No GPU is needed: a discrete-event simulation with fake devices. The workload is a synthetic,
seeded hour of speech regions (utterances 0.3-20 s, gaps 0.2-5 s, now and then a 40-90 s
monologue) cut into chunks by the engine's real planner (``engine.planner.ChunkPlanner``). A
chunk costs a fixed overhead plus time proportional to its audio (30 s of audio = 1 s by
default), with a seeded +-10 % jitter for the token count; a few chunks (5 % by default) cost
3x, as when Whisper's temperature fallback decodes a chunk again; every device first loads the
model. A second table repeats the run with mixed devices (every second one half as fast), as on
a desktop with an old and a new card.

Schedules compared, on the same chunks and costs:

- dynamic: the engine's own queue (``engine.jobs.ChunkQueue``: longest first); each device that
  falls idle takes the next chunk;
- static contiguous: the chunks in time order cut into one equal-count block per device;
- static round-robin: chunk i goes to device i mod N.

Efficiency is the ideal (total work / total device speed + load time) over the makespan.

Run by hand: ``python -m bench.multi_gpu_sim [--hours 1] [--seed 7]``.
"""

from __future__ import annotations

import argparse
import heapq
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bench.table import markdown_table
from engine.jobs import ChunkQueue, Job
from engine.planner import Chunk, ChunkPlanner
from engine.protocol import JobOptions

DEVICE_COUNTS = (1, 2, 4, 8)
Schedule = Callable[[Sequence[Chunk], Sequence[float], Sequence[float], float], list[float]]


@dataclass(frozen=True)
class CostModel:
    """Seconds a fake GPU spends on a chunk, and on loading the model."""

    audio_s_per_s: float = 30.0  # 30 s of audio take 1 s
    overhead_s: float = 0.15
    load_s: float = 5.0
    jitter: float = 0.10
    fallback_rate: float = 0.05
    fallback_factor: float = 3.0

    def costs(self, chunks: Sequence[Chunk], rng: random.Random) -> list[float]:
        """Each chunk's cost on a device of speed 1, seeded."""
        costs = []
        for chunk in chunks:
            cost = self.overhead_s + chunk.duration_ms / 1000 / self.audio_s_per_s
            cost *= rng.uniform(1 - self.jitter, 1 + self.jitter)
            if rng.random() < self.fallback_rate:
                cost *= self.fallback_factor
            costs.append(cost)
        return costs


def synthetic_regions(hours: float, rng: random.Random) -> tuple[list[tuple[int, int]], int]:
    """Seeded speech regions (start_ms, end_ms) filling ``hours``, and the total length in ms."""
    regions: list[tuple[int, int]] = []
    position = rng.uniform(0.5, 3.0)
    end_s = hours * 3600
    while True:
        if rng.random() < 0.03:
            length = rng.uniform(40, 90)  # a monologue with no pause VAD would notice
        else:
            length = min(20.0, max(0.3, rng.lognormvariate(1.2, 0.8)))  # median ~3.3 s
        if position + length > end_s:
            break
        regions.append((int(position * 1000), int((position + length) * 1000)))
        position += length + min(5.0, max(0.2, rng.expovariate(1 / 1.0)))
    return regions, int(end_s * 1000)


def plan_chunks(regions: Sequence[tuple[int, int]], total_ms: int) -> list[Chunk]:
    """Chunks from the engine's planner; the fake audio is noise, so long regions cut anywhere."""

    def noise(start_ms: int, end_ms: int) -> np.ndarray:
        return np.random.default_rng(start_ms).standard_normal(16 * (end_ms - start_ms)).astype(np.float32)

    planner = ChunkPlanner(noise)
    chunks: list[Chunk] = []
    for region in regions:
        chunks += planner.add(region)
    return chunks + planner.finish(total_ms)


def dynamic(
    chunks: Sequence[Chunk], costs: Sequence[float], speeds: Sequence[float], load_s: float
) -> list[float]:
    """The engine: one shared queue (its real ChunkQueue), each idle device takes the next chunk."""
    job = Job("sim", "sim.wav", JobOptions(language="en"), order=0)
    job.language = "en"
    queue = ChunkQueue()
    for chunk in chunks:
        job.chunks[chunk.index] = chunk
        queue.push(job, chunk)
    jobs = {job.job_id: job}
    busy_until = [load_s] * len(speeds)
    free = [(load_s, d) for d in range(len(speeds))]
    heapq.heapify(free)
    while (entry := queue.pop(jobs)) is not None:
        now, device = heapq.heappop(free)
        busy_until[device] = now + costs[entry.chunk_index] / speeds[device]
        heapq.heappush(free, (busy_until[device], device))
    return busy_until


def static_contiguous(
    chunks: Sequence[Chunk], costs: Sequence[float], speeds: Sequence[float], load_s: float
) -> list[float]:
    """The file's chunks in time order, cut into one equal-count block per device."""
    size = -(-len(chunks) // len(speeds))
    return [load_s + sum(costs[d * size : (d + 1) * size]) / speed for d, speed in enumerate(speeds)]


def static_round_robin(
    chunks: Sequence[Chunk], costs: Sequence[float], speeds: Sequence[float], load_s: float
) -> list[float]:
    """Chunk i on device i mod N, decided up front."""
    return [load_s + sum(costs[d :: len(speeds)]) / speed for d, speed in enumerate(speeds)]


SCHEDULES = {
    "dynamic (engine)": dynamic,
    "static contiguous": static_contiguous,
    "static round-robin": static_round_robin,
}


def device_speeds(devices: int, mixed: bool) -> list[float]:
    """Relative speeds; with ``mixed`` every second device is half as fast."""
    return [0.5 if mixed and d % 2 else 1.0 for d in range(devices)]


def simulate(
    chunks: Sequence[Chunk], costs: Sequence[float], load_s: float, mixed: bool = False
) -> list[list[object]]:
    """One table row per device count: ideal, then makespan / speed-up / efficiency per schedule."""
    work = sum(costs)
    one = device_speeds(1, mixed)
    single = {name: max(schedule(chunks, costs, one, load_s)) for name, schedule in SCHEDULES.items()}
    rows: list[list[object]] = []
    for devices in DEVICE_COUNTS:
        speeds = device_speeds(devices, mixed)
        ideal = work / sum(speeds) + load_s
        row: list[object] = [devices, f"{ideal:.1f}"]
        for name, schedule in SCHEDULES.items():
            makespan = max(schedule(chunks, costs, speeds, load_s))
            row += [f"{makespan:.1f}", f"{single[name] / makespan:.2f}x", f"{ideal / makespan:.0%}"]
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--load-s", type=float, default=CostModel.load_s, help="model load per device")
    parser.add_argument("--overhead-s", type=float, default=CostModel.overhead_s, help="fixed cost per chunk")
    parser.add_argument(
        "--speed", type=float, default=CostModel.audio_s_per_s, help="audio seconds per device second"
    )
    parser.add_argument(
        "--fallback-rate",
        type=float,
        default=CostModel.fallback_rate,
        help="share of chunks that cost 3x (temperature fallback)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    model = CostModel(args.speed, args.overhead_s, args.load_s, fallback_rate=args.fallback_rate)
    regions, total_ms = synthetic_regions(args.hours, rng)
    chunks = plan_chunks(regions, total_ms)
    costs = model.costs(chunks, rng)
    lengths = sorted(c.duration_ms / 1000 for c in chunks)
    print(
        f"workload: {total_ms / 3.6e6:.1f} h, {len(regions)} speech regions "
        f"({sum(e - s for s, e in regions) / 3.6e6:.2f} h of speech), {len(chunks)} chunks of "
        f"{lengths[0]:.1f}-{lengths[-1]:.1f} s (median {lengths[len(lengths) // 2]:.1f} s); "
        f"total device work {sum(costs):.1f} s + {model.load_s:.1f} s model load per device "
        f"(seed {args.seed}, {model.audio_s_per_s:.0f} s audio per device second, "
        f"{model.overhead_s:.2f} s per chunk, {model.fallback_rate:.0%} of chunks x"
        f"{model.fallback_factor:.0f})"
    )
    header = ["devices", "ideal s"]
    for name in SCHEDULES:
        header += [f"{name} s", "speed-up", "efficiency"]
    for mixed, title in (
        (False, "identical devices"),
        (True, "mixed devices (every second one half as fast)"),
    ):
        print(f"\n{title}:\n")
        print(markdown_table(header, simulate(chunks, costs, model.load_s, mixed)))


if __name__ == "__main__":
    main()
