"""The cluster's nodes as worker slots, and --cluster without Ray (no cluster needed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.cluster.plan import PROXY_FACTORY, ClusterError, Placement, slots_from_nodes
from engine.protocol import EngineConfig

ROOT = Path(__file__).resolve().parents[2]
GPU_NODE = {
    "NodeID": "b" * 56,
    "Alive": True,
    "NodeManagerAddress": "10.0.0.6",
    "Resources": {"CPU": 16.0, "GPU": 2.0, "accelerator_type:A100": 1.0},
}
CPU_NODE = {"NodeID": "a" * 56, "Alive": True, "NodeManagerAddress": "10.0.0.5", "Resources": {"CPU": 3.0}}


def test_each_gpu_slot_is_a_worker_named_by_node_and_device() -> None:
    """Device auto with a GPU anywhere: GPU slots only, as locally (engine.devices adds no CPU
    worker next to GPUs); the CPU-only head says why it takes no work."""
    plan = slots_from_nodes(EngineConfig(model="small", cluster="10.0.0.5:6379"), [GPU_NODE, CPU_NODE])
    assert [(s.worker_id, s.device, s.device_name) for s in plan.specs] == [
        (0, "cuda", "node 10.0.0.6, GPU 0 (A100)"),
        (1, "cuda", "node 10.0.0.6, GPU 1 (A100)"),
    ]
    assert any("10.0.0.5" in note and "--device cpu" in note for note in plan.notes), plan.notes
    gpu = Placement.decode(plan.placements[1])
    assert (gpu.node_id, gpu.num_gpus, gpu.model, gpu.compute_type) == ("b" * 56, 1.0, "small", "float16")
    assert gpu.factory != PROXY_FACTORY  # the actor builds the real model, the worker the proxy


def test_a_cluster_without_gpus_gets_cpu_slots() -> None:
    plan = slots_from_nodes(EngineConfig(model="small", cluster="auto"), [CPU_NODE])
    assert [(s.device, s.device_name) for s in plan.specs] == [
        ("cpu", "node 10.0.0.5, CPU slot 1"),
        ("cpu", "node 10.0.0.5, CPU slot 2"),
        ("cpu", "node 10.0.0.5, CPU slot 3"),
    ]
    cpu = Placement.decode(plan.placements[0])
    assert (cpu.num_gpus, cpu.num_cpus, cpu.compute_type) == (0.0, 1.0, "int8")


def test_device_choices_apply_per_node() -> None:
    config = EngineConfig(cluster="auto", device="cpu", workers=2)
    plan = slots_from_nodes(config, [GPU_NODE, CPU_NODE])
    assert [s.device_name for s in plan.specs] == [
        "node 10.0.0.5, CPU slot 1",
        "node 10.0.0.5, CPU slot 2",
        "node 10.0.0.6, CPU slot 1",
        "node 10.0.0.6, CPU slot 2",
    ]
    with pytest.raises(ClusterError, match="offers no GPU .*leave out --device cuda"):
        slots_from_nodes(EngineConfig(cluster="auto", device="cuda"), [CPU_NODE])


def test_cluster_without_ray_exits_2_saying_how_to_install(tmp_path: Path) -> None:
    """Ray hidden from the import system (sys.modules["ray"] = None): refused before any work."""
    code = (
        "import sys, runpy; sys.modules['ray'] = None; "
        f"sys.argv = ['main.py', 'transcribe', '--cluster', 'auto', '--output-dir', {str(tmp_path)!r}, 'x.wav']; "
        "runpy.run_path('main.py', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert 'pip install -e ".[cluster]"' in done.stderr
    assert not list(tmp_path.iterdir())


def test_the_engine_and_the_command_line_do_not_import_ray() -> None:
    """Ray (a second of import, hundreds of MB) loads only where a cluster is used."""
    code = (
        "import sys, engine.supervisor, engine.cli.transcribe_args, engine.cluster; "
        "import engine.cluster.plan, engine.cluster.local; print('ray' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_a_cluster_address_that_is_not_host_port_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import engine.cluster
    from engine.cli.transcribe_args import build_parser

    monkeypatch.setattr(engine.cluster, "ray_installed", lambda: True)
    assert build_parser().parse_args(["--cluster", " 10.0.0.5:6379 ", "x.wav"]).cluster == "10.0.0.5:6379"
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--cluster", "10.0.0.5", "x.wav"])
    assert exit_.value.code == 2
    assert "give the Ray head's host:port, e.g. 10.0.0.5:6379, or auto" in capsys.readouterr().err
