"""publish: indexes for keyset pages of published incidents, overall and per country

Revision ID: 0005_publish_indexes
Revises: 0004_ratings
"""

from __future__ import annotations

from alembic import op

revision = "0005_publish_indexes"
down_revision = "0004_ratings"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_incidents_state_published": ["state", "published_at", "id"],
    "ix_incidents_country_state_published": ["country", "state", "published_at", "id"],
    "ix_incidents_country_state_start": ["country", "state", "start_date", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "incidents", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="incidents")
