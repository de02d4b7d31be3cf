"""members: member networking (profiles with per-field visibility, sessions, relayed messages)

Revision ID: 0015_members
Revises: 0014_questions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015_members"
down_revision = "0014_questions"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("issues", JSON, nullable=False),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column("visibility", JSON, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(length=32), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("username", name=op.f("uq_members_username")),
    )
    op.create_index("ix_members_country", "members", ["country"])
    op.create_index("ix_members_status", "members", ["status"])
    op.create_table(
        "member_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", BIGID, nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_sessions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_member_sessions")),
    )
    op.create_index("ix_member_sessions_member_id", "member_sessions", ["member_id"])
    op.create_index("ix_member_sessions_expires_at", "member_sessions", ["expires_at"])
    op.create_table(
        "member_messages",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("sender_id", BIGID, nullable=False),
        sa.Column("recipient_id", BIGID, nullable=False),
        sa.Column("reply_to_id", BIGID, nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivery", sa.String(length=16), nullable=False),
        sa.Column("delivery_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["members.id"],
            name=op.f("fk_member_messages_sender_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["members.id"],
            name=op.f("fk_member_messages_recipient_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_to_id"],
            ["member_messages.id"],
            name=op.f("fk_member_messages_reply_to_id_member_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_messages")),
    )
    op.create_index(
        "ix_member_messages_recipient", "member_messages", ["recipient_id", "created_at"]
    )
    op.create_index("ix_member_messages_sender", "member_messages", ["sender_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_member_messages_sender", table_name="member_messages")
    op.drop_index("ix_member_messages_recipient", table_name="member_messages")
    op.drop_table("member_messages")
    op.drop_index("ix_member_sessions_expires_at", table_name="member_sessions")
    op.drop_index("ix_member_sessions_member_id", table_name="member_sessions")
    op.drop_table("member_sessions")
    op.drop_index("ix_members_status", table_name="members")
    op.drop_index("ix_members_country", table_name="members")
    op.drop_table("members")
