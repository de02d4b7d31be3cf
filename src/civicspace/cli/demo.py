"""``civicspace demo``: import the illustrative corpus that ships with the package and show it."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store
from civicspace.demo import corpus_path
from civicspace.demo.desk import seed_demo_desk
from civicspace.demo.site import seed_demo_site
from civicspace.pipeline import Context, run_inline
from civicspace.settings import get_settings
from civicspace.store.models import Document


def demo_command() -> None:
    """Import the demo corpus (invented news written by the project) and print what was stored."""
    engine = open_store()
    path = corpus_path()
    console.print(f"importing the illustrative demo corpus from {path}")
    report = run_inline(Context(engine, get_settings()), paths=[path])  # import → cluster
    typer.echo(json.dumps(report.as_dict()))
    table = Table(title="Documents in the store", title_justify="left")
    for col in ("id", "outcome", "lang", "published", "title", "note"):
        table.add_column(col, overflow="fold")
    with Session(engine) as session:
        for doc in session.scalars(select(Document).order_by(Document.id)):
            note = doc.reason or ""
            table.add_row(
                str(doc.id),
                doc.outcome,
                doc.language or "",
                doc.published.date().isoformat() if doc.published else "",
                (doc.title or "")[:70],
                note[:60],
            )
    Console().print(table)
    username, password = seed_demo_desk(engine)
    site = seed_demo_site(engine, username)
    if site.incidents:
        console.print(
            f"public site: {site.incidents} synthetic published incidents in {site.countries} "
            f"countries and demo ratings ({site.approved_bands} bands approved by the panel)"
        )
    if site.pending_changes or site.watchlist_proposals:
        console.print(
            f"to try: {site.pending_changes} band change waits for the panel at /desk/panel "
            f"(or `civicspace ratings queue`), {site.watchlist_proposals} watchlist proposal "
            "for an editor at /desk/watchlist "
            "(`civicspace ratings watchlist list --status proposed`)"
        )
    console.print(
        "[bold]Review desk[/]: incidents proposed from the corpus wait at /desk/queue. "
        f"Demo editor account (shown once): user [bold]{username}[/] password [bold]{password}[/]"
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
