"""Small, careful file operations: atomic owner-only writes and plain-English OS errors."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop.store.errors import StorageError
from desktop.store.layout import temporary_prefix

_FRIENDLY = {
    errno.ENOSPC: "The disk is full. Free some space, then try again; nothing was lost.",
    errno.EDQUOT: "The disk quota is used up. Free some space, then try again; nothing was lost.",
    errno.EROFS: "The store is on a read-only disk. Move it to a writable folder.",
    errno.EACCES: "Philomena Desk is not allowed to write to the store folder. Check its "
    "permissions.",
    errno.EPERM: "Philomena Desk is not allowed to write to the store folder. Check its "
    "permissions.",
}


def storage_error(exc: OSError) -> StorageError:
    """Turn an OS error into a message that names the cause but no file contents."""
    message = _FRIENDLY.get(exc.errno or 0)
    if message is None:
        message = (
            f"The store could not be read or written ({exc.strerror or 'input/output error'})."
        )
    return StorageError(message)


def read_bytes(path: Path) -> bytes:
    """Read a whole file, mapping OS failures to :class:`StorageError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise storage_error(exc) from None


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (a no-op where directories cannot be opened, as on Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, *, proceed: Callable[[], bool] | None = None) -> bool:
    """Write via a temporary file beside ``path``, fsync, then rename over it.

    ``proceed``, asked just before the rename, can call the write off (the temporary file is
    removed and False returned); otherwise True.
    """
    fd, tmp_name = -1, ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temporary_prefix(path.name), dir=path.parent)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        if proceed is not None and not proceed():
            return False
        os.replace(tmp_name, path)
        tmp_name = ""
        fsync_dir(path.parent)
        return True
    except OSError as exc:
        raise storage_error(exc) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def remove_strays(path: Path) -> None:
    """Delete the temporary files a killed writer of ``path`` left (call with its lock held)."""
    for stray in path.parent.glob(f"{temporary_prefix(path.name)}*"):
        with contextlib.suppress(OSError):
            stray.unlink()


def make_private_dir(folder: Path) -> None:
    """Create the store folder readable by its owner only."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc) from None
