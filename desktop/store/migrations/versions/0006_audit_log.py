"""The store's own audit log: who signed in or out, and who exported, printed or drafted an e-mail.

Each row says who (a staff id; empty for the recovery key), when, what kind of thing happened
and, for exports, prints and e-mail drafts, which child's records it was about. Never the
content: no names, no text, no file paths. Stores made before this revision start it empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("staff_id", sa.String(36), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("what", sa.String(40), nullable=False),
        sa.Column("child_id", sa.String(36), sa.ForeignKey("child.id"), nullable=True),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
