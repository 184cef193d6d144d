"""A growing wait after wrong passphrases, kept in a small non-personal file in the store folder.

This slows guessing at the keyboard; guessing a stolen key file offline is slowed by Argon2id.
Each try is checked, made and counted holding the store's key lock, so tries made at the same
moment (two windows, a script) take turns and wait exactly as tries made one after another do.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from desktop.domain.clock import Clock
from desktop.store import fsutil
from desktop.store.errors import LockedOut, StorageError
from desktop.store.keys import lock
from desktop.store.layout import ATTEMPTS_FILE_NAME

MAX_WAIT_SECONDS = 300


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong tries in a row: none at first, then doubling."""
    if failures <= 1:
        return 0
    return int(min(2 ** (failures - 1), MAX_WAIT_SECONDS))


class Lockout:
    """Counts wrong tries for one store folder."""

    def __init__(self, folder: Path, clock: Clock) -> None:
        self._folder = folder
        self._path = folder / ATTEMPTS_FILE_NAME
        self._clock = clock

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """One try: wait for the key lock, refuse while a wait is owed, then let it be made.

        Call :meth:`failed` or :meth:`succeeded` inside the block. On a read-only disk there is
        no lock and nothing can be counted: the try goes ahead.
        """
        with lock.exclusive(self._folder, required=False):
            self.check()
            yield

    def _load(self) -> tuple[int, datetime | None]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            return int(raw["failures"]), datetime.fromisoformat(raw["last"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0, None

    def check(self) -> None:
        """Raise :class:`LockedOut` while the wait after the last failure has not passed."""
        failures, last = self._load()
        if last is None:
            return
        remaining = last + timedelta(seconds=wait_after(failures)) - self._clock.now()
        if remaining.total_seconds() > 0:
            raise LockedOut(int(remaining.total_seconds()) + 1)

    def failed(self) -> int:
        """Count a failure (inside :meth:`turn`); return the seconds to wait before the next."""
        failures, _ = self._load()
        failures += 1
        data = {"failures": failures, "last": self._clock.now().isoformat()}
        with contextlib.suppress(StorageError):
            fsutil.atomic_write(self._path, json.dumps(data).encode())
        return wait_after(failures)

    def succeeded(self) -> None:
        """Forget earlier failures (inside :meth:`turn`)."""
        with contextlib.suppress(OSError):
            self._path.unlink(missing_ok=True)
