"""Start-up of the supervisor (issue 14): what it imports and in which order it starts things.

The supervisor runs here in the main thread of a fresh interpreter (a subprocess), driven over
its pipe by a thread of that interpreter, so that its ``sys.modules`` and the order of its
steps can be read after the job ends. Nothing here is timed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import LJ

pytestmark = pytest.mark.slow  # a real supervisor and worker in fresh interpreters: ~2 s a test

HARNESS = """
import json, sys, threading
from multiprocessing import get_context
import engine.supervisor as sup
import engine.supervisor.startup as startup
from engine.protocol import EngineConfig, JobFinished, JobFailed, Shutdown, SubmitJob, JobOptions

steps = []
start_worker = startup.start_worker
def logged_start(*args, **kwargs):
    steps.append("spawn worker")
    return start_worker(*args, **kwargs)
startup.start_worker = logged_start

def probe_vad():
    steps.append("load VAD")
    from engine.vad import load_vad
    return load_vad()

config = EngineConfig(**json.loads(sys.argv[1]))
ours, theirs = get_context("spawn").Pipe()
events = []
def client():
    ours.send(SubmitJob("job", sys.argv[2], JobOptions(max_chunk_ms=int(sys.argv[3]))))
    while True:
        event = ours.recv()
        events.append(type(event).__name__)
        if isinstance(event, (JobFinished, JobFailed)):
            ours.send(Shutdown())
            return
threading.Thread(target=client, daemon=True).start()
sup.supervisor_main(theirs, config)
heavy = ("torch", "silero_vad", "ctranslate2", "faster_whisper", "tokenizers", "huggingface_hub")
print(json.dumps({"events": events, "steps": steps, "imported": sorted(m for m in heavy if m in sys.modules)}))
"""


def run_supervisor(max_chunk_ms: int = 30_000, **config: object) -> dict[str, list[str]]:
    """One job (LJ001-0001, 9.7 s) through a supervisor with the fake model; what it did and imported."""
    settings = {
        "model": "fake?",
        "model_factory": "tests.engine.fake_model:load",
        "workers": 1,
        "vad_factory": "__main__:probe_vad",
        **config,
    }
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, json.dumps(settings), str(LJ[0]), str(max_chunk_ms)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout.splitlines()[-1])
    assert "JobFinished" in result["events"], result
    return result


@pytest.mark.parametrize("device", ["cpu", "auto"])
def test_the_supervisor_imports_no_torch_and_no_model_library(device: str) -> None:
    """torch (silero-vad's package) cost 2-5 s and ~2 CPU-s; ctranslate2 (counting GPUs) 0.1-0.4 s.

    With ``auto`` only where the machine has no NVIDIA driver: with one, counting the GPUs
    needs ctranslate2.
    """
    if device == "auto" and _nvidia_driver_present():
        pytest.skip("this machine has an NVIDIA driver: GPUs are counted with ctranslate2")
    assert run_supervisor(device=device)["imported"] == []


def _nvidia_driver_present() -> bool:
    from engine.devices import nvidia_driver_present

    return nvidia_driver_present()


def test_the_worker_is_spawned_before_the_vad_loads() -> None:
    """The worker's start (imports, model load: ~1 s) is the longest step: it goes first."""
    steps = run_supervisor(device="cpu")["steps"]
    assert steps[:2] == ["spawn worker", "load VAD"], steps


def test_a_file_of_one_chunk_starts_one_worker_of_two() -> None:
    """A second worker's start (imports, model load, warm-up) cost ~2 CPU-s for nothing."""
    steps = run_supervisor(workers=2, device="cpu")["steps"]
    assert steps.count("spawn worker") == 1, steps


def test_a_file_of_several_chunks_starts_every_worker() -> None:
    steps = run_supervisor(max_chunk_ms=4_000, workers=2, device="cpu")["steps"]
    assert steps.count("spawn worker") == 2, steps
