"""The cluster's workers: Ray's live nodes and their GPUs or CPU slots as WorkerSpecs.

Slots follow the local rules (engine.devices.plan_workers), which add no CPU worker where GPUs
exist: with ``device`` auto and a GPU on any node, each GPU gives ``workers`` (default 1) slots and
nodes without a GPU take no work (a note says so); with no GPU in the cluster every node gives CPU
slots, ``workers`` of them or one per ``cpu_threads`` CPUs the node offers Ray, at most 8. Mixing
them would make the job's end wait on CPU chunks many times slower, load a model copy per CPU slot,
and give int8 text for some chunks and float16 for others. ``cpu`` gives CPU slots everywhere,
``cuda`` GPU slots only. ``EngineConfig.gpus`` (local indexes) is not used.
Each slot's placement (node id, resources) goes to its worker process as the worker's model
string (``Placement.encode``): the worker's factory is then ``PROXY_FACTORY``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

from engine.devices import WorkerSpec
from engine.models import ModelError
from engine.protocol import EngineConfig

log = logging.getLogger(__name__)

INSTALL_HINT = (
    '--cluster needs Ray, which is not installed: run pip install -e ".[cluster]" '
    '(or pip install "ray>=2.40") in this project\'s environment, then try again.'
)
PROXY_FACTORY = "engine.cluster.proxy:load_model"
DEFAULT_FACTORY = "engine.transcriber:load_model"
MAX_CPU_SLOTS = 8  # per node, as engine.devices caps local CPU workers
CONNECT_TIMEOUT_S = 5.0
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ClusterError(ModelError):
    """The cluster cannot be reached or offers no slot; the message says what to do."""


def ray_installed() -> bool:
    """Whether ``import ray`` would work, without importing it (a second or more)."""
    return importlib.util.find_spec("ray") is not None


@dataclass(frozen=True)
class Placement:
    """Where one worker's model actor runs and what it loads: the proxy worker's model string."""

    address: str  # the cluster, as given to --cluster
    model: str  # the model name, resolved on the actor's node (engine.models.resolve_model)
    factory: str  # the model factory the actor calls (tests inject a fake one)
    node_id: str  # Ray's hex node id: the actor is pinned there (NodeAffinitySchedulingStrategy)
    node_ip: str
    device: str  # "cuda" | "cpu"
    num_gpus: float  # Ray resources the actor holds: 1 / workers per GPU, or 0
    num_cpus: float
    label: str  # "node 10.0.0.5, GPU 1 (A100)"
    compute_type: str
    cpu_threads: int

    def encode(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def decode(cls, text: str) -> Placement:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class ClusterPlan:
    specs: tuple[WorkerSpec, ...]
    placements: dict[int, str]  # worker id -> Placement.encode()
    notes: tuple[str, ...] = ()


def connect(address: str) -> Any:
    """Join the cluster at ``address`` ("auto" or "host:port") as a Ray driver; the ray module.

    A loopback address is a one-machine cluster: Ray is told so (RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0,
    read when ray is imported), else Ray 2.60 swaps 127.0.0.1 for this machine's interface
    address, where a head bound to loopback does not listen.
    """
    host, _, port = address.rpartition(":")
    loopback = host.strip("[]") in LOOPBACK
    if loopback:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError:
        raise ClusterError(INSTALL_HINT) from None
    if ray.is_initialized():
        return ray
    if address != "auto":
        if not host or not port.isdecimal():
            raise ClusterError(
                f"{address!r} is not a Ray address: give the head's host:port, e.g. 10.0.0.5:6379, or auto."
            )
        try:
            socket.create_connection((host.strip("[]"), int(port)), CONNECT_TIMEOUT_S).close()
        except OSError as error:
            raise ClusterError(
                f"Cannot reach the Ray cluster at {address} ({error}): start its head with "
                f"'ray start --head --port={port}' on {host}, or give the right address."
            ) from None
    try:
        ray.init(
            address=address,
            _node_ip_address="127.0.0.1" if loopback else None,
            logging_level=logging.ERROR,  # not its notes (SIGTERM handler not set off the main thread)
            log_to_driver=False,
        )
    except (ConnectionError, RuntimeError, ValueError) as error:
        raise ClusterError(
            f"Cannot join the Ray cluster at {address}: {error}. Start one with 'ray start --head' "
            "(and 'ray start --address=HEAD:PORT' on each other machine), or give its address."
        ) from None
    return ray


def plan_cluster(config: EngineConfig) -> ClusterPlan:
    """The cluster's live nodes as worker slots; joins the cluster for a moment (seconds)."""
    assert config.cluster is not None
    ray = connect(config.cluster)
    try:
        nodes = [n for n in ray.nodes() if n.get("Alive")]
    finally:
        ray.shutdown()
    return slots_from_nodes(config, nodes)


def slots_from_nodes(config: EngineConfig, nodes: list[dict[str, Any]]) -> ClusterPlan:
    """``ray.nodes()``'s live entries as worker slots (rules in the module docstring)."""
    assert config.cluster is not None
    factory = config.model_factory if config.model_factory != PROXY_FACTORY else DEFAULT_FACTORY
    specs: list[WorkerSpec] = []
    placements: dict[int, str] = {}
    notes: list[str] = []
    any_gpu = any(int(n.get("Resources", {}).get("GPU", 0)) for n in nodes)
    use_cpu = config.device == "cpu" or (config.device == "auto" and not any_gpu)
    for node in sorted(nodes, key=lambda n: (str(n.get("NodeManagerAddress")), str(n.get("NodeID")))):
        resources: dict[str, float] = node.get("Resources", {})
        ip = str(node.get("NodeManagerAddress", "?"))
        gpus = int(resources.get("GPU", 0))
        cpus = int(resources.get("CPU", 0))
        kinds = [k.removeprefix("accelerator_type:") for k in resources if k.startswith("accelerator_type:")]
        gpu_name = kinds[0] if kinds else "GPU"
        slots: list[tuple[str, int, str, float, float]] = []
        if gpus and not use_cpu:
            per_gpu = config.workers or 1
            for index in range(gpus):
                for _ in range(per_gpu):
                    slots.append(("cuda", index, f"node {ip}, GPU {index} ({gpu_name})", 1 / per_gpu, 0.0))
        elif use_cpu:
            threads = max(1, config.cpu_threads)
            count = config.workers or min(cpus // threads, MAX_CPU_SLOTS)
            for index in range(count):
                slots.append(("cpu", index, f"node {ip}, CPU slot {index + 1}", 0.0, float(threads)))
        if not slots and not use_cpu and any_gpu and config.device == "auto":
            notes.append(
                f"node {ip} has no GPU and takes no work while other nodes have GPUs "
                "(give --device cpu to use every node's CPUs instead)"
            )
        elif not slots:
            notes.append(f"node {ip} has no {'CPU' if use_cpu else 'GPU'} for a worker")
        for device, index, label, num_gpus, num_cpus in slots:
            worker_id = len(specs)
            compute = config.compute_type or ("float16" if device == "cuda" else "int8")
            specs.append(WorkerSpec(worker_id, device, index, label, compute, config.cpu_threads))
            placements[worker_id] = Placement(
                config.cluster,
                config.model,
                factory,
                str(node.get("NodeID")),
                ip,
                device,
                num_gpus,
                num_cpus,
                label,
                compute,
                config.cpu_threads,
            ).encode()
    if not specs:
        wanted = "GPU" if config.device == "cuda" else "GPU or CPU"
        raise ClusterError(
            f"The Ray cluster at {config.cluster} offers no {wanted} for a worker "
            f"({len(nodes)} live node(s)): start nodes with 'ray start --address=HEAD:PORT'"
            + (", or leave out --device cuda." if config.device == "cuda" else ".")
        )
    return ClusterPlan(tuple(specs), placements, tuple(notes))


def describe_workers(config: EngineConfig) -> list[str]:
    """``worker 3: node 10.0.0.5, GPU 1 (A100)`` per slot: for the CLI and the window's test button."""
    return [f"worker {s.worker_id}: {s.device_name}" for s in plan_cluster(config).specs]
