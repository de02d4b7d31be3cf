"""``civicspace sources``: register, list (with health) and remove sources."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store
from civicspace.sources import registry

app = typer.Typer(help="News sources: feeds, sitemaps and pages to poll.", no_args_is_help=True)


@app.command("add")
def add(
    url: str = typer.Argument(..., help="Feed, sitemap or page URL."),
    name: str | None = typer.Option(None, help="Display name (default: the host)."),
    country: str | None = typer.Option(
        None, help="Country the source covers: ISO 3166-1 alpha-2 or alpha-3 (KE or KEN)."
    ),
    language: str | None = typer.Option(None, help="Language code of the source."),
    interval: int = typer.Option(60, help="Minutes between polls."),
    kind: str = typer.Option("auto", help="auto, feed, sitemap or page."),
    fetch_articles: bool = typer.Option(
        True, help="Fetch each entry's page (off: keep the feed's own text)."
    ),
) -> None:
    """Register a source."""
    spec = registry.make_spec(
        {
            "url": url,
            "name": name,
            "country": country,
            "language": language,
            "interval": interval,
            "kind": kind,
            "fetch_articles": fetch_articles,
        }
    )
    with Session(open_store()) as session:
        source = registry.add_source(session, spec)
        session.commit()
        console.print(f"added source [bold]{source.id}[/] {source.name} ({source.url})")


@app.command("load")
def load(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="YAML file of sources."),
    update: bool = typer.Option(True, help="Update sources already registered."),
) -> None:
    """Register (or update) every source declared in a YAML file."""
    specs = registry.load_yaml(path)
    with Session(open_store()) as session:
        for spec in specs:
            registry.add_source(session, spec, update=update)
        session.commit()
    console.print(f"loaded {len(specs)} sources from {path}")


def _ago(when: datetime | None) -> str:
    if when is None:
        return "never"
    seconds = int((datetime.now(UTC) - when).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON lines.")) -> None:
    """List sources with their health: last success, error streak, items last run."""
    with Session(open_store()) as session:
        sources = registry.list_sources(session)
    if as_json:
        for s in sources:
            typer.echo(
                json.dumps(
                    {
                        "id": s.id,
                        "name": s.name,
                        "url": s.url,
                        "kind": s.kind,
                        "country": s.country,
                        "language": s.language,
                        "interval_minutes": s.interval_minutes,
                        "last_success_at": s.last_success_at.isoformat()
                        if s.last_success_at
                        else None,
                        "error_streak": s.error_streak,
                        "last_error": s.last_error,
                        "items_last_run": s.items_last_run,
                    },
                    ensure_ascii=False,
                )
            )
        return
    table = Table()
    for col in (
        "id",
        "name",
        "kind",
        "country",
        "every",
        "last success",
        "errors",
        "items",
        "last error",
    ):
        table.add_column(col)
    for s in sources:
        streak = f"[red]{s.error_streak}[/]" if s.error_streak else "0"
        table.add_row(
            str(s.id),
            s.name,
            s.kind,
            s.country or "",
            f"{s.interval_minutes}m",
            _ago(s.last_success_at),
            streak,
            str(s.items_last_run),
            (s.last_error or "")[:60],
        )
    Console().print(table)


@app.command("remove")
def remove(ref: str = typer.Argument(..., help="Source id, URL or name.")) -> None:
    """Remove a source (its documents stay)."""
    with Session(open_store()) as session:
        source = registry.remove_source(session, ref)
        session.commit()
    console.print(f"removed source {source.id} ({source.url})")
