"""Imports every module that defines tables, so ``Base.metadata`` is complete (Alembic, tests)."""

from civicspace.store import (  # noqa: F401
    accounts,
    campaigns,
    coding,
    incidents,
    models,
    publish,
    rating_indices,
    ratings,
    submissions,
    voices,
)
