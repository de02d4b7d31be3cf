"""``civicspace db``: migrations."""

from __future__ import annotations

import typer

from civicspace.cli.common import console
from civicspace.store import get_engine
from civicspace.store import migrate as migrations

app = typer.Typer(
    help="Database schema: upgrade, downgrade, show the revision.", no_args_is_help=True
)


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    now = migrations.upgrade(get_engine(), revision)
    console.print(f"database at revision [bold]{now}[/]")


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base'.")) -> None:
    """Migrate the database down to REVISION."""
    now = migrations.downgrade(get_engine(), revision)
    console.print(f"database at revision [bold]{now}[/]")


@app.command()
def current() -> None:
    """Print the revision in force and the newest one."""
    engine = get_engine()
    typer.echo(f"current: {migrations.current_revision(engine)}")
    typer.echo(f"head:    {migrations.head_revision(engine)}")
