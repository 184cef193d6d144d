"""The ledger: one chained, signed row per change to any signed record.

Appending is a few indexed statements and one Ed25519 signature in the caller's transaction:
the chain is never re-read on the way in. The head row (count and hash of the newest row, with
an HMAC under the log's key) moves with each row; what the head says is also kept outside the
store as the witness (:mod:`desktop.store.signing.witness`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.domain.clock import Clock
from desktop.store.errors import StorageError
from desktop.store.signing import records
from desktop.store.signing.crypto import Signer

GENESIS = "0" * 64
NO_SIGNER = (
    "Your signing key is not ready, so nothing was saved. Sign out and sign in again; if this "
    "keeps happening, ask an administrator to run verify."
)


@dataclass(frozen=True, slots=True)
class Head:
    """The newest ledger row: how many rows there are and the newest row's hash."""

    count: int
    hash: str


@dataclass(frozen=True, slots=True)
class Row:
    """One ledger row as stored."""

    id: int
    kind: str
    ref: str
    event: str
    author_id: str | None
    key_id: str | None
    digest: str
    at: str
    prev: str
    hash: str
    signature: bytes | None


LEDGER_COLUMNS = "id, kind, ref, event, author_id, key_id, digest, at, prev, hash, signature"


def row_hash(store_id: str, row: Row) -> str:
    """The hash a row's author signs: its content, the previous row's hash and the store."""
    content = [
        store_id,
        row.id,
        row.kind,
        row.ref,
        row.event,
        row.author_id,
        row.key_id,
        row.digest,
        row.at,
        row.prev,
    ]
    text = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(b"philomena ledger row\n" + text).hexdigest()


def head_mac(chain_key: bytes, head: Head) -> str:
    """Authenticates the head row with the log's key."""
    text = f"ledger head:{head.count}:{head.hash}".encode()
    return hmac.new(chain_key, text, hashlib.sha256).hexdigest()


def read_head(cursor: Any) -> Head | None:
    """The head as the store holds it (None: nothing has been signed yet)."""
    found = cursor.execute("SELECT count, hash FROM ledger_head WHERE id = 1").fetchone()
    return None if found is None else Head(int(found[0]), str(found[1]))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Ledger:
    """One session's way of adding signed rows: the store, its log key, and who signs."""

    def __init__(self, store_id: str, chain_key: bytes, clock: Clock) -> None:
        self.store_id = store_id
        self._chain_key = chain_key
        self._clock = clock
        self.signer: Signer | None = None
        """The signed-in person's key (set once it is ready; None before)."""

    def add(
        self,
        cursor: Any,
        kind: str,
        ref: str,
        event: str,
        *,
        signer: Signer | None = None,
        values: tuple[Any, ...] | None = None,
    ) -> None:
        """Sign one change to a record, inside the caller's transaction.

        Before the store's first checkpoint nothing is signed: the checkpoint seals what was
        made until then. After it, a change with no signer is refused.
        """
        head = read_head(cursor)
        if head is None:
            return
        signer = signer or self.signer
        if signer is None:
            raise StorageError(NO_SIGNER)
        if values is None:
            values = records.select_one(cursor, records.KINDS[kind], ref)
        self._insert(cursor, head, kind, ref, event, signer, records.digest(values or ()))

    def _insert(
        self,
        cursor: Any,
        head: Head,
        kind: str,
        ref: str,
        event: str,
        signer: Signer | None,
        digest: str,
        author_id: str | None = None,
    ) -> Head:
        row = Row(
            id=head.count + 1,
            kind=kind,
            ref=ref,
            event=event,
            author_id=signer.staff_id if signer is not None else author_id,
            key_id=signer.key_id if signer is not None else None,
            digest=digest,
            at=_utc(self._clock.now()),
            prev=head.hash,
            hash="",
            signature=None,
        )
        hashed = row_hash(self.store_id, row)
        signature = signer.sign(bytes.fromhex(hashed)) if signer is not None else None
        cursor.execute(
            f"INSERT INTO ledger ({LEDGER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.id,
                kind,
                ref,
                event,
                row.author_id,
                row.key_id,
                digest,
                row.at,
                row.prev,
                hashed,
                signature,
            ),
        )
        new = Head(row.id, hashed)
        cursor.execute(
            "INSERT INTO ledger_head (id, count, hash, mac) VALUES (1, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET count = excluded.count, hash = excluded.hash, "
            "mac = excluded.mac",
            (new.count, new.hash, head_mac(self._chain_key, new)),
        )
        return new

    def register_key(self, cursor: Any, new: Signer, *, issued_by: Signer, event: str) -> None:
        """Put a public key on record, certified by the signature of whoever issued it.

        ``issued_by`` is an administrator (a new account, a reset), the owner's previous key
        (their own new passphrase), the recovery key, or the key itself (made at its owner's
        sign-in: proof that they hold it).
        """
        cursor.execute(
            "INSERT INTO signing_key (id, staff_id, public_key, made_at, made_by)"
            " VALUES (?, ?, ?, ?, ?)",
            (new.key_id, new.staff_id, new.public_key, _utc(self._clock.now()), issued_by.staff_id),
        )
        head = read_head(cursor) or Head(0, GENESIS)
        values = records.select_one(cursor, records.KINDS["key"], new.key_id)
        self._insert(
            cursor, head, "key", new.key_id, event, issued_by, records.digest(values or ())
        )

    def issue_key(self, cursor: Any, new: Signer, event: str) -> None:
        """Certify and record a key made for someone (nothing before the first checkpoint)."""
        if read_head(cursor) is None:
            return
        if self.signer is None:
            raise StorageError(NO_SIGNER)
        self.register_key(cursor, new, issued_by=self.signer, event=event)

    def key_on_record(self, cursor: Any, signer: Signer) -> bool:
        """True when ``signer``'s public key is on record for its owner."""
        found = cursor.execute(
            "SELECT staff_id IS ? FROM signing_key WHERE id = ?", (signer.staff_id, signer.key_id)
        ).fetchone()
        return bool(found and found[0])

    def checkpoint(self, cursor: Any, admin: Signer, *, recovery: Signer | None = None) -> int:
        """The first signatures: seal every record made so far, and put the first keys on record.

        Every existing record gets an unsigned row naming its author; the administrator's key
        (certified by itself: it is the first) and the checkpoint row, which the administrator
        signs, follow. Returns how many records were sealed.
        """
        head = Head(0, GENESIS)
        for kind in records.KINDS.values():
            if kind.name == "key":
                continue
            order = f" ORDER BY {kind.key}" if kind.name == "log" else " ORDER BY rowid"
            found = cursor.execute(kind.select(order=order)).fetchall()
            for values in map(kind.signed, found):
                author = values[kind.columns.index(kind.author)] if kind.author else None
                ref = str(values[kind.columns.index(kind.key)])
                head = self._insert(
                    cursor, head, kind.name, ref, "sealed", None, records.digest(values), author
                )
        sealed = head.count
        self.register_key(cursor, admin, issued_by=admin, event="first key")
        if recovery is not None:
            self.register_key(cursor, recovery, issued_by=admin, event="recovery key")
        head = read_head(cursor) or head
        self._insert(cursor, head, records.CHECKPOINT, str(sealed), "sealed", admin, "")
        return sealed
