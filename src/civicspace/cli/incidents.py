"""``civicspace incidents``: build incidents from coded documents, export and inspect them."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.cli.common import ExportFormat, console, open_store, output_stream
from civicspace.errors import NotFound
from civicspace.incidents import export as exporter
from civicspace.incidents.build import DEFAULT_CODER, BuildParams, build_incidents
from civicspace.incidents.cluster import ClusterParams
from civicspace.store.incidents import STATES, Incident, IncidentRevision

app = typer.Typer(help="Incidents: one event from many reports.", no_args_is_help=True)


@app.command("build")
def build(
    coder: str = typer.Option(DEFAULT_CODER, help="Use the latest coding of this coder."),
    window: int = typer.Option(ClusterParams.window_days, help="Days either side to compare."),
    threshold: float = typer.Option(ClusterParams.threshold, help="Similarity to join."),
    batch_size: int = typer.Option(2000, min=1, help="Documents per committed batch."),
) -> None:
    """Cluster newly coded incident documents into incidents (join one or open one)."""
    engine = open_store()
    params = BuildParams(
        coder=coder, window_days=window, threshold=threshold, batch_size=batch_size
    )

    def progress(done: int, total: int) -> None:
        console.print(f"  {done}/{total} documents clustered")

    report = build_incidents(engine, params, on_batch=progress)
    typer.echo(json.dumps(report.as_dict(), sort_keys=True))


@app.command("export")
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", help="jsonl or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default stdout)."),
    state: list[str] = typer.Option([], "--state", help=f"Only these states: {', '.join(STATES)}."),
    deletions: bool = typer.Option(False, "--deletions", help="The tombstones feed instead."),
) -> None:
    """Export incidents with every field, source URLs, verification and public persons only."""
    unknown = [s for s in state if s not in STATES]
    if unknown:
        raise typer.BadParameter(f"unknown state(s) {unknown}; choose from {', '.join(STATES)}")
    engine = open_store()
    with Session(engine) as session, output_stream(output) as fh:
        records = (
            exporter.deletions(session)
            if deletions
            else exporter.iter_incidents(session, state or None)
        )
        n = exporter.write(records, fh, fmt.value)
    console.print(f"{n} {'tombstones' if deletions else 'incidents'} exported")


def _incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    return incident


@app.command("show")
def show(incident_id: int = typer.Argument(..., help="Incident id.")) -> None:
    """One incident as JSON: its fields, sources and public persons."""
    engine = open_store()
    with Session(engine) as session:
        _incident(session, incident_id)
        record = next(iter(exporter.iter_incidents_by_id(session, [incident_id])))
    typer.echo(json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True))


@app.command("history")
def history(incident_id: int = typer.Argument(..., help="Incident id.")) -> None:
    """An incident's revisions, oldest first, one JSON object a line."""
    engine = open_store()
    with Session(engine) as session:
        _incident(session, incident_id)
        for rev in session.scalars(
            select(IncidentRevision)
            .where(IncidentRevision.incident_id == incident_id)
            .order_by(IncidentRevision.id)
        ):
            typer.echo(
                json.dumps(
                    {
                        "id": rev.id,
                        "at": rev.at.isoformat(),
                        "actor": rev.actor,
                        "action": rev.action,
                        "reason": rev.reason,
                        "changes": rev.changes,
                    },
                    ensure_ascii=False,
                    sort_keys=True,
                )
            )
