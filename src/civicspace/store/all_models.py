"""Imports every module that defines tables, so ``Base.metadata`` is complete (Alembic, tests)."""

from civicspace.store import (  # noqa: F401
    accounts,
    campaigns,
    coding,
    incidents,
    listen,
    members,
    models,
    publish,
    questions,
    rating_indices,
    ratings,
    submissions,
    voices,
)
