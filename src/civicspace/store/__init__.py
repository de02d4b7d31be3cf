"""The store: SQLAlchemy 2 models, sessions and Alembic migrations (SQLite default, PostgreSQL)."""

from civicspace.store.base import Base, utcnow
from civicspace.store.db import dispose_engines, get_engine, make_engine, session_scope
from civicspace.store.migrate import ensure_schema, upgrade
from civicspace.store.models import Document, DocumentBand, RawBlob, Source

__all__ = [
    "Base",
    "Document",
    "DocumentBand",
    "RawBlob",
    "Source",
    "dispose_engines",
    "ensure_schema",
    "get_engine",
    "make_engine",
    "session_scope",
    "upgrade",
    "utcnow",
]
