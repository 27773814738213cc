"""Atomic file writes that never replace an existing file unless asked.

A crash or a full disk mid-write must not leave half a subtitle file or project behind, so data
goes to a temporary file in the target's folder (same filesystem), is flushed to disk, then
renamed into place. Without ``overwrite`` the final step is a hard link, which fails if the name
appeared meanwhile, so even a race cannot clobber a file the user did not agree to replace.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]

log = logging.getLogger(__name__)


def _exists_error(path: Path) -> FileExistsError:
    return FileExistsError(f"{path} already exists; it was kept (choose another name, or allow replacing it)")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; FileExistsError if it exists and not ``overwrite``."""
    target = Path(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        if not overwrite:
            raise _exists_error(target)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):  # some filesystems have no permissions to set
            os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the name exists: no silent replacement
            except FileExistsError:
                raise _exists_error(target) from None
            except OSError:  # no hard links here (FAT, some network shares)
                if target.exists():
                    raise _exists_error(target) from None
                os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    log.debug("wrote %s (%d bytes)", target, len(data))
