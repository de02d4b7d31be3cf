"""``civicspace ratings``: country scores and bands."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store, output_stream
from civicspace.countries import to_alpha2
from civicspace.errors import InvalidInput, NotFound
from civicspace.ratings import alerts, export, panel, watchlist
from civicspace.ratings.base import import_base_csv
from civicspace.ratings.compute import compute_all
from civicspace.ratings.indices.parsed import SOURCES
from civicspace.ratings.indices.store import import_index
from civicspace.ratings.method import load_method
from civicspace.settings import get_settings
from civicspace.store.accounts import User

app = typer.Typer(help="Country civic-space ratings: scores, bands, history.", no_args_is_help=True)
watchlist_app = typer.Typer(help="The watchlist: sharpest recent declines.", no_args_is_help=True)
app.add_typer(watchlist_app, name="watchlist")

METHOD = typer.Option(None, "--method-version", help="Methodology version (default: latest).")


def _today() -> date:
    return datetime.now(UTC).date()


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def _dispatch(session: Session) -> None:
    report = alerts.dispatch(session, get_settings())
    session.commit()
    if report.outcomes:
        console.print(f"alerts: {dict(report.outcomes)}")
    for error in report.errors[:10]:
        console.print(f"[yellow]alert failed[/]: {error}")


@app.command("import")
def import_(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV of base inputs."),
    method_version: str | None = METHOD,
) -> None:
    """Import base-score inputs (country,year,input,value,source,note); a bad row imports none."""
    method = load_method(method_version)
    with Session(open_store()) as session:
        result = import_base_csv(path, session, method)
        session.commit()
    console.print(
        f"imported {result.rows} rows for {result.countries} countries "
        f"({result.inserted} new, {result.updated} updated)"
    )


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{option} {text!r} is not a date (YYYY-MM-DD)") from exc


@app.command("import-index")
def import_index_(
    source: str = typer.Argument(..., help="vdem, fiw or rsf."),
    path: Path = typer.Argument(..., help="The index file (CSV, or .xlsx for Freedom House)."),
    edition: str | None = typer.Option(
        None, help="Edition when the file does not say (V-Dem 'v14', RSF '2024')."
    ),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD for an edition civicspace does not know."
    ),
) -> None:
    """Import a structural index (V-Dem, Freedom House, RSF) with edition, date and licence."""
    if source not in SOURCES:
        raise InvalidInput(f"unknown index {source!r}: one of {', '.join(SOURCES)}")
    day = _day(published, "--published") if published else None
    with Session(open_store()) as session:
        report = import_index(session, source, path, edition=edition, published=day)
        session.commit()
    editions = report.editions
    shown = editions[0] if len(editions) == 1 else f"{editions[0]}–{editions[-1]}"
    console.print(
        f"{source} {shown} ({len(editions)} edition(s)): {report.countries} countries, "
        f"{report.inserted} new values, {report.updated} updated, {report.unchanged} unchanged"
    )
    if report.skipped:
        console.print(f"skipped (not ISO 3166-1 countries): {', '.join(sorted(report.skipped))}")


@app.command("compute")
def compute(
    as_of: str | None = typer.Option(None, help="Day rated, YYYY-MM-DD (default: today, UTC)."),
    country: list[str] = typer.Option([], help="Only these countries (repeatable)."),
    method_version: str | None = METHOD,
    send_alerts: bool = typer.Option(True, "--alerts/--no-alerts", help="Send alerts after."),
    json_out: Path | None = typer.Option(
        None, "--json", help="Write every score, band and the inputs behind it to this file."
    ),
    store: bool = typer.Option(
        True, "--store/--no-store", help="Record scores and propose band changes (or only report)."
    ),
) -> None:
    """Score every country as it stood on a day, store it, propose band changes."""
    method = load_method(method_version)
    day = _day(as_of, "--as-of") if as_of else _today()
    codes = []
    for c in country:
        code = to_alpha2(c)
        if code is None:
            raise InvalidInput(f"unknown country {c!r}")
        codes.append(code)
    with Session(open_store()) as session:
        report = compute_all(session, method, day, codes or None, store=store)
        if store:
            session.commit()
        else:
            session.rollback()
        console.print(
            f"methodology {method.version}, {day}: {dict(report.outcomes)}; "
            f"{len(report.proposed)} band change(s) proposed, "
            f"{len(report.refreshed)} public score(s) refreshed"
        )
        if json_out is not None:
            payload = {
                "as_of": day.isoformat(),
                "methodology": {"version": method.version, "sha256": method.sha256},
                "stored": store,
                "outcomes": dict(report.outcomes),
                "countries": report.results,
            }
            with output_stream(json_out) as fh:
                json.dump(payload, fh, indent=1, ensure_ascii=False, default=str)
                fh.write("\n")
        if send_alerts and store:
            _dispatch(session)


@app.command("export")
def export_(
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    current: bool = typer.Option(False, help="Only each country's current public rating."),
    scores: bool = typer.Option(
        False, help="Every computed score instead (internal: not panel-approved)."
    ),
) -> None:
    """Export public ratings (with scores if CIVICSPACE_PUBLISH_SCORES) as CSV or JSON."""
    if fmt not in export.FORMATS:
        raise InvalidInput(f"--format must be one of {export.FORMATS}")
    with Session(open_store()) as session:
        rows = (
            export.score_rows(session)
            if scores
            else export.public_rows(session, get_settings(), history=not current)
        )
    with output_stream(output) as fh:
        n = export.write(rows, fmt, fh)
    console.print(f"exported {n} rows")


@app.command("methodology")
def methodology(
    method_version: str | None = METHOD,
) -> None:
    """Print a methodology version (JSON) with its SHA-256."""
    method = load_method(method_version)
    print(json.dumps({"sha256": method.sha256, **method.canonical()}, indent=2))


@app.command("queue")
def queue() -> None:
    """List band changes awaiting the panel."""
    with Session(open_store()) as session:
        table = Table("id", "country", "from", "to", "score", "method", "proposed")
        for c in panel.queue(session):
            table.add_row(
                str(c.id),
                c.country,
                c.from_band or "-",
                c.to_band,
                f"{c.score:g}",
                c.methodology_version,
                c.proposed_at.isoformat(timespec="minutes"),
            )
        console.print(table)


@app.command("decide")
def decide(
    change_id: int = typer.Argument(..., help="Band change id (see `ratings queue`)."),
    approve: bool = typer.Option(..., "--approve/--reject", help="The panel's decision."),
    reason: str = typer.Option(..., help="Why (required, recorded)."),
    user: str = typer.Option(..., help="Username of the panel member (needs the panel right)."),
) -> None:
    """Approve or reject a proposed band change (approved changes become public)."""
    with Session(open_store()) as session:
        result = panel.decide(session, change_id, _user(session, user), approve, reason)
        session.commit()
        console.print(f"band change {change_id} {result.change.status}")
        _dispatch(session)


@app.command("subscribe")
def subscribe(
    kind: str = typer.Argument(..., help="email or webhook."),
    target: str = typer.Argument(..., help="Email address or webhook URL."),
    country: list[str] = typer.Option([], help="Countries followed (repeatable; none: all)."),
) -> None:
    """Subscribe an email address or webhook to alerts for some (or all) countries."""
    with Session(open_store()) as session:
        sub = alerts.subscribe(session, kind, target, country)
        session.commit()
        console.print(f"subscription {sub.id}: {sub.kind} {sub.target} {sub.countries or 'all'}")


@app.command("unsubscribe")
def unsubscribe(subscription_id: int = typer.Argument(...)) -> None:
    """Stop a subscription."""
    with Session(open_store()) as session:
        alerts.unsubscribe(session, subscription_id)
        session.commit()
        console.print(f"subscription {subscription_id} stopped")


@app.command("alerts")
def send_alerts() -> None:
    """Send alerts not yet delivered (and retry failed ones)."""
    with Session(open_store()) as session:
        _dispatch(session)


@watchlist_app.command("propose")
def watchlist_propose(
    as_of: str | None = typer.Option(None, help="YYYY-MM-DD (default: today, UTC)."),
    method_version: str | None = METHOD,
) -> None:
    """Propose the countries with the sharpest decline for the watchlist."""
    method = load_method(method_version)
    day = date.fromisoformat(as_of) if as_of else _today()
    with Session(open_store()) as session:
        entries = watchlist.propose(session, method, day)
        session.commit()
        for e in entries:
            console.print(f"proposed {e.id} {e.country} −{e.decline:g}: {e.reason}")
        console.print(f"{len(entries)} proposed")


@watchlist_app.command("list")
def watchlist_list(status: str | None = typer.Option(None, help="proposed, published …")) -> None:
    """List watchlist entries."""
    with Session(open_store()) as session:
        table = Table("id", "country", "status", "decline", "window", "reason")
        for e in watchlist.entries(session, status):
            table.add_row(
                str(e.id),
                e.country,
                e.status,
                f"{e.decline:g}",
                f"{e.from_date}…{e.to_date}",
                e.reason,
            )
        console.print(table)


@watchlist_app.command("publish")
def watchlist_publish(
    entry_id: int = typer.Argument(...),
    user: str = typer.Option(..., help="Username of the editor."),
    reason: str | None = typer.Option(None, help="Short public reason (default: proposed one)."),
) -> None:
    """Publish a proposed watchlist entry with its short reason."""
    with Session(open_store()) as session:
        watchlist.curate(session, entry_id, _user(session, user), True, reason)
        session.commit()
        console.print(f"watchlist entry {entry_id} published")
        _dispatch(session)


@watchlist_app.command("dismiss")
def watchlist_dismiss(
    entry_id: int = typer.Argument(...),
    user: str = typer.Option(..., help="Username of the editor."),
) -> None:
    """Dismiss a proposed entry, or take a published one off the watchlist."""
    with Session(open_store()) as session:
        watchlist.curate(session, entry_id, _user(session, user), False)
        session.commit()
        console.print(f"watchlist entry {entry_id} dismissed")
