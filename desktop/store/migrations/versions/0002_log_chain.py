"""The log's hash chain: a per-episode sequence number and the authenticated head of the chain."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("log_entry", sa.Column("seq", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_log_entry_episode_seq", "log_entry", ["episode_id", "seq"], unique=True)
    op.create_index("ix_log_entry_episode_kind", "log_entry", ["episode_id", "kind"])
    op.create_table(
        "log_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_id", sa.Integer, nullable=False),
        sa.Column("last_chain", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
