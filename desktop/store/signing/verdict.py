"""What ``verify`` says about signatures, the append-only protections and the witnesses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.domain.clock import LONDON
from desktop.domain.ukdates import uk_datetime
from desktop.store.signing import checking
from desktop.store.signing.crypto import Signer
from desktop.store.signing.witness import Witness


@dataclass(slots=True)
class Verdict:
    """Plain sentences: what is well, what is wrong, what to know."""

    checks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    older: list[str] = field(default_factory=list)
    """The store is older than (or departs from) a witness: expected after restoring a backup."""


def _where(witness: Witness) -> str:
    when = f", made {uk_datetime(witness.made_at, LONDON)}" if witness.made_at else ""
    return f"{witness.source}{when}"


def _compare(cursor: Any, witness: Witness, count: int, store_id: str, verdict: Verdict) -> None:
    if witness.count > count:
        verdict.older.append(
            f"This store is older than its witness ({_where(witness)}): the witness records "
            f"{witness.count} signed records and the store holds {count}. An older copy of the "
            "store may have been put in place, or the newest records were removed."
        )
        return
    if witness.count == 0:
        return
    found = cursor.execute("SELECT hash FROM ledger WHERE id = ?", (witness.count,)).fetchone()
    if found is None or not witness.matches(str(found[0])):
        verdict.older.append(
            f"This store's history differs from its witness ({_where(witness)}): signed record "
            f"{witness.count} is not the one the witness saw. The store was altered or replaced."
        )
        return
    if witness.signature is not None:
        key = cursor.execute(
            "SELECT public_key FROM signing_key WHERE id = ?", (witness.key_id,)
        ).fetchone()
        if key is None or not witness.signed_by(bytes(key[0]), store_id):
            verdict.problems.append(f"The witness ({_where(witness)}) is not properly signed.")
            return
    verdict.checks.append(f"Witness: the store is at least as new as {_where(witness)}.")


def judge(
    cursor: Any,
    store_id: str,
    chain_key: bytes,
    witnesses: list[Witness],
    signer: Signer | None,
) -> Verdict:
    """Check the ledger, the triggers, the episodes' logs and every witness found."""
    verdict = Verdict()
    found = checking.walk_ledger(cursor, store_id, chain_key)
    count = found.head.count if found.head else 0
    missing = checking.missing_protections(cursor)
    if missing:
        verdict.problems.append(
            "The database's protection that refuses changes to the log, the signed records "
            "or the signing keys was removed outside Philomena Desk "
            f"({len(missing)} of {len(checking.TRIGGERS)} missing)."
        )
    empty = checking.episodes_without_log(cursor)
    if empty:
        verdict.problems.append(
            f"{empty} episode(s) have no log entries at all: every episode starts with one, "
            "so the log was deleted outside Philomena Desk."
        )
    verdict.problems.extend(found.problems)
    verdict.warnings.extend(found.warnings)
    if count == 0:
        if signer is not None or any(w.count for w in witnesses):
            verdict.problems.append(
                "The signed records are missing entirely: they were deleted outside Philomena Desk."
            )
        else:
            verdict.warnings.append(
                "Records are not signed yet: they will be sealed when an administrator next "
                "signs in."
            )
        return verdict
    if signer is not None:
        on_record = cursor.execute(
            "SELECT staff_id IS ? FROM signing_key WHERE id = ?", (signer.staff_id, signer.key_id)
        ).fetchone()
        if not (on_record and on_record[0]):
            verdict.problems.append(
                "Your own signing key is not the one on record for you: the signing keys were "
                "replaced outside Philomena Desk."
            )
    if not found.problems:
        sealed = f" ({found.sealed} sealed by the first signed checkpoint)" if found.sealed else ""
        verdict.checks.append(
            f"Signed records: all {count} signed by their authors and in order{sealed}."
        )
    for witness in sorted(witnesses, key=lambda w: w.count, reverse=True):
        _compare(cursor, witness, count, store_id, verdict)
    if not witnesses:
        verdict.warnings.append(
            "No witness was found outside the store (no backup, keyring or code), so a store "
            "put back to an older copy could not be noticed."
        )
    return verdict
