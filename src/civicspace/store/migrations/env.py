"""Alembic environment: the engine comes from civicspace, never from an ini file."""

from __future__ import annotations

from alembic import context

import civicspace.store.all_models  # noqa: F401  (registers every table on Base.metadata)
from civicspace.store.base import Base
from civicspace.store.db import get_engine
from civicspace.store.migrate import include_name

config = context.config
engine = config.attributes.get("engine") or get_engine()

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
