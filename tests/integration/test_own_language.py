"""A chunk clearly in another language than the file's detected one is written in its own
(engine.own_language): testdata misc/multilingual.mp3 is English to 29.3 s, then German; with
the file's language (English) forced on every chunk, base wrote invented English over the
German ("Each of these software and the available documentation data ...")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.protocol import JobOptions, Segment
from tests.conftest import TESTDATA
from tests.integration.test_cli import cli

MULTILINGUAL = TESTDATA / "misc" / "multilingual.mp3"
GERMAN = ("der", "und", "die", "zu")  # words the German half says, and English never writes


def words(segments: list[Segment]) -> list[str]:
    return " ".join(s.text for s in segments).lower().replace(",", " ").replace(".", " ").split()


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def halves() -> tuple[np.ndarray, np.ndarray]:
    """multilingual.mp3's English (1.6-29.3 s) and German (31.0-47.6 s) chunks, as the engine plans them."""
    from engine.audio import decode

    audio = decode(MULTILINGUAL)
    return audio[int(1.6 * 16_000) : int(29.3 * 16_000)], audio[int(31.0 * 16_000) : int(47.6 * 16_000)]


@pytest.fixture(scope="module")
def base() -> Any:
    from engine.models import resolve_model
    from engine.transcriber import load_model

    return load_model(str(resolve_model("base", allow_download=False).path), "cpu", 0, "int8", 2)


def batches(base: Any, monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The sizes of the batches each first pass made of its windows (engine.one_window)."""
    seen: list[list[int]] = []
    first_pass = base._model._first_pass

    def counted(windows: list[Any]) -> list[list[Any]]:
        made = first_pass(windows)
        seen.append([len(batch) for batch in made])
        return made

    monkeypatch.setattr(base._model, "_first_pass", counted)
    return seen


def test_a_german_chunk_in_an_english_file_is_written_in_german(
    base: Any, halves: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    english, german = halves
    seen = batches(base, monkeypatch)
    parts = [english[: 14 * 16_000], german, english[14 * 16_000 :]]
    detected = [list(s) for s in base.transcribe_batch(parts, "en", JobOptions())]
    assert seen == [[2, 1]]  # the German window left the batch; the English two stayed in it
    assert {s.language for s in detected[0] + detected[2]} == {""}
    assert "copy" in words(detected[0]) and "software" in words(detected[2])
    assert {s.language for s in detected[1]} == {"de"}
    assert all(w in words(detected[1]) for w in GERMAN), words(detected[1])

    alone = list(base.transcribe(german, "en", JobOptions()))  # a chunk decoded by itself
    assert {s.language for s in alone} == {"de"} and words(alone) == words(detected[1])


def test_a_language_the_user_chose_is_kept_for_every_chunk(base: Any, halves: Any) -> None:
    english, german = halves
    chosen = [list(s) for s in base.transcribe_batch([english, german], "en", JobOptions(language="en"))]
    assert {s.language for segments in chosen for s in segments} == {""}
    assert not all(w in words(chosen[1]) for w in GERMAN)  # Whisper made English of it, as asked


def test_chunks_in_the_files_language_decode_as_before(
    base: Any, halves: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asking each window its language changes nothing where it is the file's: the same batch
    (review: every window but the first once left it), the same segments, to the millisecond."""
    english, _german = halves
    seen = batches(base, monkeypatch)
    parts = [english[: 12 * 16_000], english[12 * 16_000 :]]
    asked = [list(s) for s in base.transcribe_batch(parts, "en", JobOptions())]
    chosen = [list(s) for s in base.transcribe_batch(parts, "en", JobOptions(language="en"))]
    assert seen == [[2], [2]]
    assert asked == chosen and any(asked)


def test_the_command_says_which_stretch_is_in_another_language(tmp_path: Path) -> None:
    result = cli(MULTILINGUAL, "--model", "base", "--output-dir", tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "multilingual.srt").read_text(encoding="utf-8")
    assert "Permission" in text and "Software" in text and " der " in text
    note = next(
        line for line in result.stdout.splitlines() + result.stderr.splitlines() if "de (German)" in line
    )
    assert "en (English), but" in note and "--language en" in note


def test_windows_found_in_one_other_language_are_decoded_as_a_batch_of_their_own(
    base: Any, halves: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bilingual file (an interview and its interpreter) keeps both languages batched: the
    German windows decode together, and each says what it says decoded alone."""
    english, german = halves
    seen = batches(base, monkeypatch)
    parts = [english[: 14 * 16_000], german[: 8 * 16_000], german[8 * 16_000 :], english[14 * 16_000 :]]
    together = [list(s) for s in base.transcribe_batch(parts, "en", JobOptions())]
    assert seen == [[2, 2]]
    assert [{s.language for s in segments} for segments in together] == [{""}, {"de"}, {"de"}, {""}]
    for part, segments in zip(parts[1:3], together[1:3]):
        alone = list(base.transcribe(part, "en", JobOptions()))
        assert [(s.start_ms, s.end_ms, s.text) for s in segments] == [
            (s.start_ms, s.end_ms, s.text) for s in alone
        ]


@pytest.mark.parametrize(("english_s", "german_s"), [(13, 14), (16, 11), (18, 9)])
def test_a_window_holding_both_languages_is_decoded_in_runs_of_one(
    base: Any, halves: Any, english_s: int, german_s: int
) -> None:
    """A chunk at the edge between an English block and a German one (user tests: bilingual
    files of 45-60 s blocks). Asked once, 16 s + 11 s gave en 0.11 and was decoded in English,
    which dropped the German; 18 s + 9 s gave de 0.96 and was decoded in German, which dropped
    the German too. The worker now decodes such a chunk again in runs of one language."""
    from multiprocessing import Pipe

    from engine.protocol import ChunkDone, TranscribeChunk
    from engine.worker import _transcribe

    english, german = halves
    tail, head = english[-english_s * 16_000 :], german[: german_s * 16_000]
    audio = np.concatenate([tail, np.zeros(16_000, np.float32), head])
    first = base.transcribe(audio, "en", JobOptions())
    list(first)
    assert first.mixed_with[:1] == ("de",)

    mine, _theirs = Pipe()
    edge = english_s * 1000 + 500  # each block one VAD region: the stretches meet in the pause
    speech = ((0, english_s * 1000), (english_s * 1000 + 1000, (english_s + 1 + german_s) * 1000))
    done = _transcribe(base, TranscribeChunk("j", 0, audio, "en", JobOptions(), speech), mine)
    assert isinstance(done, ChunkDone)
    english_part = [s for s in done.segments if s.start_ms < edge]
    german_part = [s for s in done.segments if s.start_ms >= edge]
    assert {s.language for s in english_part} == {""} and "software" in words(english_part)
    assert {s.language for s in german_part} == {"de"}
    assert sum(w in words(german_part) for w in GERMAN) >= 2, words(german_part)
