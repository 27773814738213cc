"""Fetching and converting a model, each in a spawned process so that Cancel can really stop it.

::

    GUI (QTimer poll) --spawn--> download_main(repo_id, conn) --snapshot_download--> Hugging Face
          ^                              |
          +---- DownloadProgress* , then exactly one DownloadFinished | DownloadFailed

(the messages: engine.protocol.downloads). Cancel terminates the process. huggingface_hub keeps
every file it finished; the file that was being fetched is fetched again from its start next
time (huggingface_hub 2.x writes each attempt to a process-unique ``.incomplete`` file and cannot
reuse it), so ``engine.model_store.remove_partial_files`` clears what a terminated download left
behind. A transformers Whisper repository is converted to CTranslate2 by ``convert_main``.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from engine.hub_progress import progress_tqdm
from engine.models import MODEL_FILES, offline_models
from engine.protocol import DownloadFailed, DownloadFinished, DownloadProgress

log = logging.getLogger(__name__)

TRANSFORMERS_NEEDED = "converting a transformers model needs: pip install transformers"


def no_connection_message(reason: str) -> str:
    """What a user reads when Hugging Face cannot be reached: ``reason``, and what works offline."""
    have = ", ".join(offline_models()) or "none"
    return (
        f"No connection to Hugging Face: {reason}. Models available offline: {have}. "
        "Or add a local CTranslate2 model folder."
    )


def _progress_tqdm(conn: Connection) -> Any:
    """A tqdm class that sends the snapshot's byte counts over ``conn`` (engine.hub_progress)."""
    return progress_tqdm(lambda done, total: conn.send(DownloadProgress(done, total)))


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
        tqdm_class.report_last()
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
            tqdm_class.report_last()
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
