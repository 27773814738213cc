from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys

import numpy as np
import pytest

from engine import protocol as p
from tests.conftest import REPO

SAMPLES: list[object] = [
    p.SubmitJob("j", "/a.wav", p.JobOptions(language="zh", task=p.Task.TRANSLATE)),
    p.CancelJob("j"),
    p.Configure(p.EngineConfig(model="tiny.en", gpus=(0, 1))),
    p.Shutdown(),
    p.EngineReady("base", (p.WorkerInfo(0, "cuda", 1, "H100", "float16", True),)),
    p.ModelDownload("small", 10, 100),
    p.WorkerStatus(1, p.WorkerState.RESTARTING, "exited"),
    p.JobStarted("j", "/a.wav", 1000),
    p.JobPlanned("j", 900, 3),
    p.LanguageDetected("j", "zh", 0.9),
    p.SegmentsReady("j", 1, 0, (p.Segment(0, 10, "hi", (p.Word(0, 10, "hi", 0.5),)),)),
    p.JobProgress("j", 10, 20, 1.0, 5.0, 1.0),
    p.JobFinished("j", "en", 1000, 2, 1.0),
    p.JobCancelled("j"),
    p.JobFailed("j", "MediaError", "bad", "tb"),
    p.EngineFailed("ModelError", "no"),
    p.CancelChunk("j"),
    p.WorkerReady(0, p.WorkerInfo(0, "cpu", None, "CPU", "int8"), 0.5),
    p.WorkerLoadFailed(0, "OSError", "x"),
    p.ChunkDone("j", 0, (), "en", 0.1),
    p.ChunkCancelled("j", 0),
    p.ChunkFailed("j", 0, "E", "m"),
    p.LanguageVote("j", 0, (("en", 0.9),)),
    p.DownloadProgress(10, 100),
    p.DownloadFinished("/models/base", needs_conversion=True),
    p.DownloadFailed("no connection", "OSError", no_connection=True),
]


@pytest.mark.parametrize("message", SAMPLES, ids=lambda m: type(m).__name__)
def test_messages_round_trip_through_pickle(message: object) -> None:
    assert pickle.loads(pickle.dumps(message)) == message


def test_audio_messages_carry_numpy_audio() -> None:
    audio = np.linspace(-1, 1, 1600, dtype=np.float32)
    task = pickle.loads(pickle.dumps(p.TranscribeChunk("j", 2, audio, "en", p.JobOptions())))
    assert task.chunk_index == 2 and np.array_equal(task.audio, audio)


def test_messages_are_frozen_plain_dataclasses() -> None:
    for message in SAMPLES:
        assert dataclasses.is_dataclass(message)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(message, dataclasses.fields(message)[0].name if dataclasses.fields(message) else "x", 1)


def test_protocol_and_subtitles_import_nothing_heavy() -> None:
    code = (
        "import sys, engine.protocol, engine.subtitles, engine.client;"
        "heavy = [m for m in ('faster_whisper', 'ctranslate2', 'torch', 'PySide6', 'silero_vad') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
