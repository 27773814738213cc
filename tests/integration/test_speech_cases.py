"""The cases' speech that was silently lost, through ``main.py transcribe`` with the default model.

One CLI run transcribes every file (one warm engine); each test checks one case's right value
from ../shared/cases/README.md.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pysubs2
import pytest
import soundfile

from tests.conftest import REPO, TESTDATA
from tests.integration.test_cli import cli

CASES = REPO.parent / "shared" / "cases" / "media"
QUIET_LINES = [  # name, (the LJ001 sentences: loud, quiet, loud), how far under (dB)
    ("quiet_line_30dB", ("LJ001-0001", "LJ001-0002", "LJ001-0003"), 30),
    ("quiet_line_40dB", ("LJ001-0001", "LJ001-0002", "LJ001-0003"), 40),
    ("quiet_line_40dB_b", ("LJ001-0007", "LJ001-0008", "LJ001-0009"), 40),
]
pytestmark = pytest.mark.slow


def words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def lj(name: str) -> np.ndarray:
    from engine.audio import decode

    return decode(TESTDATA / "en" / f"{name}.flac")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("subs")
    made = tmp_path_factory.mktemp("made")
    # More of the same kinds, made here: a quiet file at -60 dB, a clipped one, a line said 5 times.
    speech = lj("LJ001-0003")
    rms = float(np.sqrt(np.mean(speech**2)))
    soundfile.write(str(made / "quiet60.flac"), speech / rms * 10 ** (-60 / 20), 16_000)
    soundfile.write(str(made / "clipped.flac"), np.clip(speech * 12, -1, 1), 16_000)
    ninth = lj("LJ001-0009")  # at -55 dB Whisper itself lost its last word, "types", until fed louder
    soundfile.write(
        str(made / "quiet55_last_word.flac"), ninth / np.sqrt(np.mean(ninth**2)) * 10 ** (-55 / 20), 16_000
    )
    gap = np.zeros(int(0.5 * 16_000), dtype=np.float32)
    line = lj("LJ001-0008")
    soundfile.write(str(made / "five_times.flac"), np.concatenate([gap, *([line, gap] * 5)]), 16_000)
    # A line spoken 30 or 40 dB under the lines beside it, in one chunk: Whisper heard it as
    # background (1 of 4 words) and VAD missed it at 40 dB (engine.levels).
    pause = np.zeros(int(0.75 * 16_000), dtype=np.float32)
    for name, (before, quiet, after), under_db in QUIET_LINES:
        joined = [lj(before), pause, lj(quiet) * np.float32(10 ** (-under_db / 20)), pause, lj(after)]
        soundfile.write(str(made / f"{name}.flac"), np.concatenate(joined), 16_000)
    inputs = [
        CASES / "repeated_line_x8.flac",
        CASES / "quiet_-55dB_LJ001-0001.flac",
        CASES / "yes_0.4s.wav",
        TESTDATA / "timed" / "mfa_michaelandsickmichael.wav",
        made / "quiet60.flac",
        made / "clipped.flac",
        made / "five_times.flac",
        made / "quiet55_last_word.flac",
        *(made / f"{name}.flac" for name, _, _ in QUIET_LINES),
    ]
    result = cli(*inputs, "--output-dir", out, timeout=900)
    assert result.returncode == 0, result.stderr
    return out, result


def cues(run: tuple[Path, object], stem: str) -> list[pysubs2.SSAEvent]:
    return list(pysubs2.load(str(run[0] / f"{stem}.srt")))


def test_a_line_said_eight_times_gives_ten_cues(run: tuple[Path, object]) -> None:
    texts = [words(e.plaintext) for e in cues(run, "repeated_line_x8")]
    assert texts[0] == "in being comparatively modern"
    assert texts[1:9] == ["has never been surpassed"] * 8
    assert texts[9] == "than in the same operations with ugly ones" or texts[9].endswith("with ugly ones")
    assert len(texts) == 10


def test_a_line_said_eight_times_gives_ten_cues_with_tiny_en_too(tmp_path: Path) -> None:
    """A user test: tiny.en wrote the line 10 times for 8, crammed into the time of 3, two
    copies' speech without a cue (engine.recheck.amount_said now counts only words given time)."""
    result = cli(CASES / "repeated_line_x8.flac", "--model", "tiny.en", "--output-dir", tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    texts = [words(e.plaintext) for e in pysubs2.load(str(tmp_path / "repeated_line_x8.srt"))]
    assert texts[1:9] == ["has never been surpassed"] * 8 and len(texts) == 10, texts


def test_a_line_said_five_times_gives_five_cues(run: tuple[Path, object]) -> None:
    texts = [words(e.plaintext) for e in cues(run, "five_times")]
    assert len(texts) == 5
    assert all(t.endswith("never been surpassed") for t in texts)  # base hears the first "has" as "as"


def test_quiet_speech_keeps_its_first_word_at_its_time(run: tuple[Path, object]) -> None:
    first = cues(run, "quiet_-55dB_LJ001-0001")[0]
    assert words(first.plaintext).startswith("printing in the only sense")
    assert abs(first.start - 260) <= 150


@pytest.mark.parametrize("stem", ["quiet60", "clipped"])
def test_very_quiet_and_clipped_speech_give_the_same_words(run: tuple[Path, object], stem: str) -> None:
    text = " ".join(words(e.plaintext) for e in cues(run, stem))
    assert "although the chinese took impressions from wood blocks" in text
    assert "by a similar process" in text


def test_a_short_word_is_a_cue_that_ends_with_the_media(run: tuple[Path, object]) -> None:
    (cue,) = cues(run, "yes_0.4s")
    assert words(cue.plaintext) == "yes"
    assert cue.end <= soundfile.info(str(CASES / "yes_0.4s.wav")).duration * 1000 + 1


def test_speech_between_two_chunks_is_kept(run: tuple[Path, object]) -> None:
    events = cues(run, "mfa_michaelandsickmichael")
    text = " ".join(words(e.plaintext) for e in events)
    assert "i have a cold" in text
    assert "this is the sick corpus" in text
    said = [e for e in events if "i have a cold" in words(e.plaintext)]
    assert said and said[0].start <= 31_400 and said[0].end >= 30_800
    assert text.count("thanks") == 2  # once at the end of each speaker's part, never doubled at a seam


def test_very_quiet_speech_keeps_its_last_word(run: tuple[Path, object]) -> None:
    text = " ".join(words(e.plaintext) for e in cues(run, "quiet55_last_word"))
    assert text.endswith("by means of movable types")


@pytest.mark.parametrize("name, sentences, under_db", QUIET_LINES)
def test_a_line_spoken_far_under_its_neighbours_is_kept_at_its_time(
    run: tuple[Path, object], name: str, sentences: tuple[str, str, str], under_db: int
) -> None:
    import json

    manifest = {Path(e["file"]).stem: e["text"] for e in json.loads((TESTDATA / "manifest.json").read_text())}
    events = cues(run, name)
    quiet_line = words(manifest[sentences[1]])  # "in being comparatively modern", "has never been surpassed"
    text = " ".join(words(e.plaintext) for e in events)
    assert quiet_line in text, text
    # Its cues (one, or split at a pause) lie where it is spoken: after the first sentence and
    # the 0.75 s pause.
    start_ms = (len(lj(sentences[0])) / 16_000 + 0.75) * 1000
    end_ms = start_ms + len(lj(sentences[1])) / 16
    said = [e for e in events if e.end > start_ms and e.start < end_ms]
    assert " ".join(words(e.plaintext) for e in said) == quiet_line, [
        (e.start, e.end, e.plaintext) for e in said
    ]
    first, last = min(e.start for e in said), max(e.end for e in said)
    assert abs(first - start_ms) <= 500 and end_ms - 500 <= last <= end_ms + 800, (
        first,
        last,
        start_ms,
        end_ms,
    )
