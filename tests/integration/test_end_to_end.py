"""The real models (offline packages tiny.en and base) on ../shared/testdata, through the engine."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.client import EngineClient
from engine.protocol import EngineConfig, JobFinished, JobOptions, LanguageDetected, SegmentsReady
from tests.conftest import LJ, TESTDATA, write_joined_speech
from tests.engine.engine_helpers import Recorder

pytestmark = pytest.mark.slow

JFK = "And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country."


def normalize(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    return float(jiwer.wer(normalize(reference), normalize(hypothesis)))


def transcribe(rec: Recorder, path: Path, options: JobOptions | None = None) -> tuple[str, list, list]:
    job = rec.client.submit(path, options)
    rec.finished(job, timeout=300)
    (terminal,) = rec.terminal(job)
    assert isinstance(terminal, JobFinished), terminal
    segments = sorted((s for e in rec.of(SegmentsReady, job) for s in e.segments), key=lambda s: s.start_ms)
    return "".join(s.text for s in segments), segments, rec.of(LanguageDetected, job)


@pytest.fixture(scope="module", params=["tiny.en", "base"])
def engine(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    with EngineClient(EngineConfig(model=request.param)) as client:
        rec = Recorder(client)
        rec.ready(timeout=120)
        rec.model = request.param  # type: ignore[attr-defined]
        yield rec


def test_jfk_gives_the_exact_sentence(engine: Recorder) -> None:
    text, segments, _ = transcribe(engine, TESTDATA / "misc/jfk.flac")
    assert normalize(text) == normalize(JFK)
    words = [w for s in segments for w in s.words]
    assert words and words[0].start_ms < 1_000 and words[-1].end_ms > 9_500


def test_sixteen_ljspeech_sentences_under_ten_percent_wer(engine: Recorder, tmp_path: Path) -> None:
    manifest = {m["file"]: m["text"] for m in json.loads((TESTDATA / "manifest.json").read_text())}
    reference = " ".join(manifest[f"en/{p.name}"] for p in LJ)
    path = write_joined_speech(tmp_path / "lj16.wav", 16, gap_s=1.0)
    text, segments, _ = transcribe(engine, path)
    assert wer(reference, text) <= 0.10, text
    assert all(a.start_ms <= b.start_ms for a, b in zip(segments, segments[1:]))


def test_no_speech_gives_no_cues(engine: Recorder) -> None:
    text, segments, _ = transcribe(engine, TESTDATA / "misc/no_speech_prompt_sv.wav")
    assert segments == [], text


def test_mandarin_comes_back_in_chinese(engine: Recorder) -> None:
    if engine.model == "tiny.en":  # type: ignore[attr-defined]
        pytest.skip("tiny.en is English-only")
    text, _, detected = transcribe(engine, TESTDATA / "zh/aishell1_BAC009S0724W0121.wav")
    assert [d.language for d in detected] == ["zh"]
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    assert len(cjk) >= 8, text
    assert "州" in text  # 广州市 / 廣州市: the first word of the reference
