"""bench.multi_gpu_sim's Ray cluster on paper (issue 16, point 5): the object-store transfer of
each chunk through node 0's link, and Ray's per-task cost; no timings, no Ray."""

from __future__ import annotations

import math
import random

import pytest

from bench.multi_gpu_sim import (
    CostModel,
    RayCluster,
    chunk_bytes,
    dynamic,
    dynamic_on_cluster,
    plan_chunks,
    simulate_cluster,
    synthetic_regions,
)
from engine.planner import Chunk


@pytest.fixture(scope="module")
def workload() -> tuple[list[Chunk], list[float]]:
    rng = random.Random(7)
    regions, total_ms = synthetic_regions(0.25, rng)
    chunks = plan_chunks(regions, total_ms)
    return chunks, CostModel().costs(chunks, rng)


def test_a_chunk_is_16_khz_float32_through_the_link() -> None:
    chunk = Chunk(0, ((0, 30_000),))
    assert chunk_bytes(chunk) == 1_920_000  # 30 s x 16,000 samples x 4 bytes
    cluster = RayCluster(nodes=4, gpus_per_node=4, bandwidth_gbit_s=1.0)
    assert cluster.transfer_s(chunk, device=5) == pytest.approx(0.01536)  # 1.92 MB at 125 MB/s
    assert cluster.transfer_s(chunk, device=3) == 0.0  # node 0's own GPUs: shared memory


def test_without_network_or_ray_the_cluster_is_the_local_queue(
    workload: tuple[list[Chunk], list[float]],
) -> None:
    chunks, costs = workload
    free = RayCluster(nodes=4, gpus_per_node=4, bandwidth_gbit_s=math.inf, task_s=0.0)
    run = dynamic_on_cluster(chunks, costs, free, load_s=5.0)
    assert run.busy_until == dynamic(chunks, costs, [1.0] * 16, 5.0) and run.link_busy_s == 0.0


def test_every_remote_chunk_crosses_node_0s_link_once(workload: tuple[list[Chunk], list[float]]) -> None:
    chunks, costs = workload
    cluster = RayCluster(nodes=4, gpus_per_node=4, bandwidth_gbit_s=0.01, task_s=0.0)
    run = dynamic_on_cluster(chunks, costs, cluster, load_s=5.0)
    everything = sum(chunk_bytes(c) for c in chunks) * 8 / 0.01e9
    assert 0 < run.link_busy_s < everything  # node 0's own chunks stay off the link
    assert run.makespan_s >= 5.0 + run.link_busy_s  # one link, in turn: a floor on the makespan


def test_a_slower_link_and_ray_costs_lower_the_efficiency(workload: tuple[list[Chunk], list[float]]) -> None:
    chunks, costs = workload
    spans = [
        dynamic_on_cluster(
            chunks, costs, RayCluster(bandwidth_gbit_s=bandwidth, task_s=task_s), 5.0
        ).makespan_s
        for bandwidth, task_s in ((math.inf, 0.0), (10.0, 0.0), (0.1, 0.0), (0.1, 0.23))
    ]
    assert spans == sorted(spans) and spans[0] < spans[2] < spans[3]
    one_node = RayCluster(nodes=1, gpus_per_node=16, task_s=0.0)
    for bandwidth in (0.01, 10.0):  # a single node never uses the network
        run = dynamic_on_cluster(chunks, costs, RayCluster(1, 16, bandwidth, 0.0), 5.0)
        assert run.makespan_s == dynamic_on_cluster(chunks, costs, one_node, 5.0).makespan_s


def test_the_table_has_a_row_per_bandwidth_after_the_local_one(
    workload: tuple[list[Chunk], list[float]],
) -> None:
    chunks, costs = workload
    rows = simulate_cluster(chunks, costs, 5.0, RayCluster(), (math.inf, 1.0))
    assert [row[:2] for row in rows] == [
        ["1 x 16 (one machine, no Ray)", "-"],
        ["4 x 4", "no network"],
        ["4 x 4", "1 Gb/s"],
    ]
    efficiencies = [int(str(row[5]).rstrip("%")) for row in rows]
    assert all(0 < e <= 100 for e in efficiencies) and efficiencies[2] <= efficiencies[1] <= efficiencies[0]
