"""``python main.py transcribe FILE...``: subtitles for each file, with progress, from one engine.

All files go to one warm engine at once; the engine works through them in order while the
next file is already being decoded. A file that fails is reported with its reason and the run
goes on; the exit status is 1 if any file failed.

Before anything starts, every option is checked (engine/cli_options.py: a wrong one exits 2 at
once) and every subtitle's name is decided for the whole run (engine/cli_outputs.py), so two
inputs never write to one file.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from engine import cli_options
from engine.audio import describe_audio_stream
from engine.cli_outputs import plan_outputs
from engine.cli_progress import ProgressView
from engine.client import EngineClient
from engine.models import DEFAULT_MODEL
from engine.protocol import (
    AudioStreamInfo,
    EngineConfig,
    EngineFailed,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobOptions,
    JobProgress,
    JobStarted,
    LanguageDetected,
    ModelDownload,
    Segment,
    SegmentsReady,
    Task,
    WorkerState,
    WorkerStatus,
)
from engine.subtitles.presets import PRESETS

CHINESE_MODES = ("auto", "s2twp", "s2t", "t2s", "none")
EPILOG = """\
example:
  python main.py transcribe talk.mp4 interview.wav --language en --format srt,vtt --output-dir subs

Each subtitle is named after its file (talk.mp4 -> talk.srt), next to it or in --output-dir.
When inputs share a name, the first keeps it and each later one adds its extension
(clip.mp4.srt), or else its folder's name (clip (b).srt); the names are printed before work starts.
"""


@dataclass
class FileJob:
    path: Path
    outputs: list[Path]
    segments: list[Segment] = field(default_factory=list)
    language: str = ""
    duration_ms: int = 0  # the decoded audio's length, once the file is done
    error: str | None = None
    done: bool = False
    written: list[Path] = field(default_factory=list)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py transcribe", description="Write subtitles for media files.",
                                     epilog=EPILOG, formatter_class=cli_options.HelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="audio or video files")
    parser.add_argument("--model", default=DEFAULT_MODEL, metavar="NAME",
                        help="name (tiny, base, small, medium, large-v3, large-v3-turbo; .en: English only), "
                             "a CTranslate2 folder or a Hugging Face id")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="auto: GPUs if usable")
    parser.add_argument("--gpus", type=cli_options.gpus, metavar="0,1", help="GPU indexes to use, e.g. 0,1 (default: all)")
    parser.add_argument("--workers", type=cli_options.workers, metavar="N",
                        help="CPU worker processes, or workers per GPU (default: one per core up to 8; 1 per GPU)")
    parser.add_argument("--compute-type", type=cli_options.compute_type, metavar="TYPE",
                        help="int8, float16, int8_float16, float32 ... (default: float16 on GPU, int8 on CPU)")
    parser.add_argument("--language", default="auto", type=cli_options.language, metavar="CODE",
                        help="auto (detect per file), or a Whisper code such as en, zh, ja")
    parser.add_argument("--audio-stream", type=_stream_number, metavar="N",
                        help="audio stream to transcribe, counted from 1 among the file's audio streams "
                             "as mpv's --aid counts (default: the one in --language, else the default one)")
    parser.add_argument("--task", choices=[t.value for t in Task], default="transcribe",
                        help="translate: English subtitles from any language")
    parser.add_argument("--format", default="srt", type=cli_options.formats, metavar="LIST", help="comma-separated: srt,ass,vtt")
    parser.add_argument("--output-dir", type=Path, metavar="DIR", help="where to write (default: next to each file)")
    parser.add_argument("--preset", choices=sorted(PRESETS),
                        help="subtitle rules (default: netflix-zh-tw for Chinese, else netflix-en)")
    parser.add_argument("--chinese", choices=CHINESE_MODES, default="auto",
                        help="Chinese script: s2twp (Taiwan), s2t, t2s, none; auto = s2twp with the zh-tw preset")
    parser.add_argument("--overwrite", action="store_true", help="replace existing subtitle files (default: skip the file)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print cues as they arrive")
    parser.add_argument("--model-factory", default=None, help=argparse.SUPPRESS)  # tests: a fake model
    return parser


def _stream_number(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a stream number from 1, e.g. --audio-stream 2")
    return int(text)


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a bad value, naming the right ones
    problem = cli_options.check_options(args)
    if problem:
        parser.error(problem)
    if args.output_dir:
        try:
            args.output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            parser.error(f"--output-dir {args.output_dir}: {error.strerror or error}")
    plan = plan_outputs(args.files, args.format, args.output_dir)
    for note in plan.notes:  # before any work, so the user knows which file will be which
        print(note, file=sys.stderr)
    files = [FileJob(p, plan.outputs[p]) for p in plan.inputs]
    config = EngineConfig(model=args.model, device=args.device, gpus=args.gpus, workers=args.workers,
                          compute_type=args.compute_type)
    if args.model_factory:
        config = dataclasses.replace(config, model_factory=args.model_factory)
    options = JobOptions(language=None if args.language == "auto" else args.language, task=Task(args.task),
                         audio_stream=args.audio_stream)
    logging.basicConfig(level=logging.WARNING)
    return run(files, config, options, args)


def run(files: list[FileJob], config: EngineConfig, options: JobOptions, args: argparse.Namespace) -> int:
    names = [f.path.name for f in files]
    view = ProgressView([str(f.path) if names.count(f.path.name) > 1 else f.path.name for f in files])
    jobs: dict[str, int] = {}
    client = EngineClient(config)
    try:
        for index, file in enumerate(files):
            existing = [p for p in file.outputs if p.exists()]
            if existing and not args.overwrite:
                file.error = f"{existing[0]} already exists; use --overwrite to replace it"
                view.finish(index, "skipped")
                continue
            jobs[client.submit(file.path, options)] = index
        pending = set(jobs)
        while pending:
            for event in client.poll(0.5):
                handle_event(event, files, jobs, pending, view, args)
    except KeyboardInterrupt:
        for job_id in list(pending):
            client.cancel(job_id)
        view.message("cancelled")
        return 130
    finally:
        client.close()
    failed = [f for f in files if f.error]
    for file in failed:
        reason = (file.error or "").removeprefix(f"{file.path.resolve()}: ")
        print(f"FAILED {file.path}: {reason}", file=sys.stderr)
    return 1 if failed else 0


def handle_event(event: object, files: list[FileJob], jobs: dict[str, int], pending: set[str],
                 view: ProgressView, args: argparse.Namespace) -> None:
    if isinstance(event, ModelDownload):
        total = f"/{event.total_bytes / 1e6:.0f}" if event.total_bytes else ""
        view.message(f"downloading {event.model}: {event.done_bytes / 1e6:.0f}{total} MB")
    elif isinstance(event, WorkerStatus) and event.state != WorkerState.READY:
        view.message(f"engine: {event.message}")
    elif isinstance(event, EngineFailed):
        view.message(f"engine failed: {event.message}")
    job_id = getattr(event, "job_id", None)
    if job_id not in jobs:
        return
    index = jobs[job_id]
    file = files[index]
    if isinstance(event, SegmentsReady):
        file.segments += event.segments
        if args.verbose:
            for s in event.segments:
                view.message(f"{file.path.name} [{_clock(s.start_ms)} --> {_clock(s.end_ms)}] {s.text.strip()}")
    elif isinstance(event, JobStarted) and len(event.audio_streams) > 1:
        view.message(audio_stream_note(file.path.name, event.audio_streams, event.audio_stream))
    elif isinstance(event, LanguageDetected):
        file.language = event.language
    elif isinstance(event, JobProgress) and event.total_ms:
        view.update(index, event.done_ms / event.total_ms, event.speed, event.eta_s)
    elif isinstance(event, JobFinished):
        pending.discard(job_id)
        file.language = event.language or file.language
        file.duration_ms = event.duration_ms
        write_outputs(file, args, partial=False)
        view.finish(index, "done" if not file.error else "failed")
        if file.written:
            view.message(f"{file.path}: wrote {', '.join(map(str, file.written))}")
        warning = empty_text_warning(event, len(file.segments))
        if warning:
            view.message(f"warning: {file.path.name}: {warning}")
    elif isinstance(event, (JobFailed, JobCancelled)):
        pending.discard(job_id)
        file.error = event.message if isinstance(event, JobFailed) else "cancelled"
        if file.segments:
            write_outputs(file, args, partial=True, taken={p for f in files for p in f.outputs})
        view.finish(index, "failed")
        if file.written:
            view.message(f"{file.path}: wrote what was done before it failed to {', '.join(map(str, file.written))}")


def audio_stream_note(name: str, streams: tuple[AudioStreamInfo, ...], used: int) -> str:
    """Which of several audio streams is transcribed, and how to pick another."""
    chosen = next((s for s in streams if s.number == used), None)
    others = "; ".join(describe_audio_stream(s) for s in streams if s.number != used)
    using = describe_audio_stream(chosen) if chosen else f"#{used}"
    return (f"{name}: {len(streams)} audio streams; using {using}. Others: {others}. "
            "Choose another with --audio-stream N.")


def empty_text_warning(event: JobFinished, segment_count: int) -> str | None:
    """Say why a file has no or less text than its speech: never a silently empty subtitle file."""
    from engine.subtitles.document import format_seconds

    speech_s, dropped_s = format_seconds(event.speech_ms), format_seconds(event.dropped_ms)
    if segment_count == 0 and event.speech_ms > 0:
        removed = f"; {dropped_s} s of text was removed as not speech" if event.dropped_ms else ""
        return (f"no text from {speech_s} s of speech{removed}. The subtitle file is empty: try "
                "--language, another --model, or another --audio-stream.")
    if segment_count == 0:
        return "no speech found (silence, music or noise): the subtitle file is empty."
    if event.dropped_ms >= 1000:
        return (f"{dropped_s} s of the model's text was removed as not speech "
                "(no-speech or repetition loop); check those places in the editor.")
    return None


def write_outputs(file: FileJob, args: argparse.Namespace, partial: bool,
                  taken: set[Path] | None = None) -> None:
    """Segment the words into cues by the preset's rules and write every format asked for.

    A partial file (``NAME.partial.srt``) never replaces another input's subtitle (``taken``)
    or, without --overwrite, any existing file: it gets a free name (``NAME.partial (2).srt``).
    """
    from engine.subtitles.io import save
    from engine.subtitles.segmentation import segments_to_cues

    preset_name = args.preset or ("netflix-zh-tw" if file.language in ("zh", "yue") else "netflix-en")
    chinese = args.chinese
    if chinese == "auto":
        chinese = "s2twp" if preset_name == "netflix-zh-tw" else "none"
    segments = sorted(file.segments, key=lambda s: (s.start_ms, s.end_ms))
    cues = segments_to_cues(segments, PRESETS[preset_name], language=file.language or None, chinese=chinese,
                            media_end_ms=file.duration_ms or None)
    for target in file.outputs:
        if partial:
            target = _free_partial_name(target, taken or set(), args.overwrite)
        try:
            save(cues, target, overwrite=args.overwrite)
        except (OSError, ValueError) as error:
            file.error = f"could not write {target}: {error}"
            return
        file.written.append(target)
    if partial and file.error:
        file.error += f" (the {len(cues)} cues made before the failure were saved as *.partial.*)"


def _free_partial_name(target: Path, taken: set[Path], overwrite: bool) -> Path:
    candidate = target.with_name(f"{target.stem}.partial{target.suffix}")
    number = 1
    while candidate in taken or (candidate.exists() and not overwrite):
        number += 1
        candidate = target.with_name(f"{target.stem}.partial ({number}){target.suffix}")
    return candidate


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
