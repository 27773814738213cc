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

A third table puts the engine's queue on a Ray cluster (issue 16, point 5: 4 nodes x 4 GPUs by
default): each chunk's audio (16 kHz mono float32, 64 kB per second of audio: a 30 s chunk is
1.92 MB) goes through Ray's object store from the machine that runs the supervisor (node 0, where
the file is decoded) to the node of the GPU that takes it. As engine.cluster.proxy does it, a
worker puts its chunk and waits for the result before it takes the next one (no prefetch), so
the GPU is idle while its chunk travels; all chunks leave through node 0's one network link,
in turn (a FIFO at the stated bandwidth, 1 and 10 Gb/s); node 0's own GPUs read the object
store in shared memory, without the network. Each chunk also pays Ray's per-task overhead
(``--ray-task-ms``), counted as time the GPU waits: the default, 230 ms, is bench/cluster.py's
+6.6 % CPU (bench/out/cluster_tiny.en_20261130_075358.json: medians 69.8 s local, 74.4 s on
Ray, 2 CPU slots, Ray 2.60) spread over the 10-minute file's chunks: 4.6 s / ~20 chunks (605 s
in chunks of up to 30 s). It is an upper bound: that extra CPU also holds the two actors' start
and the proxies' heartbeats, and CPU spent beside the GPU need not stall it. A per-call figure
could not be measured here: a driver started in this process could not join a 127.0.0.1 head
(Ray 2.60 advertises the interface address, README "Many machines"). Results coming back
(segments, a few kB) are left out. Efficiency is again the ideal (work / 16 GPUs + load) over the makespan.

Run by hand: ``python -m bench.multi_gpu_sim [--hours 1] [--seed 7] [--nodes 4 --gpus-per-node 4]``.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from bench.table import markdown_table
from engine.jobs import ChunkQueue, Job
from engine.planner import Chunk, ChunkPlanner
from engine.protocol import JobOptions

DEVICE_COUNTS = (1, 2, 4, 8)
SAMPLE_RATE = 16_000  # Hz: what engine.audio decodes to, mono
BYTES_PER_SAMPLE = 4  # float32
BANDWIDTHS_GBIT_S = (math.inf, 10.0, 1.0, 0.1)  # inf: the network left out (Ray's overhead alone)
# Ray's cost per chunk, an upper bound from bench/cluster.py (the module docstring says how).
RAY_TASK_S = 0.23
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


def _engine_queue(chunks: Sequence[Chunk]) -> tuple[ChunkQueue, dict[str, Job]]:
    """The chunks of one job in the engine's real ChunkQueue (longest first)."""
    job = Job("sim", "sim.wav", JobOptions(language="en"), order=0)
    job.language = "en"
    queue = ChunkQueue()
    for chunk in chunks:
        job.chunks[chunk.index] = chunk
        queue.push(job, chunk)
    return queue, {job.job_id: job}


def dynamic(
    chunks: Sequence[Chunk], costs: Sequence[float], speeds: Sequence[float], load_s: float
) -> list[float]:
    """The engine: one shared queue (its real ChunkQueue), each idle device takes the next chunk."""
    queue, jobs = _engine_queue(chunks)
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


def chunk_bytes(chunk: Chunk) -> int:
    """The bytes of a chunk's audio in Ray's object store: 16 kHz float32, 64,000 per second."""
    return chunk.duration_ms * SAMPLE_RATE // 1000 * BYTES_PER_SAMPLE


@dataclass(frozen=True)
class RayCluster:
    """A Ray cluster on paper: ``nodes`` x ``gpus_per_node`` identical GPUs; node 0 runs the
    supervisor and sends every other node's chunks through its one link of
    ``bandwidth_gbit_s`` (gigabits a second; inf: no network cost); every chunk pays
    ``task_s`` seconds of Ray's per-task overhead."""

    nodes: int = 4
    gpus_per_node: int = 4
    bandwidth_gbit_s: float = 1.0
    task_s: float = RAY_TASK_S

    @property
    def devices(self) -> int:
        return self.nodes * self.gpus_per_node

    def transfer_s(self, chunk: Chunk, device: int) -> float:
        """Seconds on node 0's link for ``chunk`` going to ``device`` (0 on node 0 itself)."""
        if device < self.gpus_per_node:
            return 0.0  # node 0's own object store: shared memory
        return chunk_bytes(chunk) * 8 / (self.bandwidth_gbit_s * 1e9)


@dataclass(frozen=True)
class ClusterRun:
    """What :func:`dynamic_on_cluster` gives: each GPU's finish time (s), and the seconds node
    0's link spent sending."""

    busy_until: list[float]
    link_busy_s: float

    @property
    def makespan_s(self) -> float:
        return max(self.busy_until)


def dynamic_on_cluster(
    chunks: Sequence[Chunk], costs: Sequence[float], cluster: RayCluster, load_s: float
) -> ClusterRun:
    """The engine's queue on a Ray cluster: a GPU that falls idle takes the next chunk, which
    then waits for node 0's link (first come, first sent), travels, and pays Ray's per-task
    cost before the GPU decodes it (engine.cluster.proxy: put, call, wait; no prefetch)."""
    queue, jobs = _engine_queue(chunks)
    job = next(iter(jobs.values()))
    busy_until = [load_s] * cluster.devices
    free = [(load_s, d) for d in range(cluster.devices)]
    heapq.heapify(free)
    link_free = link_busy = 0.0
    while (entry := queue.pop(jobs)) is not None:
        now, device = heapq.heappop(free)
        transfer = cluster.transfer_s(job.chunks[entry.chunk_index], device)
        if transfer:
            now = link_free = max(now, link_free) + transfer
            link_busy += transfer
        busy_until[device] = now + cluster.task_s + costs[entry.chunk_index]
        heapq.heappush(free, (busy_until[device], device))
    return ClusterRun(busy_until, link_busy)


def simulate_cluster(
    chunks: Sequence[Chunk],
    costs: Sequence[float],
    load_s: float,
    cluster: RayCluster,
    bandwidths_gbit_s: Sequence[float] = BANDWIDTHS_GBIT_S,
) -> list[list[object]]:
    """One row per link bandwidth: the local queue on as many GPUs in one machine first, then
    the cluster's makespan, speed-up over one GPU, efficiency, node 0's link use, and the mean
    transfer of a chunk to another node."""
    work = sum(costs)
    ideal = work / cluster.devices + load_s
    single = max(dynamic(chunks, costs, [1.0], load_s))
    local = max(dynamic(chunks, costs, [1.0] * cluster.devices, load_s))
    shape = f"{cluster.nodes} x {cluster.gpus_per_node}"
    first: list[object] = [
        f"1 x {cluster.devices} (one machine, no Ray)",
        "-",
        f"{ideal:.1f}",
        f"{local:.1f}",
    ]
    rows = [first + [f"{single / local:.2f}x", f"{ideal / local:.0%}", "-", "-"]]
    mean_bits = statistics.fmean(chunk_bytes(c) for c in chunks) * 8
    for bandwidth in bandwidths_gbit_s:
        run = dynamic_on_cluster(chunks, costs, replace(cluster, bandwidth_gbit_s=bandwidth), load_s)
        rows.append(
            [
                shape,
                "no network" if math.isinf(bandwidth) else f"{bandwidth:g} Gb/s",
                f"{ideal:.1f}",
                f"{run.makespan_s:.1f}",
                f"{single / run.makespan_s:.2f}x",
                f"{ideal / run.makespan_s:.0%}",
                f"{run.link_busy_s / run.makespan_s:.0%}",
                f"{1000 * mean_bits / (bandwidth * 1e9):.1f}",
            ]
        )
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
    parser.add_argument("--nodes", type=int, default=RayCluster.nodes, help="Ray cluster: nodes")
    parser.add_argument(
        "--gpus-per-node", type=int, default=RayCluster.gpus_per_node, help="Ray cluster: GPUs per node"
    )
    parser.add_argument(
        "--ray-task-ms", type=float, default=RAY_TASK_S * 1000, help="Ray's cost per chunk (put, call, get)"
    )
    args = parser.parse_args()
    task_s = args.ray_task_ms / 1000
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
    cluster = RayCluster(args.nodes, args.gpus_per_node, task_s=task_s)
    print(
        f"\nRay cluster, {cluster.nodes} nodes x {cluster.gpus_per_node} GPUs: each chunk's audio "
        f"(16 kHz float32, 64 kB/s; mean {statistics.fmean(map(chunk_bytes, chunks)) / 1e6:.2f} MB) "
        f"from node 0 through its one link, {task_s * 1000:.1f} ms of Ray per chunk:\n"
    )
    header = ["nodes x GPUs", "link", "ideal s", "makespan s", "speed-up", "efficiency", "link busy"]
    print(markdown_table([*header, "ms a chunk"], simulate_cluster(chunks, costs, model.load_s, cluster)))


if __name__ == "__main__":
    main()
