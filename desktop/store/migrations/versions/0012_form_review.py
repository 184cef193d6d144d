"""How often each child's Philomena forms are reviewed, set by an administrator.

``home.form_review_months``: the protocols ask for the forms to be reviewed regularly but set
no interval, so this is the home's choice. New and upgraded stores alike start at 6 months, the
home's default: a child's plan is reviewed at most six-monthly after the first reviews, and the
forms are looked at again at least as often. An administrator can choose 1 to 12 months.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "home", sa.Column("form_review_months", sa.Integer, nullable=False, server_default="6")
    )


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
