"""voices: testimony published on a sender's behalf (public text and one masked image only)

Revision ID: 0012_voices
Revises: 0011_submissions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_voices"
down_revision = "0011_submissions"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "voices",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=True),
        sa.Column("image_width", sa.Integer(), nullable=True),
        sa.Column("image_height", sa.Integer(), nullable=True),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voices")),
    )
    op.create_index("ix_voices_published_at", "voices", ["published_at"])


def downgrade() -> None:
    op.drop_index("ix_voices_published_at", table_name="voices")
    op.drop_table("voices")
