"""campaign pages: the campaign image, private pledge links, e-mail fallbacks and reach

Revision ID: 0010_campaign_pages
Revises: 0009_campaigns
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010_campaign_pages"
down_revision = "0009_campaigns"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("image", sa.LargeBinary(), nullable=True))
    op.add_column("campaigns", sa.Column("image_type", sa.String(length=32), nullable=True))
    op.add_column("campaign_pledges", sa.Column("secret_hash", sa.String(length=64), nullable=True))
    op.add_column("campaign_pledges", sa.Column("share_networks", JSON, nullable=True))
    op.add_column("campaign_pledges", sa.Column("reach", JSON, nullable=True))
    op.add_column(
        "campaign_pledges", sa.Column("reach_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(
        "ix_campaign_pledges_secret_hash", "campaign_pledges", ["secret_hash"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_campaign_pledges_secret_hash", table_name="campaign_pledges")
    with op.batch_alter_table("campaign_pledges") as batch:
        for column in ("reach_at", "reach", "share_networks", "secret_hash"):
            batch.drop_column(column)
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("image_type")
        batch.drop_column("image")
