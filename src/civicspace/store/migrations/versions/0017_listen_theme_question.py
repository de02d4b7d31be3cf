"""listen_themes: the question a theme answers, and who wrote its statement

Themes of a stored project are found per question (as ``civicspace listen themes`` does), so a
theme keeps the question its claims answer. ``label_by`` is the version of the language model
namer whose statement the theme shows (NULL: the statement is one of its claims, or an
analyst's). Existing themes take the question of their claims' contributions.

Revision ID: 0017_listen_theme_question
Revises: 0016_campaign_oauth_apps
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_listen_theme_question"
down_revision = "0016_campaign_oauth_apps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("listen_themes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("label_by", sa.String(length=64), nullable=True))
    # a theme answers the question of its (or its sub-themes') claims' contributions
    op.execute(
        """
        UPDATE listen_themes SET question = (
            SELECT MIN(c.question) FROM listen_claims AS cl
            JOIN listen_contributions AS c ON c.id = cl.contribution_id
            JOIN listen_themes AS t ON t.id = cl.theme_id
            WHERE t.id = listen_themes.id OR t.parent_id = listen_themes.id
        ) WHERE parent_id IS NULL
        """
    )
    op.execute(
        """
        UPDATE listen_themes SET question = (
            SELECT p.question FROM listen_themes AS p WHERE p.id = listen_themes.parent_id
        ) WHERE parent_id IS NOT NULL
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("listen_themes", schema=None) as batch_op:
        batch_op.drop_column("label_by")
        batch_op.drop_column("question")
