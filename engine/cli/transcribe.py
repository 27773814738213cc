"""``python main.py transcribe FILE...``: subtitles for each file, with progress, from one engine.

All files go to one warm engine at once; the engine works through them in order while the
next file is already being decoded. A file that fails is reported with its reason and the run
goes on; the exit status is 1 if any file failed.

Before anything starts, every option is checked (engine/cli/options.py: a wrong one exits 2 at
once), every subtitle's name is decided for the whole run (engine/cli/outputs.py), so two
inputs never write to one file, and every input and output folder is tried: an unreadable input
or a folder that cannot take its subtitles fails that file alone, at once, before a model loads.

Nothing transcribed is thrown away: a file that fails, or that Ctrl+C or SIGTERM stops
(engine/cli/signals.py, exit 130 or 143), or whose engine dies, keeps its cues in
``NAME.partial.srt``; a format that cannot be written goes to a fallback folder
(engine/cli/writing.py). When the command exits, none of the engine's processes is left.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from engine.audio import MediaError, check_readable, describe_audio_stream, probe_frame_rate
from engine.cli import options as cli_options
from engine.cli.outputs import plan_outputs
from engine.cli.progress import ProgressView
from engine.cli.signals import StopRequests
from engine.cli.writing import (
    FileJob,
    folder_problem,
    prepare_output_dir,
    rules_line,
    taken_paths,
    write_outputs,
    written_list,
)
from engine.client import EngineClient, absolute_path, stop_resource_tracker
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
    SegmentsReady,
    StretchFailed,
    Task,
    WorkerState,
    WorkerStatus,
)
from engine.subtitles.glossary import Glossary, GlossaryError, load_glossary
from engine.subtitles.glossary import apply as apply_glossary
from engine.subtitles.presets import PRESETS
from engine.subtitles.timecode import format_clock, parse_frame_rate

__all__ = ["FileJob", "build_parser", "handle_event", "main", "run", "write_outputs"]

CHINESE_MODES = ("auto", "s2twp", "s2t", "t2s", "none")
EPILOG = """\
example:
  python main.py transcribe talk.mp4 interview.wav --language en --format srt,vtt --output-dir subs

Each subtitle is named after its file (talk.mp4 -> talk.srt), next to it or in --output-dir.
When inputs share a name, the first keeps it and each later one adds its extension
(clip.mp4.srt), or else its folder's name (clip (b).srt); the names are printed before work starts.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py transcribe",
        description="Write subtitles for media files.",
        epilog=EPILOG,
        formatter_class=cli_options.HelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="audio or video files")
    parser.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        metavar="NAME",
        help="name (tiny, base, small, medium, large-v3, large-v3-turbo; .en: English only), "
        "a CTranslate2 folder or a Hugging Face id",
    )
    parser.add_argument(
        "--device", choices=("auto", "cpu", "cuda"), default="auto", help="auto: GPUs if usable"
    )
    parser.add_argument(
        "--gpus", type=cli_options.gpus, metavar="0,1", help="GPU indexes to use, e.g. 0,1 (default: all)"
    )
    parser.add_argument(
        "--workers",
        type=cli_options.workers,
        metavar="N",
        help="CPU worker processes, or workers per GPU (default: one per core up to 8; 1 per GPU)",
    )
    parser.add_argument(
        "--compute-type",
        type=cli_options.compute_type,
        metavar="TYPE",
        help="int8, float16, int8_float16, float32 ... (default: float16 on GPU, int8 on CPU)",
    )
    parser.add_argument(
        "--language",
        default="auto",
        type=cli_options.language,
        metavar="CODE",
        help="auto (detect per file), or a Whisper code such as en, zh, ja",
    )
    parser.add_argument(
        "--audio-stream",
        type=_stream_number,
        metavar="N",
        help="audio stream to transcribe, counted from 1 among the file's audio streams "
        "as mpv's --aid counts (default: the one in --language, else the default one)",
    )
    parser.add_argument(
        "--task",
        choices=[t.value for t in Task],
        default="transcribe",
        help="translate: English subtitles from any language",
    )
    parser.add_argument(
        "--hotwords",
        type=_words,
        metavar='"NAMES"',
        help='names and terms to spell as written, e.g. --hotwords "Mikael, Kubernetes" '
        "(faster-whisper's hotwords, given before every chunk)",
    )
    parser.add_argument(
        "--prompt",
        type=_words,
        metavar="TEXT",
        help="text the model reads as if said just before each chunk: names, terms, "
        "the punctuation and spelling to follow",
    )
    parser.add_argument(
        "--glossary",
        type=_glossary,
        metavar="FILE",
        help="a UTF-8 file of 'wrong → right' lines (or ->, =>; # comments) replaced in "
        "the cues: whole words, case as written; inside words for Chinese and Japanese",
    )
    parser.add_argument(
        "--format", default="srt", type=cli_options.formats, metavar="LIST", help=cli_options.FORMATS_HELP
    )
    parser.add_argument(
        "--fps",
        type=_frame_rate,
        metavar="RATE",
        help="frame rate for formats that count frames (microdvd), e.g. 23.976 (default: the video's own)",
    )
    parser.add_argument(
        "--karaoke",
        action="store_true",
        help="in ASS and SSA outputs, highlight each word as it is said (a \\k tag per "
        "word, from Whisper's word times); needs --format ass or ssa",
    )
    parser.add_argument(
        "--output-dir", type=Path, metavar="DIR", help="where to write (default: next to each file)"
    )
    parser.add_argument(
        "--preset",
        choices=["auto", *PRESETS],
        default="auto",
        metavar="NAME",
        help="subtitle rules: auto (the Netflix guide of each file's language; Chinese: "
        "netflix-zh-tw), or one of " + ", ".join(PRESETS),
    )
    parser.add_argument(
        "--chinese",
        choices=CHINESE_MODES,
        default="auto",
        help="Chinese script: s2twp (Taiwan), s2t, t2s, none; auto = s2twp with "
        "netflix-zh-tw, t2s with netflix-zh-hans",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace existing subtitle files (default: skip the file)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="print cues as they arrive")
    parser.add_argument("--model-factory", default=None, help=argparse.SUPPRESS)  # tests: a fake model
    return parser


def _stream_number(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a stream number from 1, e.g. --audio-stream 2")
    return int(text)


def _words(text: str) -> str | None:
    """argparse type of --hotwords and --prompt: the text without outer spaces; None when empty."""
    return text.strip() or None


def _glossary(text: str) -> Glossary:
    """argparse type of --glossary: the file read and checked before anything starts."""
    try:
        return load_glossary(text)
    except GlossaryError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _frame_rate(text: str) -> float:
    """argparse type: frames per second, 0 < rate <= 1000 ("23.976" is exactly 24000/1001)."""
    rate = parse_frame_rate(text)
    if rate is None:
        raise argparse.ArgumentTypeError(f"{text!r}: give the video's frames per second, e.g. --fps 23.976")
    return rate


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a bad value, naming the right ones
    problem = cli_options.check_options(args)
    if problem:
        parser.error(problem)
    if args.output_dir:
        problem = prepare_output_dir(args.output_dir)
        if problem:
            parser.error(problem)
    plan = plan_outputs(args.files, args.format, args.output_dir)
    for note in plan.notes:  # before any work, so the user knows which file will be which
        print(note, file=sys.stderr)
    files = [FileJob(p, plan.outputs[p]) for p in plan.inputs]
    check_files(files, args.output_dir is None)
    check_frame_rates(files, args.fps)
    config = EngineConfig(
        model=args.model,
        device=args.device,
        gpus=args.gpus,
        workers=args.workers,
        compute_type=args.compute_type,
    )
    if args.model_factory:
        config = dataclasses.replace(config, model_factory=args.model_factory)
    options = JobOptions(
        language=None if args.language == "auto" else args.language,
        task=Task(args.task),
        audio_stream=args.audio_stream,
        initial_prompt=args.prompt,
        hotwords=args.hotwords,
    )
    logging.basicConfig(level=logging.WARNING)
    return run(files, config, options, args)


def check_files(files: list[FileJob], beside_inputs: bool) -> None:
    """Fail, before the engine starts, each file that cannot be read or whose folder cannot
    take its subtitles; the other files go on."""
    folders: dict[Path, str | None] = {}
    for file in files:
        try:
            check_readable(file.path)
        except MediaError as error:
            file.error = str(error)
            continue
        folder_in_the_way = next((p for p in file.outputs if p.is_dir()), None)
        if folder_in_the_way is not None:  # --overwrite would not replace it: refused before any work
            file.error = (
                f"its subtitle {folder_in_the_way} is a folder, so the file cannot be written there. "
                "Move or rename that folder, or use --output-dir."
            )
            continue
        if beside_inputs:
            folder = file.outputs[0].parent
            if folder not in folders:
                folders[folder] = folder_problem(folder)
            if folders[folder]:
                file.error = (
                    f"its subtitles cannot be written next to it in {folder} ({folders[folder]}). "
                    "Use --output-dir to write them to a folder you can write to."
                )


def check_frame_rates(files: list[FileJob], fps: float | None) -> None:
    """Give each file writing a frame-counting format (MicroDVD) its frame rate: --fps, else its
    video's; a file with neither fails before any work, not after it is transcribed."""
    from engine.subtitles.io import format_for

    for file in files:
        if file.error or not any(format_for(p).frame_based for p in file.outputs):
            continue
        file.frame_rate = fps or probe_frame_rate(file.path)
        if file.frame_rate is None:
            file.error = (
                "MicroDVD subtitles count frames, and the file has no video to take its frame rate "
                "from: give the video's with --fps, e.g. --fps 23.976"
            )


def run(files: list[FileJob], config: EngineConfig, options: JobOptions, args: argparse.Namespace) -> int:
    names = [f.path.name for f in files]
    view = ProgressView([str(f.path) if names.count(f.path.name) > 1 else f.path.name for f in files])
    jobs: dict[str, int] = {}
    pending: set[str] = set()
    client: EngineClient | None = None
    with StopRequests() as stop:
        try:
            for index, file in enumerate(files):  # what cannot be done is said before any work
                existing = [p for p in file.outputs if p.exists()]
                if existing and not args.overwrite and not file.error:
                    file.error = f"{existing[0]} already exists; use --overwrite to replace it"
                    view.finish(index, "skipped")
                elif file.error:
                    view.finish(index, "failed")
                    view.message(f"skipping {file.path}: {_reason(file)}")
            todo = [index for index, file in enumerate(files) if not file.error]
            if todo and not stop.requested:
                client = EngineClient(config)
                for index in todo:
                    jobs[client.submit(files[index].path, options)] = index
                pending = set(jobs)
            unread: list[object] = []
            while pending and not stop.requested and client is not None:
                events = client.poll(0.5)
                while events and not stop.requested:
                    handle_event(events.pop(0), files, jobs, pending, view, args)
                unread = list(events)
            if stop.requested:
                unread += client.close(timeout=5) if client is not None else []
                for event in unread:  # cues on their way, a job that finished meanwhile; not the
                    if not isinstance(event, (JobCancelled, EngineFailed)):  # engine's end: ours
                        handle_event(event, files, jobs, pending, view, args)
                report_stopped(files, [jobs[j] for j in pending], stop.name, view, args)
        finally:
            if client is not None:
                client.close()
                stop_resource_tracker()  # so that nothing of the command outlives it
    return summarize(files, stop.exit_code if stop.requested else None)


def summarize(files: list[FileJob], exit_code: int | None) -> int:
    """The closing lines: each failed file with its reason, each file with stretches lacking cues."""
    for file in files:
        if file.error and not file.stopped:
            print(f"FAILED {file.path}: {_reason(file)}", file=sys.stderr)
        elif file.failed_stretches:
            print(
                f"INCOMPLETE {file.path}: subtitles written, but these stretches could not be "
                f"transcribed and have no cues: {stretch_list(file.failed_stretches)}. Check them by ear, "
                "or transcribe the file again.",
                file=sys.stderr,
            )
    if exit_code is not None:
        return exit_code
    return 1 if any(f.error for f in files) else 0


def _reason(file: FileJob) -> str:
    """The file's error without its path in front (the line names the file as the user gave it)."""
    reason = file.error or ""
    for prefix in (f"{absolute_path(file.path)}: ", f"{file.path}: "):
        reason = reason.removeprefix(prefix)
    return reason


def report_stopped(
    files: list[FileJob], unfinished: list[int], by: str, view: ProgressView, args: argparse.Namespace
) -> None:
    """One line per unfinished file: what was transcribed before ``by`` stopped it, and where it is."""
    taken = taken_paths(files)
    for index in sorted(unfinished):
        file = files[index]
        file.stopped = True
        file.error = f"stopped by {by}"
        view.finish(index, "stopped")
        if not file.segments:
            view.message(f"{file.path}: stopped by {by} before any text was transcribed; nothing written.")
            continue
        cues = write_outputs(file, args, partial=True, taken=taken)
        wrote = f"wrote them to {written_list(file)}" if file.written else "could not write them"
        view.message(
            f"{file.path}: stopped by {by} at {file.fraction * 100:.0f} % with {_cues(cues)} "
            f"transcribed so far; {wrote}."
        )
        if file.error != f"stopped by {by}":
            file.stopped = False  # a format could not be written: listed as FAILED with why


def handle_event(
    event: object,
    files: list[FileJob],
    jobs: dict[str, int],
    pending: set[str],
    view: ProgressView,
    args: argparse.Namespace,
) -> None:
    if isinstance(event, ModelDownload):
        total = f"/{event.total_bytes / 1e6:.0f}" if event.total_bytes else ""
        view.message(f"downloading {event.model}: {event.done_bytes / 1e6:.0f}{total} MB")
    elif isinstance(event, WorkerStatus) and event.state != WorkerState.READY:
        view.message(f"engine: {event.message}")
    elif isinstance(event, EngineFailed):
        view.message(f"engine failed: {event.message}")
        if event.error_type == "EngineDied":  # no terminal event will come for any job
            for dead in sorted(pending, key=jobs.__getitem__):
                end_job(dead, f"{event.message} Transcribe the file again.", files, jobs, pending, view, args)
    job_id = getattr(event, "job_id", None)
    if job_id not in jobs:
        return
    index = jobs[job_id]
    file = files[index]
    if isinstance(event, SegmentsReady):
        file.segments += event.segments  # the glossary is applied with the cues (write_outputs)
        if args.verbose:  # shown as the model wrote it, the glossary applied to its text
            shown = apply_glossary(event.segments, args.glossary) if args.glossary else event.segments
            for s in shown:
                view.message(
                    f"{file.path.name} [{_clock(s.start_ms)} --> {_clock(s.end_ms)}] {s.text.strip()}"
                )
    elif isinstance(event, JobStarted) and len(event.audio_streams) > 1:
        view.message(audio_stream_note(file.path.name, event.audio_streams, event.audio_stream))
    elif isinstance(event, LanguageDetected):
        file.language, file.spoken = event.language, event.spoken
    elif isinstance(event, JobProgress) and event.total_ms:
        file.fraction = event.done_ms / event.total_ms
        view.update(index, file.fraction, event.speed, event.eta_s)
    elif isinstance(event, StretchFailed):
        file.failed_stretches.append((event.start_ms, event.end_ms, event.reason))
        view.message(
            f"warning: {file.path.name}: {_clock(event.start_ms)}-{_clock(event.end_ms)} could not be "
            f"transcribed ({event.reason}); that stretch will have no cues. The rest goes on."
        )
    elif isinstance(event, JobFinished) and job_id in pending:
        pending.discard(job_id)
        file.language = event.language or file.language
        file.duration_ms = event.duration_ms
        known = {(start, end) for start, end, _ in file.failed_stretches}
        file.failed_stretches += [(s, e, "") for s, e in event.failed_stretches if (s, e) not in known]
        file.failed_stretches.sort()
        write_outputs(file, args, partial=False, taken=taken_paths(files))
        file.done = True
        view.finish(index, "done" if not file.error else "failed")
        view.message(rules_line(file, args))
        if file.written:
            view.message(f"{file.path}: wrote {written_list(file)}")
        warning = empty_text_warning(event, len(file.segments))
        if warning:
            view.message(f"warning: {file.path.name}: {warning}")
        if file.failed_stretches:
            view.message(f"warning: {file.path.name}: no cues for {stretch_list(file.failed_stretches)}")
    elif isinstance(event, (JobFailed, JobCancelled)) and job_id in pending:
        reason = event.message if isinstance(event, JobFailed) else "the engine stopped before finishing it"
        end_job(job_id, reason, files, jobs, pending, view, args)


def end_job(
    job_id: str,
    reason: str,
    files: list[FileJob],
    jobs: dict[str, int],
    pending: set[str],
    view: ProgressView,
    args: argparse.Namespace,
) -> None:
    """A job that will not finish: keep its cues in a partial file and say so."""
    pending.discard(job_id)
    index = jobs[job_id]
    file = files[index]
    file.error = reason
    if file.segments:
        cues = write_outputs(file, args, partial=True, taken=taken_paths(files))
        if file.written:
            file.error = file.error.replace(
                reason, f"{reason} (the {_cues(cues)} made before the failure were saved as *.partial.*)", 1
            )
    view.finish(index, "failed")
    if file.written:
        view.message(f"{file.path}: wrote what was done before it failed to {written_list(file)}")


def stretch_list(stretches: list[tuple[int, int, str]]) -> str:
    """``00:01:30.000-00:02:00.000 (reason), ...`` for warnings and the summary."""
    return ", ".join(f"{_clock(s)}-{_clock(e)}" + (f" ({why})" if why else "") for s, e, why in stretches)


def audio_stream_note(name: str, streams: tuple[AudioStreamInfo, ...], used: int) -> str:
    """Which of several audio streams is transcribed, and how to pick another."""
    chosen = next((s for s in streams if s.number == used), None)
    others = "; ".join(describe_audio_stream(s) for s in streams if s.number != used)
    using = describe_audio_stream(chosen) if chosen else f"#{used}"
    return (
        f"{name}: {len(streams)} audio streams; using {using}. Others: {others}. "
        "Choose another with --audio-stream N."
    )


def empty_text_warning(event: JobFinished, segment_count: int) -> str | None:
    """Say why a file has no or less text than its speech: never a silently empty subtitle file."""
    from engine.subtitles.document import format_seconds

    speech_s, dropped_s = format_seconds(event.speech_ms), format_seconds(event.dropped_ms)
    if segment_count == 0 and event.speech_ms > 0:
        removed = f"; {dropped_s} s of text was removed as not speech" if event.dropped_ms else ""
        return (
            f"no text from {speech_s} s of speech{removed}. The subtitle file is empty: try "
            "--language, another --model, or another --audio-stream."
        )
    if segment_count == 0:
        return "no speech found (silence, music or noise): the subtitle file is empty."
    if event.dropped_ms >= 1000:
        return (
            f"{dropped_s} s of the model's text was removed as not speech "
            "(no-speech or repetition loop); check those places in the editor."
        )
    return None


def _cues(count: int) -> str:
    return f"{count} cue" if count == 1 else f"{count} cues"


_clock = format_clock
