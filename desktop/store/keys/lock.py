"""One exclusive lock, across processes, for the key file and the count of wrong passphrases.

Two windows, the command line, or two people's sessions on one PC may change key slots or try a
passphrase at the same moment. Each takes this lock first, so changes and tries happen one after
another exactly as if made in turn: a change reads the file it builds on under the lock, and a
wrong guess is counted before the next guess is checked. The operating system releases the lock
when its holder dies, so a crash never leaves the store locked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import filelock

from desktop.store import fsutil
from desktop.store.errors import StorageError
from desktop.store.layout import ATTEMPTS_FILE_NAME, KEY_FILE_NAME, KEY_LOCK_FILE_NAME

WAIT_SECONDS = 60.0
"""A holder keeps the lock for milliseconds (or one key derivation while signing in)."""

BUSY = (
    "Another session has been changing this store's sign-ins for over a minute, so nothing "
    "was changed. Try again; if this keeps happening, restart the computer."
)


@contextlib.contextmanager
def exclusive(folder: Path, *, wait: float = WAIT_SECONDS, required: bool = True) -> Iterator[bool]:
    """Hold the store folder's key lock for the block; yield whether it is held.

    ``required=False`` is for signing in to a store on a read-only disk, where the lock file
    cannot be made: nothing can be written there either, so there is nothing to take turns at.
    What a killed holder left half-written is cleared as soon as the lock is taken.
    """
    lock = filelock.FileLock(folder / KEY_LOCK_FILE_NAME, timeout=wait)
    try:
        lock.acquire()
        held = True
    except filelock.Timeout:
        raise StorageError(BUSY) from None
    except OSError as exc:
        if required:
            raise fsutil.storage_error(exc) from None
        held = False
    try:
        if held:
            for name in (KEY_FILE_NAME, ATTEMPTS_FILE_NAME):
                fsutil.remove_strays(folder / name)
        yield held
    finally:
        if held:
            lock.release()
