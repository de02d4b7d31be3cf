"""ratings v2: structural index editions and their values

Revision ID: 0006_rating_indices
Revises: 0005_publish_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_rating_indices"
down_revision = "0005_publish_indexes"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "rating_index_editions",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("edition", sa.String(length=32), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_index_editions")),
        sa.UniqueConstraint("source", "edition", name=op.f("uq_rating_index_editions_source")),
    )
    op.create_table(
        "rating_index_values",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("edition_id", BIGID, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("data_year", sa.Integer(), nullable=False),
        sa.Column("variable", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["rating_index_editions.id"],
            name=op.f("fk_rating_index_values_edition_id_rating_index_editions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_index_values")),
        sa.UniqueConstraint(
            "edition_id",
            "country",
            "data_year",
            "variable",
            name=op.f("uq_rating_index_values_edition_id"),
        ),
    )
    op.create_index(
        "ix_rating_index_values_country_source", "rating_index_values", ["country", "source"]
    )


def downgrade() -> None:
    op.drop_index("ix_rating_index_values_country_source", table_name="rating_index_values")
    op.drop_table("rating_index_values")
    op.drop_table("rating_index_editions")
