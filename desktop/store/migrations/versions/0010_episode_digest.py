"""Each episode's digest: what it counts for in the protocol, kept as its log grows.

A child's prompts read their past episodes' digests (a few small rows) instead of every entry
of every past log. Existing episodes are worked out from their logs by 0011, once, with the
columns it adds (an episode with no digest kept is read from its log meanwhile).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "episode_digest",
        sa.Column("episode_id", sa.String(36), sa.ForeignKey("episode.id"), primary_key=True),
        sa.Column("child_id", sa.String(36), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("start", sa.String(32), nullable=False),
        sa.Column("away", sa.Boolean, nullable=False),
        sa.Column("closed", sa.Boolean, nullable=False),
        sa.Column("returned", sa.String(32), nullable=True),
        sa.Column("reported", sa.Boolean, nullable=False),
        sa.Column("interview", sa.String(10), nullable=True),
        sa.Column("meetings", sa.Text, nullable=False),
    )
    op.create_index("ix_episode_digest_child_id", "episode_digest", ["child_id"])


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
