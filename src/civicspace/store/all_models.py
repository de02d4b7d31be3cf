"""Imports every module that defines tables, so ``Base.metadata`` is complete (Alembic, tests)."""

from civicspace.store import accounts, coding, incidents, models, publish, ratings  # noqa: F401
