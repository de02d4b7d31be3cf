"""listen: synthesis projects, contributions, claims, themes and analysts' edits

Revision ID: 0013_listen
Revises: 0012_voices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013_listen"
down_revision = "0012_voices"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "listen_projects",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("published_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_projects")),
        sa.UniqueConstraint("slug", name=op.f("uq_listen_projects_slug")),
    )
    op.create_table(
        "listen_contributions",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("project_id", BIGID, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("consent", name=op.f("ck_listen_contributions_consent_given")),
        sa.CheckConstraint(
            "NOT anonymous OR author IS NULL",
            name=op.f("ck_listen_contributions_anonymous_unnamed"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["listen_projects.id"],
            name=op.f("fk_listen_contributions_project_id_listen_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_contributions")),
        sa.UniqueConstraint("project_id", "key", name=op.f("uq_listen_contributions_project_id")),
    )
    op.create_index("ix_listen_contributions_project_id", "listen_contributions", ["project_id"])
    op.create_table(
        "listen_themes",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("project_id", BIGID, nullable=False),
        sa.Column("parent_id", BIGID, nullable=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("label_claim_id", BIGID, nullable=True),
        sa.Column("renamed", sa.Boolean(), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("violations", JSON, nullable=False),
        sa.Column("targets", JSON, nullable=False),
        sa.Column("codes_by", sa.String(length=16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["listen_projects.id"],
            name=op.f("fk_listen_themes_project_id_listen_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["listen_themes.id"],
            name=op.f("fk_listen_themes_parent_id_listen_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_themes")),
    )
    op.create_index("ix_listen_themes_project_id", "listen_themes", ["project_id"])
    op.create_index("ix_listen_themes_parent_id", "listen_themes", ["parent_id"])
    op.create_table(
        "listen_claims",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("project_id", BIGID, nullable=False),
        sa.Column("contribution_id", BIGID, nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("theme_id", BIGID, nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("centrality", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["listen_projects.id"],
            name=op.f("fk_listen_claims_project_id_listen_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["listen_contributions.id"],
            name=op.f("fk_listen_claims_contribution_id_listen_contributions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["listen_themes.id"],
            name=op.f("fk_listen_claims_theme_id_listen_themes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_claims")),
        sa.UniqueConstraint(
            "contribution_id", "start_offset", name=op.f("uq_listen_claims_contribution_id")
        ),
    )
    op.create_index("ix_listen_claims_theme_id", "listen_claims", ["theme_id"])
    op.create_index("ix_listen_claims_project_theme", "listen_claims", ["project_id", "theme_id"])
    op.create_table(
        "listen_edits",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("project_id", BIGID, nullable=False),
        sa.Column("theme_id", BIGID, nullable=True),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("detail", JSON, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["listen_projects.id"],
            name=op.f("fk_listen_edits_project_id_listen_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_edits")),
    )
    op.create_index("ix_listen_edits_project_id", "listen_edits", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_listen_edits_project_id", table_name="listen_edits")
    op.drop_table("listen_edits")
    op.drop_index("ix_listen_claims_project_theme", table_name="listen_claims")
    op.drop_index("ix_listen_claims_theme_id", table_name="listen_claims")
    op.drop_table("listen_claims")
    op.drop_index("ix_listen_themes_parent_id", table_name="listen_themes")
    op.drop_index("ix_listen_themes_project_id", table_name="listen_themes")
    op.drop_table("listen_themes")
    op.drop_index("ix_listen_contributions_project_id", table_name="listen_contributions")
    op.drop_table("listen_contributions")
    op.drop_table("listen_projects")
