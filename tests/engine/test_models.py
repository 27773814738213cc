from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine import models
from engine.models import ModelError, resolve_model
from tests.conftest import REPO


def test_offline_packages_are_found() -> None:
    assert set(models.offline_models()) == {"tiny.en", "base"}
    tiny = resolve_model("tiny.en", allow_download=False)
    assert tiny.source == "offline package" and (Path(tiny.path) / "model.bin").is_file()


def test_base_parts_are_joined_once_and_verified(tmp_path: Path) -> None:
    target = models.join_base_parts(tmp_path / "base")
    model = target / "model.bin"
    assert model.stat().st_size == models.BASE_PARTS_SIZE
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    assert digest == models.BASE_PARTS_SHA256
    assert {"config.json", "tokenizer.json", "vocabulary.json"} <= {p.name for p in target.iterdir()}
    mtime = model.stat().st_mtime_ns
    models.join_base_parts(tmp_path / "base")
    assert model.stat().st_mtime_ns == mtime  # not joined again


def test_corrupt_parts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "BASE_PARTS_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="checksum"):
        models.join_base_parts(tmp_path / "base")
    assert not (tmp_path / "base" / "model.bin").exists()


def test_default_model_works_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHISPER_FOR_SUBS_CACHE", str(tmp_path))
    resolved = resolve_model(models.DEFAULT_MODEL, allow_download=False)
    assert resolved.source == "offline package" and str(tmp_path) in resolved.path


def test_missing_model_without_network_fails_fast_and_lists_offline_models() -> None:
    started = time.monotonic()
    with pytest.raises(ModelError) as error:
        resolve_model("small")
    assert time.monotonic() - started < 10
    message = str(error.value)
    assert "no network" in message and "tiny.en, base" in message


def test_unknown_names_and_bad_folders_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="Unknown model 'huge'.*large-v3"):
        resolve_model("huge")
    with pytest.raises(ModelError, match="model.bin or config.json is missing"):
        resolve_model(str(tmp_path))


def test_local_folder_is_used_as_is(tmp_path: Path) -> None:
    folder = tmp_path / "my-model"
    shutil.copytree(resolve_model("tiny.en").path, folder)
    resolved = resolve_model(str(folder))
    assert resolved.source == "folder" and resolved.path == str(folder)


def test_hub_names_resolve_from_the_local_hugging_face_cache(tmp_path: Path) -> None:
    """The download path's cache: a snapshot laid out as huggingface_hub stores it is found offline."""
    repo_dir = tmp_path / "models--Systran--faster-whisper-tiny.en"
    snapshot = repo_dir / "snapshots" / ("a" * 40)
    shutil.copytree(resolve_model("tiny.en").path, snapshot)
    (repo_dir / "refs").mkdir()
    (repo_dir / "refs" / "main").write_text("a" * 40)
    code = (
        "from engine.models import _hub_cached, HUB_MODELS;"
        "print(_hub_cached(HUB_MODELS['tiny.en']))"
    )
    env = dict(os.environ, HF_HUB_CACHE=str(tmp_path), HF_HUB_OFFLINE="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(snapshot)
