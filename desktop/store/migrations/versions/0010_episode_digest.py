"""Each episode's digest: what it counts for in the protocol, kept as its log grows.

A child's prompts read their past episodes' digests (a few small rows) instead of every entry
of every past log. Existing episodes are worked out from their logs here, once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from desktop.store.history import refresh_digest

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
    driver = op.get_bind().connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    for (episode_id,) in cursor.execute("SELECT id FROM episode").fetchall():
        refresh_digest(cursor, episode_id)


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
