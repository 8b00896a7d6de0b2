"""Staff tokens expire and note their last use; an audit log of staff access; the
schedule of jobs the API runs itself (retention); a hash of the conversation on free
texts, so an erasure can remove them (issue 20, findings 7–9).

Existing tokens get ``verloopt_op`` 90 days from the migration.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auditlog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("medewerker_id", sa.Integer(), nullable=False),
        sa.Column("medewerker_naam", sa.String(length=100), nullable=False),
        sa.Column("rol", sa.String(length=20), nullable=False),
        sa.Column("methode", sa.String(length=10), nullable=False),
        sa.Column("route", sa.String(length=200), nullable=False),
        sa.Column("actie", sa.String(length=20), nullable=False),
        sa.Column("record", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditlog", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditlog_op"), ["op"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditlog_medewerker_id"), ["medewerker_id"],
                              unique=False)
    op.create_table(
        "geplande_taken",
        sa.Column("naam", sa.String(length=40), nullable=False),
        sa.Column("volgende_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatst_op", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("naam"),
    )
    with op.batch_alter_table("staff_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verloopt_op", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("laatst_gebruikt_op", sa.DateTime(timezone=True),
                                      nullable=True))
    op.execute(sa.text("UPDATE staff_tokens SET verloopt_op = :t").bindparams(
        t=datetime.now(UTC) + timedelta(days=90)))
    with op.batch_alter_table("staff_tokens", schema=None) as batch_op:
        batch_op.alter_column("verloopt_op", existing_type=sa.DateTime(timezone=True),
                              nullable=False)
    with op.batch_alter_table("gebeurtenissen", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gesprek_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_gebeurtenissen_gesprek_hash"), ["gesprek_hash"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("gebeurtenissen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gebeurtenissen_gesprek_hash"))
        batch_op.drop_column("gesprek_hash")
    with op.batch_alter_table("staff_tokens", schema=None) as batch_op:
        batch_op.drop_column("laatst_gebruikt_op")
        batch_op.drop_column("verloopt_op")
    op.drop_table("geplande_taken")
    with op.batch_alter_table("auditlog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditlog_medewerker_id"))
        batch_op.drop_index(batch_op.f("ix_auditlog_op"))
    op.drop_table("auditlog")
