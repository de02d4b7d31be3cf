"""Alembic migrations run from code: ``civicspace db upgrade`` and the upgrade on first use."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from civicspace.store.db import get_engine
from civicspace.store.publish import SQL_ONLY_COLUMNS, SQL_ONLY_INDEXES, SQL_ONLY_TABLE_PREFIX

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine | None = None, revision: str = "head") -> str | None:
    """Migrate the database to ``revision``; returns the revision now in force."""
    engine = engine or get_engine()
    command.upgrade(alembic_config(engine), revision)
    return current_revision(engine)


def downgrade(engine: Engine | None = None, revision: str = "-1") -> str | None:
    engine = engine or get_engine()
    command.downgrade(alembic_config(engine), revision)
    return current_revision(engine)


def ensure_schema(engine: Engine | None = None) -> None:
    """Bring the database to the head revision when behind (idempotent; cheap when current)."""
    engine = engine or get_engine()
    if current_revision(engine) != head_revision(engine):
        upgrade(engine)


def include_name(name: str | None, type_: str, parent_names: Mapping[Any, str | None]) -> bool:
    """Autogenerate compares what the models declare, leaving out what migrations build in SQL
    for one backend only (full-text tables and their shadow tables, the ``tsvector`` column)."""
    if type_ == "table":
        return not (name or "").startswith(SQL_ONLY_TABLE_PREFIX)
    if type_ == "column":
        return (parent_names.get("table_name"), name) not in SQL_ONLY_COLUMNS
    if type_ == "index":
        return name not in SQL_ONLY_INDEXES
    return True
