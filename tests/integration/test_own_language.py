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
    assert "not en (English)" in note and "--language en" in note


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
