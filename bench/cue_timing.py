"""Cue quality and timing of the engine's finished subtitles against human reference timing.

Method: the real engine (``EngineClient``, warm workers, ``language="en"``) transcribes three
files that have reference segment times: ``timed/mfa_michaelandsickmichael.wav`` (hand-set
segments), ``timed/ami_ES2011a_40-46s.wav`` (start + duration) and the joined LJSpeech
sentences of :mod:`bench.make_audio` (each sentence's exact place in the file). The segments of a
file become cues with ``segments_to_cues`` under a preset, and every cue is checked with
``engine.subtitles.quality.check``. Per file, and over all files pooled, it prints:

* cues, and the share of cues with no quality issue at all (and how many cues fail each rule);
* start err: for each reference segment, |its start - the nearest cue start|. Cues are finer than
  reference segments (a 10 s sentence becomes two or three cues), so each reference boundary
  should coincide with some cue boundary; extra cue boundaries inside a segment cost nothing;
* end err: the same for the segment's end and the nearest cue end. A cue lingers ``preset.tail_ms``
  after its last word on purpose (and is stretched to its reading time where silence allows), so
  a well-timed cue scores about the tail here: this mixes word timing with the segmenter's habits;
* end-ref last word (signed): each hypothesis word is matched to the reference segment nearest
  its midpoint; the cue holding a segment's last word should close it, and that cue's end minus
  the reference end should be about ``+tail_ms``. Much more: the cue ran on over later speech;
  less: it was cut short. A segment that got no words (a lone "uh" Whisper skipped) is *missed*.

* after silence: the reference starts that follow at least 300 ms of silence (the gap to the
  previous reference segment's end, or to the file's start), where a viewer expects a new cue.
  Their start error (mean, p90) and the share of them whose nearest cue starts *late* by more
  than 40 ms (signed: cue start - reference start > 40): a late start hides the first syllable.
  A reference segment that begins with a filler (uh, um ...: :data:`FILLERS`) is not judged
  here: Whisper writes no filler, so the cue rightly starts at the first written word, whose
  onset a segment-level reference does not give (mfa 26.72 s "uh so this is", 44.48 s a lone
  "uh"); they stay in the "start err" columns over all references.

The same files also go through faster-whisper alone, as Buzz and Subtitle Edit use it
(``WhisperModel.transcribe`` with ``vad_filter=True``, :func:`bench.peers.run_faster_whisper`;
each segment as it comes is one cue, its text as written) and both are printed side by side.

WER: the cues' text against the references' (:func:`bench.scoring.wer`, normalised), per file and
pooled; the segmenter never changes words, so it measures the decoder and must not get worse.

Errors in ms: mean and 90th percentile (linear interpolation). Targets (issue 13): >= 98 % of
cues within the limits; on the starts after silence a mean start err <= 100 ms, p90 <= 200 ms
and no start late by > 40 ms. The worst start errors and all cues outside the limits are
printed for diagnosis; all, words included, goes to ``bench/out/cue_timing_*.json``. Run by hand:
``python -m bench.cue_timing [--model base|tiny.en] [--preset netflix-en] [--no-peer]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from bench.engine_vs_peers import machine
from bench.make_audio import OUT_DIR, TESTDATA, ensure_audio
from bench.peers import load_faster_whisper, run_faster_whisper
from bench.scoring import wer
from bench.table import markdown_table
from engine.client import EngineClient
from engine.protocol import (
    TERMINAL_EVENTS,
    EngineConfig,
    EngineEvent,
    EngineFailed,
    EngineReady,
    JobFinished,
    JobOptions,
    Segment,
    SegmentsReady,
)
from engine.subtitles.cue import Cue
from engine.subtitles.presets import PRESETS, Preset
from engine.subtitles.quality import Issue, check
from engine.subtitles.segmentation import segments_to_cues

READY_TIMEOUT_S = 300.0
TARGET_WITHIN = 98.0  # % of cues with no quality issue
TARGET_START_MS = 100.0  # mean |start error| over the starts after silence
TARGET_START_P90_MS = 200.0
SILENCE_BEFORE_MS = 300  # a reference start after this much silence is where a new cue is expected
LATE_MS = 40  # a cue start this much after the reference start hides the first syllable
FILLERS = frozenset({"uh", "um", "uhm", "er", "erm", "ah", "eh", "hmm", "mm"})


@dataclass(frozen=True)
class Ref:
    start_ms: int
    end_ms: int
    text: str


@dataclass
class FileResult:
    name: str
    cues: list[Cue]
    issues: list[Issue]
    refs: list[Ref]
    start_err: list[int]  # |nearest cue start - ref start| per reference segment
    end_err: list[int]  # |nearest cue end - ref end|
    end_last: list[int | None]  # end of the cue holding the segment's last word - ref end; None: missed
    start_signed: list[int]  # nearest cue start - ref start (> 0: the cue starts late)
    after_silence: list[bool]  # the ref start follows >= SILENCE_BEFORE_MS of silence, no filler first


def references() -> dict[str, tuple[Path, list[Ref]]]:
    """Each test file's audio and its reference segments, in time order."""
    timed = TESTDATA / "timed"
    mfa = json.loads((timed / "mfa_michaelandsickmichael.segments.json").read_text())["segments"]
    ami = json.loads((timed / "ami_ES2011a_40-46s.segments.json").read_text())["segments"]
    lj = ensure_audio(300)
    mfa_refs = [Ref(_ms(s["start"]), _ms(s["end"]), s["text"]) for s in mfa]
    ami_refs = [Ref(_ms(s["start"]), _ms(s["start"] + s["duration"]), s["text"]) for s in ami]
    return {
        "mfa_michaelandsickmichael": (timed / "mfa_michaelandsickmichael.wav", mfa_refs),
        "ami_ES2011a_40-46s": (timed / "ami_ES2011a_40-46s.wav", ami_refs),
        lj.wav.stem: (lj.wav, [Ref(s.start_ms, s.end_ms, s.text) for s in lj.sentences]),
    }


def transcribe(paths: Sequence[Path], model: str) -> list[list[Segment]]:
    """Segments of each file from one warm engine (all jobs submitted at once)."""
    client = EngineClient(EngineConfig(model=model))
    segments: list[list[Segment]] = [[] for _ in paths]
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not any(isinstance(e, EngineReady) for e in _checked(client.poll(0.5))):
            if time.monotonic() > deadline:
                raise TimeoutError("the engine's workers were not ready in time")
        jobs = {client.submit(p, JobOptions(language="en")): k for k, p in enumerate(paths)}
        pending = set(jobs)
        while pending:
            for event in _checked(client.poll(0.5)):
                if isinstance(event, SegmentsReady) and event.job_id in jobs:
                    segments[jobs[event.job_id]].extend(event.segments)
                elif isinstance(event, JobFinished):
                    pending.discard(event.job_id)
    finally:
        client.close()
    return segments


def _checked(events: list[EngineEvent]) -> list[EngineEvent]:
    for event in events:
        if isinstance(event, (EngineFailed, *TERMINAL_EVENTS)) and not isinstance(event, JobFinished):
            raise RuntimeError(f"engine: {event}")
    return events


def faster_whisper_segments(paths: Sequence[Path], model: str) -> list[list[Segment]]:
    """faster-whisper's own segments of each file (sequential, ``vad_filter=True``), no words."""
    whisper = load_faster_whisper(model, threads=2)
    runs = [run_faster_whisper(str(p), model, threads=2, batched=False, model=whisper) for p in paths]
    return [[Segment(s, e, t.strip()) for s, e, t in run.segments] for run in runs]


def measure(name: str, refs: list[Ref], segments: list[Segment], preset: Preset) -> FileResult:
    """Cues of one file, their quality issues and their timing errors against ``refs``."""
    cues = segments_to_cues(sorted(segments, key=lambda s: s.start_ms), preset, language="en")
    return _measured(name, refs, cues, preset)


def measure_as_they_come(name: str, refs: list[Ref], segments: list[Segment], preset: Preset) -> FileResult:
    """Each segment one cue, its text as written (what Buzz or Subtitle Edit save)."""
    ordered = sorted(segments, key=lambda s: s.start_ms)
    cues = [Cue(k + 1, s.start_ms, s.end_ms, s.text) for k, s in enumerate(ordered) if s.text]
    return _measured(name, refs, cues, preset)


def _measured(name: str, refs: list[Ref], cues: list[Cue], preset: Preset) -> FileResult:
    starts, ends = [c.start_ms for c in cues] or [0], [c.end_ms for c in cues] or [0]
    signed = [min((s - r.start_ms for s in starts), key=abs) for r in refs]
    end_err = [min(abs(e - r.end_ms) for e in ends) for r in refs]
    silent = [
        r.start_ms - (refs[k - 1].end_ms if k else 0) >= SILENCE_BEFORE_MS and not starts_with_filler(r.text)
        for k, r in enumerate(refs)
    ]
    last = _last_word_ends(refs, cues)
    return FileResult(
        name, cues, check(cues, preset), refs, [abs(e) for e in signed], end_err, last, signed, silent
    )


def starts_with_filler(text: str) -> bool:
    """Whether a reference segment's first word is a filler Whisper does not write."""
    first = text.split()[:1]
    return bool(first) and first[0].strip(",.!?").lower() in FILLERS


def _last_word_ends(refs: list[Ref], cues: list[Cue]) -> list[int | None]:
    """Per reference segment: end of the cue holding its last matched word minus the ref end."""
    last: dict[int, tuple[int, Cue]] = {}  # ref index -> (last word's end, its cue)
    for cue in cues:
        for w in cue.words:
            mid = (w.start_ms + w.end_ms) / 2
            k = min(range(len(refs)), key=lambda i: max(refs[i].start_ms - mid, mid - refs[i].end_ms, 0))
            if k not in last or w.end_ms >= last[k][0]:
                last[k] = (w.end_ms, cue)
    return [last[k][1].end_ms - r.end_ms if k in last else None for k, r in enumerate(refs)]


def summary(name: str, results: Sequence[FileResult]) -> dict[str, object]:
    """One table row (and JSON record) over ``results`` pooled."""
    cues = sum(len(r.cues) for r in results)
    bad = sum(len({i.cue_id for i in r.issues}) for r in results)
    rules = Counter(i.rule.value for r in results for i in r.issues)
    start = [e for r in results for e in r.start_err]
    end = [e for r in results for e in r.end_err]
    last = [e for r in results for e in r.end_last if e is not None]
    after = [e for r in results for e, s in zip(r.start_signed, r.after_silence) if s]
    refs = [ref for r in results for ref in r.refs]
    hyps = [cue for r in results for cue in r.cues]
    return {
        "file": name,
        "ref segments": len(start),
        "cues": cues,
        "within limits %": round(100 * (cues - bad) / max(cues, 1), 1),
        "cues failing, by rule": ", ".join(f"{k} {v}" for k, v in sorted(rules.items())) or "-",
        "start err mean": _mean(start),
        "start err p90": _p90(start),
        "end err mean": _mean(end),
        "end err p90": _p90(end),
        "end-ref last word mean": _mean(last),
        "end-ref last word p90": _p90(last),
        "missed": len(start) - len(last),
        "starts after silence": len(after),
        "start err mean (after silence)": _mean([abs(e) for e in after]),
        "start err p90 (after silence)": _p90([abs(e) for e in after]),
        f"late > {LATE_MS} ms": sum(e > LATE_MS for e in after),
        f"late > {LATE_MS} ms %": round(100 * sum(e > LATE_MS for e in after) / max(len(after), 1), 1),
        "WER %": round(100 * wer(_joined(r.text for r in refs), _joined(c.text for c in hyps)), 1),
    }


def _joined(texts: Iterable[str]) -> str:
    return " ".join(text.replace("\n", " ") for text in texts)


def side_by_side(engine: dict[str, object], peer: dict[str, object]) -> str:
    """The pooled rows of the engine and of faster-whisper alone, one column each."""
    keys = [
        "cues",
        "within limits %",
        "start err mean",
        "start err p90",
        "end err mean",
        "end err p90",
        "starts after silence",
        "start err mean (after silence)",
        "start err p90 (after silence)",
        f"late > {LATE_MS} ms",
        f"late > {LATE_MS} ms %",
        "WER %",
    ]
    return markdown_table(["all files", "engine", "faster-whisper"], [[k, engine[k], peer[k]] for k in keys])


def target_rows(row: dict[str, object]) -> list[tuple[str, str, str, bool]]:
    """(measure, measured, target, met) for the issue's targets on a pooled row."""
    within = float(str(row["within limits %"]))
    mean, p90 = row["start err mean (after silence)"], row["start err p90 (after silence)"]
    late = int(str(row[f"late > {LATE_MS} ms"]))
    return [
        ("cues within limits", f"{within:.1f} %", f">= {TARGET_WITHIN:.0f} %", within >= TARGET_WITHIN),
        (
            "mean start err, after silence",
            f"{mean} ms",
            f"<= {TARGET_START_MS:.0f} ms",
            mean is not None and float(str(mean)) <= TARGET_START_MS,
        ),
        (
            "p90 start err, after silence",
            f"{p90} ms",
            f"<= {TARGET_START_P90_MS:.0f} ms",
            p90 is not None and float(str(p90)) <= TARGET_START_P90_MS,
        ),
        (f"starts late by > {LATE_MS} ms", str(late), "0", late == 0),
    ]


def diagnosis(results: Sequence[FileResult], worst: int = 5) -> str:
    """The worst start errors with nearby cues, and every cue outside the limits."""
    lines = [f"worst {worst} start errors:"]
    ranked = sorted(((e, r, k) for r in results for k, e in enumerate(r.start_err)), key=lambda t: -t[0])
    for err, r, k in ranked[:worst]:
        ref, cue = r.refs[k], min(r.cues, key=lambda c: abs(c.start_ms - r.refs[k].start_ms))
        lines.append(
            f"  {r.name} ref {_t(ref.start_ms)}-{_t(ref.end_ms)} {ref.text[:50]!r}: {err} ms to cue "
            f"#{cue.id} {_t(cue.start_ms)}-{_t(cue.end_ms)} {cue.text.replace(chr(10), ' ')[:40]!r}"
        )
    outside = [(r, i, next(c for c in r.cues if c.id == i.cue_id)) for r in results for i in r.issues]
    lines.append("cues outside the limits:" + ("" if outside else " none"))
    lines += [
        f"  {r.name} #{c.id} {_t(c.start_ms)}-{_t(c.end_ms)} {i.rule.value}: {i.message}; "
        f"{c.text.replace(chr(10), ' / ')!r}"
        for r, i, c in outside
    ]
    return "\n".join(lines)


def _t(ms: int) -> str:
    return f"{ms / 1000:.2f}"


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _mean(values: Sequence[int]) -> int | None:
    return round(float(np.mean(values))) if values else None


def _p90(values: Sequence[int]) -> int | None:
    return round(float(np.percentile(values, 90))) if values else None


def file_record(r: FileResult) -> dict[str, object]:
    """One file's references with their errors, and its cues with their issues and words."""
    refs = [
        {
            **asdict(ref),
            "start_err": s,
            "end_err": e,
            "end_minus_ref_last_word": last,
            "cue_start_minus_ref": signed,
            "after_silence": silent,
        }
        for ref, s, e, last, signed, silent in zip(
            r.refs, r.start_err, r.end_err, r.end_last, r.start_signed, r.after_silence
        )
    ]
    cues = [{**asdict(c), "issues": [i.message for i in r.issues if i.cue_id == c.id]} for c in r.cues]
    return {"name": r.name, "refs": refs, "cues": cues}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base", help="base or tiny.en (offline) or any model name")
    parser.add_argument("--preset", default="netflix-en", choices=sorted(PRESETS))
    parser.add_argument("--no-peer", action="store_true", help="skip faster-whisper alone")
    args = parser.parse_args()
    preset, refs = PRESETS[args.preset], references()
    paths = [path for path, _ in refs.values()]
    started = time.perf_counter()
    segments = transcribe(paths, args.model)
    wall = time.perf_counter() - started
    results = [measure(name, r, segs, preset) for (name, (_, r)), segs in zip(refs.items(), segments)]
    rows = [summary(r.name, [r]) for r in results] + [summary("all", results)]
    peer: list[FileResult] = []
    if not args.no_peer:
        peer = [
            measure_as_they_come(name, r, segs, preset)
            for (name, (_, r)), segs in zip(refs.items(), faster_whisper_segments(paths, args.model))
        ]
    targets = target_rows(rows[-1])
    print(
        f"model {args.model}, preset {args.preset} (tail {preset.tail_ms} ms); "
        f"engine run {wall:.1f} s incl. model load; errors in ms\n"
    )
    for columns in (list(rows[0])[:5], ["file", *list(rows[0])[5:12]], ["file", *list(rows[0])[12:]]):
        print(markdown_table(columns, [[row[c] for c in columns] for row in rows]) + "\n")
    if peer:
        print(side_by_side(rows[-1], summary("faster-whisper", peer)) + "\n")
    print(
        markdown_table(
            ["measure (engine)", "measured", "target", "met"],
            [(m, v, t, "yes" if ok else "NO") for m, v, t, ok in targets],
        )
        + "\n"
    )
    print(diagnosis(results))
    record = {
        "machine": machine(),
        "model": args.model,
        "preset": asdict(preset),
        "engine_wall_s": wall,
        "summary": rows,
        "targets": [dict(zip(("measure", "measured", "target", "met"), t)) for t in targets],
        "files": [file_record(r) for r in results],
        "faster_whisper": {
            "summary": summary("faster-whisper", peer),
            "files": [file_record(r) for r in peer],
        }
        if peer
        else None,
    }
    stamp = datetime.datetime.now().strftime("%Y%m%d_%H%M%S")  # OUT_DIR exists: ensure_audio made it
    out = OUT_DIR / f"cue_timing_{args.model}_{args.preset}_{stamp}.json"
    out.write_text(json.dumps(record, indent=1))
    print(f"\nwritten: bench/out/{out.name}")


if __name__ == "__main__":
    main()
