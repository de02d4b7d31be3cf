"""Imports every module that defines tables, so ``Base.metadata`` is complete (Alembic, tests)."""

from civicspace.store import accounts, coding, incidents, models, ratings  # noqa: F401
from civicspace.store import rating_indices  # noqa: F401
