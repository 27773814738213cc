"""Atomic file writes that never replace an existing file unless asked.

A crash or a full disk mid-write must not leave half a subtitle file or project behind, so data
goes to a temporary file in the target's folder (same filesystem), is flushed to disk, then
renamed into place. Without ``overwrite`` the final step is a hard link, which fails if the name
appeared meanwhile, so even a race cannot clobber a file the user did not agree to replace.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["CannotWriteError", "write_atomic"]

log = logging.getLogger(__name__)


class CannotWriteError(OSError):
    """A file that cannot be written, as a sentence naming it and what to do (``errno`` kept);
    ``str()`` is the sentence alone, without the ``[Errno 13]`` of a plain OSError."""

    def __str__(self) -> str:
        return str(self.strerror)


def _exists_error(path: Path) -> FileExistsError:
    return FileExistsError(f"{path} already exists; it was kept (choose another name, or allow replacing it)")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; FileExistsError if it exists and not ``overwrite``;
    any other OSError names ``path`` and what to do (never the temporary file)."""
    target = Path(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        if not overwrite:
            raise _exists_error(target)
    except FileNotFoundError:
        mode = 0o644
    try:
        _write(target, data, mode, overwrite)
    except FileExistsError:
        raise
    except OSError as e:
        # The OS names the temporary file ("/proc/.x.vtt.vhg2hj75.tmp"), which the user never
        # asked for: name the target and what to do.
        raise CannotWriteError(e.errno, _cannot_write(target, e)) from None


def _cannot_write(target: Path, e: OSError) -> str:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{target} cannot be written: the disk is full; free some space or choose another disk"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT):
        return (
            f"{target} cannot be written: the folder {target.parent} does not take new files; "
            "choose a folder you can write to"
        )
    reason = (e.strerror or "the system refused").lower()
    return f"{target} cannot be written ({reason}); choose another folder"


def _write(target: Path, data: bytes, mode: int, overwrite: bool) -> None:
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
