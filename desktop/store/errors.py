"""Failures of the store that the user or the environment caused, each with its own exit code."""

from __future__ import annotations

from desktop.domain.errors import ExitCode, PhilomenaError


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
