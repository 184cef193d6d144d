"""A child's standing risk of going missing (low, medium or high) and review meetings held.

One row per grading decided or review meeting held, never changed: a new grading is a new row,
so every earlier one is kept with when it was decided, who decided it and who recorded it.
Stores made before this revision start with no grading for any child.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missing_risk_entry",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("child_id", sa.String(36), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("level", sa.String(10), nullable=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("decided_by", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("recorded_by", sa.String(36), sa.ForeignKey("staff.id"), nullable=False),
    )
    op.create_index("ix_missing_risk_entry_child_id", "missing_risk_entry", ["child_id"])


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
