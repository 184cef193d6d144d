"""Each episode's row of the absence log, kept beside its digest as its log grows.

The manager's view reads the log across the home as one small row per episode rather than
every entry of every episode. Every episode's digest is worked out from its log here, once
(including those of a store upgraded from before 0010, which made the table empty).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from desktop.store.history import refresh_digest

    op.add_column("episode_digest", sa.Column("absence", sa.Text, nullable=True))
    driver = op.get_bind().connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    for (episode_id,) in cursor.execute("SELECT id FROM episode").fetchall():
        refresh_digest(cursor, episode_id)


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
