"""How ``main.py transcribe`` answers each engine event: progress, warnings, files written.

:func:`handle_event` takes one event of the engine's conversation (engine/protocol.py) and
updates the run's state (``files``, ``jobs``, ``pending``) and the terminal (``view``): cues are
kept per file, a finished job writes its subtitles, a failed one its partial file. With
``--verbose`` each chunk's segments are printed in time order (:mod:`engine.cli.chunk_order`):
held until every earlier chunk is back, and let out when the file ends. Split from
``transcribe`` (issue 11).
"""

from __future__ import annotations

import argparse

from engine.audio import describe_audio_stream
from engine.cli.progress import ProgressView
from engine.cli.writing import FileJob, rules_line, taken_paths, write_outputs, written_list
from engine.languages import describe
from engine.own_language import other_language_stretches
from engine.protocol import (
    MAX_PLACES,
    AudioStreamInfo,
    EngineFailed,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobProgress,
    JobStarted,
    LanguageDetected,
    ModelDownload,
    SegmentsReady,
    StretchFailed,
    WorkerState,
    WorkerStatus,
)
from engine.subtitles.condense import describe_left_out
from engine.subtitles.glossary import apply as apply_glossary
from engine.subtitles.glossary import describe_unmatched
from engine.subtitles.timecode import format_clock

__all__ = [
    "audio_stream_note",
    "cues_text",
    "empty_text_warning",
    "end_job",
    "flush_verbose",
    "handle_event",
    "stretch_list",
]


def handle_event(
    event: object,
    files: list[FileJob],
    jobs: dict[str, int],
    pending: set[str],
    view: ProgressView,
    args: argparse.Namespace,
) -> None:
    """Answer one engine event: ``jobs`` maps job ids to indexes in ``files``; ``pending`` holds
    the jobs still running (a terminal event removes its job); lines go to ``view``."""
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
        file.chunk_spans[event.chunk_index] = event.span_ms
        if args.verbose:  # shown as the model wrote it, the glossary applied to its text
            shown = apply_glossary(event.segments, args.glossary) if args.glossary else event.segments
            lines = [
                f"{file.path.name} [{format_clock(s.start_ms)} --> {format_clock(s.end_ms)}] {s.text.strip()}"
                for s in shown
            ]
            for line in file.verbose.back(event.chunk_index, lines):
                view.message(line)
    elif isinstance(event, JobStarted):
        file.media_ms = event.duration_ms
        if len(event.audio_streams) > 1:
            view.message(audio_stream_note(file.path.name, event.audio_streams, event.audio_stream))
    elif isinstance(event, LanguageDetected):
        file.language, file.spoken = event.language, event.spoken
    elif isinstance(event, JobProgress) and event.total_ms:
        file.fraction = event.done_ms / event.total_ms
        view.update(index, file.fraction, event.speed, event.eta_s)
    elif isinstance(event, StretchFailed):
        file.failed_stretches.append((event.start_ms, event.end_ms, event.reason))
        file.chunk_spans[event.chunk_index] = (event.start_ms, event.end_ms)  # back, with no cues
        for line in file.verbose.back(event.chunk_index):  # a chunk with no cues is back too
            view.message(line)
        view.message(
            f"warning: {file.path.name}: {format_clock(event.start_ms)}-{format_clock(event.end_ms)} could not be "
            f"transcribed ({event.reason}); that stretch will have no cues. The rest goes on."
        )
    elif isinstance(event, JobFinished) and job_id in pending:
        pending.discard(job_id)
        flush_verbose(file, view)
        file.language = event.language or file.language
        file.duration_ms = event.duration_ms
        known = {(start, end) for start, end, _ in file.failed_stretches}
        file.failed_stretches += [(s, e, "") for s, e in event.failed_stretches if (s, e) not in known]
        file.failed_stretches.sort()
        write_outputs(file, args, partial=False, taken=taken_paths(files))
        file.done = True
        view.finish(index, "done" if not file.error else "failed")
        view.message(rules_line(file, args))
        other = other_languages_note(file, translating=args.task == "translate")
        if other:
            view.message(f"note: {other}")
        if file.written:
            view.message(f"{file.path}: wrote {written_list(file)}")
        warning = empty_text_warning(event, len(file.segments))
        if warning:
            view.message(f"warning: {file.path.name}: {warning}")
        if file.failed_stretches:
            view.message(f"warning: {file.path.name}: no cues for {stretch_list(file.failed_stretches)}")
        unmatched = (
            describe_unmatched(args.glossary, file.glossary_misses, file.path.name) if args.glossary else None
        )
        if unmatched:
            view.message(f"warning: {unmatched}")
        if file.left_out:
            view.message(f"note: {describe_left_out(file.left_out, file.path.name)}")
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
    flush_verbose(file, view)
    file.error = reason
    if file.segments:
        cues = write_outputs(file, args, partial=True, taken=taken_paths(files))
        if file.written:
            file.error = file.error.replace(
                reason,
                f"{reason} (the {cues_text(cues)} made before the failure were saved as *.partial.*; "
                f"{untranscribed_text(file)})",
                1,
            )
    view.finish(index, "failed")
    if file.written:
        view.message(f"{file.path}: wrote what was done before it failed to {written_list(file)}")


def flush_verbose(file: FileJob, view: ProgressView) -> None:
    """Print the ``--verbose`` lines still held for chunks that never came back (the file ended)."""
    for line in file.verbose.flush():
        view.message(line)


def untranscribed_text(file: FileJob) -> str:
    """ "not transcribed: 00:00:27.000-00:00:51.000, ..., and from 00:04:55.000 on" for a file
    that ended early; chunks come back out of order, so the partial file can have holes."""
    gaps = file.untranscribed()
    if not gaps:
        return "nothing after its last cue is missing"
    inner = [f"{format_clock(s)}-{format_clock(e)}" for s, e in gaps if e >= 0]
    tail = [f"from {format_clock(s)} on" for s, e in gaps if e < 0]
    return "not transcribed: " + ", ".join(inner + tail)


def other_languages_note(file: FileJob, translating: bool = False) -> str | None:
    """``talk.wav: en (English), but 00:00:31.008-00:00:59.554 is de (German): written as
    heard. ...`` for the stretches written (or, ``translating``, translated from) in their own
    language (engine.own_language); several are joined with commas and a last "and", those of
    one language together (``A and B are zh (Chinese)``)."""
    stretches = other_language_stretches(file.segments)
    if not stretches:
        return None
    by_language: dict[str, list[str]] = {}
    for code, s, e in stretches:
        by_language.setdefault(code, []).append(f"{format_clock(s)}-{format_clock(e)}")
    parts = [
        f"{_and(times)} {'is' if len(times) == 1 else 'are'} {describe(code)}"
        for code, times in by_language.items()
    ]
    said = _and(parts)
    language = file.spoken or file.language
    done = "translated from what was said" if translating else "written as heard"
    return (
        f"{file.path.name}: {describe(language)}, but {said}: {done}. "
        f"--language {language} takes every line as {language}."
    )


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def stretch_list(stretches: list[tuple[int, int, str]]) -> str:
    """``00:01:30.000-00:02:00.000 (reason), ...`` for warnings and the summary."""
    return ", ".join(
        f"{format_clock(s)}-{format_clock(e)}" + (f" ({why})" if why else "") for s, e, why in stretches
    )


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
            f"(no-speech or repetition loop){dropped_places(event.dropped_spans)}; check those "
            "places in the editor."
        )
    return None


def dropped_places(spans: tuple[tuple[int, int], ...]) -> str:
    """`` at 00:00:06-00:00:26, 00:01:02-00:01:05`` (at most MAX_PLACES, then "and N more"), or "":
    the whole seconds that hold each span (start rounded down, end up)."""
    if not spans:
        return ""
    named = [
        f"{format_clock(s, millis=False)}-{format_clock(e + 999, millis=False)}"
        for s, e in spans[:MAX_PLACES]
    ]
    more = f" and {len(spans) - MAX_PLACES} more" if len(spans) > MAX_PLACES else ""
    return " at " + ", ".join(named) + more


def cues_text(count: int) -> str:
    """``1 cue``, ``5 cues``."""
    return f"{count} cue" if count == 1 else f"{count} cues"
