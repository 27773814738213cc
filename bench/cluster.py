"""Ray's overhead: the same file through local workers and through a local Ray cluster of the same size.

Both runs use the engine as the front ends do (``EngineClient``, the file submitted at once,
English given, int8 on the CPU): ``local`` with ``--workers N`` worker processes, ``ray`` with
``cluster=ADDRESS`` on a one-machine Ray cluster of N CPU slots (engine.cluster.local, started
before the clock runs and stopped after), so N model actors behind N proxy workers. Each figure
is the wall time from the engine's start to the job's JobFinished (model loads included: a
cold start, as a user meets it); runs alternate (local, ray, local, ray ...) and each figure is
the median of ``--repeat`` rounds. Overhead = (ray - local) / local; the target is <= 10 %.
On a machine shared with other work the wall time moves by 15 % from run to run, so CPU time is
given too: this process and its children (the engine, its workers or proxies) plus every
process of the Ray cluster (its daemons and the actors' worker processes, read from /proc with
their reaped children), which contention does not inflate.
The cues of both are compared too (same text and times expected).

Run by hand: ``python -m bench.cluster [--seconds 600] [--workers 2] [--model tiny.en] [--repeat 1]``;
the figures are printed and written to bench/out/cluster_MODEL_TIME.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import statistics
import time
from pathlib import Path

from bench.make_audio import OUT_DIR, REPO_ROOT, ensure_audio
from engine.client import EngineClient
from engine.cluster.local import LocalCluster
from engine.protocol import TERMINAL_EVENTS, EngineConfig, JobFinished, JobOptions, SegmentsReady

Cues = list[tuple[int, int, str]]


def own_cpu_seconds() -> float:
    """CPU seconds so far of this process and its reaped children (the engine, workers, proxies)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def cluster_cpu_seconds(cluster: LocalCluster | None) -> float:
    """CPU seconds so far of the cluster's live processes (an actor's, read while it lives:
    Ray does not leave an ended worker's time in its parent's)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in cluster.pids() if cluster else []:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15]) / ticks  # utime stime cutime cstime
    return total


def run_once(config: EngineConfig, audio: Path, cluster: LocalCluster | None) -> tuple[float, float, Cues]:
    """(seconds from the engine's start to JobFinished, CPU seconds, the segments in file time).

    CPU: the engine's process tree, and the cluster's processes (if given) up to JobFinished,
    while the actors still live."""
    own, ray_before = own_cpu_seconds(), cluster_cpu_seconds(cluster)
    started = time.monotonic()
    segments: Cues = []
    with EngineClient(config) as client:
        job = client.submit(audio, JobOptions(language="en"))
        while True:
            for event in client.poll(0.2):
                if isinstance(event, SegmentsReady) and event.job_id == job:
                    segments += [(s.start_ms, s.end_ms, s.text) for s in event.segments]
                if isinstance(event, TERMINAL_EVENTS) and event.job_id == job:
                    if not isinstance(event, JobFinished):
                        raise RuntimeError(f"the job did not finish: {event}")
                    wall = time.monotonic() - started
                    ray_cpu = cluster_cpu_seconds(cluster) - ray_before
                    break
            else:
                continue
            break
    return wall, own_cpu_seconds() - own + ray_cpu, sorted(segments)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    audio = ensure_audio(args.seconds)
    local = EngineConfig(model=args.model, device="cpu", workers=args.workers)
    times: dict[str, list[float]] = {"local": [], "ray": []}
    cpu: dict[str, list[float]] = {"local": [], "ray": []}
    cues: dict[str, Cues] = {}
    cluster = LocalCluster(num_cpus=args.workers, python_path=str(REPO_ROOT))
    started = time.monotonic()
    address = cluster.start()
    start_s = time.monotonic() - started
    saved = dict(os.environ)
    try:
        os.environ.update(cluster.env())  # the engine's workers join the cluster as its nodes run
        on_ray = EngineConfig(model=args.model, device="cpu", cluster=address)
        for round_ in range(args.repeat):
            for name, config in (("local", local), ("ray", on_ray)):
                counted = cluster if name == "ray" else None  # the idle cluster is not the local run's
                seconds, cpu_s, cues[name] = run_once(config, audio.wav, counted)
                cpu[name].append(cpu_s)
                times[name].append(seconds)
                print(
                    f"round {round_ + 1}: {name:5} {seconds:7.1f} s wall, {cpu[name][-1]:7.1f} CPU-s",
                    flush=True,
                )
    finally:
        os.environ.clear()
        os.environ.update(saved)
        cluster.stop()
    local_s, ray_s = statistics.median(times["local"]), statistics.median(times["ray"])
    overhead = 100.0 * (ray_s - local_s) / local_s
    local_cpu, ray_cpu = statistics.median(cpu["local"]), statistics.median(cpu["ray"])
    cpu_overhead = 100.0 * (ray_cpu - local_cpu) / local_cpu
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "audio_s": audio.duration_s,
        "model": args.model,
        "workers": args.workers,
        "cpu_count": os.cpu_count(),
        "local_s": times["local"],
        "ray_s": times["ray"],
        "ray_cluster_start_s": round(start_s, 1),
        "overhead_pct": round(overhead, 1),
        "local_cpu_s": cpu["local"],
        "ray_cpu_s": cpu["ray"],
        "cpu_overhead_pct": round(cpu_overhead, 1),
        "same_cues": cues["local"] == cues["ray"],
    }
    print(
        f"{audio.duration_s:.0f} s of audio, {args.model}, {args.workers} workers: local {local_s:.1f} s, "
        f"Ray {ray_s:.1f} s, overhead {overhead:+.1f} % (target <= 10 %); CPU: local {local_cpu:.1f} s, "
        f"Ray {ray_cpu:.1f} s ({cpu_overhead:+.1f} %); same cues: {result['same_cues']}; "
        f"the cluster's own start, outside the clock: {start_s:.1f} s"
    )
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d_%H%M%S")
    out = OUT_DIR / f"cluster_{args.model}_{stamp}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
