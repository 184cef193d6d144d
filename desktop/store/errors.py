"""Failures of the store that the user or the environment caused, each with its own exit code."""

from __future__ import annotations

from desktop.domain.errors import BadInput, ExitCode, PhilomenaError


class WrongCredentials(PhilomenaError):
    """The name, passphrase or recovery key did not open any key slot."""

    exit_code = ExitCode.WRONG_CREDENTIALS

    def __init__(self, message: str, *, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class LockedOut(PhilomenaError):
    """Too many wrong passphrases in a row; the next try must wait."""

    exit_code = ExitCode.LOCKED_OUT

    def __init__(self, wait_seconds: int) -> None:
        super().__init__(
            f"Too many wrong passphrases. Wait {wait_seconds} seconds, then try again."
        )
        self.wait_seconds = wait_seconds


class NotAStore(PhilomenaError):
    """The folder holds no store."""

    exit_code = ExitCode.NOT_A_STORE


class StoreExists(PhilomenaError):
    """Setup was asked to create a store where one already is."""

    exit_code = ExitCode.ALREADY_EXISTS


class KeyFileDamaged(PhilomenaError):
    """The key file is unreadable, damaged or has been altered."""

    exit_code = ExitCode.KEY_FILE_DAMAGED


class DatabaseDamaged(PhilomenaError):
    """The encrypted database is damaged or has been altered."""

    exit_code = ExitCode.DATABASE_DAMAGED


class NewerVersion(PhilomenaError):
    """The store was written by a newer release whose format this one does not know."""

    exit_code = ExitCode.NEWER_VERSION


class StorageError(PhilomenaError):
    """The disk is full, read-only or otherwise refused a write."""

    exit_code = ExitCode.STORAGE


class NotEnrolled(PhilomenaError):
    """The OS account's keyring lacks the device secret the passphrase slots need."""

    exit_code = ExitCode.NOT_ENROLLED


def classify(exc: BaseException) -> PhilomenaError:
    """Map a database failure to a message that names the cause, never the data."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError("The disk is full. Free some space, then try again; nothing was lost.")
    if "readonly" in text or "read-only" in text:
        return StorageError("The store is on a read-only disk or folder. Nothing was changed.")
    if "append-only" in text:
        return BadInput("Log entries cannot be changed or deleted; add a correction instead.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseDamaged(
            "The database (store.db) is damaged or has been altered: it failed its "
            "authentication check. Restore it from a backup."
        )
    if "disk i/o" in text or "unable to open" in text:
        return StorageError("The store could not be read or written (a disk input/output error).")
    return StorageError("The database refused the change. Nothing was saved.")


class AccessWithdrawn(WrongCredentials):
    """The signed-in account was closed or removed, or its way in deleted, during the session."""
