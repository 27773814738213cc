"""``python main.py transcribe`` as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pysubs2
import pytest

from tests.conftest import REPO, TESTDATA

FAKE = ["--model-factory", "tests.engine.fake_model:load"]


def cli(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "transcribe", *map(str, args)],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
    )


@pytest.mark.slow
def test_real_model_writes_every_format(tmp_path: Path) -> None:
    result = cli(TESTDATA / "misc/jfk.flac", "--model", "tiny.en", "--format", "srt,ass,vtt", "--output-dir", tmp_path, "-v")
    assert result.returncode == 0, result.stderr
    assert "ask not what your country" in result.stderr  # --verbose prints cues as they arrive
    for fmt in ("srt", "ass", "vtt"):
        subs = pysubs2.load(str(tmp_path / f"jfk.{fmt}"))
        text = " ".join(e.plaintext for e in subs).lower()
        assert "ask not what your country can do for you" in text.replace("\n", " ")
        assert all(len(line) <= 42 for e in subs for line in e.plaintext.splitlines())


def test_failed_files_are_reported_and_the_others_complete(tmp_path: Path, short_wav: Path, bad_inputs: dict[str, Path]) -> None:
    result = cli(short_wav, bad_inputs["text.mp3"], bad_inputs["missing.wav"], "--model", "fake", *FAKE, "--output-dir", tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "short.srt").is_file()
    assert f"FAILED {bad_inputs['text.mp3']}: not a readable audio or video file" in result.stderr
    assert f"FAILED {bad_inputs['missing.wav']}: file not found" in result.stderr


def test_existing_output_is_not_replaced_without_overwrite(tmp_path: Path, short_wav: Path) -> None:
    target = tmp_path / "short.srt"
    target.write_text("keep me")
    result = cli(short_wav, "--model", "fake", *FAKE, "--output-dir", tmp_path)
    assert result.returncode == 1 and "already exists; use --overwrite" in result.stderr
    assert target.read_text() == "keep me"
    result = cli(short_wav, "--model", "fake", *FAKE, "--output-dir", tmp_path, "--overwrite")
    assert result.returncode == 0 and "speech" in target.read_text()


def test_a_job_that_fails_midway_keeps_its_cues_in_a_partial_file(tmp_path: Path, speech_wav: Path) -> None:
    counter = tmp_path / "count"
    counter.mkdir()
    result = cli(speech_wav, "--model", f"fake?crash_after={counter}&crash_from=1", *FAKE, "--output-dir", tmp_path)
    assert result.returncode == 1
    assert "failed 3 times" in result.stderr and ".partial." in result.stderr
    partial = pysubs2.load(str(tmp_path / "speech.partial.srt"))
    assert len(partial) >= 1


def test_bad_arguments_exit_with_usage(tmp_path: Path) -> None:
    result = cli(tmp_path / "x.wav", "--format", "docx")
    assert result.returncode == 2 and "unknown format docx" in result.stderr


def test_the_window_without_a_display_says_what_to_do() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "main.py"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "no display" in result.stderr and "python main.py transcribe" in result.stderr
