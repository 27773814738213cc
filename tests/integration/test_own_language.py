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


def batches(base: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(windows, windows decoded in the batch) of each first pass (engine.one_window)."""
    seen: list[tuple[int, int]] = []
    first_pass = base._model._first_pass

    def counted(windows: list[Any]) -> list[Any]:
        kept = first_pass(windows)
        seen.append((len(windows), len(kept)))
        return kept

    monkeypatch.setattr(base._model, "_first_pass", counted)
    return seen


def test_a_german_chunk_in_an_english_file_is_written_in_german(
    base: Any, halves: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    english, german = halves
    seen = batches(base, monkeypatch)
    parts = [english[: 14 * 16_000], german, english[14 * 16_000 :]]
    detected = [list(s) for s in base.transcribe_batch(parts, "en", JobOptions())]
    assert seen == [(3, 2)]  # the German window left the batch; the English two stayed in it
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
    assert seen == [(2, 2), (2, 2)]
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
