"""The CLI's handling of the engine's events, fed by hand: failed stretches, a dead engine, and
subtitles written format by format (issue 10, items 1, 4 and 7)."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest

from engine.cli import transcribe as cli
from engine.cli.progress import ProgressView
from engine.protocol import (
    EngineFailed,
    JobFailed,
    JobFinished,
    LanguageDetected,
    Segment,
    SegmentsReady,
    StretchFailed,
    Word,
)
from engine.subtitles.glossary import load_glossary


def segment(start_ms: int, end_ms: int, text: str) -> Segment:
    middle = (start_ms + end_ms) // 2
    return Segment(
        start_ms,
        end_ms,
        f" {text}",
        (Word(start_ms, middle, f" {text}", 0.9), Word(middle, end_ms, " here.", 0.9)),
    )


class Run:
    """One CLI run's state, with the progress view written to a string."""

    def __init__(self, tmp_path: Path, *names: str, formats: str = "srt") -> None:
        self.args = cli.build_parser().parse_args(
            [*names, "--format", formats, "--output-dir", str(tmp_path)]
        )
        self.files = [
            cli.FileJob(Path(n), [tmp_path / f"{Path(n).stem}.{f}" for f in formats.split(",")])
            for n in names
        ]
        self.jobs = {f"job{i}": i for i in range(len(names))}
        self.pending = set(self.jobs)
        self.stream = io.StringIO()
        self.view = ProgressView([n for n in names], self.stream)

    def feed(self, *events: object) -> None:
        for event in events:
            cli.handle_event(event, self.files, self.jobs, self.pending, self.view, self.args)


def test_a_failed_stretch_is_warned_with_its_times_and_named_in_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = Run(tmp_path, "talk.wav")
    run.feed(
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, "Before"),)),
        StretchFailed("job0", 1, 30_000, 61_500, "RuntimeError: fake model failure"),
        SegmentsReady("job0", 2, 2, (segment(62_000, 64_000, "After"),)),
        JobFinished(
            "job0", "en", 90_000, 2, 5.0, failed_stretches=((30_000, 61_500), (3_723_004, 3_730_000))
        ),
    )
    shown = run.stream.getvalue()
    assert (
        "warning: talk.wav: 00:00:30.000-00:01:01.500 could not be transcribed "
        "(RuntimeError: fake model failure); that stretch will have no cues"
    ) in shown
    file = run.files[0]
    assert file.done and file.error is None and run.pending == set()
    assert "Before" in (tmp_path / "talk.srt").read_text() and "After" in (tmp_path / "talk.srt").read_text()
    assert cli.summarize(run.files, None) == 0  # the file is done: its subtitles are written
    summary = capsys.readouterr().err
    assert (
        "INCOMPLETE talk.wav: subtitles written, but these stretches could not be transcribed and have no "
        "cues: 00:00:30.000-00:01:01.500 (RuntimeError: fake model failure), 01:02:03.004-01:02:10.000"
    ) in summary


def test_a_dead_engine_ends_every_unfinished_file_and_keeps_its_cues(tmp_path: Path) -> None:
    run = Run(tmp_path, "one.wav", "two.wav")
    run.feed(
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, "Kept"),)),
        EngineFailed("EngineDied", "The transcription engine stopped unexpectedly (killed by SIGKILL)."),
    )
    assert run.pending == set()  # the CLI's wait ends: no terminal event would ever come
    one, two = run.files
    assert "Kept" in (tmp_path / "one.partial.srt").read_text()
    assert one.error and one.error.startswith(
        "The transcription engine stopped unexpectedly (killed by SIGKILL)."
    )
    assert "saved as *.partial.*" in one.error
    assert two.error and "stopped unexpectedly" in two.error and not two.written


def disk_full_for(folder: Path, *suffixes: str):  # type: ignore[no-untyped-def]
    """writing.save_cues, failing as a full disk does for these formats in ``folder``."""
    from engine.cli import writing

    real = writing.save_cues

    def save(cues: list, target: Path, overwrite: bool, frame_rate: float | None = None) -> None:  # type: ignore[type-arg]
        if target.suffix in suffixes and target.parent == folder:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real(cues, target, overwrite, frame_rate)

    return save


def test_a_full_disk_for_one_format_leaves_the_others_and_saves_it_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.cli import writing

    fallback = tmp_path / "fallback"
    fallback.mkdir()
    monkeypatch.setattr(writing, "fallback_folders", lambda: [fallback])
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(writing, "save_cues", disk_full_for(out, ".srt"))
    run = Run(out, "talk.wav", formats="srt,vtt,ass")
    run.feed(
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, "Hello"),)),
        JobFinished("job0", "en", 5_000, 1, 1.0),
    )
    file = run.files[0]
    assert "Hello" in (out / "talk.vtt").read_text() and "Hello" in (out / "talk.ass").read_text()
    assert "Hello" in (fallback / "talk.srt").read_text()
    assert file.error == (
        f"could not write {out / 'talk.srt'} (the disk is full); saved it as "
        f"{fallback / 'talk.srt'} instead: move it where you want it"
    )
    assert cli.summarize(run.files, None) == 1


def test_a_fallback_never_replaces_a_file_already_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.cli import writing

    fallback = tmp_path / "fallback"
    fallback.mkdir()
    (fallback / "talk.srt").write_text("someone else's")
    monkeypatch.setattr(writing, "fallback_folders", lambda: [fallback])
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(writing, "save_cues", disk_full_for(out, ".srt"))
    run = Run(out, "talk.wav")
    run.feed(
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, "Hello"),)),
        JobFinished("job0", "en", 5_000, 1, 1.0),
    )
    assert (fallback / "talk.srt").read_text() == "someone else's"
    assert "Hello" in (fallback / "talk (2).srt").read_text()


def test_a_failed_job_keeps_its_cues_in_a_partial_file_that_replaces_nothing(tmp_path: Path) -> None:
    mine = tmp_path / "talk.partial.srt"
    mine.write_text("1\n00:00:01,000 --> 00:00:02,000\nmy own work\n")
    run = Run(tmp_path, "talk.wav")
    run.feed(
        SegmentsReady("job0", 1, 0, (segment(1_000, 3_000, "Kept"),)),
        JobFailed("job0", "MediaError", "talk.wav: stopped at damaged data"),
    )
    assert "my own work" in mine.read_text()
    assert "Kept" in (tmp_path / "talk.partial (2).srt").read_text()
    error = run.files[0].error or ""
    assert error.startswith("talk.wav: stopped at damaged data (the 1 cue made before the failure were saved")


def test_a_fallback_never_takes_a_name_planned_for_another_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``transcribe ../a/clip.wav clip.wav --overwrite`` run in b/, and a/'s disk is full: A's
    subtitle falls back into b/, where B's own is planned. Before: A's fallback took b/clip.srt
    and B's subtitle then replaced it; a partial file did the same to a fallback."""
    from engine.cli import writing

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    monkeypatch.chdir(b)
    monkeypatch.setattr(writing, "fallback_folders", lambda: [Path.cwd()])
    monkeypatch.setattr(writing, "save_cues", disk_full_for(a, ".srt"))
    args = cli.build_parser().parse_args(["x", "--overwrite"])
    for partial, name in ((False, "clip"), (True, "clip.partial")):
        first = cli.FileJob(a / "clip.wav", [a / "clip.srt"], segments=[segment(1_000, 3_000, "From A")])
        second = cli.FileJob(Path("clip.wav"), [Path("clip.srt")], segments=[segment(1_000, 3_000, "From B")])
        taken = writing.taken_paths([first, second])
        cli.write_outputs(first, args, partial=partial, taken=taken)
        cli.write_outputs(second, args, partial=partial, taken=writing.taken_paths([first, second]))
        assert first.written != second.written
        assert "From A" in first.written[0].read_text() and "From B" in second.written[0].read_text()
        assert first.written[0].parent == b and second.written == [
            Path(f"{name}{' (2)' if partial else ''}.srt")
        ]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_output_dir_where_no_folder_can_be_made_says_where_and_what_to_do() -> None:
    """Before: "the folder cannot be created (No such file or directory)", of the folder asked for."""
    from engine.cli.writing import prepare_output_dir

    assert prepare_output_dir(Path("/proc/newdir")) == (
        "--output-dir /proc/newdir: the folder cannot be created (/proc does not take new folders). "
        "Give a folder you can write to, e.g. --output-dir subs"
    )


def test_progress_in_a_log_moves_as_chunks_finish() -> None:
    """Not a terminal: before, a line only at each quarter, so a log showed 0.0 % with a fifth done."""
    stream = io.StringIO()
    view = ProgressView(["talk.wav"], stream)
    for fraction in (0.0, 0.05, 0.12, 0.21):
        view.update(0, fraction, 2.0, None)
    shown = [line.split("]")[1].split("%")[0].strip() for line in stream.getvalue().splitlines()]
    assert shown == ["0.0", "12.0", "21.0"]


def test_the_glossary_is_applied_once_after_the_chinese_conversion_in_final_and_partial_files(
    tmp_path: Path,
) -> None:
    """Review 13 findings 4 and 8. Before: handle_event applied the glossary to the segments as
    they came, before OpenCC, so the Traditional rule never met Whisper's Simplified 闻."""
    rules = tmp_path / "g.txt"
    rules.write_text("蔡英聞 → 蔡英文\nsaid → said said\n", encoding="utf-8")
    words = tuple(
        Word(i * 200, i * 200 + 190, t, 0.9) for i, t in enumerate(["蔡", "英", "闻", "说", "了", "。"])
    )
    latin = (Word(2_000, 2_300, " He", 0.9), Word(2_300, 2_600, " said.", 0.9))
    said = (Segment(0, 1_190, "蔡英闻说了。", words), Segment(2_000, 2_600, " He said.", latin))
    for name, end in (
        ("a.wav", JobFinished("job0", "zh", 3_000, 2, 1.0)),
        ("b.wav", JobFailed("job0", "MediaError", "b.wav: stopped at damaged data")),
    ):
        run = Run(tmp_path, name)
        run.args.glossary = load_glossary(rules)
        run.args.verbose = True
        run.feed(LanguageDetected("job0", "zh", 1.0), SegmentsReady("job0", 1, 0, said), end)
        written = next(tmp_path.glob(f"{Path(name).stem}*.srt")).read_text(encoding="utf-8")
        assert "蔡英文說了。" in written and "He said said." in written and "said said said" not in written


def test_glossary_entries_that_never_matched_are_named_once_per_file(tmp_path: Path) -> None:
    """A misspelt left side fixes nothing: the CLI says which entries matched nowhere (issue 13)."""
    rules = tmp_path / "g.txt"
    rules.write_text("Gutenburg → Gutenberg\nnever said → ever said\n", encoding="utf-8")
    run = Run(tmp_path, "a.wav")
    run.args.glossary = load_glossary(rules)
    run.feed(
        LanguageDetected("job0", "en", 1.0),
        SegmentsReady("job0", 1, 0, (segment(0, 1_000, "Gutenburg"),)),
        JobFinished("job0", "en", 3_000, 1, 1.0),
    )
    out = run.stream.getvalue()
    assert "Gutenberg here." in (tmp_path / "a.srt").read_text(encoding="utf-8")
    warnings = [line for line in out.splitlines() if "never matched" in line]
    assert len(warnings) == 1 and "line 2 'never said'" in warnings[0] and "Gutenburg" not in warnings[0]


def test_a_stopped_file_names_what_is_not_transcribed_between_chunks_back_out_of_order(
    tmp_path: Path,
) -> None:
    """Chunks finish out of order: a stop at '18 %' left cues to 4:55 with holes at 0:27-0:51
    and later, and the line said nothing of them (user test, 2026-11-30)."""
    from engine.protocol import JobStarted

    run = Run(tmp_path, "a.wav")
    run.feed(
        JobStarted("job0", "a.wav", 600_000),
        SegmentsReady("job0", 1, 0, (segment(1_000, 2_000, "First"),), (0, 27_000)),
        StretchFailed("job0", 1, 27_000, 51_000, "the model failed"),
        SegmentsReady("job0", 2, 3, (segment(80_000, 81_000, "Fourth"),), (78_000, 104_000)),
    )
    cli.report_stopped(run.files, [0], "Ctrl+C", run.view, run.args)
    out = run.stream.getvalue()
    line = next(line for line in out.splitlines() if "stopped by Ctrl+C" in line)
    assert "not transcribed: 00:00:51.000-00:01:18.000, from 00:01:44.000 on" in line, line
    assert "00:00:27.000" not in line  # the failed stretch is told as such, not as untranscribed
    written = (tmp_path / "a.partial.srt").read_text(encoding="utf-8")
    assert "First" in written and "Fourth" in written
