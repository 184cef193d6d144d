"""The log's hash chain: the canonical form of an entry, its link, the head, and the checks.

Every entry carries an HMAC link over its content and the previous entry's link, keyed with a
secret kept apart from the database key (it lives only inside the key slots). Someone who edits
the database with the database key alone cannot forge the links, so ``verify`` names any entry
changed, deleted or moved. The newest link is kept in an authenticated head row, so a cut-off
tail is caught too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.ukdates import uk_datetime_with_zone
from desktop.store.tables import LogEntryRow, LogHeadRow

GENESIS = "0" * 64


def utc_text(moment: datetime) -> str:
    """A time exactly as the log stores it."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def row_fields(row: LogEntryRow) -> dict[str, Any]:
    """The chained content of a stored entry."""
    return {
        "id": row.id,
        "episode_id": row.episode_id,
        "seq": row.seq,
        "event_at": row.event_at,
        "recorded_at": row.recorded_at,
        "author_id": row.author_id,
        "kind": row.kind,
        "body": row.body,
        "corrects_id": row.corrects_id,
    }


def canonical(fields: dict[str, Any]) -> bytes:
    """The entry's content exactly as stored (times as UTC text, body as JSON)."""
    content = dict(
        fields, event_at=utc_text(fields["event_at"]), recorded_at=utc_text(fields["recorded_at"])
    )
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def link(key: bytes, previous: str, fields: dict[str, Any]) -> str:
    """The entry's link: an HMAC over the previous link and its own content."""
    return hmac.new(key, previous.encode() + canonical(fields), hashlib.sha256).hexdigest()


def head_problems(session: Session, key: bytes) -> Iterator[str]:
    """The quick check: the head is authentic and the newest entry is the one it names."""
    head = session.get(LogHeadRow, 1)
    newest = session.scalars(select(LogEntryRow).order_by(LogEntryRow.id.desc()).limit(2)).all()
    if head is None and not newest:
        return
    if head is None or not newest or head.last_id != newest[0].id:
        yield "The newest log entries are missing: the log was cut short outside Philomena Desk."
    elif not hmac.compare_digest(head_mac(key, head.last_id, head.last_chain), head.mac):
        yield "The record of the newest log entry was altered outside Philomena Desk."
    else:
        previous = newest[1].chain if len(newest) > 1 else GENESIS
        if newest[0].chain != head.last_chain or not hmac.compare_digest(
            link(key, previous, row_fields(newest[0])), newest[0].chain
        ):
            yield "The newest log entry was changed outside Philomena Desk."


def head_mac(key: bytes, last_id: int, last_chain: str) -> str:
    """Authenticates the head row, so removing the newest entries is caught."""
    return hmac.new(key, f"head:{last_id}:{last_chain}".encode(), hashlib.sha256).hexdigest()


def append_row(
    cursor: Any,
    key: bytes,
    *,
    episode_id: str,
    kind: str,
    body: dict[str, Any],
    event_at: datetime,
    recorded_at: datetime,
    author_id: str,
    corrects_id: int | None,
) -> tuple[Any, ...]:
    """Insert one chained entry and move the authenticated head; return the stored values.

    Runs in the caller's transaction, straight on the driver's cursor: this is the path staff
    wait on at 3 a.m., so it is a few indexed statements however long the log grows. The values
    returned are exactly what a later read gives (in ``LOG_ENTRY_COLUMNS`` order).
    """
    previous_id, previous, seq = cursor.execute(
        "SELECT (SELECT last_id FROM log_head WHERE id = 1),"
        " (SELECT last_chain FROM log_head WHERE id = 1),"
        " (SELECT max(seq) FROM log_entry WHERE episode_id = ?)",
        (episode_id,),
    ).fetchone()
    previous_id, previous, seq = previous_id or 0, previous or GENESIS, seq or 0
    fields: dict[str, Any] = {
        "id": previous_id + 1,
        "episode_id": episode_id,
        "seq": seq + 1,
        "event_at": event_at,
        "recorded_at": recorded_at,
        "author_id": author_id,
        "kind": kind,
        "body": json.loads(json.dumps(body)),
        "corrects_id": corrects_id,
    }
    chain = link(key, previous, fields)
    stored = (
        fields["id"],
        episode_id,
        utc_text(event_at),
        utc_text(recorded_at),
        author_id,
        kind,
        json.dumps(fields["body"]),
        corrects_id,
    )
    cursor.execute(
        "INSERT INTO log_entry (id, episode_id, event_at, recorded_at, author_id, kind, body,"
        " corrects_id, seq, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*stored, fields["seq"], chain),
    )
    cursor.execute(
        "INSERT INTO log_head (id, last_id, last_chain, mac) VALUES (1, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, "
        "last_chain = excluded.last_chain, mac = excluded.mac",
        (fields["id"], chain, head_mac(key, fields["id"], chain)),
    )
    return stored


def problems(
    session: Session, key: bytes, *, walked: Callable[[int], None] | None = None
) -> Iterator[str]:
    """Walk the whole log and say, for each break, which entry and what kind of break.

    ``walked`` is told every thousand entries how many have been checked (for progress; it may
    raise to stop the walk).
    """
    previous_id, previous = 0, GENESIS
    last_seq: dict[str, int] = {}
    for count, row in enumerate(session.scalars(select(LogEntryRow).order_by(LogEntryRow.id))):
        if walked is not None and count % 1000 == 0:
            walked(count)
        if row.id != previous_id + 1:
            yield (
                f"Log entries {previous_id + 1} to {row.id - 1} are missing: they were "
                "deleted outside Philomena Desk."
            )
        if not hmac.compare_digest(link(key, previous, row_fields(row)), row.chain):
            yield (
                f"Log entry {row.id} (recorded {uk_datetime_with_zone(row.recorded_at, UTC)}) was "
                "changed, moved or inserted outside Philomena Desk."
            )
        expected = last_seq.get(row.episode_id, 0) + 1
        if row.seq != expected:
            yield f"Log entry {row.id} is out of order within its episode."
        last_seq[row.episode_id] = row.seq
        previous_id, previous = row.id, row.chain
    head = session.get(LogHeadRow, 1)
    if previous_id == 0 and head is None:
        return
    if head is None or head.last_id != previous_id or head.last_chain != previous:
        yield "The newest log entries are missing: the log was cut short outside Philomena Desk."
    elif not hmac.compare_digest(head_mac(key, head.last_id, head.last_chain), head.mac):
        yield "The record of the newest log entry was altered outside Philomena Desk."
