"""``main.py transcribe`` with output it cannot write: refused before any model loads, or written
elsewhere with the other formats kept (issue 10, item 7).

Each run is a real subprocess with the fake model (tests/integration/cli_faults_helpers.py); its
process tree is sampled while it runs, so every test also checks that nothing of the tree is left
once the command has exited.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.integration.cli_faults_helpers import FAKE, CliRun, cues, needs_permissions

# ---------------------------------------------------------------- item 7: output problems first


@needs_permissions
def test_a_read_only_output_dir_is_refused_before_any_model_loads(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    out, loads = tmp_path / "out", tmp_path / "loads"
    out.mkdir()
    loads.mkdir()
    out.chmod(0o555)
    try:
        run = CliRun(
            short_wav,
            "--model",
            f"fake?loads={loads}",
            *FAKE,
            "--output-dir",
            out,
            cwd=cwd,
            unprivileged=True,
        )
        assert run.finish(timeout=60) == 2, run.stderr
    finally:
        out.chmod(0o755)
    assert (
        f"--output-dir {out}: subtitles cannot be written there (permission denied). "
        "Give a folder you can write to." in run.stderr
    )
    assert list(loads.iterdir()) == []  # no model was loaded for nothing


@needs_permissions
def test_an_unwritable_folder_beside_one_input_fails_that_file_only(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    locked, free = tmp_path / "locked", tmp_path / "free"
    locked.mkdir()
    free.mkdir()
    shutil.copy(short_wav, locked / "a.wav")
    shutil.copy(short_wav, free / "b.wav")
    locked.chmod(0o555)
    try:
        run = CliRun(locked / "a.wav", free / "b.wav", "--model", "fake", *FAKE, cwd=cwd, unprivileged=True)
        assert run.finish(timeout=120) == 1, run.stderr
    finally:
        locked.chmod(0o755)
    assert cues(free / "b.srt")
    assert (
        f"FAILED {locked / 'a.wav'}: its subtitles cannot be written next to it in {locked} "
        "(permission denied). Use --output-dir"
    ) in run.stderr
    said = run.stderr.index(f"skipping {locked / 'a.wav'}: its subtitles cannot be written next to it")
    assert said < run.stderr.index("b.wav ")  # before any work


@pytest.mark.parametrize("how", ["a file", "below a file"])
def test_an_output_dir_that_cannot_be_a_folder_is_refused(
    tmp_path: Path, cwd: Path, short_wav: Path, how: str
) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("not a folder")
    target = plain if how == "a file" else plain / "subs"
    run = CliRun(short_wav, "--model", "fake", *FAKE, "--output-dir", target, cwd=cwd)
    assert run.finish(timeout=60) == 2, run.stderr
    if how == "a file":
        assert f"--output-dir {plain} is a file, not a folder. Give a folder" in run.stderr
    else:
        assert (
            f"--output-dir {target}: the folder cannot be created (a part of the path is a file, "
            "not a folder)"
        ) in run.stderr
    assert plain.read_text() == "not a folder" and run.tree == {}  # no engine was started


def test_a_format_that_cannot_be_written_does_not_stop_the_others(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    out = tmp_path / "out"
    run = CliRun(
        short_wav,
        "--model",
        "fake?delay=2",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "vtt,srt,ass",
        "--overwrite",
        "--language",
        "en",
        cwd=cwd,
    )
    run.wait_for(lambda text: "transcribing" in text)  # the outputs were checked: the run is under way
    (out / "short.vtt").mkdir()  # in the way of one format since the check, as a full disk would be
    assert run.finish(timeout=120) == 1, run.stderr
    assert cues(out / "short.srt") and cues(out / "short.ass")
    assert cues(cwd / "short.vtt") == cues(out / "short.srt")  # the failed format, saved elsewhere
    line = next(x for x in run.lines if x.startswith(f"FAILED {short_wav}:"))
    assert (
        f"could not write {out / 'short.vtt'}" in line and f"saved it as {cwd / 'short.vtt'} instead" in line
    )
    wrote = next(x for x in run.lines if f"{short_wav}: wrote " in x)  # before: the fallback looked planned
    assert f"{cwd / 'short.vtt'} (instead of {out / 'short.vtt'}, which could not be written)" in wrote


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_where_a_subtitle_goes_is_refused_before_any_work(
    tmp_path: Path, cwd: Path, short_wav: Path, overwrite: bool
) -> None:
    """Before: "already exists; use --overwrite", and with --overwrite the file was transcribed and
    its ASS landed in the current folder."""
    out, loads = tmp_path / "out", tmp_path / "loads"
    loads.mkdir()
    (out / "short.ass").mkdir(parents=True)
    run = CliRun(
        short_wav,
        "--model",
        f"fake?loads={loads}",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "srt,ass",
        *(["--overwrite"] if overwrite else []),
        cwd=cwd,
    )
    assert run.finish(timeout=60) == 1, run.stderr
    line = next(x for x in run.lines if x.startswith(f"FAILED {short_wav}:"))
    assert f"its subtitle {out / 'short.ass'} is a folder" in line and "--overwrite" not in line
    assert list(loads.iterdir()) == [] and list(cwd.iterdir()) == [] and not (out / "short.srt").exists()


def test_microdvd_without_a_frame_rate_is_refused_before_any_work(
    tmp_path: Path, cwd: Path, short_wav: Path
) -> None:
    """Before: the file was transcribed, then "MicroDVD (frames) counts frames: give the video's
    frame rate", which no option could give."""
    out, loads = tmp_path / "out", tmp_path / "loads"
    loads.mkdir()
    run = CliRun(
        short_wav,
        "--model",
        f"fake?loads={loads}",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "microdvd",
        cwd=cwd,
    )
    assert run.finish(timeout=60) == 1, run.stderr
    line = next(x for x in run.lines if x.startswith(f"FAILED {short_wav}:"))
    assert "has no video to take its frame rate from: give the video's with --fps, e.g. --fps 23.976" in line
    assert list(loads.iterdir()) == []
    run = CliRun(
        short_wav,
        "--model",
        "fake",
        *FAKE,
        "--output-dir",
        out,
        "--format",
        "microdvd",
        "--fps",
        "25",
        "--language",
        "en",
        cwd=cwd,
    )
    assert run.finish(timeout=120) == 0, run.stderr
    text = (out / "short.sub").read_text()
    assert text.startswith("{1}{1}25") and "speech" in text
