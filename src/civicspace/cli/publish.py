"""``civicspace publish``: exports and feeds of published incidents, from the command line."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store, output_stream
from civicspace.errors import InvalidInput
from civicspace.publish import query
from civicspace.publish.exports import EXPORTERS
from civicspace.publish.feeds import atom_feed
from civicspace.publish.filters import Filters

app = typer.Typer(help="Publish: exports and feeds of published incidents.", no_args_is_help=True)


def _filters(
    country: list[str], violation: list[str], target: list[str], since: str | None
) -> Filters:
    try:
        start = datetime.fromisoformat(since).date() if since else None
    except ValueError as exc:
        raise InvalidInput(f"--since: not a date: {since!r}") from exc
    return Filters.build(country=country, violation=violation, target=target, since=start)


@app.command("export")
def export_command(
    fmt: str = typer.Option("csv", "--format", help="csv, acled, geojson or jsonl."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    country: list[str] = typer.Option([], help="ISO country code (repeatable)."),
    violation: list[str] = typer.Option([], help="Violation id (repeatable)."),
    target: list[str] = typer.Option([], help="Target-group id (repeatable)."),
    since: str | None = typer.Option(None, help="Incidents on or after this date."),
    base_url: str = typer.Option("http://127.0.0.1:8000", help="Public site, for links."),
) -> None:
    """Stream every matching published incident as CSV, ACLED-like CSV, GeoJSON or JSON lines."""
    if fmt not in EXPORTERS:
        raise InvalidInput(f"--format must be one of {', '.join(EXPORTERS)}")
    engine = open_store()
    chunks = EXPORTERS[fmt](engine, _filters(country, violation, target, since), base_url)
    with output_stream(output) as out:
        for chunk in chunks:
            out.write(chunk)
    if output:
        console.print(f"wrote {output}")


@app.command("feed")
def feed_command(
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    country: list[str] = typer.Option([], help="ISO country code (repeatable)."),
    violation: list[str] = typer.Option([], help="Violation id (repeatable)."),
    target: list[str] = typer.Option([], help="Target-group id (repeatable)."),
    base_url: str = typer.Option("http://127.0.0.1:8000", help="Public site, for links."),
    entries: int = typer.Option(50, help="Newest entries to include."),
) -> None:
    """Write an Atom feed of the newest matching published incidents (for static hosting)."""
    engine = open_store()
    filters = _filters(country, violation, target, None)
    with Session(engine) as session:
        items = query.list_incidents(session, filters, limit=entries).items
    base = base_url.rstrip("/")
    body = atom_feed(
        title="civicspace: published incidents",
        self_url=f"{base}/feeds/incidents.atom",
        alternate_url=f"{base}/incidents",
        base_url=base,
        items=items,
    )
    if output:
        output.write_bytes(body)
        console.print(f"wrote {output}")
    else:
        sys.stdout.buffer.write(body)
