"""``civicspace users``: accounts of the review desk.

There are no default accounts: ``civicspace users add NAME --role admin`` creates the first
admin. Passwords are asked twice on the terminal (never an argument, which would land in the
shell history and the process list) or read from the first line of stdin with
``--password-stdin``; weak ones are refused.
"""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace import accounts
from civicspace.cli.common import console, open_store
from civicspace.errors import InvalidInput
from civicspace.store.accounts import ROLES, User

app = typer.Typer(help="Accounts of the review desk.", no_args_is_help=True)

ROLE_HELP = f"One of {', '.join(ROLES)} (admin ⊇ editor ⊇ researcher ⊇ viewer)."
STDIN_HELP = "Read the password from the first line of stdin instead of asking."


def _password(username: str, from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    accounts.check_password_policy(password, username)
    return password


@app.command("add")
def add_command(
    username: str = typer.Argument(..., help="Lowercase letters, digits, '.', '_' or '-'."),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    right: list[str] = typer.Option([], "--right", help="A right such as panel (repeatable)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
) -> None:
    """Create an account (the first one: --role admin)."""
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    password = _password(username, password_stdin)
    with Session(open_store()) as session:
        user = accounts.create_user(session, username, password, role, right)
        session.commit()
        console.print(f"created {user.username} ({user.role})")


@app.command("list")
def list_command(
    as_json: bool = typer.Option(False, "--json", help="One JSON object a line."),
) -> None:
    """Accounts with role, rights, status and last login (never a password hash)."""
    with Session(open_store()) as session:
        users = list(session.scalars(select(User).order_by(User.username)))
    rows = [
        {
            "id": u.id,
            "username": u.username,
            "role": u.role,
            "rights": u.rights or [],
            "active": u.active,
            "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
        }
        for u in users
    ]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row))
        return
    table = Table(title="Accounts", title_justify="left")
    for col in ("id", "username", "role", "rights", "active", "last login"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["username"]),
            str(r["role"]),
            ",".join(r["rights"]),  # type: ignore[arg-type]
            "yes" if r["active"] else "no",
            str(r["last_login_at"] or "never"),
        )
    console.print(table)


@app.command("disable")
def disable_command(username: str) -> None:
    """Disable an account and end its sessions (accounts are never deleted: the history names
    them)."""
    with Session(open_store()) as session:
        accounts.set_active(session, accounts.get_user(session, username), False)
        session.commit()
    console.print(f"disabled {username}; its sessions ended")


@app.command("enable")
def enable_command(username: str) -> None:
    """Enable a disabled account again."""
    with Session(open_store()) as session:
        accounts.set_active(session, accounts.get_user(session, username), True)
        session.commit()
    console.print(f"enabled {username}")


@app.command("set-password")
def set_password_command(
    username: str,
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
) -> None:
    """Set a new password; every session of the account ends."""
    with Session(open_store()) as session:
        user = accounts.get_user(session, username)
        accounts.set_password(session, user, _password(user.username, password_stdin))
        session.commit()
    console.print(f"new password set for {username}; its sessions ended")
