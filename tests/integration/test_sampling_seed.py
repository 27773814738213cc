"""A worker's sampled fallbacks are reproducible: two loads of the model give the same texts.

The fallback temperatures sample at random; CTranslate2 seeded its generator from
std::random_device, so the same command gave different transcripts run to run.
"""

from __future__ import annotations

import pytest

from tests.conftest import TESTDATA

pytestmark = pytest.mark.slow


def test_two_loads_of_the_model_sample_the_same_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import transcriber
    from engine.audio import decode
    from engine.models import resolve_model
    from engine.protocol import JobOptions

    monkeypatch.setattr(transcriber, "TEMPERATURES", (1.0,))  # always sample, as a fallback does
    audio = decode(TESTDATA / "en" / "LJ001-0009.flac")
    path = resolve_model("tiny.en", allow_download=False).path
    runs = []
    for _ in range(2):
        model = transcriber.load_model(path, "cpu", 0, "int8", 1)
        runs.append([" ".join(s.text for s in model.transcribe(audio, "en", JobOptions())) for _ in range(4)])
        del model
    assert runs[0] == runs[1]
    assert len(set(runs[0])) > 1  # it did sample: the four decodes of one load differ
