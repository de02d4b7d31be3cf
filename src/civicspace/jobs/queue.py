"""Whether the configured database can hold the job queue, and how procrastinate reaches it.

Only PostgreSQL can: procrastinate keeps jobs as rows and wakes workers with LISTEN/NOTIFY.
On SQLite the pipeline runs inline in one process, and every queue command says so.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from civicspace.errors import ConfigError

INLINE_HINT = (
    "the job queue needs PostgreSQL (set CIVICSPACE_DATABASE_URL=postgresql+psycopg://…); "
    "on SQLite the pipeline runs inline in one process: `civicspace pipeline run`"
)


class QueueUnavailable(ConfigError):
    """The database is not PostgreSQL, or procrastinate is not installed."""


def is_postgres(database_url: str) -> bool:
    try:
        return make_url(database_url).get_backend_name() == "postgresql"
    except ArgumentError:
        return False


def conninfo(database_url: str) -> str:
    """A libpq URI for ``database_url`` (the SQLAlchemy driver suffix dropped, options kept)."""
    if not is_postgres(database_url):
        raise QueueUnavailable(INLINE_HINT)
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def require_queue(database_url: str) -> None:
    """Raise a one-line :class:`QueueUnavailable` unless the queue can run here."""
    conninfo(database_url)
    try:
        import procrastinate  # noqa: F401
    except ImportError as exc:
        raise QueueUnavailable(
            "the job queue needs procrastinate: pip install 'civicspace[postgres]'"
        ) from exc
