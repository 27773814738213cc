"""A model download's (or conversion's) messages, from its spawned process to the window.

::

    GUI (QTimer poll) --spawn--> engine.model_fetch.download_main(repo_id, conn) --> Hugging Face
          ^                              |
          +---- DownloadProgress* , then exactly one DownloadFinished | DownloadFailed
"""

from __future__ import annotations

from dataclasses import dataclass


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
