"""The ``civicspace`` command line: one typer group per area, thin commands over the stages."""

from __future__ import annotations

import sys

import typer

from civicspace.cli import (
    campaigns,
    classify,
    codebook,
    db,
    demo,
    documents,
    incidents,
    incidents_import,
    ingest,
    jobs,
    letters,
    listen,
    protect,
    publish,
    ratings,
    review,
    serve,
    sources,
    users,
)
from civicspace.cli.common import console, fail
from civicspace.errors import CivicspaceError

app = typer.Typer(
    name="civicspace",
    help="Monitor, rate and publish attacks on civic freedoms.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(sources.app, name="sources")
app.add_typer(documents.app, name="documents")
app.add_typer(incidents.app, name="incidents")
app.add_typer(users.app, name="users")
app.add_typer(ratings.app, name="ratings")
app.add_typer(publish.app, name="publish")
app.add_typer(review.app, name="review")
app.add_typer(protect.app, name="protect")
app.add_typer(listen.app, name="listen")
app.add_typer(campaigns.app, name="campaigns")
app.add_typer(letters.app, name="letters")
incidents_import.register(incidents.app)
codebook.register(app)
classify.register(app)
ingest.register(app)
demo.register(app)
serve.register(app)
jobs.register(app)


def main() -> None:
    """Console-script entry point: known errors become a message and an exit code, not a trace."""
    try:
        app()
    except CivicspaceError as exc:
        fail(exc)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/]: rerun to resume where this run stopped")
        sys.exit(130)


__all__ = ["app", "main"]
