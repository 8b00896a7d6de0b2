"""Consent time and text version on overdrachten and scans (AVG, issue 9).

Rows stored before this migration keep them empty.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 06:40:53.120181
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("overdrachten", schema=None) as batch_op:
        batch_op.add_column(sa.Column("toestemming_op", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("toestemming_tekstversie", sa.String(length=50), nullable=True)
        )

    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("toestemming_op", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.drop_column("toestemming_op")

    with op.batch_alter_table("overdrachten", schema=None) as batch_op:
        batch_op.drop_column("toestemming_tekstversie")
        batch_op.drop_column("toestemming_op")
