"""privacy gate: the public version of an incident's title and summary, and editors' overrides

Incidents published before the gate keep what was already public: their title and summary
become their public version.

Revision ID: 0007_privacy_gate
Revises: 0006_rating_indices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_privacy_gate"
down_revision = "0006_rating_indices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("public_title", sa.Text(), nullable=True))
        batch.add_column(sa.Column("public_summary", sa.Text(), nullable=True))
    op.execute(
        "UPDATE incidents SET public_title = title, public_summary = summary "
        "WHERE state = 'published'"
    )
    op.create_table(
        "privacy_overrides",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "incident_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("fingerprint", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_privacy_overrides_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_overrides")),
        sa.UniqueConstraint(
            "incident_id", "fingerprint", name=op.f("uq_privacy_overrides_incident_id")
        ),
    )
    with op.batch_alter_table("privacy_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_privacy_overrides_incident_id"), ["incident_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("privacy_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_overrides_incident_id"))
    op.drop_table("privacy_overrides")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("public_summary")
        batch.drop_column("public_title")
