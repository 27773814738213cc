"""``--verbose`` prints each file's segments in time order, though chunks come back out of
order: a chunk's lines wait until every earlier chunk is back (issue 11)."""

from __future__ import annotations

from pathlib import Path

from engine.cli import transcribe as cli
from engine.cli.chunk_order import ChunkOrder
from engine.protocol import JobFailed, JobFinished, SegmentsReady, StretchFailed
from tests.engine.cli.test_transcribe_events import Run, segment


def said(run: Run) -> list[str]:
    """The words of the --verbose lines printed so far, in order."""
    lines = run.stream.getvalue().splitlines()
    return [line.split("] ", 1)[1].split()[0] for line in lines if line.startswith("talk.wav [")]


def verbose_run(tmp_path: Path) -> Run:
    run = Run(tmp_path, "talk.wav")
    run.args.verbose = True
    return run


def test_lines_wait_for_every_earlier_chunk(tmp_path: Path) -> None:
    run = verbose_run(tmp_path)
    run.feed(SegmentsReady("job0", 1, 2, (segment(62_000, 64_000, "Third"),)))
    assert said(run) == []  # chunks 0 and 1 are still out
    run.feed(SegmentsReady("job0", 2, 0, (segment(1_000, 2_000, "First"), segment(3_000, 4_000, "Second"))))
    assert said(run) == ["First", "Second"]  # chunk 1 is still out
    run.feed(StretchFailed("job0", 1, 30_000, 60_000, "RuntimeError: fake"))  # back, with no cues
    assert said(run) == ["First", "Second", "Third"]
    run.feed(
        SegmentsReady("job0", 3, 5, (segment(150_000, 151_000, "Sixth"),)),
        SegmentsReady("job0", 4, 3, ()),  # a chunk with no speech is back too
    )
    assert said(run) == ["First", "Second", "Third"]  # chunk 4 is still out
    run.feed(SegmentsReady("job0", 5, 4, (segment(120_000, 121_000, "Fifth"),)))
    assert said(run) == ["First", "Second", "Third", "Fifth", "Sixth"]


def test_the_end_lets_out_what_is_held(tmp_path: Path) -> None:
    run = verbose_run(tmp_path)
    run.feed(
        SegmentsReady("job0", 1, 1, (segment(31_000, 32_000, "Later"),)),
        JobFinished("job0", "en", 90_000, 2, 5.0),  # chunk 0 never came (a lost report)
    )
    assert said(run) == ["Later"]
    assert run.stream.getvalue().index("Later") < run.stream.getvalue().index("wrote")


def test_a_failed_job_lets_out_what_is_held(tmp_path: Path) -> None:
    run = verbose_run(tmp_path)
    run.feed(
        SegmentsReady("job0", 1, 2, (segment(62_000, 63_000, "Held"),)),
        JobFailed("job0", "RuntimeError", "the model failed", ""),
    )
    assert said(run) == ["Held"]


def test_ctrl_c_lets_out_what_is_held(tmp_path: Path) -> None:
    run = verbose_run(tmp_path)
    run.feed(
        SegmentsReady("job0", 1, 3, (segment(95_000, 96_000, "Fourth"),)),
        SegmentsReady("job0", 2, 1, (segment(31_000, 32_000, "Second"),)),
    )
    assert said(run) == []
    cli.report_stopped(run.files, [0], "Ctrl+C", run.view, run.args)
    assert said(run) == ["Second", "Fourth"]


def test_chunk_order_counts_a_chunk_once_and_goes_on_after_a_flush() -> None:
    order = ChunkOrder()
    assert order.back(1, ["b"]) == []
    assert order.back(1, ["b again"]) == []  # a retried chunk's second report
    assert order.flush() == ["b"]
    assert order.back(0, ["a"]) == ["a"]  # before the flush point: at once
    assert order.back(3, ["d"]) == []  # chunk 2 is still out
    assert order.back(2) == ["d"]
