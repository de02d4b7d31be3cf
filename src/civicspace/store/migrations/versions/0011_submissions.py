"""submissions: secure submissions, their sealed attachments and messages (no address, no time)

Revision ID: 0011_submissions
Revises: 0010_campaign_pages
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011_submissions"
down_revision = "0010_campaign_pages"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("reply_salt", sa.String(length=64), nullable=False),
        sa.Column("sender_public_key", sa.String(length=64), nullable=False),
        sa.Column("consent", sa.String(length=16), nullable=False),
        sa.Column("may_become_incident", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("campaign", sa.String(length=64), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_submissions_receipt_hash")),
    )
    op.create_index("ix_submissions_country", "submissions", ["country"])
    op.create_index("ix_submissions_campaign", "submissions", ["campaign"])
    op.create_index("ix_submissions_received_on", "submissions", ["received_on"])
    op.create_index("ix_submissions_state", "submissions", ["state"])
    op.create_table(
        "submission_attachments",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("submission_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("mime", sa.String(length=128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("meta", JSON, nullable=False),
        sa.Column("public_sha256", sa.String(length=64), nullable=True),
        sa.Column("public_format", sa.String(length=8), nullable=True),
        sa.Column("faces", JSON, nullable=True),
        sa.Column("masks", JSON, nullable=True),
        sa.Column("masks_confirmed_by", sa.String(length=128), nullable=True),
        sa.Column("masks_confirmed_on", sa.Date(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_attachments_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_attachments")),
    )
    op.create_index(
        "ix_submission_attachments_submission",
        "submission_attachments",
        ["submission_id", "position"],
    )
    op.create_table(
        "submission_messages",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("submission_id", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("envelope", JSON, nullable=False),
        sa.Column("author", sa.String(length=128), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_messages_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_messages")),
    )
    op.create_index(
        "ix_submission_messages_submission", "submission_messages", ["submission_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_submission_messages_submission", table_name="submission_messages")
    op.drop_table("submission_messages")
    op.drop_index("ix_submission_attachments_submission", table_name="submission_attachments")
    op.drop_table("submission_attachments")
    op.drop_index("ix_submissions_state", table_name="submissions")
    op.drop_index("ix_submissions_received_on", table_name="submissions")
    op.drop_index("ix_submissions_campaign", table_name="submissions")
    op.drop_index("ix_submissions_country", table_name="submissions")
    op.drop_table("submissions")
