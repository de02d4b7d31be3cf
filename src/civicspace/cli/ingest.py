"""``civicspace ingest`` (poll sources) and ``civicspace import`` (local files), with progress."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store
from civicspace.errors import CivicspaceError, InvalidInput
from civicspace.ingest.crawl import SourceRun, crawl, next_due
from civicspace.ingest.importer import import_paths
from civicspace.settings import get_settings
from civicspace.sources.registry import next_due_source
from civicspace.store.models import Document


@contextmanager
def outcome_progress(label: str) -> Iterator[tuple[Counter[str], Progress, TaskID]]:
    """A live line of outcome counts; yields the counter, the progress and its task."""
    counts: Counter[str] = Counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} items"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task(label, total=None)
        yield counts, progress, task


def _describe(counts: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.most_common()) or "nothing new"


def import_command(
    paths: list[Path] = typer.Argument(..., exists=True, help="Files or folders to import."),
    workers: int | None = typer.Option(
        None, help="Extraction processes (default: setting import_workers; 0 = one per core)."
    ),
) -> None:
    """Import local files offline: .html, .html.gz, feeds, WARC, JSON lines, CSV (text column)."""
    engine = open_store()
    with outcome_progress("importing") as (counts, progress, task):

        def on_record(doc: Document) -> None:
            counts[doc.outcome] += 1
            progress.update(task, advance=1, description=f"importing: {_describe(counts)}")

        report = import_paths(paths, engine=engine, workers=workers, on_record=on_record)
    typer.echo(json.dumps(report.as_dict()))
    if report.recorded == 0 and report.skipped == 0:
        names = ", ".join(str(p) for p in paths)
        raise InvalidInput(
            f"nothing to import in {names}: no .html, .html.gz, feed, WARC, JSON lines or CSV file"
        )


def ingest_command(
    watch: bool = typer.Option(False, "--watch", help="Keep polling each source at its interval."),
    source: list[int] = typer.Option([], "--source", help="Only these source ids (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Poll every source now, due or not."),
) -> None:
    """Fetch every due source once (or keep watching), recording every item's outcome."""
    engine = open_store()
    settings = get_settings()
    while True:
        with outcome_progress("ingesting") as (counts, progress, task):

            def on_record(doc: Document) -> None:
                counts[doc.outcome] += 1
                progress.update(task, advance=1, description=f"ingesting: {_describe(counts)}")

            def on_source(run: SourceRun) -> None:
                state = "[green]ok[/]" if run.ok else f"[red]{escape(run.error or '')}[/]"
                if run.not_modified:
                    state = "not modified"
                progress.console.print(
                    f"source {run.source_id} {run.url}: {state}, {run.items} items"
                )

            report = asyncio.run(
                crawl(
                    engine=engine,
                    settings=settings,
                    source_ids=source or None,
                    force=force,
                    on_record=on_record,
                    on_source=on_source,
                )
            )
        typer.echo(json.dumps(report.as_dict()))
        if not report.sources and not source:
            console.print(_nothing_due(engine), soft_wrap=True, highlight=False)
        if not watch:
            if report.sources and all(not run.ok for run in report.sources):
                raise SourcesFailed(
                    f"every source failed ({len(report.sources)}): "
                    "see the lines above and `civicspace sources list`"
                )
            return
        force, source = False, []
        due = next_due(engine)
        wait = 60.0 if due is None else max(1.0, (due - datetime.now(UTC)).total_seconds())
        console.print(f"next poll in {int(wait)} s (Ctrl-C to stop)")
        time.sleep(min(wait, 3600.0))


class SourcesFailed(CivicspaceError):
    """Every source polled in this run failed (exit status 1)."""


def _nothing_due(engine: Engine) -> str:
    """Why nothing was polled, and when something will be."""
    with Session(engine) as session:
        source = next_due_source(session)
        if source is None:
            return "no sources registered: add one with `civicspace sources add URL`"
        due = source.next_due_at
        if due is not None and due.tzinfo is None:
            due = due.replace(tzinfo=UTC)
        minutes = 0 if due is None else max(0, int((due - datetime.now(UTC)).total_seconds() // 60))
        when = "now" if due is None else f"{due:%Y-%m-%d %H:%M} UTC (in {minutes} min)"
        failing = f", after {source.error_streak} failed polls" if source.error_streak else ""
        return (
            f"no source is due: the next is source {source.id} {source.url} at {when}{failing}; "
            "`civicspace ingest --force` polls every source now"
        )


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("ingest")(ingest_command)
