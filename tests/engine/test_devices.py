from __future__ import annotations

from engine.devices import Discovery, GpuInfo, discover_gpus, plan_workers
from engine.protocol import EngineConfig

TWO_GPUS = Discovery(
    (GpuInfo(0, "RTX 4090", 24_000, ("float16", "int8")), GpuInfo(1, "RTX 3060", 12_000, ("float32",))),
    None,
)


def test_no_gpu_here_means_cpu_workers() -> None:
    discovery = discover_gpus()
    assert discovery.gpus == ()
    specs, notes = plan_workers(EngineConfig(), discovery, cpu_count=2)
    assert [(s.device, s.cpu_threads, s.compute_type) for s in specs] == [("cpu", 1, "int8")] * 2
    assert notes == []


def test_cuda_requested_without_gpu_falls_back_with_a_note() -> None:
    specs, notes = plan_workers(EngineConfig(device="cuda"), Discovery((), None), cpu_count=4)
    assert len(specs) == 4 and all(s.device == "cpu" for s in specs)
    assert "No usable CUDA GPU" in notes[0]


def test_one_worker_per_gpu_with_float16_where_supported() -> None:
    specs, _ = plan_workers(EngineConfig(), TWO_GPUS)
    assert [(s.device, s.device_index, s.compute_type) for s in specs] == [
        ("cuda", 0, "float16"),
        ("cuda", 1, "float32"),
    ]
    assert [s.worker_id for s in specs] == [0, 1]


def test_gpu_selection_and_workers_per_gpu() -> None:
    specs, notes = plan_workers(EngineConfig(gpus=(1, 5), workers=2), TWO_GPUS)
    assert [s.device_index for s in specs] == [1, 1]
    assert "GPU 5 not found" in notes[0]


def test_missing_cuda_libraries_fall_back_to_cpu_naming_the_library() -> None:
    broken = Discovery(TWO_GPUS.gpus, "libcublas.so.12 (CUDA 12 cuBLAS) was not found")
    specs, notes = plan_workers(EngineConfig(), broken, cpu_count=2)
    assert all(s.device == "cpu" for s in specs)
    assert "libcublas.so.12" in notes[0]


def test_cpu_device_ignores_gpus() -> None:
    specs, _ = plan_workers(EngineConfig(device="cpu", workers=3), TWO_GPUS)
    assert [s.device for s in specs] == ["cpu"] * 3


def test_no_nvidia_driver_means_no_gpus_without_importing_ctranslate2(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Counting no GPUs cost the supervisor ctranslate2's import (0.1-0.4 s) on every start."""
    import sys

    import engine.devices

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(engine.devices, "NVIDIA_DRIVER_PATHS", ("/nonexistent/nvidia",))
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # importing it would raise
    assert discover_gpus() == Discovery((), None)
    monkeypatch.setattr(engine.devices, "NVIDIA_DRIVER_PATHS", ("/",))  # a driver: ctranslate2 is asked
    assert discover_gpus().problem is not None
