"""The procrastinate App for the configured PostgreSQL database, with every task registered."""

from __future__ import annotations

from procrastinate import App, PsycopgConnector

from civicspace.jobs.queue import conninfo, require_queue
from civicspace.jobs.tasks import register
from civicspace.pipeline import Context
from civicspace.settings import Settings
from civicspace.store.db import get_engine


def make_app(settings: Settings, *, pool_size: int = 4) -> App:
    """An App on ``settings.database_url`` (PostgreSQL only) with the pipeline's tasks.

    The App is not opened: a worker opens it; the CLI and the desk use it as a context manager.
    """
    require_queue(settings.database_url)
    connector = PsycopgConnector(
        conninfo=conninfo(settings.database_url), min_size=1, max_size=pool_size
    )
    app = App(connector=connector, periodic_defaults={"max_delay": 600})
    register(app, Context(get_engine(settings.database_url), settings))
    return app
