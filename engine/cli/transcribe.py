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

The parser is in engine/cli/transcribe_args.py; each engine event is answered in
engine/cli/events.py (``--verbose`` lines in time order: engine/cli/chunk_order.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from engine.audio import MediaError, check_readable, probe_frame_rate
from engine.cli import options as cli_options
from engine.cli.events import (
    cues_text,
    end_job,
    flush_verbose,
    handle_event,
    stretch_list,
    untranscribed_text,
)
from engine.cli.outputs import plan_outputs
from engine.cli.progress import ProgressView
from engine.cli.signals import StopRequests
from engine.cli.transcribe_args import build_parser, frame_rate
from engine.cli.writing import (
    FileJob,
    folder_problem,
    prepare_output_dir,
    taken_paths,
    write_outputs,
    written_list,
)
from engine.client import EngineClient, absolute_path, stop_resource_tracker
from engine.models import english_only, english_only_note
from engine.protocol import EngineConfig, EngineFailed, JobCancelled, JobOptions, Task

__all__ = ["FileJob", "build_parser", "end_job", "handle_event", "main", "run", "write_outputs"]

_frame_rate = frame_rate  # its name before the parser moved to transcribe_args (tests use it)


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
    if args.language is None and english_only(args.model):
        print(f"note: {english_only_note(args.model, args.task == 'translate')}", file=sys.stderr)
    files = [FileJob(p, plan.outputs[p]) for p in plan.inputs]
    check_files(files, args.output_dir is None)
    check_frame_rates(files, args.fps)
    config = EngineConfig(
        model=args.model,
        device=args.device,
        gpus=args.gpus,
        workers=args.workers,
        compute_type=args.compute_type,
        cluster=args.cluster,
    )
    if args.model_factory:
        config = dataclasses.replace(config, model_factory=args.model_factory)
    options = JobOptions(
        language=None if args.language == "auto" else args.language,
        task=Task(args.task),
        audio_stream=args.audio_stream,
        initial_prompt=args.prompt,
        hotwords=args.hotwords,
        quiet_speech=not args.as_heard,
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
        flush_verbose(file, view)
        view.finish(index, "stopped")
        if not file.segments:
            view.message(f"{file.path}: stopped by {by} before any text was transcribed; nothing written.")
            continue
        cues = write_outputs(file, args, partial=True, taken=taken)
        wrote = f"wrote them to {written_list(file)}" if file.written else "could not write them"
        view.message(
            f"{file.path}: stopped by {by} at {file.fraction * 100:.1f} % with {cues_text(cues)} "
            f"transcribed so far ({untranscribed_text(file)}); {wrote}."
        )
        if file.error != f"stopped by {by}":
            file.stopped = False  # a format could not be written: listed as FAILED with why
