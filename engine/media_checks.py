"""Checks on a media path before any decoding, each failing with a sentence that says what to do.

A missing file, a broken link or a link loop, a folder, a FIFO or device, an empty file, a file
this user may not read, a file of zero bytes: each is caught from the path and the file's first
MB (``SNIFF_BYTES``), in well under a second, rather than by FFmpeg after a long scan.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

# numpy and the decoders are imported where audio is decoded: the command line checks its
# files and options with this module long before (and in another process than) any decoding.
if TYPE_CHECKING:
    pass


log = logging.getLogger(__name__)


SNIFF_BYTES = 2**20  # read from the head of each file before any decoding


class MediaError(Exception):
    """A file that cannot be turned into audio; the message says why and what to do."""


def check_readable(path: str | os.PathLike[str]) -> Path:
    """Fail fast, before any decoding, on the mistakes a path and the file's first MB reveal.

    Each gets its own reason: a missing file, a broken link or a link loop, a folder, a FIFO or
    device (which cannot be read more than once, and may block for ever), an empty file, a file
    this user may not read, a file of zero bytes.
    """
    p = Path(path)
    try:
        info = p.stat()  # follows links
    except OSError as error:
        raise MediaError(_stat_problem(p, error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise MediaError(f"{p}: is a folder, not a media file. Give the files inside it instead.")
    if not stat.S_ISREG(info.st_mode):
        kind = _SPECIAL_KINDS.get(stat.S_IFMT(info.st_mode), "special file")
        raise MediaError(
            f"{p}: is a {kind}, not a regular file, so it cannot be read as a media file. "
            "Save what it carries to a file first and give that file."
        )
    if info.st_size == 0:
        raise MediaError(f"{p}: the file is empty (0 bytes). It may still be copying or be damaged.")
    try:
        with open(p, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except PermissionError:
        raise MediaError(
            f"{p}: permission denied: this user may not read the file. Make it readable "
            "(e.g. chmod a+r) or copy it to a place you can read."
        ) from None
    except OSError as error:
        raise MediaError(f"{p}: cannot be read ({error.strerror or error}).") from None
    if not head.strip(b"\0"):
        # No media format starts so; FFmpeg would guess one from the name and, for .mp3 or
        # .flac, scan the whole file for a frame (20 GB of zeros held the queue for 145 s).
        held = (
            "the whole file holds" if len(head) == info.st_size else f"its first {len(head) // 2**20} MB hold"
        )
        raise MediaError(
            f"{p}: not a readable audio or video file: {held} only zero bytes (an unfinished "
            "download or a damaged copy?). Check that it plays in a media player."
        )
    return p


_SPECIAL_KINDS = {
    stat.S_IFIFO: "FIFO (named pipe)",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
}


def _stat_problem(p: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return (
            f"{p}: symbolic link loop: the link leads back to itself, so there is no file to read. "
            "Point it at the media file (ls -l shows where it leads)."
        )
    if error.errno == errno.ENOENT and p.is_symlink():
        return f"{p}: broken symbolic link: it points to {os.readlink(p)}, which does not exist."
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"{p}: file not found. Check the path and try again."
    if error.errno in (errno.EACCES, errno.EPERM):
        return (
            f"{p}: permission denied: this user may not open a folder on its path. "
            "Make the folders readable or copy the file to a place you can read."
        )
    return f"{p}: cannot be read ({error.strerror or error})."
