"""The log's hash chain: a per-episode sequence number and the authenticated head of the chain.

A store at 0001 may already hold log entries. Each one is numbered within its episode in the
order it was written (by id), linked afresh into the chain (0001 defined no link and kept no
head, so there was nothing yet to check them against), and the head row is written for the
newest. Linking needs the chain key, which lives only in the key slots: the store passes it in
as ``config.attributes["chain_key"]``.

The link is written out here rather than imported, so this revision keeps producing what the
schema at 0002 expects whatever later releases change.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
NO_UPDATE_TRIGGER = (
    "CREATE TRIGGER log_entry_no_update BEFORE UPDATE ON log_entry "
    "BEGIN SELECT RAISE(ABORT, 'log entries are append-only'); END"
)
"""Exactly as 0001 made it."""


def _utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).isoformat(timespec="microseconds")


def link(key: bytes, previous: str, fields: dict[str, Any]) -> str:
    """An entry's link: HMAC of the previous link and the entry's canonical content."""
    content = dict(
        fields, event_at=_utc(fields["event_at"]), recorded_at=_utc(fields["recorded_at"])
    )
    canonical = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    return hmac.new(key, previous.encode() + canonical, hashlib.sha256).hexdigest()


def head_mac(key: bytes, last_id: int, last_chain: str) -> str:
    """The MAC of the head row."""
    return hmac.new(key, f"head:{last_id}:{last_chain}".encode(), hashlib.sha256).hexdigest()


def _chain_key() -> bytes:
    key = context.config.attributes.get("chain_key")
    if not isinstance(key, bytes) or len(key) != 32:
        raise RuntimeError("Upgrading a log to revision 0002 needs the store's chain key.")
    return key


def _chain_existing_entries(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT id, episode_id, event_at, recorded_at, author_id, kind, body, corrects_id"
            " FROM log_entry ORDER BY id"
        )
    ).all()
    if not rows:
        return
    key = _chain_key()
    previous, last_seq, updates = GENESIS, dict[str, int](), []
    for row in rows:
        seq = last_seq.get(row.episode_id, 0) + 1
        last_seq[row.episode_id] = seq
        previous = link(
            key,
            previous,
            {
                "id": row.id,
                "episode_id": row.episode_id,
                "seq": seq,
                "event_at": row.event_at,
                "recorded_at": row.recorded_at,
                "author_id": row.author_id,
                "kind": row.kind,
                "body": json.loads(row.body),
                "corrects_id": row.corrects_id,
            },
        )
        updates.append({"id": row.id, "seq": seq, "chain": previous})
    # The log refuses updates; this one-off numbering and linking is the only exception.
    bind.execute(sa.text("DROP TRIGGER log_entry_no_update"))
    bind.execute(sa.text("UPDATE log_entry SET seq = :seq, chain = :chain WHERE id = :id"), updates)
    bind.execute(sa.text(NO_UPDATE_TRIGGER))
    last_id = rows[-1].id
    bind.execute(
        sa.text(
            "INSERT INTO log_head (id, last_id, last_chain, mac) VALUES (1, :id, :chain, :mac)"
        ),
        {"id": last_id, "chain": previous, "mac": head_mac(key, last_id, previous)},
    )


def upgrade() -> None:
    op.add_column("log_entry", sa.Column("seq", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "log_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_id", sa.Integer, nullable=False),
        sa.Column("last_chain", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )
    _chain_existing_entries(op.get_bind())
    op.create_index("ix_log_entry_episode_seq", "log_entry", ["episode_id", "seq"], unique=True)
    op.create_index("ix_log_entry_episode_kind", "log_entry", ["episode_id", "kind"])


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
