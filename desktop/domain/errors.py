"""One root for every failure that is the user's or the environment's, not a bug.

Each has a plain-English message safe to show anywhere (it never contains a child's details)
and a stable exit code for the command line, so scripts can tell failures apart.
"""

from __future__ import annotations

import traceback
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Exit codes of ``python -m desktop``; documented in ``--help``."""

    OK = 0
    BUG = 1
    USAGE = 2
    WRONG_CREDENTIALS = 3
    NOT_A_STORE = 4
    KEY_FILE_DAMAGED = 5
    DATABASE_DAMAGED = 6
    NEWER_VERSION = 7
    STORAGE = 8
    BAD_INPUT = 9
    LOCKED_OUT = 10
    NOT_ENROLLED = 11
    NOT_FOUND = 12
    ALREADY_EXISTS = 13
    NOT_PERMITTED = 14


EXIT_CODE_HELP: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.BUG: "unexpected error (a bug; nothing personal was written anywhere)",
    ExitCode.USAGE: "the command line was not understood",
    ExitCode.WRONG_CREDENTIALS: "wrong name, passphrase or recovery key",
    ExitCode.NOT_A_STORE: "the folder is not a Philomena Desk store",
    ExitCode.KEY_FILE_DAMAGED: "the key file is damaged or has been altered",
    ExitCode.DATABASE_DAMAGED: "the database is damaged or has been altered",
    ExitCode.NEWER_VERSION: "the store was made by a newer version of Philomena Desk",
    ExitCode.STORAGE: "the disk is full, read-only or unavailable",
    ExitCode.BAD_INPUT: "input was refused (for example a file that is not a usable photograph)",
    ExitCode.LOCKED_OUT: "too many wrong passphrases: wait before trying again",
    ExitCode.NOT_ENROLLED: "this computer account is not enrolled for this store",
    ExitCode.NOT_FOUND: "no such child, form or record",
    ExitCode.ALREADY_EXISTS: "a store already exists there",
    ExitCode.NOT_PERMITTED: "your role does not allow that (the message says who can)",
}


class PhilomenaError(Exception):
    """A failure with a message fit for a carer and an exit code fit for a script."""

    exit_code: ExitCode = ExitCode.BUG

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def bug_location(exc: BaseException) -> str:
    """Where a bug happened (file and line), without any values that could hold personal data."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return f"{type(exc).__name__} at an unknown place"
    return f"{type(exc).__name__} at {Path(frames[-1].filename).name}:{frames[-1].lineno}"


class BadInput(PhilomenaError):
    """Input the user gave that cannot be used as it is."""

    exit_code = ExitCode.BAD_INPUT


class NotFound(PhilomenaError):
    """A child, form or record that does not exist."""

    exit_code = ExitCode.NOT_FOUND


class NotPermitted(BadInput):
    """An action the signed-in person's role does not allow; the message names who may."""

    exit_code = ExitCode.NOT_PERMITTED
