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


def test_missing_model_without_network_fails_fast_and_lists_offline_models(tmp_path: Path) -> None:
    """No HF_HUB_OFFLINE here: the hub address refuses connections, as with no network."""
    code = (
        "from engine.models import resolve_model, ModelError\n"
        "try:\n    resolve_model('small')\nexcept ModelError as e:\n    print(e)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(HF_ENDPOINT="http://127.0.0.1:9", HF_HUB_CACHE=str(tmp_path), HF_HUB_ETAG_TIMEOUT="5")
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert time.monotonic() - started < 20
    message = out.stdout
    assert "Could not download 'small'" in message and "no network" in message
    assert "tiny.en, base" in message


def test_unknown_names_and_bad_folders_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="Unknown model 'huge'.*large-v3"):
        resolve_model("huge")
    with pytest.raises(ModelError, match="model.bin or config.json is missing"):
        resolve_model(str(tmp_path))


def test_model_names_are_checked_without_the_network_or_the_cache(tmp_path: Path) -> None:
    assert models.check_model_spec("tiny") == "Systran/faster-whisper-tiny"
    assert models.check_model_spec("owner/some-model") == "owner/some-model"
    assert models.check_model_spec(str(tmp_path)) is None
    with pytest.raises(ModelError, match="Unknown model 'tini'. Did you mean tiny?"):
        models.check_model_spec("tini")
    with pytest.raises(ModelError, match="Model folder not found"):
        models.check_model_spec("./no-such-folder")


def test_english_only_models_are_known_by_name_and_by_vocabulary() -> None:
    assert models.english_only("tiny.en") and models.english_only("Systran/faster-whisper-small.en")
    assert not models.english_only("base") and not models.english_only("large-v3-turbo")
    assert models.english_only(resolve_model("tiny.en").path)  # a folder: its vocabulary says so
    assert not models.english_only(resolve_model("base").path)


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
    code = "from engine.models import _hub_cached, HUB_MODELS;print(_hub_cached(HUB_MODELS['tiny.en']))"
    env = dict(os.environ, HF_HUB_CACHE=str(tmp_path), HF_HUB_OFFLINE="1")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(snapshot)


def test_download_path_fetches_a_named_model_with_progress(tmp_path: Path) -> None:
    """resolve_model's real download code against a hub on 127.0.0.1 serving the tiny.en files."""
    from tests.engine.fake_hub import FakeHub

    source = Path(resolve_model("tiny.en").path)
    code = (
        "import json; from engine.models import resolve_model;"
        "seen = [];"
        "r = resolve_model('tiny.en-hub', progress=lambda d, t: seen.append((d, t)));"
        "print(json.dumps({'path': r.path, 'source': r.source, 'last': seen[-1] if seen else None}))"
    )
    with FakeHub("Systran/faster-whisper-tiny.en", source) as hub:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
        env.update(HF_ENDPOINT=hub.url, HF_HUB_CACHE=str(tmp_path / "hub"), HF_HUB_DISABLE_XET="1")
        out = subprocess.run(
            [sys.executable, "-c", code.replace("tiny.en-hub", "Systran/faster-whisper-tiny.en")],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        result = __import__("json").loads(out.stdout.strip().splitlines()[-1])
        assert result["source"] == "download"
        downloaded = Path(result["path"]) / "model.bin"
        assert downloaded.read_bytes() == (source / "model.bin").read_bytes()
        size = (source / "model.bin").stat().st_size
        assert result["last"] is not None and result["last"][0] >= size
        assert any(r.startswith("GET /Systran/faster-whisper-tiny.en/resolve/") for r in hub.requests)
