"""The audit log's entries: who did what, when — never the content of what they did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from desktop.domain.ukdates import uk_datetime


class Audited(StrEnum):
    """The kinds of thing the audit log records."""

    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    EXPORT = "export"
    PRINT = "print"
    EMAIL_DRAFT = "email_draft"
    REPORT = "report"
    SENSITIVE_INCLUDED = "sensitive_included"


WORDS: dict[Audited, str] = {
    Audited.SIGN_IN: "Signed in",
    Audited.SIGN_OUT: "Signed out",
    Audited.EXPORT: "Saved a PDF",
    Audited.PRINT: "Printed",
    Audited.EMAIL_DRAFT: "Drafted an e-mail",
    Audited.REPORT: "Saved a report across the home",
    Audited.SENSITIVE_INCLUDED: "Included sensitive disclosures in a PDF or print",
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


def audit_lines(
    entries: list[AuditEntry],
    *,
    names: dict[str, str],
    children: dict[str, str],
    zone: tzinfo | None,
) -> list[str]:
    """The audit log as lines of plain words, oldest first: when, who, what (and whose)."""
    lines = []
    for e in entries:
        who = names.get(e.staff_id, "?") if e.staff_id else "The recovery key"
        about = f" ({children.get(e.child_id, 'a child')})" if e.child_id else ""
        lines.append(f"{uk_datetime(e.at, zone)}  {who}: {WORDS[e.what]}{about}")
    return lines
