"""Checking the ledger: every row linked, hashed and signed by a key on record for its author.

Then every record in the store is compared with the newest ledger row about it. A problem names
the first broken record, what kind of record it is, who made it and when, in plain words: an
administrator holding every key still cannot sign as someone else, so a changed, removed, moved
or forged record shows up here even when the log's HMAC chain was re-made around it.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.domain.clock import LONDON
from desktop.domain.ukdates import uk_datetime
from desktop.store.signing import records
from desktop.store.signing.crypto import key_id, verifies
from desktop.store.signing.ledger import (
    GENESIS,
    LEDGER_COLUMNS,
    Head,
    Row,
    head_mac,
    row_hash,
)

TRIGGERS = (
    "log_entry_no_update",
    "log_entry_no_delete",
    "ledger_no_update",
    "ledger_no_delete",
    "signing_key_no_update",
    "signing_key_no_delete",
)
"""The database's own refusals of changes to what is append-only."""
CLOSING = ("closed", "removed")


@dataclass(slots=True)
class Findings:
    """What checking the ledger found, in order."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    head: Head | None = None
    sealed: int = 0


@dataclass(slots=True)
class _Walk:
    keys: dict[str, tuple[str | None, bytes]]
    names: dict[str, str]
    roles: dict[str, str]
    on_record: dict[str, int] = field(default_factory=dict)
    closed: set[str] = field(default_factory=set)
    latest: dict[tuple[str, str], Row] = field(default_factory=dict)
    first: dict[tuple[str, str], Row] = field(default_factory=dict)


def _when(text: str) -> str:
    try:
        return uk_datetime(datetime.fromisoformat(text), LONDON)
    except ValueError:
        return "at an unreadable time"


def _who(walk: _Walk, staff_id: str | None) -> str:
    if staff_id is None:
        return "the recovery key"
    return walk.names.get(staff_id, "someone with no account in this store")


def describe(walk: _Walk, row: Row) -> str:
    """A record in plain words: its kind, its number where staff see one, who and when."""
    if row.kind == records.CHECKPOINT:
        return f"The checkpoint signed {_when(row.at)} by {_who(walk, row.author_id)}"
    kind = records.KINDS.get(row.kind)
    label = kind.label if kind else "record"
    if row.kind == "log":
        label += f" {row.ref}"
    elif row.kind == "account":
        label += f" of {walk.names.get(row.ref, 'someone no longer in this store')}"
    if row.signature is None:
        made = f", made by {_who(walk, row.author_id)}," if row.author_id else ""
        return f"The {label}{made} sealed by the checkpoint of {_when(row.at)}"
    return f"The {label} signed {_when(row.at)} by {_who(walk, row.author_id)}"


def _rows(cursor: Any) -> Iterator[Row]:
    for found in cursor.execute(f"SELECT {LEDGER_COLUMNS} FROM ledger ORDER BY id"):
        values: list[Any] = [bytes(v) if isinstance(v, memoryview) else v for v in found]
        yield Row(*values)


def _signature_problem(walk: _Walk, row: Row, store_id: str) -> str | None:
    """Why a row's signature does not stand, or None when it does."""
    if row.signature is None:
        return "is not signed"
    if row.key_id is None or row.key_id not in walk.keys:
        return "is signed with a key that is not on record"
    owner, public = walk.keys[row.key_id]
    if owner != row.author_id:
        return f"is signed with {_who(walk, owner)}'s key, not its author's"
    if not verifies(public, row.signature, bytes.fromhex(row.hash)):
        return "does not match its author's signature: it was changed after it was signed"
    self_made = row.kind == "key" and row.ref == row.key_id
    if row.key_id not in walk.on_record and not self_made:
        return "is signed with a key put on record only later"
    if row.author_id in walk.closed:
        return f"is signed by {_who(walk, row.author_id)} after their account was closed"
    return None


def _certification(walk: _Walk, row: Row) -> str | None:
    """A new key must be certified by itself, its owner, an administrator or the recovery key."""
    owner = walk.keys.get(row.ref, (None, b""))[0]
    if row.ref == row.key_id or row.author_id is None or row.author_id == owner:
        return None
    if walk.roles.get(row.author_id or "") == "administrator":
        return None
    return f"was issued by {_who(walk, row.author_id)}, who may not issue keys"


def walk_ledger(cursor: Any, store_id: str, chain_key: bytes) -> Findings:
    """Check every row, then compare every record with what was last signed about it."""
    found = Findings()
    walk = _Walk(
        keys={
            str(r[0]): (r[1], bytes(r[2]))
            for r in cursor.execute("SELECT id, staff_id, public_key FROM signing_key")
        },
        names={str(r[0]): str(r[1]) for r in cursor.execute("SELECT id, name FROM staff")},
        roles={str(r[0]): str(r[1]) for r in cursor.execute("SELECT id, role FROM staff")},
    )
    for kid, (_owner, public) in walk.keys.items():
        if key_id(public) != kid:
            found.problems.append("A signing key on record was changed outside Philomena Desk.")
    previous, count, checkpoint = GENESIS, 0, False
    for row in _rows(cursor):
        what = describe(walk, row)
        if row.id != count + 1:
            found.problems.append(
                f"Signed records {count + 1} to {row.id - 1} are missing: they were deleted "
                "outside Philomena Desk."
            )
        if row.prev != previous or row_hash(store_id, row) != row.hash:
            found.problems.append(
                f"{what} was changed, moved or inserted outside Philomena Desk "
                "(it no longer follows the record before it)."
            )
        if row.signature is None and not checkpoint:
            found.sealed += 1
        else:
            problem = _signature_problem(walk, row, store_id)
            if problem is None and row.kind == "key":
                problem = _certification(walk, row)
            if problem is not None:
                found.problems.append(f"{what} {problem}.")
        if row.kind == "key":
            _note_self_made_replacement(walk, row, found)
            walk.on_record[row.ref] = row.id
        if row.kind == records.CHECKPOINT:
            checkpoint = True
        if row.kind == "account" and row.event in CLOSING:
            walk.closed.add(row.ref)
        walk.latest[(row.kind, row.ref)] = row
        walk.first.setdefault((row.kind, row.ref), row)
        previous, count = row.hash, row.id
    if found.sealed and not checkpoint:
        found.problems.append(
            "Records sealed at the upgrade have no signed checkpoint: the ledger was cut short "
            "outside Philomena Desk."
        )
    _check_head(cursor, chain_key, previous, count, found)
    _compare_records(cursor, walk, found)
    return found


def _note_self_made_replacement(walk: _Walk, row: Row, found: Findings) -> None:
    """A key made at its owner's sign-in is trusted as a first key; as a later one, say so."""
    owner = walk.keys.get(row.ref, (None, b""))[0]
    earlier = any(walk.keys.get(k, (None, b""))[0] == owner for k in walk.on_record)
    if row.ref == row.key_id and earlier:
        who = _who(walk, owner)
        found.warnings.append(
            f"{who[:1].upper()}{who[1:]} got a new signing key at a sign-in on "
            f"{_when(row.at)}, not from an administrator (a passphrase slot restored from an "
            "older copy does this). If that was not them, ask who signed in."
        )


def _check_head(cursor: Any, chain_key: bytes, last: str, count: int, found: Findings) -> None:
    row = cursor.execute("SELECT count, hash, mac FROM ledger_head WHERE id = 1").fetchone()
    if row is None:
        if count:
            found.problems.append(
                "The record of the newest signed record is missing: it was deleted outside "
                "Philomena Desk."
            )
        return
    head = Head(int(row[0]), str(row[1]))
    found.head = head
    if head.count != count or head.hash != last:
        found.problems.append(
            f"The newest signed records are missing: the store says there are {head.count}, "
            f"and {count} are there. The ledger was cut short outside Philomena Desk."
        )
    elif not hmac.compare_digest(head_mac(chain_key, head), str(row[2])):
        found.problems.append("The record of the newest signed record was altered.")


def _compare_records(cursor: Any, walk: _Walk, found: Findings) -> None:
    """Every record must be the one last signed; every signed record must still be there."""
    if not walk.latest:
        return
    seen: set[tuple[str, str]] = set()
    broken: list[tuple[int, str]] = []
    for kind in records.KINDS.values():
        for ref, values in list(records.select_all(cursor, kind)):
            seen.add((kind.name, ref))
            row = walk.latest.get((kind.name, ref))
            author = values[kind.columns.index(kind.author)] if kind.author else None
            if row is None:
                broken.append(
                    (
                        1 << 62,
                        f"A {kind.label} said to be by {_who(walk, author)} is not signed: it was "
                        "added outside Philomena Desk.",
                    )
                )
            elif records.digest(values) != row.digest:
                broken.append(
                    (row.id, f"{describe(walk, row)} was changed outside Philomena Desk.")
                )
            elif _not_its_authors(walk.first[(kind.name, ref)], author):
                broken.append(
                    (
                        row.id,
                        f"{describe(walk, row)} says it is by {_who(walk, author)}: it was "
                        "signed by someone other than its author.",
                    )
                )
    for (kind_name, ref), row in walk.latest.items():
        if kind_name in records.KINDS and (kind_name, ref) not in seen:
            broken.append((row.id, f"{describe(walk, row)} was deleted outside Philomena Desk."))
    found.problems.extend(text for _, text in sorted(broken, key=lambda b: b[0]))


def _not_its_authors(first: Row, author: str | None) -> bool:
    """A record made after signing began must be signed, when made, by its own author."""
    if first.signature is None or author is None or first.kind == "key":
        return False
    return first.author_id != author


def missing_protections(cursor: Any) -> list[str]:
    """The append-only triggers that are no longer there."""
    present = {
        str(r[0]) for r in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return [t for t in TRIGGERS if t not in present]


def episodes_without_log(cursor: Any) -> int:
    """Episodes with no log entry at all: each starts with one, so their log was deleted."""
    found = cursor.execute(
        "SELECT count(*) FROM episode e WHERE NOT EXISTS"
        " (SELECT 1 FROM log_entry l WHERE l.episode_id = e.id)"
    ).fetchone()
    return int(found[0])
