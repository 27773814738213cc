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
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_real_model_writes_every_format(tmp_path: Path) -> None:
    result = cli(
        TESTDATA / "misc/jfk.flac",
        "--model",
        "tiny.en",
        "--format",
        "srt,ass,vtt",
        "--output-dir",
        tmp_path,
        "-v",
    )
    assert result.returncode == 0, result.stderr
    assert "ask not what your country" in result.stderr  # --verbose prints cues as they arrive
    # No language given to an English-only model: the command says what that means, once.
    assert result.stderr.count("note: --model tiny.en knows only English") == 1
    assert "--model tiny writes each language as said" in result.stderr
    for fmt in ("srt", "ass", "vtt"):
        subs = pysubs2.load(str(tmp_path / f"jfk.{fmt}"))
        text = " ".join(e.plaintext for e in subs).lower()
        assert "ask not what your country can do for you" in text.replace("\n", " ")
        assert all(len(line) <= 42 for e in subs for line in e.plaintext.splitlines())


def test_failed_files_are_reported_and_the_others_complete(
    tmp_path: Path, short_wav: Path, bad_inputs: dict[str, Path]
) -> None:
    result = cli(
        short_wav,
        bad_inputs["text.mp3"],
        bad_inputs["missing.wav"],
        "--model",
        "fake",
        *FAKE,
        "--output-dir",
        tmp_path,
    )
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


def test_a_chunk_that_keeps_failing_leaves_only_its_stretch_without_cues(
    tmp_path: Path, speech_wav: Path
) -> None:
    """Every chunk after the first kills its worker: the file still completes (exit 0) with the
    first chunk's cues, and the stretches with none are named with their times (issue 10, item 4)."""
    import re

    counter = tmp_path / "count"
    counter.mkdir()
    result = cli(
        speech_wav, "--model", f"fake?crash_after={counter}&crash_from=1", *FAKE, "--output-dir", tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert len(pysubs2.load(str(tmp_path / "speech.srt"))) >= 1
    stretch = r"\d\d:\d\d:\d\d\.\d\d\d-\d\d:\d\d:\d\d\.\d\d\d"
    assert re.search(
        rf"warning: speech\.wav: {stretch} could not be transcribed \(failed 3 times", result.stderr
    )
    assert re.search(
        rf"INCOMPLETE {re.escape(str(speech_wav))}: subtitles written, but these stretches could not "
        rf"be transcribed and have no cues: {stretch}",
        result.stderr,
    )


def test_bad_arguments_exit_with_usage(tmp_path: Path) -> None:
    result = cli(tmp_path / "x.wav", "--format", "docx")
    assert result.returncode == 2 and "unknown format docx" in result.stderr


def test_the_window_without_a_display_says_what_to_do() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "main.py"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "no display" in result.stderr and "python main.py transcribe" in result.stderr


def test_main_help_lists_the_commands_and_opens_no_window() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for flag in ("--help", "-h"):
        result = subprocess.run(
            [sys.executable, "main.py", flag], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert "open the window" in result.stdout and "main.py transcribe FILE" in result.stdout
        assert "--self-test" in result.stdout and "no display" not in result.stderr


def test_a_mistyped_command_is_refused_not_opened_as_a_file() -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "transcibe", "clip.wav"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "did you mean transcribe?" in result.stderr


def test_main_convert_runs_the_convert_command(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> there\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "main.py", "convert", str(source), str(tmp_path / "out.vtt")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    (cue,) = pysubs2.load(str(tmp_path / "out.vtt"))
    assert (cue.start, cue.end) == (1000, 2500) and "Hello" in cue.text
    helped = subprocess.run(
        [sys.executable, "main.py", "convert", "--help"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert helped.returncode == 0 and "--encoding" in helped.stdout
    listed = subprocess.run(
        [sys.executable, "main.py", "--help"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert "main.py convert IN... OUT" in listed.stdout


def test_transcribe_help_shows_defaults_and_an_example() -> None:
    result = cli("--help", timeout=60)
    assert result.returncode == 0
    flowing = " ".join(result.stdout.split())  # argparse wraps to the terminal's width
    for default in ("(default: base)", "(default: auto)", "(default: srt)", "(default: next to each file)"):
        assert default in flowing
    assert "example:\n  python main.py transcribe " in result.stdout
    assert "clip.mp4.srt" in result.stdout  # the naming rule for inputs that share a name


class EngineStarted(Exception):
    pass


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI, run in this process, raises EngineStarted where it would start the engine."""
    import engine.cli.transcribe

    def refuse(*args: object, **kwargs: object) -> None:
        raise EngineStarted

    monkeypatch.setattr(engine.cli.transcribe, "EngineClient", refuse)


def run_in_process(*args: str | Path) -> int:
    from engine.cli.transcribe import main

    try:
        return main([str(a) for a in args])
    except SystemExit as exit:
        return int(exit.code or 0)


def test_good_options_reach_the_engine(no_engine: None, short_wav: Path, tmp_path: Path) -> None:
    """The control for the tests below: with valid options the patched engine is reached."""
    with pytest.raises(EngineStarted):
        run_in_process(short_wav, "--language", "ja", "--model", "fake", *FAKE, "--output-dir", tmp_path)


@pytest.mark.parametrize(
    ("value", "likely"), [("jp", "ja (Japanese)"), ("english", "en (English)"), ("Japanese", "ja (Japanese)")]
)
def test_a_wrong_language_fails_before_the_engine_starts(
    no_engine: None, capsys: pytest.CaptureFixture[str], short_wav: Path, value: str, likely: str
) -> None:
    assert run_in_process(short_wav, "--language", value) == 2
    error = capsys.readouterr().err
    assert (
        f"argument --language: {value!r} is not a language code Whisper knows. Did you mean {likely}?"
        in error
    )
    assert "af, am, ar" in error and "zh, yue" in error


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (
            ["--model", "tiny.en", "--language", "fr"],
            "--model tiny.en knows only English, so it cannot transcribe fr (French). Use a multilingual model such as --model tiny.",
        ),
        (["--model", "tiny.en", "--language", "en"], None),
        (["--model", "nosuch"], "Unknown model 'nosuch'"),
        (["--model", "tini"], "Did you mean tiny?"),
        (["--workers", "0"], "give a number of workers from 1"),
        (["--workers", "-1"], "give a number of workers from 1"),  # started no worker and waited forever
        (["--gpus", "x"], "give GPU indexes from 0"),
        (["--gpus", "-1"], "give GPU indexes from 0"),
        (["--gpus", "99"], "--gpus 99: this computer has"),
        (["--device", "cpu", "--gpus", "0"], "--device cpu uses none"),
        (["--format", "docx"], "unknown format docx"),
        (["--format", "srt,vt"], "Did you mean vtt?"),
        (["--compute-type", "banana"], "unknown compute type 'banana'"),
        (["--compute-type", "float16", "--device", "cpu"], "--compute-type float16 cannot run on the CPU"),
    ],
)
def test_wrong_options_fail_before_the_engine_starts(
    no_engine: None,
    capsys: pytest.CaptureFixture[str],
    short_wav: Path,
    tmp_path: Path,
    options: list[str],
    says: str | None,
) -> None:
    if says is None:  # the same options made right reach the engine
        with pytest.raises(EngineStarted):
            run_in_process(short_wav, *options, "--output-dir", tmp_path)
        return
    assert run_in_process(short_wav, *options, "--output-dir", tmp_path) == 2
    assert says in capsys.readouterr().err


def srt_text(path: Path) -> str:
    return "\n".join(e.plaintext for e in pysubs2.load(str(path)))


def test_inputs_sharing_a_name_each_get_their_own_subtitles(
    tmp_path: Path, short_wav: Path, speech_wav: Path
) -> None:
    import shutil

    folder, out = tmp_path / "media", tmp_path / "out"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copy(short_wav, folder / "clip.wav")
    shutil.copy(speech_wav, folder / "clip.flac")  # not FLAC inside: the name is what matters here
    shutil.copy(short_wav, folder / "a" / "take.wav")
    shutil.copy(speech_wav, folder / "b" / "take.wav")
    solo = {}
    for name, source in (("short", short_wav), ("speech", speech_wav)):
        assert cli(source, "--model", "fake", *FAKE, "--output-dir", tmp_path / name).returncode == 0
        solo[name] = srt_text(tmp_path / name / f"{source.stem}.srt")
    assert solo["short"] != solo["speech"]

    # beside each file: clip.wav and clip.flac share one folder
    result = cli(folder / "clip.wav", folder / "clip.flac", "--model", "fake", *FAKE, "--overwrite")
    assert result.returncode == 0, result.stderr
    assert srt_text(folder / "clip.srt") == solo["short"]
    assert srt_text(folder / "clip.flac.srt") == solo["speech"]
    notice = result.stderr.index("2 inputs share the name 'clip'")
    assert notice < result.stderr.index("[")  # said before any progress
    assert f"{folder / 'clip.flac'}: wrote {folder / 'clip.flac.srt'}" in result.stderr

    # two folders into one --output-dir, the same file given twice: done once
    result = cli(
        folder / "a" / "take.wav",
        folder / "b" / "take.wav",
        folder / "a" / ".." / "a" / "take.wav",
        "--model",
        "fake",
        *FAKE,
        "--output-dir",
        out,
        "--overwrite",
    )
    assert result.returncode == 0, result.stderr
    assert srt_text(out / "take.srt") == solo["short"]
    assert srt_text(out / "take (b).srt") == solo["speech"]
    assert sorted(p.name for p in out.iterdir()) == ["take (b).srt", "take.srt"]
    assert "given more than once; transcribing it once" in result.stderr
    assert result.stderr.count(": wrote ") == 2


def test_speech_that_gives_no_text_is_never_silently_empty(tmp_path: Path, short_wav: Path) -> None:
    result = cli(short_wav, "--model", "fake?invent=1", *FAKE, "--output-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if "warning: short.wav" in line)
    assert "no text from" in warning and "s of speech" in warning and "removed as not speech" in warning
    seconds = float(warning.split("no text from ")[1].split(" s")[0])
    assert seconds >= 10  # the two joined sentences hold about 11.6 s of speech


def test_a_file_without_speech_says_so(tmp_path: Path) -> None:
    import numpy as np
    import soundfile

    silence = tmp_path / "room_tone.wav"
    soundfile.write(str(silence), np.zeros(16_000 * 8, dtype=np.float32), 16_000)
    result = cli(silence, "--model", "fake", *FAKE, "--output-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: room_tone.wav: no speech found" in result.stderr
    assert "no text from" not in result.stderr


def test_every_writable_format_is_accepted_and_listed_in_the_help(tmp_path: Path, short_wav: Path) -> None:
    """--format takes every format engine.subtitles.io writes (issue 12 item 6), by name or by
    extension; each file is named by the format's extension and reads back with pysubs2."""
    from engine.subtitles.io import writable_formats

    help_text = cli("--help").stdout
    for info in writable_formats():
        assert info.name in help_text
    frameless = [f for f in writable_formats() if not f.needs_fps]
    result = cli(
        short_wav,
        "--model",
        "fake",
        *FAKE,
        "--output-dir",
        tmp_path,
        "--format",
        ",".join(f.name for f in frameless),
    )
    assert result.returncode == 0, result.stderr
    for info in frameless:
        written = tmp_path / f"short{info.extension}"
        assert len(pysubs2.load(str(written), format_=info.name)) >= 1, info.name


@pytest.mark.parametrize(
    ("args", "noted"),
    [
        (["--model", "tiny.en"], True),
        (["--model", "tiny.en", "--language", "en"], False),  # English chosen: nothing to say
        (["--model", "base"], False),
        (["--model", "tiny.en", "--task", "translate"], True),
    ],
)
def test_an_english_only_model_with_no_language_says_what_that_means(
    tmp_path: Path, args: list[str], noted: bool
) -> None:
    """tiny.en on Chinese or Japanese speech wrote English words with no word of warning."""
    result = cli(tmp_path / "missing.wav", *args, "--output-dir", tmp_path)  # fails before any model loads
    assert result.returncode == 1 and "file not found" in result.stderr
    assert (
        "knows only English: speech in any other language comes out as English words" in result.stderr
    ) == noted
    if noted:  # review: a translation does not write what was said
        better = "translates from each language" if "translate" in args else "writes each language as said"
        assert f"--model tiny {better}." in result.stderr
