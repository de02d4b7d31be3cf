"""``civicspace events``: events taking live questions to speakers (docs/events.md).

Moderation itself happens on the desk (``/desk/events``); these commands create events, move
them between states and list them, for scripts and for the first event of a deployment.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store
from civicspace.errors import InvalidInput
from civicspace.listen import questions as qa

app = typer.Typer(help="Events taking live questions to speakers.", no_args_is_help=True)


def _when(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(
            f"--starts-at: not a date and time (2026-03-12T14:00): {value!r}"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command("add")
def add_command(
    slug: str = typer.Argument(..., help="The address: /events/SLUG."),
    title: str = typer.Option(..., "--title"),
    starts_at: str = typer.Option(..., "--starts-at", help="ISO date and time; UTC if no zone."),
    speaker: list[str] = typer.Option([], "--speaker", help="A speaker (repeatable)."),
    description: str = typer.Option("", "--description"),
) -> None:
    """Create an event that takes questions (state: open)."""
    with Session(open_store()) as db:
        event = qa.create_event(db, slug, title, _when(starts_at), speaker, description)
        db.commit()
        console.print(f"created /events/{event.slug} (id {event.id}, open)")


@app.command("state")
def state_command(
    slug: str = typer.Argument(...),
    state: str = typer.Argument(..., help="open, live or archived."),
) -> None:
    """Move an event to open, live or archived (an archived event stays archived)."""
    with Session(open_store()) as db:
        event = qa.get_event(db, slug)
        qa.set_state(db, event, state)
        db.commit()
        console.print(f"/events/{event.slug} is {event.state}")


@app.command("list")
def list_command(
    as_json: bool = typer.Option(False, "--json", help="One JSON object a line."),
) -> None:
    """Events with their state and how many questions await moderation."""
    with Session(open_store()) as db:
        rows = []
        for event in qa.events(db):
            queue = qa.moderation_queue(db, event)
            rows.append(
                {
                    "id": event.id,
                    "slug": event.slug,
                    "title": event.title,
                    "starts_at": event.starts_at.isoformat(),
                    "state": event.state,
                    "pending": sum(q.status == "pending" for q in queue),
                    "approved": sum(q.status == "approved" for q in queue),
                    "answered": sum(q.answer is not None for q in queue),
                }
            )
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row))
        return
    table = Table("slug", "state", "starts (UTC)", "pending", "approved", "answered", "title")
    for r in rows:
        table.add_row(
            str(r["slug"]), str(r["state"]), str(r["starts_at"])[:16], str(r["pending"]),
            str(r["approved"]), str(r["answered"]), str(r["title"]),
        )  # fmt: skip
    console.print(table)
