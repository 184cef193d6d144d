"""The responsible authority's own id for each child, for its SSDA903 return's Missing table.

``child.authority_child_id`` starts blank for every child already recorded ("blank if unknown").
The child's signed record covers it only once it holds something (see ``Kind.later``), so the
signatures made before this column existed still check.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "child", sa.Column("authority_child_id", sa.Text, nullable=False, server_default="")
    )


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
