"""What every command shares: the console, the store on first use, errors to exit codes."""

from __future__ import annotations

import sys
from typing import NoReturn

from rich.console import Console
from sqlalchemy import Engine

from civicspace.errors import CivicspaceError, InvalidInput, NotFound
from civicspace.store import ensure_schema, get_engine

console = Console(stderr=True)


def open_store() -> Engine:
    """The configured database, migrated to the current schema if it is behind."""
    engine = get_engine()
    ensure_schema(engine)
    return engine


def fail(exc: CivicspaceError) -> NoReturn:
    console.print(f"[red]error:[/] {exc}")
    sys.exit(2 if isinstance(exc, InvalidInput | NotFound) else 1)
