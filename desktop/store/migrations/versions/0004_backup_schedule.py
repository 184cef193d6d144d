"""How often the app backs the store up while it runs, set by an administrator.

``home.backup_every_hours``: 24 (daily) for every store made before it existed; 0 turns the
schedule off (backups to a chosen folder, and before every upgrade, are still made).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "home", sa.Column("backup_every_hours", sa.Integer, nullable=False, server_default="24")
    )


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
