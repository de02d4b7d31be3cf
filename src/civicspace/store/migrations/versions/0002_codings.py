"""codings: immutable machine codings of documents

Revision ID: 0002_codings
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

revision = "0002_codings"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = (
    sa.JSON().with_variant(postgresql.JSONB(), "postgresql").with_variant(sqlite.JSON(), "sqlite")
)


def upgrade() -> None:
    op.create_table(
        "codings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("coder", sa.String(length=64), nullable=False),
        sa.Column("coder_version", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_incident", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("labels", JSON, nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("gendered", sa.Boolean(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("persons", JSON, nullable=False),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            ondelete="CASCADE",
            name=op.f("fk_codings_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codings")),
        sa.UniqueConstraint(
            "document_id", "coder", "coder_version", name=op.f("uq_codings_document_id")
        ),
    )
    op.create_index("ix_codings_coder_version", "codings", ["coder", "coder_version"])
    op.create_index(op.f("ix_codings_document_id"), "codings", ["document_id"])
    op.create_index(op.f("ix_codings_is_incident"), "codings", ["is_incident"])
    op.create_index(op.f("ix_codings_country"), "codings", ["country"])


def downgrade() -> None:
    op.drop_index(op.f("ix_codings_country"), table_name="codings")
    op.drop_index(op.f("ix_codings_is_incident"), table_name="codings")
    op.drop_index(op.f("ix_codings_document_id"), table_name="codings")
    op.drop_index("ix_codings_coder_version", table_name="codings")
    op.drop_table("codings")
