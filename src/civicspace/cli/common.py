"""What every command shares: the console, the store on first use, errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, NoReturn

from rich.console import Console
from rich.markup import escape
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
    """One line on stderr (never wrapped, never read as markup), exit 2 for bad input."""
    console.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
    sys.exit(2 if isinstance(exc, InvalidInput | NotFound) else 1)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@contextmanager
def output_stream(output: Path | None) -> Iterator[IO[str]]:
    """Write to ``output``, or to standard output when it is None (``--output`` left out)."""
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8", newline="") as fh:
        yield fh
