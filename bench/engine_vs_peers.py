"""This engine against faster-whisper on the same audio and machine: speed, memory, WER.

Contenders, each run alone in a fresh process (``bench.peers``) whose process tree's memory is
sampled every 50 ms (``bench.memory``):

- engine: EngineClient, warm workers (``--workers`` x ``--threads``), submit -> JobFinished;
- sequential T=1 / T=2: ``WhisperModel(cpu_threads=T).transcribe(vad_filter=True,
  condition_on_previous_text=False, beam_size=5)``;
- batched: ``BatchedInferencePipeline.transcribe(without_timestamps=False, batch_size=8)``, T=2.

Each contender runs ``--repeat`` times, interleaved, and keeps its fastest run (other work on a
shared machine only ever slows a run down) and its highest memory peak. Then the engine and
sequential T=1 run again (as often) on audio twice as long, to see how peak memory grows with
the file; growth compares the highest peaks of each.

Run by hand: ``python -m bench.engine_vs_peers [--quick] [--model tiny.en] [--repeat 3]``.
``--cold``: instead, every contender as a whole process from its start to a written SRT, as a
user meets it (``bench.cold``, on the 180 s and 600 s files); ``--both``: the warm tables, then
the cold ones.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

from bench.make_audio import OUT_DIR, BenchAudio, ensure_audio
from bench.memory import MB, run_measured
from bench.peers import PeerResult
from bench.scoring import wer
from bench.table import markdown_table

SPEED_VS_SEQUENTIAL_TARGET = 1.8
BYTES_PER_AUDIO_S = 16_000 * 4  # decoded 16 kHz float32


@dataclass(frozen=True)
class Contender:
    name: str
    kind: str  # bench.peers kind: engine | sequential | batched
    threads: int
    workers: int = 1


@dataclass
class Row:
    """The best of a contender's runs on one audio file."""

    name: str
    audio_s: float
    wall_s: float = float("inf")
    first_cue_s: float | None = None
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    cpu_s: float = 0.0  # CPU time of the process tree during the timed run only
    other_cores: float = 0.0
    wer: float = 0.0
    segments: int = 0
    details: dict[str, float] = field(default_factory=dict)
    peak_by_depth_mb: tuple[float, ...] = ()

    @property
    def speed(self) -> float:
        return self.audio_s / self.wall_s

    def add(
        self,
        result: PeerResult,
        rss_mb: float,
        pss_mb: float,
        other_cores: float,
        reference: str,
        depths: tuple[float, ...] = (),
    ) -> None:
        """Keep the fastest run's timings and quality, and the highest memory peak of all runs."""
        self.peak_rss_mb, self.peak_pss_mb = max(self.peak_rss_mb, rss_mb), max(self.peak_pss_mb, pss_mb)
        if depths:
            old = self.peak_by_depth_mb
            self.peak_by_depth_mb = tuple(
                max(depths[i], old[i] if i < len(old) else 0.0) for i in range(len(depths))
            )
        if result.wall_s < self.wall_s:
            self.wall_s, self.first_cue_s = result.wall_s, result.first_cue_s
            self.cpu_s = result.details.get("timed_cpu_s", 0.0)
            self.other_cores, self.details = other_cores, result.details
            self.wer, self.segments = wer(reference, result.text), len(result.segments)


def contenders(args: argparse.Namespace) -> list[Contender]:
    chosen = [
        Contender("engine", "engine", args.threads, args.workers),
        Contender("sequential T=1", "sequential", 1),
    ]
    if not args.quick:
        chosen.append(Contender("sequential T=2", "sequential", 2))
    chosen.append(Contender("batched T=2 bs=8", "batched", 2))
    return chosen


def measure(chosen: list[Contender], audio: BenchAudio, model: str, repeat: int) -> list[Row]:
    """Run every contender ``repeat`` times, round-robin, each in a fresh process."""
    rows = {c.name: Row(c.name, audio.duration_s) for c in chosen}
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(repeat):
            for contender in chosen:
                result_path = Path(tmp) / f"{contender.kind}.json"
                command = [
                    sys.executable,
                    "-m",
                    "bench.peers",
                    contender.kind,
                    str(audio.wav),
                    str(result_path),
                    "--model",
                    model,
                    "--threads",
                    str(contender.threads),
                    "--workers",
                    str(contender.workers),
                ]
                run = run_measured(command)
                if run.returncode != 0:
                    raise SystemExit(f"{contender.name} failed (exit code {run.returncode})")
                result = PeerResult(**json.loads(result_path.read_text()))
                rows[contender.name].add(
                    result,
                    run.peak_rss_mb,
                    run.peak_pss_mb,
                    run.other_cores,
                    audio.reference_text,
                    run.peak_by_depth_mb,
                )
                print(
                    f"  [{attempt + 1}/{repeat}] {contender.name:<18} {result.wall_s:6.2f} s "
                    f"on {audio.duration_s:.0f} s of audio, peak RSS {run.peak_rss_mb:.0f} MB",
                    flush=True,
                )
    return list(rows.values())


def results_table(rows: list[Row]) -> str:
    header = [
        "contender",
        "wall s",
        "x realtime",
        "first cue s",
        "peak RSS MB",
        "peak PSS MB",
        "CPU s",
        "others cores",
        "WER",
        "segments",
    ]
    return markdown_table(
        header,
        [
            [
                r.name,
                f"{r.wall_s:.2f}",
                f"{r.speed:.1f}x",
                _opt(r.first_cue_s),
                f"{r.peak_rss_mb:.0f}",
                f"{r.peak_pss_mb:.0f}",
                f"{r.cpu_s:.1f}",
                f"{r.other_cores:.2f}",
                f"{r.wer:.3f}",
                r.segments,
            ]
            for r in rows
        ],
    )


def ratios(rows: list[Row]) -> tuple[str, dict[str, object]]:
    """The target comparisons: engine vs batched and vs the best sequential run."""
    engine = rows[0]
    batched = next(r for r in rows if r.name.startswith("batched"))
    best_seq = max((r for r in rows if r.name.startswith("sequential")), key=lambda r: r.speed)
    checks = [
        (
            "engine / batched speed",
            f"{engine.speed / batched.speed:.2f}x",
            ">= 1.00x",
            engine.speed >= batched.speed,
        ),
        (
            f"engine / best sequential ({best_seq.name}) speed",
            f"{engine.speed / best_seq.speed:.2f}x",
            f">= {SPEED_VS_SEQUENTIAL_TARGET:.2f}x",
            engine.speed >= SPEED_VS_SEQUENTIAL_TARGET * best_seq.speed,
        ),
        (
            "WER engine vs best sequential",
            f"{engine.wer:.3f} vs {best_seq.wer:.3f}",
            "<=",
            engine.wer <= best_seq.wer,
        ),
        ("WER engine vs batched", f"{engine.wer:.3f} vs {batched.wer:.3f}", "<=", engine.wer <= batched.wer),
    ]
    table = markdown_table(
        ["comparison", "measured", "target", "met"],
        [[name, value, target, "yes" if ok else "NO"] for name, value, target, ok in checks],
    )
    return table, {
        name: {"measured": value, "target": target, "met": ok} for name, value, target, ok in checks
    }


ALLOCATOR_SLACK_MB = 8.0


def growth_table(short: list[Row], long: list[Row]) -> tuple[str, list[dict[str, object]]]:
    """Peak memory on the short and the long file, against the size of the extra decoded audio."""
    out: list[dict[str, object]] = []
    table_rows = []
    for a, b in zip(short, long):
        extra_audio_mb = (b.audio_s - a.audio_s) * BYTES_PER_AUDIO_S / MB
        growth = b.peak_rss_mb - a.peak_rss_mb
        target = a.name == "engine"
        depth = _depth_growth(a, b)
        # The tree's summed peak moves by tens of MB with whichever chunk a worker was decoding at
        # the peak, so the target is judged per process: the supervisor (depth 1) may grow by the
        # extra decoded audio, the workers (depth 2) not at all; 8 MB of allocator slack each.
        met = (
            len(depth) >= 3
            and depth[1] <= extra_audio_mb + ALLOCATOR_SLACK_MB
            and depth[2] <= ALLOCATOR_SLACK_MB
            if target
            else None
        )
        out.append(
            {
                "contender": a.name,
                "short_s": a.audio_s,
                "long_s": b.audio_s,
                "rss_short_mb": a.peak_rss_mb,
                "rss_long_mb": b.peak_rss_mb,
                "rss_growth_mb": growth,
                "pss_growth_mb": b.peak_pss_mb - a.peak_pss_mb,
                "per_process_growth_mb": depth,
                "extra_audio_mb": extra_audio_mb,
                "met": met,
            }
        )
        table_rows.append(
            [
                a.name,
                f"{a.audio_s:.0f} -> {b.audio_s:.0f}",
                f"{a.peak_rss_mb:.0f}",
                f"{b.peak_rss_mb:.0f}",
                f"{growth:+.0f}",
                f"{b.peak_pss_mb - a.peak_pss_mb:+.0f}",
                " / ".join(f"{g:+.0f}" for g in depth),
                f"supervisor <= {extra_audio_mb:.0f}, workers <= 0" if target else "(reference)",
                "-" if met is None else ("yes" if met else "NO"),
            ]
        )
    header = [
        "contender",
        "audio s",
        "peak RSS MB",
        "peak RSS MB (long)",
        "RSS growth MB",
        "PSS growth MB",
        "largest process growth by depth MB",
        "target",
        "met",
    ]
    return markdown_table(header, table_rows), out


def _depth_growth(a: Row, b: Row) -> list[float]:
    """Growth of the largest single process at each tree depth (engine: client / supervisor / workers)."""
    n = min(len(a.peak_by_depth_mb), len(b.peak_by_depth_mb))
    return [b.peak_by_depth_mb[i] - a.peak_by_depth_mb[i] for i in range(n)]


def engine_summary(row: Row, workers: int) -> str:
    """Where the engine's wall time went, from the events it sent."""
    d = row.details
    busy = row.cpu_s / (row.wall_s * min(workers, psutil.cpu_count() or workers))
    return (
        f"engine: first chunk dispatched {d.get('first_dispatch_s', 0):.2f} s after submit, "
        f"VAD + planning done at {d.get('planned_s', 0):.2f} s; {d.get('chunks', 0):.0f} chunks "
        f"holding {d.get('speech_s', 0):.1f} s of audio; CPU used {busy:.0%} of the cores "
        f"during the run (other processes: {row.other_cores:.2f} cores)"
    )


def machine() -> dict[str, object]:
    import faster_whisper

    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(
            line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu,
        "cores": psutil.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30),
        "gpu": "none",
        "python": platform.python_version(),
        "faster_whisper": faster_whisper.__version__,
    }


def _opt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no T=2 sequential, no growth check, one run")
    parser.add_argument("--model", default="tiny.en", help="tiny.en or base (offline) or any model name")
    parser.add_argument("--seconds", type=float, default=300.0, help="benchmark audio length")
    parser.add_argument("--repeat", type=int, default=None, help="runs per contender (default 3, quick 1)")
    parser.add_argument("--workers", type=int, default=2, help="engine CPU workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per engine worker")
    parser.add_argument(
        "--cold", action="store_true", help="whole processes to a written SRT (bench.cold) only"
    )
    parser.add_argument("--both", action="store_true", help="the warm tables, then the cold ones")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.quick else 3)
    if args.cold and not args.both:
        return run_cold_report(args.model, repeat)
    info = machine()
    print(
        f"{info['date']}, {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, no GPU; "
        f"model {args.model} int8; engine {args.workers} workers x {args.threads} thread(s)"
    )
    audio = ensure_audio(args.seconds)
    chosen = contenders(args)
    rows = measure(chosen, audio, args.model, repeat)
    ratio_text, ratio_data = ratios(rows)
    report = {
        "machine": info,
        "model": args.model,
        "repeat": repeat,
        "audio_s": audio.duration_s,
        "rows": [asdict(r) | {"speed": r.speed} for r in rows],
        "ratios": ratio_data,
    }
    print(f"\nSpeed, memory and WER on {audio.duration_s:.0f} s of audio (best of {repeat}):\n")
    print(results_table(rows))
    print("\n" + ratio_text)
    if not args.quick:
        growth_set = [chosen[0], chosen[1]]  # engine and sequential T=1
        long_audio = ensure_audio(args.seconds * 2)
        long_rows = measure(growth_set, long_audio, args.model, repeat)
        text, report["memory_growth"] = growth_table(rows[:2], long_rows)
        report["long_rows"] = [asdict(r) | {"speed": r.speed} for r in long_rows]
        print(f"\nPeak memory, {audio.duration_s:.0f} s vs {long_audio.duration_s:.0f} s of audio:\n")
        print(text)
    print("\n" + engine_summary(rows[0], args.workers))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"engine_vs_peers_{args.model}_{datetime.datetime.now():%Y%m%d_%H%M%S}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"\nresults written to {path}")
    if args.both:
        print("\n" + "=" * 20 + " cold: each contender as a whole process " + "=" * 20)
        run_cold_report(args.model, repeat)


def run_cold_report(model: str, repeat: int) -> None:
    """The cold tables of ``bench.cold`` on its 180 s and 600 s files, written beside the warm ones."""
    from bench.cold import run_cold, write_report

    report = run_cold(model, [180.0, 600.0], repeat)
    print(f"\ncold results written to {write_report(report, model)}")


if __name__ == "__main__":
    main()
