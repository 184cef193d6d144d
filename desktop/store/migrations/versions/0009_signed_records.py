"""Signed records: each person's public signing key, and the ledger every record is signed in.

The private keys live in the key slots, which a migration never sees, so nothing is signed here:
the first administrator to sign in after the upgrade gets a key and signs one checkpoint that
seals every earlier record; everyone else gets a key at their next sign-in. The ledger and the
keys are append-only, like the log: the database refuses changes and deletions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

APPEND_ONLY = ("ledger", "signing_key")


def upgrade() -> None:
    op.create_table(
        "signing_key",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("staff_id", sa.String(36), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("made_at", sa.String(32), nullable=False),
        sa.Column("made_by", sa.String(36), sa.ForeignKey("staff.id"), nullable=True),
    )
    op.create_index("ix_signing_key_staff_id", "signing_key", ["staff_id"])
    op.create_table(
        "ledger",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("author_id", sa.String(36), nullable=True),
        sa.Column("key_id", sa.String(32), nullable=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_ledger_kind_ref", "ledger", ["kind", "ref"])
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )
    for table in APPEND_ONLY:
        for action in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
            )


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
