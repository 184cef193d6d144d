"""What the police pack's cover needs: a child's name in English letters, and the cover photo.

``child.english_name`` holds the name in English (Latin) letters for a child whose name is
written in another script; empty for every child stored before it existed. ``photo.on_cover``
marks the photographs staff chose for the cover (the newest marked one is used); every photo
stored before it existed counts as marked, so the cover keeps showing the newest photo.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("child", sa.Column("english_name", sa.Text, nullable=False, server_default=""))
    op.add_column("photo", sa.Column("on_cover", sa.Boolean, nullable=False, server_default="1"))


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
