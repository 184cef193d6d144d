"""How long the app may sit untouched before it locks, set by an administrator.

``home.idle_lock_minutes``: new stores start at 5 minutes; every store made before it existed
gets 15, the fixed time the app locked after until now, so an upgrade never changes how the
app behaves in a home without anyone choosing it. An administrator can shorten it at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "home", sa.Column("idle_lock_minutes", sa.Integer, nullable=False, server_default="15")
    )


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
