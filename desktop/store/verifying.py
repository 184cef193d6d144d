"""``verify``: check the key file, every database page, the schema, and the log's chain."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlcipher3
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desktop.domain.errors import PhilomenaError
from desktop.store import chain
from desktop.store.database import Database
from desktop.store.errors import DatabaseDamaged, classify
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.migrating import current_revision, head_revision
from desktop.store.signing.crypto import Signer
from desktop.store.signing.verdict import judge
from desktop.store.signing.witness import Witness


class OlderThanWitness(DatabaseDamaged):
    """The store holds less than a witness kept outside it saw (or a different history).

    After an older copy was put in place behind the home's back, this is the alarm; right after
    restoring an older backup on purpose it is expected, and the restore says so instead.
    """


@dataclass(slots=True)
class VerifyReport:
    """What ``verify`` found; ``problems`` empty means all is well."""

    checks: list[str] = field(default_factory=list)
    problems: list[PhilomenaError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class VerifyCancelled(PhilomenaError):
    """Whoever asked for the check stopped it before it finished (nothing was found wrong yet)."""


@dataclass(slots=True)
class Steps:
    """Progress through the checks, as a whole percentage, and the way to stop between them.

    ``progress`` is told the percentage done (it may be called from the checking thread);
    ``cancel`` is set from any thread to stop at the next step or the next thousand entries.
    """

    progress: Callable[[int], None] | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def at(self, percent: float) -> None:
        """Say how far the check has got; stop if asked to."""
        if self.cancel.is_set():
            raise VerifyCancelled("The check was stopped before it finished.")
        if self.progress is not None:
            self.progress(min(100, int(percent)))


WEIGHTS = {"keys": 2, "pages": 30, "structure": 15, "signatures": 25, "chain": 28}
"""Roughly how much of a check each step takes on a store with years of records."""


def _check_key_file(keys: StoreKeys, report: VerifyReport) -> None:
    try:
        keys.on_disk()
        report.checks.append("Key file: intact and authenticated.")
    except PhilomenaError as exc:
        report.problems.append(exc)


def _check_database(db: Database, report: VerifyReport, steps: Steps) -> None:
    try:
        with db.engine.connect() as conn:
            cipher = conn.exec_driver_sql("PRAGMA cipher_integrity_check").all()
            steps.at(WEIGHTS["keys"] + WEIGHTS["pages"])
            if cipher:
                pages = ", ".join(str(r[0]) for r in cipher[:5])
                report.problems.append(
                    DatabaseDamaged(
                        "The database (store.db) has been altered or damaged: "
                        f"{len(cipher)} page(s) failed authentication ({pages}). "
                        "Restore it from a backup."
                    )
                )
            else:
                report.checks.append("Database: every page authenticated.")
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").all()
            steps.at(WEIGHTS["keys"] + WEIGHTS["pages"] + WEIGHTS["structure"])
            if [r[0] for r in integrity] != ["ok"]:
                report.problems.append(
                    DatabaseDamaged(
                        "The database (store.db) is damaged: its structure check failed. "
                        "Restore it from a backup."
                    )
                )
            else:
                report.checks.append("Database: structure intact.")
            if conn.exec_driver_sql("PRAGMA foreign_key_check").all():
                report.problems.append(
                    DatabaseDamaged(
                        "The database (store.db) has records that point at missing records."
                    )
                )
            revision, head = current_revision(conn), head_revision()
            if revision == head:
                report.checks.append(f"Schema: version {revision}, current.")
            else:
                report.problems.append(
                    DatabaseDamaged(
                        f"The database schema is at version {revision}, expected {head}."
                    )
                )
    except (DBAPIError, sqlcipher3.DatabaseError) as exc:
        report.problems.append(classify(exc))


def _check_chain(db: Database, keys: StoreKeys, report: VerifyReport, steps: Steps) -> None:
    start = 100 - WEIGHTS["chain"]
    try:
        with db.session() as session:
            total = max(1, session.scalar(text("SELECT count(*) FROM log_entry")) or 0)
            broken = list(
                chain.problems(
                    session,
                    keys.chain_key,
                    walked=lambda done: steps.at(start + WEIGHTS["chain"] * done / total),
                )
            )
    except PhilomenaError as exc:
        report.problems.append(exc)
        return
    report.problems.extend(DatabaseDamaged(f"The timed log has been altered: {p}") for p in broken)
    if not broken:
        report.checks.append("Timed log: every entry authenticated and in order.")


@contextlib.contextmanager
def reading(db: Database) -> Iterator[Any]:
    """A driver cursor for reading only (no write lock: a store on a read-only disk verifies)."""
    try:
        raw = db.engine.raw_connection()
        try:
            yield raw.cursor()
        finally:
            raw.close()
    except (DBAPIError, sqlcipher3.DatabaseError) as exc:
        raise classify(exc) from None


def _check_signatures(
    db: Database,
    keys: StoreKeys,
    report: VerifyReport,
    found: list[Witness],
    signer: Signer | None,
) -> None:
    try:
        with reading(db) as cursor:
            verdict = judge(cursor, keys.store_id, keys.chain_key, found, signer)
    except PhilomenaError as exc:
        report.problems.append(exc)
        return
    except (DBAPIError, sqlcipher3.DatabaseError) as exc:
        report.problems.append(classify(exc))
        return
    report.checks.extend(verdict.checks)
    report.problems.extend(DatabaseDamaged(p) for p in verdict.problems)
    report.problems.extend(OlderThanWitness(p) for p in verdict.older)
    report.warnings.extend(verdict.warnings)


def quick_check(db: Database, keys: StoreKeys) -> VerifyReport:
    """What every sign-in checks in a moment: the key file, and the log's authenticated head.

    The full check (every page and every entry) runs on demand and after each backup.
    """
    report = VerifyReport()
    _check_key_file(keys, report)
    try:
        with db.session() as session:
            broken = list(chain.head_problems(session, keys.chain_key))
    except PhilomenaError as exc:
        report.problems.append(exc)
        return report
    report.problems.extend(DatabaseDamaged(f"The timed log has been altered: {p}") for p in broken)
    if not broken:
        report.checks.append("Timed log: its newest entry is authentic.")
    return report


def verify(
    db: Database,
    keys: StoreKeys,
    *,
    without_passphrase: int = 0,
    witnesses: list[Witness] | None = None,
    signer: Signer | None = None,
    steps: Steps | None = None,
) -> VerifyReport:
    """Check everything that can be checked, and say plainly what is wrong.

    ``steps`` reports progress and can stop the check (:class:`VerifyCancelled`).
    """
    steps = steps or Steps()
    report = VerifyReport()
    steps.at(0)
    _check_key_file(keys, report)
    steps.at(WEIGHTS["keys"])
    _check_database(db, report, steps)
    steps.at(100 - WEIGHTS["chain"] - WEIGHTS["signatures"])
    _check_signatures(db, keys, report, witnesses or [], signer)
    steps.at(100 - WEIGHTS["chain"])
    _check_chain(db, keys, report, steps)
    steps.at(100)
    weak = keys.weak_slots()
    if weak:
        report.warnings.append(
            f"{weak} key slot(s) use weaker than production key derivation "
            "(made for testing). Reset those passphrases before real use."
        )
    else:
        report.checks.append("Key slots: production-strength key derivation.")
    if without_passphrase:
        report.warnings.append(
            f"{without_passphrase} account(s) have no passphrase in the key file (it may have "
            "been restored from an older backup), so they cannot sign in. An administrator, or "
            "the recovery key, can give each a new passphrase."
        )
    if keys.first_release:
        report.warnings.append(
            "This store was set up by the first release, so its timed log is sealed with a key "
            "derived from the database key: someone holding the database key could re-seal an "
            "altered log. Stores set up by later releases keep the two keys apart."
        )
    if not keys.device_bound:
        report.warnings.append(
            "This store is not bound to a computer (no keyring was available at setup): "
            "a copy of the folder opens with a passphrase alone."
        )
    return report
