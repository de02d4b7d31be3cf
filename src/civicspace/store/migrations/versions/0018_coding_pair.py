"""coding_pair: the coder's judged act and civic target (docs/coder.md, Pairing)

Revision ID: 0018_coding_pair
Revises: 0017_listen_theme_question
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

revision = "0018_coding_pair"
down_revision = "0017_listen_theme_question"
branch_labels = None
depends_on = None

JSON = (
    sa.JSON().with_variant(postgresql.JSONB(), "postgresql").with_variant(sqlite.JSON(), "sqlite")
)


def upgrade() -> None:
    with op.batch_alter_table("codings") as batch:
        batch.add_column(sa.Column("pair", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("codings") as batch:
        batch.drop_column("pair")
