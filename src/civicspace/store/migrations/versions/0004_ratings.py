"""ratings: methodologies, base inputs, ACLED records, scores, band changes, public ratings,
watchlist, subscriptions, alert deliveries

Revision ID: 0004_ratings
Revises: 0003_incidents
Create Date: 2026-11-22 03:14:49.135447
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_ratings"
down_revision = "0003_incidents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating_base_inputs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("input", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_base_inputs")),
        sa.UniqueConstraint("country", "year", "input", name=op.f("uq_rating_base_inputs_country")),
    )
    with op.batch_alter_table("rating_base_inputs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rating_base_inputs_country"), ["country"], unique=False
        )

    op.create_table(
        "rating_methodologies",
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("body", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_rating_methodologies")),
    )
    op.create_table(
        "rating_subscriptions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column(
            "countries", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_subscriptions")),
        sa.UniqueConstraint("kind", "target", name=op.f("uq_rating_subscriptions_kind")),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "subscription_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["rating_subscriptions.id"],
            name=op.f("fk_alert_deliveries_subscription_id_rating_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_deliveries")),
        sa.UniqueConstraint(
            "subscription_id", "event_key", name=op.f("uq_alert_deliveries_subscription_id")
        ),
    )
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_deliveries_subscription_id"), ["subscription_id"], unique=False
        )

    op.create_table(
        "rating_scores",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("methodology_version", sa.String(length=32), nullable=False),
        sa.Column("base", sa.Float(), nullable=False),
        sa.Column("adjustment", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=32), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.Column("coverage", sa.Integer(), nullable=False),
        sa.Column(
            "explanation", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["methodology_version"],
            ["rating_methodologies.version"],
            name=op.f("fk_rating_scores_methodology_version_rating_methodologies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_scores")),
        sa.UniqueConstraint(
            "country", "as_of", "methodology_version", name=op.f("uq_rating_scores_country")
        ),
    )
    with op.batch_alter_table("rating_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_scores_country"), ["country"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_rating_scores_methodology_version"),
            ["methodology_version"],
            unique=False,
        )

    op.create_table(
        "watchlist_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decline", sa.Float(), nullable=False),
        sa.Column("from_score", sa.Float(), nullable=False),
        sa.Column("to_score", sa.Float(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("methodology_version", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "curated_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("curated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["curated_by"],
            ["users.id"],
            name=op.f("fk_watchlist_entries_curated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_entries")),
    )
    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watchlist_entries_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_watchlist_entries_status"), ["status"], unique=False)

    op.create_table(
        "rating_band_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("score_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("methodology_version", sa.String(length=32), nullable=False),
        sa.Column("from_band", sa.String(length=32), nullable=True),
        sa.Column("to_band", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "decided_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_rating_band_changes_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["score_id"],
            ["rating_scores.id"],
            name=op.f("fk_rating_band_changes_score_id_rating_scores"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_band_changes")),
    )
    with op.batch_alter_table("rating_band_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rating_band_changes_country"), ["country"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rating_band_changes_status"), ["status"], unique=False)

    op.create_table(
        "acled_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column(
            "incident_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_acled_events_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_acled_events")),
    )
    with op.batch_alter_table("acled_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acled_events_country"), ["country"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_acled_events_event_date"), ["event_date"], unique=False
        )

    op.create_table(
        "public_ratings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("band", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("base", sa.Float(), nullable=False),
        sa.Column("adjustment", sa.Float(), nullable=False),
        sa.Column("methodology_version", sa.String(length=32), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column(
            "band_change_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("score_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "explanation", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["band_change_id"],
            ["rating_band_changes.id"],
            name=op.f("fk_public_ratings_band_change_id_rating_band_changes"),
        ),
        sa.ForeignKeyConstraint(
            ["score_id"],
            ["rating_scores.id"],
            name=op.f("fk_public_ratings_score_id_rating_scores"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_ratings")),
    )
    with op.batch_alter_table("public_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_ratings_country"), ["country"], unique=False)
        batch_op.create_index(
            "ix_public_ratings_country_published", ["country", "published_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("public_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_public_ratings_country_published")
        batch_op.drop_index(batch_op.f("ix_public_ratings_country"))

    op.drop_table("public_ratings")
    with op.batch_alter_table("acled_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acled_events_event_date"))
        batch_op.drop_index(batch_op.f("ix_acled_events_country"))

    op.drop_table("acled_events")
    with op.batch_alter_table("rating_band_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_band_changes_status"))
        batch_op.drop_index(batch_op.f("ix_rating_band_changes_country"))

    op.drop_table("rating_band_changes")
    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_entries_status"))
        batch_op.drop_index(batch_op.f("ix_watchlist_entries_country"))

    op.drop_table("watchlist_entries")
    with op.batch_alter_table("rating_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_scores_methodology_version"))
        batch_op.drop_index(batch_op.f("ix_rating_scores_country"))

    op.drop_table("rating_scores")
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_deliveries_subscription_id"))

    op.drop_table("alert_deliveries")
    op.drop_table("rating_subscriptions")
    op.drop_table("rating_methodologies")
    with op.batch_alter_table("rating_base_inputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_base_inputs_country"))

    op.drop_table("rating_base_inputs")
