"""The benchmark as users meet it: each contender a whole process, from its start to a written SRT.

Contenders (model ``--model``, int8 on the CPU, English given):

- ``ours (CLI)``: ``python main.py transcribe --model M --language en --output-dir D --verbose
  FILE`` (every other option at its default: device auto, one worker per core up to 8);
  ``--verbose`` prints each cue to stderr as it arrives, which times the first cue;
- ``ours (API, cold)``: ``bench.cold_run engine-api``: ``EngineClient`` with the CLI's defaults and
  the file submitted at once; it also knows when the first chunk went to a worker;
- ``sequential T=1`` and ``batched T=2 bs=8``: faster-whisper as ``bench.cold_run`` runs it.

Runs are interleaved (A B C D A B C D ...), ``--repeat`` rounds per file; each figure is the
median of the rounds, peak memory the highest. Wall and CPU time are the whole process tree's
(``bench.memory``: CPU from ``wait4``), times to the first chunk and first cue count from the
process start. WER (``bench.scoring``) is scored on the SRT each contender wrote. Files: the LJ
files of ``bench.make_audio`` (180 s and 600 s) and a 0.4 s one-word clip for start-up alone.

Run by hand: ``python -m bench.cold [--repeat 3] [--seconds 180 600] [--model tiny.en]``, or
``python -m bench.engine_vs_peers --cold`` (``--both``: the warm tables, then these).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

from bench.make_audio import OUT_DIR, REPO_ROOT, ensure_audio
from bench.memory import run_measured
from bench.table import markdown_table

STARTUP_CLIP = REPO_ROOT.parent / "shared" / "cases" / "media" / "yes_0.4s.wav"
CUE_LINE = re.compile(r"\[\d+:\d\d:\d\d\.\d{3} --> \d+:\d\d:\d\d\.\d{3}\]")
# The supervisor's debug line for a chunk sent to a worker; the CLI shows it only if it runs the
# engine at log level DEBUG (today it does not, so the CLI row has no first-chunk time).
DISPATCH_LINE = re.compile(r" takes chunk \d+ ")
OURS, API, SEQUENTIAL, BATCHED = "ours (CLI)", "ours (API, cold)", "sequential T=1", "batched T=2 bs=8"
KINDS = {OURS: "cli", API: "engine-api", SEQUENTIAL: "sequential", BATCHED: "batched"}
CONTENDERS = (OURS, API, SEQUENTIAL, BATCHED)

T = TypeVar("T")


@dataclass(frozen=True)
class ColdRun:
    """One whole-process run. Times in seconds from the process start; memory in MB."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    peak_pss_mb: float
    other_cores: float
    first_cue_s: float | None = None
    first_dispatch_s: float | None = None
    wer: float | None = None
    cues: int = 0


@dataclass
class ColdRow:
    """Every run of one contender on one file; the table shows medians, memory the highest."""

    name: str
    audio: str
    audio_s: float
    runs: list[ColdRun] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        return median([getattr(r, name) for r in self.runs])

    @property
    def wall_s(self) -> float:
        return self.median("wall_s") or 0.0

    @property
    def cpu_s(self) -> float:
        return self.median("cpu_s") or 0.0

    @property
    def peak_rss_mb(self) -> float:
        return max((r.peak_rss_mb for r in self.runs), default=0.0)

    @property
    def peak_pss_mb(self) -> float:
        return max((r.peak_pss_mb for r in self.runs), default=0.0)


def median(values: Sequence[float | None]) -> float | None:
    """The median of the values that are not None (the mean of the middle two for an even count)."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def interleaved(contenders: Sequence[T], repeat: int) -> list[tuple[int, T]]:
    """(round, contender) in run order: every contender once per round, rounds one after another."""
    return [(attempt, contender) for attempt in range(repeat) for contender in contenders]


def first_cue_from_stderr(
    lines: Sequence[tuple[float, str]], pattern: re.Pattern[str] = CUE_LINE
) -> float | None:
    """When the CLI printed its first cue (``--verbose``: ``name [00:00:01.000 --> ...] text``), or
    with ``pattern=DISPATCH_LINE`` its first "worker N takes chunk" line."""
    return next((at for at, line in lines if pattern.search(line)), None)


def command_for(kind: str, audio: Path, out_dir: Path, result: Path, model: str) -> list[str]:
    """The command line of one contender; ``out_dir`` is empty, so nothing needs --overwrite."""
    if kind == "cli":
        return [
            sys.executable,
            str(REPO_ROOT / "main.py"),
            "transcribe",
            "--model",
            model,
            "--language",
            "en",
            "--output-dir",
            str(out_dir),
            "--verbose",
            str(audio),
        ]
    srt = out_dir / f"{audio.stem}.srt"
    return [sys.executable, "-m", "bench.cold_run", kind, str(audio), str(srt), str(result), "--model", model]


def run_once(kind: str, audio: Path, reference: str | None, model: str) -> ColdRun:
    """Run one contender on ``audio`` in a fresh process tree and score the SRT it wrote."""
    import pysubs2

    from bench.scoring import wer

    with tempfile.TemporaryDirectory() as tmp:
        out_dir, result = Path(tmp) / "out", Path(tmp) / "result.json"
        out_dir.mkdir()
        launched = time.time()
        run = run_measured(command_for(kind, audio, out_dir, result, model), stderr_lines=kind == "cli")
        if run.returncode != 0:
            tail = "\n".join(line for _at, line in run.stderr[-10:])
            raise SystemExit(f"{kind} failed on {audio.name} (exit code {run.returncode}).\n{tail}")
        subs = pysubs2.load(str(out_dir / f"{audio.stem}.srt"))
        text = " ".join(event.plaintext.replace("\n", " ") for event in subs)
        first_cue = first_dispatch = None
        if kind == "cli":
            first_cue = first_cue_from_stderr(run.stderr)
            first_dispatch = first_cue_from_stderr(run.stderr, DISPATCH_LINE)
        else:
            epochs = json.loads(result.read_text())
            first_cue = _since(epochs.get("first_cue_epoch"), launched)
            first_dispatch = _since(epochs.get("first_dispatch_epoch"), launched)
    return ColdRun(
        run.wall_s,
        run.cpu_s,
        run.peak_rss_mb,
        run.peak_pss_mb,
        run.other_cores,
        first_cue,
        first_dispatch,
        None if reference is None else wer(reference, text),
        len(subs),
    )


def _since(epoch: float | None, launched: float) -> float | None:
    return None if epoch is None else epoch - launched


def measure(
    names: Sequence[str], audio: Path, audio_s: float, reference: str | None, model: str, repeat: int
) -> list[ColdRow]:
    rows = {name: ColdRow(name, audio.name, audio_s) for name in names}
    for attempt, name in interleaved(names, repeat):
        run = run_once(KINDS[name], audio, reference, model)
        rows[name].runs.append(run)
        print(
            f"  [{attempt + 1}/{repeat}] {audio.name:<14} {name:<18} {run.wall_s:6.2f} s, {run.cpu_s:6.2f} CPU-s, "
            f"peak RSS {run.peak_rss_mb:.0f} MB, others {run.other_cores:.2f} cores",
            flush=True,
        )
    return list(rows.values())


def cold_table(rows: Sequence[ColdRow]) -> str:
    header = [
        "contender",
        "wall s",
        "x realtime",
        "CPU s",
        "first chunk sent s",
        "first cue s",
        "peak RSS MB",
        "peak PSS MB",
        "others cores",
        "WER",
        "cues",
    ]
    body = []
    for r in rows:
        speed = f"{r.audio_s / r.wall_s:.1f}x" if r.wall_s else "-"
        body.append(
            [
                f"{r.name}",
                f"{r.wall_s:.2f}",
                speed,
                f"{r.cpu_s:.2f}",
                _opt(r.median("first_dispatch_s")),
                _opt(r.median("first_cue_s")),
                f"{r.peak_rss_mb:.0f}",
                f"{r.peak_pss_mb:.0f}",
                _opt(r.median("other_cores")),
                _opt(r.median("wer"), 3),
                _opt(r.median("cues"), 0),
            ]
        )
    return markdown_table(header, body)


def ratio_rows(rows: Sequence[ColdRow]) -> list[list[str]]:
    """Ours (CLI) against each faster-whisper contender on one file: speed = their wall / our wall,
    CPU = their CPU-s / our CPU-s (above 1: we are faster / cheaper), and both WERs."""
    by_name = {r.name: r for r in rows}
    ours = by_name.get(OURS)
    out: list[list[str]] = []
    for peer in (BATCHED, SEQUENTIAL):
        them = by_name.get(peer)
        if ours is None or them is None or not ours.wall_s or not ours.cpu_s:
            continue
        out.append(
            [
                f"ours / {peer}",
                f"{ours.audio_s:.0f}",
                f"{them.wall_s / ours.wall_s:.2f}x",
                f"{them.cpu_s / ours.cpu_s:.2f}x",
                f"{_opt(ours.median('wer'), 3)} vs {_opt(them.median('wer'), 3)}",
            ]
        )
    return out


def ratio_table(rows: Sequence[Sequence[str]]) -> str:
    return markdown_table(
        ["comparison", "audio s", "speed (their wall / ours)", "CPU (theirs / ours)", "WER ours vs theirs"],
        rows,
    )


def _opt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def run_cold(model: str, seconds: Sequence[float], repeat: int, startup: bool = True) -> dict[str, object]:
    """Measure every contender on each LJ file (and the start-up clip), print the tables, return them."""
    report: dict[str, object] = {"model": model, "repeat": repeat, "files": {}}
    files: dict[str, list[ColdRow]] = {}
    for length in seconds:
        audio = ensure_audio(length)
        files[audio.wav.name] = measure(
            CONTENDERS, audio.wav, audio.duration_s, audio.reference_text, model, repeat
        )
    if startup:
        files[STARTUP_CLIP.name] = measure(CONTENDERS, STARTUP_CLIP, 0.415, None, model, repeat)
    ratios: list[list[str]] = []
    for name, rows in files.items():
        kind = "start-up only" if name == STARTUP_CLIP.name else f"{rows[0].audio_s:.0f} s of audio"
        print(f"\nCold, whole process to a written SRT: {name} ({kind}), median of {repeat}:\n")
        print(cold_table(rows))
        if name != STARTUP_CLIP.name:
            ratios += ratio_rows(rows)
        report["files"][name] = [asdict(r) for r in rows]  # type: ignore[index]
    if ratios:
        print("\nOurs against faster-whisper, cold (above 1.00x: ours is faster / uses less CPU):\n")
        print(ratio_table(ratios))
    report["ratios"] = ratios
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tiny.en", help="tiny.en or base (offline) or any model name")
    parser.add_argument(
        "--seconds",
        type=float,
        nargs="*",
        default=[180.0, 600.0],
        help="LJ file lengths (none: start-up clip only)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds per file (median)")
    parser.add_argument("--no-startup", action="store_true", help="skip the 0.4 s start-up clip")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    report = run_cold(args.model, args.seconds, args.repeat, startup=not args.no_startup)
    print(f"\nresults written to {write_report(report, args.model)}")


def write_report(report: object, model: str) -> Path:
    """Save a cold run's report as JSON in bench/out/, named by model and time; returns its path."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"cold_{model}_{datetime.datetime.now():%Y%m%d_%H%M%S}.json"
    path.write_text(json.dumps(report, indent=1))
    return path


if __name__ == "__main__":
    main()
