"""One cold contender as its user runs it: a fresh process from its start to a written SRT.

``python -m bench.cold_run KIND AUDIO SRT RESULT_JSON [--model tiny.en]`` with KIND one of

- ``sequential``: ``WhisperModel(cpu_threads=1, int8).transcribe(vad_filter=True,
  condition_on_previous_text=False, beam_size=5, language="en")``, each segment one cue;
- ``batched``: ``BatchedInferencePipeline(WhisperModel(cpu_threads=2, int8)).transcribe(
  batch_size=8, without_timestamps=False, language="en")``, each segment one cue;
- ``engine-api``: this project's ``EngineClient`` with the CLI's defaults (device auto, one
  worker per core), the file submitted at once, before the workers are ready; each segment one cue.

Everything, imports and model loading included, happens inside the measured process: the parent
(``bench.cold``) times the whole process tree. RESULT_JSON gets wall-clock epochs (``time.time()``,
seconds) of the first cue and, for the engine, of the first chunk a worker took, so the parent
can put them on its own timeline (seconds from the process start). The SRT is written with
pysubs2, as the project's own writer does.
"""

from __future__ import annotations

import time

IMPORTED_AT = time.time()  # noqa: E402 - first, so the epochs below include every import

import argparse  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

READY_TIMEOUT_S = 600.0


def write_srt(segments: list[tuple[int, int, str]], path: Path) -> None:
    """One SRT cue per (start_ms, end_ms, text), in time order."""
    import pysubs2

    subs = pysubs2.SSAFile()
    for start, end, text in sorted(segments):
        subs.append(pysubs2.SSAEvent(start=start, end=end, text=text.strip()))
    subs.save(str(path), format_="srt")


def run_faster_whisper(audio: str, model_name: str, batched: bool) -> dict[str, Any]:
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    from engine.models import resolve_model

    path = str(resolve_model(model_name).path)  # offline: the same files the engine loads
    model = WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=2 if batched else 1)
    if batched:
        segments, _info = BatchedInferencePipeline(model).transcribe(
            audio, language="en", batch_size=8, without_timestamps=False
        )
    else:
        segments, _info = model.transcribe(
            audio, language="en", vad_filter=True, condition_on_previous_text=False, beam_size=5
        )
    out: dict[str, Any] = {"segments": [], "first_cue_epoch": None}
    for segment in segments:
        if out["first_cue_epoch"] is None:
            out["first_cue_epoch"] = time.time()
        out["segments"].append((round(segment.start * 1000), round(segment.end * 1000), segment.text))
    return out


def run_engine_api(audio: str, model_name: str) -> dict[str, Any]:
    from engine.client import EngineClient, stop_resource_tracker
    from engine.protocol import EngineConfig, EngineFailed, JobFailed, JobFinished, JobOptions, SegmentsReady

    out: dict[str, Any] = {"segments": [], "first_cue_epoch": None, "first_dispatch_epoch": None}
    client = EngineClient(EngineConfig(model=model_name))
    try:
        client.submit(audio, JobOptions(language="en"))
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            for event in client.poll(0.2):
                if isinstance(event, SegmentsReady):
                    if out["first_cue_epoch"] is None and event.segments:
                        out["first_cue_epoch"] = time.time()
                    out["segments"] += [(s.start_ms, s.end_ms, s.text) for s in event.segments]
                elif isinstance(event, JobFinished):
                    # The engine counts a job's elapsed time from the first chunk a worker took.
                    out["first_dispatch_epoch"] = time.time() - event.elapsed_s
                    return out
                elif isinstance(event, (JobFailed, EngineFailed)):
                    raise SystemExit(f"the engine failed: {event.message}")
        raise SystemExit(f"the engine did not finish {audio} in {READY_TIMEOUT_S:.0f} s")
    finally:
        client.close()
        stop_resource_tracker()


def main() -> None:
    parser = argparse.ArgumentParser(description="one cold benchmark run, in its own process")
    parser.add_argument("kind", choices=["sequential", "batched", "engine-api"])
    parser.add_argument("audio")
    parser.add_argument("srt")
    parser.add_argument("result")
    parser.add_argument("--model", default="tiny.en")
    args = parser.parse_args()
    if args.kind == "engine-api":
        out = run_engine_api(args.audio, args.model)
    else:
        out = run_faster_whisper(args.audio, args.model, args.kind == "batched")
    write_srt(out.pop("segments"), Path(args.srt))
    out["imported_epoch"] = IMPORTED_AT
    Path(args.result).write_text(json.dumps(out))


if __name__ == "__main__":
    main()
