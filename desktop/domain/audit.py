"""The audit log's entries: who did what, when — never the content of what they did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Audited(StrEnum):
    """The kinds of thing the audit log records."""

    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    EXPORT = "export"
    PRINT = "print"
    EMAIL_DRAFT = "email_draft"


WORDS: dict[Audited, str] = {
    Audited.SIGN_IN: "Signed in",
    Audited.SIGN_OUT: "Signed out",
    Audited.EXPORT: "Saved a PDF",
    Audited.PRINT: "Printed",
    Audited.EMAIL_DRAFT: "Drafted an e-mail",
}
"""Each kind as the audit report shows it."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audited event; ``staff_id`` is None for the recovery key."""

    id: int
    at: datetime
    staff_id: str | None
    what: Audited
    child_id: str | None = None
