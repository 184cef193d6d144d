"""The responsible authority's own id for each child, for its SSDA903 return's Missing table.

``child.authority_child_id`` starts blank for every child already recorded ("blank if unknown").
The child's signed record covers it only once it holds something (see ``Kind.later``), so the
signatures made before this column existed still check.

The absence log's kept rows now say whether whereabouts became unknown at any time (their
second reading, which the return's M or A needs): every row kept by the first reading is
worked out again here, once, so the manager's view never falls back to reading whole logs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    import json

    from desktop.store.absence_log import READING
    from desktop.store.history import refresh_digest

    op.add_column(
        "child", sa.Column("authority_child_id", sa.Text, nullable=False, server_default="")
    )
    driver = op.get_bind().connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    kept = cursor.execute("SELECT episode_id, absence FROM episode_digest").fetchall()
    for episode_id, absence in kept:
        if absence is None or json.loads(absence).get("v") != READING:
            refresh_digest(cursor, episode_id)


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
