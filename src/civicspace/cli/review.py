"""``civicspace review``: the desk's decisions from the command line, for batch work and
automation, with the same rights, privacy gate and history as the desk.

``--as USERNAME`` names the account that decides: its role is checked as on the desk, and every
revision names that account. Publishing runs the privacy gate: a finding blocks (exit 1, the
findings listed) until it is redacted or let out with ``review allow``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import typer
from sqlalchemy.orm import Session

from civicspace import accounts
from civicspace.cli.common import console, open_store
from civicspace.incidents.public import findings
from civicspace.review import actions
from civicspace.store.accounts import User

app = typer.Typer(
    help="Review decisions (accept, reject, publish, withdraw) as a desk account.",
    no_args_is_help=True,
)

AS = typer.Option(..., "--as", help="The desk account that decides (its role is checked).")
REASON = typer.Option(None, "--reason", help="Why (required to reject, withdraw or allow).")


def _decide(
    incident_id: int, username: str, done: str, run: Callable[[Session, User], Any]
) -> None:
    with Session(open_store()) as session:
        user = accounts.get_user(session, username)
        run(session, user)
        session.commit()
        incident = actions.get_incident(session, incident_id)
        console.print(f"incident {incident_id}: {done} (now {incident.state})")


# the four decisions: the action, its past tense, and its help text
DECISIONS: tuple[tuple[str, str, Callable[..., Any], str], ...] = (
    ("accept", "accepted", actions.accept, "Accept a proposed or in-review incident "
     "(researchers and above)."),
    ("reject", "rejected", actions.reject, "Reject an incident, with a reason "
     "(researchers and above)."),
    ("publish", "published", actions.publish, "Publish an accepted incident through the "
     "privacy gate (editors)."),
    ("withdraw", "withdrawn", actions.withdraw, "Take a published incident down, with a "
     "reason (editors)."),
)  # fmt: skip


def _register(name: str, done: str, decide: Callable[..., Any], help_text: str) -> None:
    def command(incident_id: int, as_user: str = AS, reason: str | None = REASON) -> None:
        _decide(
            incident_id,
            as_user,
            done,
            lambda s, u: decide(s, incident_id, u, reason=reason),
        )

    command.__doc__ = help_text
    app.command(name)(command)


for _name, _done, _decide_fn, _help in DECISIONS:
    _register(_name, _done, _decide_fn, _help)


@app.command("findings")
def findings_command(
    incident_id: int, as_json: bool = typer.Option(False, "--json", help="One JSON list.")
) -> None:
    """What the privacy gate holds back in an incident now (exit 1 while anything does)."""
    with Session(open_store()) as session:
        found = findings(session, actions.get_incident(session, incident_id))
    rows = [
        {"kind": f.kind.value, "field": f.field, "text": f.text, "fingerprint": f.fingerprint}
        for f in found
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            typer.echo(f"{r['kind']}\t{r['field']}\t{r['text']}\t{r['fingerprint']}")
        console.print(f"incident {incident_id}: {len(rows)} finding(s)")
    if rows:
        raise typer.Exit(1)


@app.command("redact")
def redact_command(
    incident_id: int,
    field: str = typer.Argument(..., help="title, summary or place."),
    text: str = typer.Argument(..., help="The text to replace (every occurrence)."),
    kind: str = typer.Option("redacted", help="The label written instead: [phone], [person]…"),
    as_user: str = AS,
    reason: str | None = REASON,
) -> None:
    """Replace a privacy finding in an incident's text with a label (researchers and above)."""
    _decide(
        incident_id,
        as_user,
        "redacted",
        lambda s, u: actions.redact(s, incident_id, u, field, text, kind, reason=reason),
    )


@app.command("allow")
def allow_command(
    incident_id: int,
    fingerprint: str = typer.Argument(..., help="The finding's fingerprint (review findings)."),
    as_user: str = AS,
    reason: str | None = REASON,
) -> None:
    """Let one privacy finding out, with a reason: a public figure, consent (editors)."""
    _decide(
        incident_id,
        as_user,
        "finding let out",
        lambda s, u: actions.allow_finding(s, incident_id, u, fingerprint, reason=reason),
    )
