"""The way to a person (issue 21): contact details given while waiting, the marks of
a hand-off that nobody claimed in time or whose adviser went silent, and advisers'
availability for live chat.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 23:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("overdrachten", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("contact_telefoon", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("terugval_op", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("teruggezet_op", sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_table(
        "adviseur_beschikbaarheid",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("laatst_gezien", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_tokens.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("staff_id"),
    )


def downgrade() -> None:
    op.drop_table("adviseur_beschikbaarheid")
    with op.batch_alter_table("overdrachten", schema=None) as batch_op:
        batch_op.drop_column("teruggezet_op")
        batch_op.drop_column("terugval_op")
        batch_op.drop_column("contact_telefoon")
        batch_op.drop_column("contact_email")
