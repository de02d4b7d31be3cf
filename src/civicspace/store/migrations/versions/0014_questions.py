"""questions: live questions to speakers (events, questions, per-browser votes)

Revision ID: 0014_questions
Revises: 0012_voices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014_questions"
down_revision = "0013_listen"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "qa_events",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("speakers", JSON, nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_events")),
        sa.UniqueConstraint("slug", name=op.f("uq_qa_events_slug")),
    )
    op.create_index("ix_qa_events_state", "qa_events", ["state"])
    op.create_table(
        "qa_questions",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("event_id", BIGID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_into_id", BIGID, nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moderated_by", sa.String(length=32), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["qa_events.id"],
            name=op.f("fk_qa_questions_event_id_qa_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["qa_questions.id"],
            name=op.f("fk_qa_questions_merged_into_id_qa_questions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_questions")),
    )
    op.create_index("ix_qa_questions_event_status", "qa_questions", ["event_id", "status"])
    op.create_table(
        "qa_votes",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("question_id", BIGID, nullable=False),
        sa.Column("voter", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["qa_questions.id"],
            name=op.f("fk_qa_votes_question_id_qa_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_votes")),
        sa.UniqueConstraint("question_id", "voter", name=op.f("uq_qa_votes_question_id")),
    )
    op.create_index("ix_qa_votes_question_id", "qa_votes", ["question_id"])


def downgrade() -> None:
    op.drop_index("ix_qa_votes_question_id", table_name="qa_votes")
    op.drop_table("qa_votes")
    op.drop_index("ix_qa_questions_event_status", table_name="qa_questions")
    op.drop_table("qa_questions")
    op.drop_index("ix_qa_events_state", table_name="qa_events")
    op.drop_table("qa_events")
