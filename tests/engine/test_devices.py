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


class _Torch:
    """A stand-in torch: any use fails the test (its CUDA import cost 3.8-6.4 s on a GPU machine)."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"torch.{name} used")


def _gpu_machine(monkeypatch, missing: str | None) -> None:  # type: ignore[no-untyped-def]
    import sys
    import types

    import engine.devices

    fake_ct2 = types.ModuleType("ctranslate2")
    fake_ct2.get_cuda_device_count = lambda: 2  # type: ignore[attr-defined]
    fake_ct2.get_supported_compute_types = lambda device, index=0: {"float16", "int8_float16"}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ctranslate2", fake_ct2)
    monkeypatch.setattr(engine.devices, "nvidia_driver_present", lambda: True)
    monkeypatch.setattr(engine.devices, "missing_cuda_library", lambda: missing)


def test_gpus_without_cublas_are_reported_without_importing_torch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    message = "libcublas.so.12 (CUDA 12 cuBLAS) was not found, so the GPU cannot run Whisper."
    _gpu_machine(monkeypatch, message)
    monkeypatch.setitem(sys.modules, "torch", _Torch())
    discovery = discover_gpus()
    assert discovery.problem == message
    assert [(g.index, g.name, g.memory_mb) for g in discovery.gpus] == [
        (0, "CUDA GPU 0", 0),
        (1, "CUDA GPU 1", 0),
    ]
    specs, notes = plan_workers(EngineConfig(), discovery, cpu_count=2)
    assert [s.device for s in specs] == ["cpu", "cpu"] and notes == [message]


def test_gpus_with_cublas_are_named_by_torch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys
    import types

    _gpu_machine(monkeypatch, None)
    props = types.SimpleNamespace(name="NVIDIA H200", total_memory=143_155 * 2**20)
    cuda = types.SimpleNamespace(
        is_available=lambda: True, device_count=lambda: 2, get_device_properties=lambda i: props
    )
    monkeypatch.setitem(sys.modules, "torch", types.SimpleNamespace(cuda=cuda))
    discovery = discover_gpus()
    assert discovery.problem is None
    assert [(g.name, g.memory_mb, g.compute_types) for g in discovery.gpus] == [
        ("NVIDIA H200", 143_155, ("float16", "int8_float16"))
    ] * 2


def test_gpus_a_cpu_build_of_torch_cannot_see_are_still_used(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """pip's default torch on Windows is a CPU build: ctranslate2 counts and runs the GPUs."""
    import sys
    import types

    _gpu_machine(monkeypatch, None)
    cuda = types.SimpleNamespace(is_available=lambda: False, device_count=lambda: 0)
    monkeypatch.setitem(sys.modules, "torch", types.SimpleNamespace(cuda=cuda))
    discovery = discover_gpus()
    assert [g.name for g in discovery.gpus] == ["CUDA GPU 0", "CUDA GPU 1"] and discovery.problem is None
    specs, notes = plan_workers(EngineConfig(), discovery)
    assert [(s.device, s.device_index) for s in specs] == [("cuda", 0), ("cuda", 1)] and notes == []
