"""One transcription run of one contender, meant to run alone in a fresh process.

``python -m bench.peers KIND AUDIO RESULT_JSON [--model M] [--threads T] [--workers W]`` runs
KIND (``engine``, ``sequential`` or ``batched``) on AUDIO and writes a :class:`PeerResult` as
JSON. The parent (``bench.engine_vs_peers``) samples this process tree's memory meanwhile.

Timing excludes model loading for everyone: the engine is timed from ``submit`` (after
EngineReady, i.e. with warm workers) to JobFinished; faster-whisper from the start of decoding
the file to the last segment. Everyone decodes the same WAV file inside the timed region.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.client import EngineClient

ENGINE_READY_TIMEOUT_S = 300.0


def tree_cpu_s() -> float:
    """User + system CPU seconds of this process and its live descendants so far."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


@dataclass
class PeerResult:
    kind: str
    wall_s: float = 0.0
    first_cue_s: float | None = None
    segments: list[tuple[int, int, str]] = field(default_factory=list)  # (start_ms, end_ms, text)
    load_s: float = 0.0
    details: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(text.strip() for _start, _end, text in sorted(self.segments))


def run_engine(
    audio: str,
    model: str,
    workers: int,
    threads: int,
    device: str = "cpu",
    overrides: dict[str, Any] | None = None,
) -> PeerResult:
    """This project's engine: warm workers, then one job, timed from submit to JobFinished.

    ``device`` "cpu" or "cuda"; on CUDA ``workers`` is the number of workers per GPU.
    ``overrides``: other ``EngineConfig`` fields by name (e.g. a batch size), for ``--config``.
    """
    import dataclasses

    from engine.client import EngineClient
    from engine.protocol import (
        EngineConfig,
        EngineFailed,
        JobFailed,
        JobFinished,
        JobOptions,
        JobPlanned,
        SegmentsReady,
    )

    result = PeerResult("engine")
    loading = time.perf_counter()
    config = EngineConfig(model=model, device=device, workers=workers, cpu_threads=threads)
    client = EngineClient(dataclasses.replace(config, **(overrides or {})))
    try:
        _wait_ready(client)
        result.load_s = time.perf_counter() - loading
        cpu_before = tree_cpu_s()
        started = time.perf_counter()
        client.submit(audio, JobOptions(language="en"))
        finished = False
        while not finished:
            for event in client.poll(0.5):
                now = time.perf_counter() - started
                if isinstance(event, SegmentsReady):
                    if result.first_cue_s is None:
                        result.first_cue_s = now
                    result.segments += [(s.start_ms, s.end_ms, s.text) for s in event.segments]
                elif isinstance(event, JobPlanned):
                    result.details.update(
                        planned_s=now, chunks=event.chunk_count, speech_s=event.speech_ms / 1000
                    )
                elif isinstance(event, JobFinished):
                    result.wall_s = now
                    # The engine counts elapsed time from the first chunk a worker took.
                    result.details["first_dispatch_s"] = now - event.elapsed_s
                    result.details["timed_cpu_s"] = tree_cpu_s() - cpu_before
                    finished = True
                elif isinstance(event, (JobFailed, EngineFailed)):
                    raise RuntimeError(f"engine failed: {event}")
    finally:
        client.close()
    return result


def _wait_ready(client: EngineClient) -> None:
    """Block until every worker has its model loaded."""
    from engine.protocol import EngineFailed, EngineReady

    deadline = time.monotonic() + ENGINE_READY_TIMEOUT_S
    while time.monotonic() < deadline:
        for event in client.poll(0.5):
            if isinstance(event, EngineReady):
                return
            if isinstance(event, EngineFailed):
                raise RuntimeError(f"engine failed to start: {event}")
    raise TimeoutError("the engine's workers were not ready in time")


def load_faster_whisper(model_name: str, threads: int, device: str = "cpu") -> Any:
    """A ``faster_whisper.WhisperModel`` of the offline ``model_name``: int8 on the CPU, float16 on CUDA."""
    from faster_whisper import WhisperModel

    from engine.models import resolve_model

    return WhisperModel(
        str(resolve_model(model_name).path),
        device=device,
        compute_type="float16" if device == "cuda" else "int8",
        cpu_threads=threads,
    )


def run_faster_whisper(
    audio: str,
    model_name: str,
    threads: int,
    batched: bool,
    model: Any = None,
    device: str = "cpu",
    batch_size: int = 8,
) -> PeerResult:
    """faster-whisper as its users run it: sequential ``transcribe`` or BatchedInferencePipeline.

    Sequential is how Buzz and Subtitle Edit use it: ``vad_filter=True``, each segment as it
    comes becomes one cue. ``model``: an already loaded WhisperModel (then ``load_s`` is 0).
    """
    from faster_whisper import BatchedInferencePipeline, decode_audio

    result = PeerResult("batched" if batched else "sequential")
    loading = time.perf_counter()
    if model is None:
        model = load_faster_whisper(model_name, threads, device)
        result.load_s = time.perf_counter() - loading
    cpu_before = tree_cpu_s()
    started = time.perf_counter()
    samples = decode_audio(audio)
    if batched:
        segments, _info = BatchedInferencePipeline(model).transcribe(
            samples, without_timestamps=False, language="en", batch_size=batch_size
        )
    else:
        segments, _info = model.transcribe(
            samples, vad_filter=True, condition_on_previous_text=False, language="en", beam_size=5
        )
    for segment in segments:
        if result.first_cue_s is None:
            result.first_cue_s = time.perf_counter() - started
        result.segments.append((round(segment.start * 1000), round(segment.end * 1000), segment.text))
    result.wall_s = time.perf_counter() - started
    result.details["timed_cpu_s"] = tree_cpu_s() - cpu_before
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="one benchmark run, in its own process")
    parser.add_argument("kind", choices=["engine", "sequential", "batched"])
    parser.add_argument("audio")
    parser.add_argument("result")
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--batch-size", type=int, default=8, help="BatchedInferencePipeline's batch_size")
    parser.add_argument(
        "--config", action="append", default=[], metavar="FIELD=VALUE", help="another EngineConfig field"
    )
    args = parser.parse_args()
    if args.kind == "engine":
        overrides = dict(_config_field(item) for item in args.config)
        result = run_engine(args.audio, args.model, args.workers, args.threads, args.device, overrides)
    else:
        result = run_faster_whisper(
            args.audio,
            args.model,
            args.threads,
            args.kind == "batched",
            device=args.device,
            batch_size=args.batch_size,
        )
    Path(args.result).write_text(json.dumps(asdict(result)))


def _config_field(item: str) -> tuple[str, Any]:
    """``"batch_size=4"`` -> ("batch_size", 4): whole numbers as int, the rest as text."""
    name, _, value = item.partition("=")
    return name.strip(), int(value) if value.strip().lstrip("-").isdigit() else value.strip()


if __name__ == "__main__":
    main()
