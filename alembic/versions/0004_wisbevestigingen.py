"""Confirmation links for erasing a dossier from another conversation (issue 18).

Only the SHA-256 of each token is stored; the retention job deletes expired rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 20:30:17.736434
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wisbevestigingen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("referentie", sa.String(length=40), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verloopt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gebruikt_op", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("wisbevestigingen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wisbevestigingen_referentie"), ["referentie"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_wisbevestigingen_verloopt_op"), ["verloopt_op"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wisbevestigingen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wisbevestigingen_verloopt_op"))
        batch_op.drop_index(batch_op.f("ix_wisbevestigingen_referentie"))

    op.drop_table("wisbevestigingen")
