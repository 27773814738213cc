"""Which devices to run workers on: discover GPUs, check CUDA libraries, plan worker slots.

torch gives GPU names and memory; ctranslate2 gives the compute types a GPU supports. ctranslate2
loads CUDA 12 cuBLAS by name at run time, so a machine with a GPU but without those libraries
must fall back to the CPU with a message that names the missing library.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from engine.protocol import EngineConfig

log = logging.getLogger(__name__)

CUBLAS_LIBRARY = "cublas64_12.dll" if sys.platform == "win32" else "libcublas.so.12"
MAX_DEFAULT_CPU_WORKERS = 8


@dataclass(frozen=True)
class GpuInfo:
    index: int
    name: str
    memory_mb: int
    compute_types: tuple[str, ...]


@dataclass(frozen=True)
class WorkerSpec:
    worker_id: int
    device: str  # "cpu" | "cuda"
    device_index: int | None
    device_name: str
    compute_type: str
    cpu_threads: int


@dataclass(frozen=True)
class Discovery:
    gpus: tuple[GpuInfo, ...]
    problem: str | None  # why GPUs that exist cannot be used, if so


def discover_gpus() -> Discovery:
    """Find usable CUDA GPUs; never raises.

    ctranslate2 counts the GPUs (cheap), then the CUDA 12 cuBLAS they need is looked for
    (0.1-0.3 s); torch, which costs ~150 MB and 1-6 s to import, is only asked for the names and
    memory (MB) of GPUs that can run Whisper. GPUs without cuBLAS come back as "CUDA GPU <i>",
    memory 0, with ``problem`` naming the library; so do usable GPUs that torch cannot name
    (no torch, or a CPU build of it), without a problem.
    """
    if not nvidia_driver_present():
        return Discovery((), None)
    try:
        import ctranslate2

        ct2_count = ctranslate2.get_cuda_device_count()
        if ct2_count == 0:
            return Discovery((), None)
        unnamed = tuple(GpuInfo(i, f"CUDA GPU {i}", 0, _compute_types(i)) for i in range(ct2_count))
        missing = missing_cuda_library()
        if missing:
            # Whisper cannot run on them, and torch would only name them: its CUDA import took
            # 3.8-6.4 s on an H200 machine with CUDA 13 only (2026-11-30), before any CPU worker.
            return Discovery(unnamed, missing)
        try:
            import torch
        except ImportError:  # a slim build without torch: no names, but the GPUs still work
            return Discovery(unnamed, None)
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count != ct2_count:  # e.g. a CPU build of torch: it cannot name the GPUs ctranslate2 uses
            return Discovery(unnamed, None)
    except Exception as error:  # a broken driver must not stop a CPU transcription
        return Discovery((), f"could not query CUDA GPUs: {error}")
    gpus = []
    for index in range(count):
        props = torch.cuda.get_device_properties(index)
        gpus.append(
            GpuInfo(index, str(props.name), int(props.total_memory // 2**20), unnamed[index].compute_types)
        )
    return Discovery(tuple(gpus), None)


# What an NVIDIA driver leaves on Linux: its /proc entry and device nodes; WSL2 passes GPUs
# through /dev/dxg instead. Without any of them there is no CUDA GPU to count, and importing
# ctranslate2 to count none costs the supervisor 0.1-0.4 s at start-up.
NVIDIA_DRIVER_PATHS = ("/proc/driver/nvidia", "/dev/nvidiactl", "/dev/nvidia0", "/dev/dxg")


def nvidia_driver_present() -> bool:
    """False only where a GPU cannot be: Linux with none of NVIDIA_DRIVER_PATHS; True elsewhere."""
    if not sys.platform.startswith("linux"):
        return True  # Windows: the driver is a DLL; ctranslate2 is asked
    return any(os.path.exists(p) for p in NVIDIA_DRIVER_PATHS)


def preload_cuda_libraries() -> None:
    """Load cuBLAS/cuDNN from pip's nvidia-* packages (as CUDA torch installs them), if present.

    ctranslate2 opens libcublas.so.12 by name; the wheels keep it in site-packages/nvidia/*/lib,
    which is not on the loader's path. Loading them globally first lets ctranslate2 find them.
    """
    try:
        import nvidia  # namespace package from nvidia-cublas-cu12 / nvidia-cudnn-cu12
    except ImportError:
        return
    for root in getattr(nvidia, "__path__", []):
        for pattern in ("cublas/lib/libcublas*.so.*", "cudnn/lib/libcudnn*.so.*", "cublas/bin/*.dll"):
            for library in sorted(Path(root).glob(pattern)):
                try:
                    ctypes.CDLL(str(library), mode=getattr(ctypes, "RTLD_GLOBAL", 0))
                except OSError as error:
                    log.debug("could not preload %s: %s", library, error)


def missing_cuda_library() -> str | None:
    """A message naming the CUDA library ctranslate2 needs but cannot load, or None."""
    preload_cuda_libraries()
    try:
        ctypes.CDLL(CUBLAS_LIBRARY)
    except OSError:
        return (
            f"{CUBLAS_LIBRARY} (CUDA 12 cuBLAS) was not found, so the GPU cannot run Whisper. "
            "Install CUDA 12 cuBLAS (pip install nvidia-cublas-cu12) and cuDNN 9; using the CPU."
        )
    return None


def _compute_types(index: int) -> tuple[str, ...]:
    try:
        import ctranslate2

        return tuple(sorted(ctranslate2.get_supported_compute_types("cuda", index)))
    except Exception:
        return ()


def default_compute_type(device: str, supported: tuple[str, ...] = ()) -> str:
    if device == "cpu":
        return "int8"
    if not supported or "float16" in supported:
        return "float16"
    return "int8_float32" if "int8_float32" in supported else "float32"


def plan_workers(
    config: EngineConfig, discovery: Discovery, cpu_count: int | None = None
) -> tuple[list[WorkerSpec], list[str]]:
    """Worker slots for ``config`` on the devices found, and notes for the user."""
    notes: list[str] = []
    gpus = list(discovery.gpus)
    if config.gpus is not None:
        wanted = set(config.gpus)
        unknown = sorted(wanted - {g.index for g in gpus})
        if unknown:
            notes.append(f"GPU {', '.join(map(str, unknown))} not found; found {len(gpus)} GPU(s).")
        gpus = [g for g in gpus if g.index in wanted]
    use_gpu = config.device in ("auto", "cuda") and gpus and discovery.problem is None
    if config.device == "cuda" and not use_gpu:
        notes.append(discovery.problem or "No usable CUDA GPU found; using the CPU.")
    elif config.device == "auto" and gpus and discovery.problem:
        notes.append(discovery.problem)
    specs: list[WorkerSpec] = []
    if use_gpu:
        per_gpu = max(1, config.workers or 1)
        for gpu in gpus:
            compute = config.compute_type or default_compute_type("cuda", gpu.compute_types)
            for _ in range(per_gpu):
                specs.append(WorkerSpec(len(specs), "cuda", gpu.index, gpu.name, compute, 1))
        return specs, notes
    return cpu_workers(config, cpu_count), notes


def cpu_workers(config: EngineConfig, cpu_count: int | None = None, first_id: int = 0) -> list[WorkerSpec]:
    """Single-threaded CPU workers: measured faster than one multi-threaded process."""
    cores = cpu_count or os.cpu_count() or 1
    count = config.workers or max(1, min(MAX_DEFAULT_CPU_WORKERS, cores // max(1, config.cpu_threads)))
    compute = config.compute_type or "int8"
    return [WorkerSpec(first_id + i, "cpu", None, "CPU", compute, config.cpu_threads) for i in range(count)]
