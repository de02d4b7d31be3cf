"""``civicspace members``: member accounts of the networking directory (docs/members.md).

Desk users with the ``members`` right approve members on ``/desk/members``; these commands do
the same from a terminal. They never print an e-mail address or a password hash.
"""

from __future__ import annotations

import json

import typer
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store
from civicspace.errors import NotFound
from civicspace.listen import members as mb
from civicspace.store.members import MEMBER_STATES, Member

app = typer.Typer(help="Member accounts of the networking directory.", no_args_is_help=True)


def _find(db: Session, who: str) -> Member:
    member = (
        db.get(Member, int(who))
        if who.isdigit()
        else db.scalar(select(Member).where(Member.username == who.strip().lower()))
    )
    if member is None:
        raise NotFound(f"no member {who!r}")
    return member


@app.command("list")
def list_command(
    status: str = typer.Option("", "--status", help=f"Only one of {', '.join(MEMBER_STATES)}."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object a line."),
) -> None:
    """Members with their status (no e-mail address is printed)."""
    with Session(open_store()) as db:
        query = select(Member).order_by(Member.id)
        if status:
            query = query.where(Member.status == status)
        rows = [
            {
                "id": m.id,
                "username": m.username,
                "name": m.name,
                "kind": m.kind,
                "country": m.country,
                "status": m.status,
                "created_at": m.created_at.isoformat(),
            }
            for m in db.scalars(query)
        ]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row))
        return
    table = Table("id", "username", "name", "kind", "country", "status")
    for r in rows:
        table.add_row(
            str(r["id"]), str(r["username"]), str(r["name"]), str(r["kind"]),
            str(r["country"] or ""), str(r["status"]),
        )  # fmt: skip
    console.print(table)


def _set(who: str, status: str) -> None:
    with Session(open_store()) as db:
        member = _find(db, who)
        mb.set_status(db, member, status, "cli")
        db.commit()
        console.print(f"member {member.username} is {member.status}")


@app.command("approve")
def approve_command(who: str = typer.Argument(..., help="Id or username.")) -> None:
    """Approve a pending member: they appear to others and may write to members."""
    _set(who, "active")


@app.command("disable")
def disable_command(who: str = typer.Argument(..., help="Id or username.")) -> None:
    """Disable a member: they can no longer log in and appear nowhere."""
    _set(who, "disabled")
