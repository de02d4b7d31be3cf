"""campaigns: collective posting campaigns and their pledges (encrypted tokens, one outcome each)

Revision ID: 0009_campaigns
Revises: 0008_publish_speed
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009_campaigns"
down_revision = "0008_publish_speed"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("messages", JSON, nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_zone", sa.String(length=64), nullable=False),
        sa.Column("personalisation", JSON, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("slug", name=op.f("uq_campaigns_slug")),
    )
    op.create_index("ix_campaigns_send_at", "campaigns", ["send_at"])
    op.create_index("ix_campaigns_state", "campaigns", ["state"])
    op.create_table(
        "campaign_pledges",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("campaign_id", BIGID, nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("instance", sa.Text(), nullable=False),
        sa.Column("handle", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("token_box", sa.LargeBinary(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome_url", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("pledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_pledges_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_pledges")),
        sa.UniqueConstraint(
            "campaign_id",
            "network",
            "instance",
            "handle",
            name=op.f("uq_campaign_pledges_campaign_id"),
        ),
    )
    op.create_index(
        "ix_campaign_pledges_campaign_status", "campaign_pledges", ["campaign_id", "status"]
    )


def downgrade() -> None:
    op.drop_index("ix_campaign_pledges_campaign_status", table_name="campaign_pledges")
    op.drop_table("campaign_pledges")
    op.drop_index("ix_campaigns_state", table_name="campaigns")
    op.drop_index("ix_campaigns_send_at", table_name="campaigns")
    op.drop_table("campaigns")
