"""campaign_oauth_apps: one OAuth application per instance, its client secret sealed

Revision ID: 0016_campaign_oauth_apps
Revises: 0012_voices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_campaign_oauth_apps"
down_revision = "0015_members"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "campaign_oauth_apps",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("instance", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("client_box", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_oauth_apps")),
        sa.UniqueConstraint(
            "network",
            "instance",
            "redirect_uri",
            name=op.f("uq_campaign_oauth_apps_network"),
        ),
    )


def downgrade() -> None:
    op.drop_table("campaign_oauth_apps")
