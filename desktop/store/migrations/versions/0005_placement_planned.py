"""Whether a child's placement was planned: the Philomena forms fall due before a planned one.

A new column, empty (not recorded) for every child already in the store: their forms stay due
within five days of the placement start, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("child", sa.Column("placement_planned", sa.Boolean, nullable=True))


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
