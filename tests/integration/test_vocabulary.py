"""Names and terms the user gives: hotwords and a prompt for the model, a glossary for the cues
(issue 13, point 6)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from multiprocessing import Pipe
from pathlib import Path
from typing import Any

import numpy as np
import pysubs2
import pytest

from engine.protocol import ChunkDone, JobOptions, Segment, TranscribeChunk, Word
from tests.conftest import LJ
from tests.integration.test_cli import FAKE, cli, run_in_process

# ---------------------------------------------------------------- the model gets them


class FakeWhisperModel:
    """faster_whisper.WhisperModel as far as engine.transcriber uses it, recording each call."""

    calls: list[dict[str, Any]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.model = argparse.Namespace(is_multilingual=True)

    def transcribe(self, audio: object, **kwargs: Any) -> tuple[list[Any], None]:
        FakeWhisperModel.calls.append(kwargs)
        return [], None


def test_hotwords_and_prompt_reach_faster_whisper(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import one_window
    from engine.transcriber import WhisperTranscriber

    monkeypatch.setattr(one_window, "OneWindowWhisper", FakeWhisperModel)
    FakeWhisperModel.calls = []
    model = WhisperTranscriber("folder", "cpu", 0, "int8", 1)
    options = JobOptions(hotwords="Mikael, Kubernetes", initial_prompt="A talk about clusters.")
    list(model.transcribe(np.zeros(16_000, np.float32), "en", options))
    list(model.transcribe(np.zeros(16_000, np.float32), "en", JobOptions()))
    assert [(c["hotwords"], c["initial_prompt"]) for c in FakeWhisperModel.calls] == [
        ("Mikael, Kubernetes", "A talk about clusters."),
        (None, None),
    ]


def _seg(text: str, start: int, end: int) -> Segment:
    parts = text.split()
    step = (end - start) // len(parts)
    words = tuple(Word(start + i * step, start + (i + 1) * step, " " + p, 0.9) for i, p in enumerate(parts))
    return Segment(start, end, " " + text, words)


class Recorder:
    """A model whose first answer is long, unpunctuated and repeats itself, so that the worker
    decodes again by stretch and for style; every call's options are kept."""

    def __init__(self) -> None:
        self.options: list[JobOptions] = []

    def transcribe(self, audio: np.ndarray, language: str | None, options: JobOptions) -> Iterator[Segment]:
        self.options.append(options)
        ms = audio.size // 16
        if ms == 12_000:
            yield _seg("so we said it so we said it so we said it and then nothing", 0, 5_000)
        else:
            yield _seg("so we said it and more words", 0, max(10, ms - 10))


@pytest.mark.parametrize(
    "options",
    [
        JobOptions(hotwords="Mikael"),
        JobOptions(initial_prompt="Mikael spoke."),
        JobOptions(hotwords="Mikael", initial_prompt="Hi."),
    ],
)
def test_the_users_words_reach_every_decode_of_a_chunk(options: JobOptions) -> None:
    from engine.worker import _transcribe

    model = Recorder()
    speech = ((100, 1_500), (2_500, 4_000), (5_000, 7_000), (8_000, 11_000))
    chunk = TranscribeChunk("j", 0, np.zeros(16 * 12_000, np.float32), "en", options, speech)
    mine, _theirs = Pipe()  # the supervisor's end stays open: no cancel comes
    assert isinstance(_transcribe(model, chunk, mine), ChunkDone)
    assert len(model.options) >= 5  # the first pass and the stretches (and style, without a prompt)
    assert {o.hotwords for o in model.options} == {options.hotwords}
    if options.initial_prompt is not None:  # the user's prompt is never swapped for the style prompt
        assert {o.initial_prompt for o in model.options} == {options.initial_prompt}


# ---------------------------------------------------------------- the command line


@pytest.fixture
def captured_run(monkeypatch: pytest.MonkeyPatch) -> list[tuple[JobOptions, argparse.Namespace]]:
    """engine.cli.transcribe.run replaced by a recorder: main's options, nothing transcribed."""
    import engine.cli.transcribe

    seen: list[tuple[JobOptions, argparse.Namespace]] = []

    def record(files: object, config: object, options: JobOptions, args: argparse.Namespace) -> int:
        seen.append((options, args))
        return 0

    monkeypatch.setattr(engine.cli.transcribe, "run", record)
    return seen


def test_cli_hotwords_and_prompt_become_job_options(
    captured_run: list[Any], short_wav: Path, tmp_path: Path
) -> None:
    run_in_process(
        short_wav,
        "--hotwords",
        " Mikael, Kubernetes ",
        "--prompt",
        "A talk about clusters.",
        "--output-dir",
        tmp_path,
    )
    run_in_process(short_wav, "--hotwords", "", "--output-dir", tmp_path)
    (first, _), (plain, _) = captured_run
    assert (first.hotwords, first.initial_prompt) == ("Mikael, Kubernetes", "A talk about clusters.")
    assert (plain.hotwords, plain.initial_prompt) == (None, None)


def test_as_heard_turns_the_quiet_speech_search_off(
    captured_run: list[Any], short_wav: Path, tmp_path: Path
) -> None:
    run_in_process(short_wav, "--output-dir", tmp_path)
    run_in_process(short_wav, "--as-heard", "--output-dir", tmp_path)
    (default, _), (as_heard, _) = captured_run
    assert default.quiet_speech and not as_heard.quiet_speech


def test_a_malformed_glossary_stops_the_cli_before_any_work(
    captured_run: list[Any], capsys: pytest.CaptureFixture[str], short_wav: Path, tmp_path: Path
) -> None:
    glossary = tmp_path / "names.txt"
    glossary.write_text("# names\nKubernetis → Kubernetes\nMikael Michael\n", encoding="utf-8")
    assert run_in_process(short_wav, "--glossary", glossary, "--output-dir", tmp_path) == 2
    error = capsys.readouterr().err
    assert f"argument --glossary: {glossary}: line 3 has no arrow" in error
    assert "wrong → right" in error
    assert run_in_process(short_wav, "--glossary", tmp_path / "none.txt", "--output-dir", tmp_path) == 2
    assert "none.txt not found" in capsys.readouterr().err
    assert captured_run == []  # nothing was started


def test_the_glossary_changes_the_written_cues(tmp_path: Path, short_wav: Path) -> None:
    glossary = tmp_path / "g.txt"
    glossary.write_text("here -> there\n", encoding="utf-8")
    result = cli(short_wav, "--model", "fake", *FAKE, "--output-dir", tmp_path, "--glossary", glossary)
    assert result.returncode == 0, result.stderr
    texts = [e.plaintext for e in pysubs2.load(str(tmp_path / "short.srt"))]
    words = " ".join(texts).split()
    assert words and set(words) == {"speech", "there"}, texts


# ---------------------------------------------------------------- the real model


@pytest.mark.slow
def test_a_made_up_spelling_comes_out_only_with_hotwords() -> None:
    """LJ001-0007 says "the Gutenberg"; tiny.en writes "Gutenberg" unless told "Guttenbergh"."""
    from engine.audio import decode
    from engine.models import offline_models, resolve_model
    from engine.transcriber import WhisperTranscriber

    if "tiny.en" not in offline_models():
        pytest.skip("tiny.en is not installed")
    model = WhisperTranscriber(resolve_model("tiny.en", allow_download=False).path, "cpu", 0, "int8", 1)
    audio = decode(LJ[6])[: 16_000 * 6]  # "The earliest book printed with movable types, the Gutenberg,"

    def text(options: JobOptions) -> str:
        return "".join(s.text for s in model.transcribe(audio, "en", options))

    plain, told = text(JobOptions(language="en")), text(JobOptions(language="en", hotwords="Guttenbergh"))
    print(f"without: {plain!r}\nwith: {told!r}", file=sys.stderr)
    assert "Gutenberg" in plain and "Guttenbergh" not in plain
    assert "Guttenbergh" in told


@pytest.mark.slow
def test_the_cli_writes_the_hotword_spelling_in_the_cues(tmp_path: Path) -> None:
    """The whole path (engine, worker's second looks, segmentation): --hotwords reaches the cues."""
    import soundfile

    from engine.audio import decode

    clip = tmp_path / "gutenberg.wav"
    soundfile.write(str(clip), decode(LJ[6])[: 16_000 * 6], 16_000)
    result = cli(
        clip, "--model", "tiny.en", "--workers", "1", "--hotwords", "Guttenbergh", "--output-dir", tmp_path
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(e.plaintext for e in pysubs2.load(str(tmp_path / "gutenberg.srt")))
    assert "Guttenbergh" in text, text
