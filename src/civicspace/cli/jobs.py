"""``civicspace worker``, ``civicspace jobs …`` (the PostgreSQL queue) and ``civicspace pipeline``.

The queue commands need PostgreSQL; on SQLite they say so in one line and point to
``civicspace pipeline run``, which runs every stage inline in this process.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from sqlalchemy import Engine

from civicspace.cli.common import console, open_store
from civicspace.errors import InvalidInput
from civicspace.jobs.queue import require_queue
from civicspace.pipeline import STAGES, Context, Handoff, run_inline
from civicspace.settings import Settings, get_settings

app = typer.Typer(help="The job queue (PostgreSQL): schema, jobs, retries.", no_args_is_help=True)
pipeline_app = typer.Typer(
    help="The pipeline's stages, and running them inline.", no_args_is_help=True
)


def _queue_store() -> tuple[Settings, Engine]:
    """The settings and the store, once it is sure the queue can run here (with its tables)."""
    settings = get_settings()
    require_queue(settings.database_url)
    engine = open_store()
    from civicspace.jobs.admin import apply_schema

    apply_schema(engine)
    return settings, engine


def worker_command(
    concurrency: int = typer.Option(
        1, "--concurrency", min=1, help="Jobs at once in this process."
    ),
    queues: list[str] = typer.Option(
        [], "--queues", "--queue", help="Only these queues (repeatable; default: all)."
    ),
    name: str | None = typer.Option(None, "--name", help="Worker name in logs (default: host)."),
) -> None:
    """Run pipeline jobs until stopped; start any number, on any number of machines."""
    settings = get_settings()
    require_queue(settings.database_url)
    from civicspace.jobs.worker import run_worker

    open_store()
    wanted = [q for item in queues for q in item.split(",") if q]
    console.print(f"worker: queues {', '.join(wanted) or 'all'}, concurrency {concurrency}")
    run_worker(settings, concurrency=concurrency, queues=wanted, name=name)


@app.command("schema")
def schema() -> None:
    """Install the queue's tables in the database if they are missing (idempotent)."""
    settings = get_settings()
    require_queue(settings.database_url)
    from civicspace.jobs.admin import apply_schema

    installed = apply_schema(open_store())
    console.print("job queue schema " + ("installed" if installed else "already in place"))


@app.command("list")
def list_(
    failed: bool = typer.Option(False, "--failed", help="Only failed jobs."),
    status: str | None = typer.Option(None, "--status", help="Only jobs in this status."),
    limit: int = typer.Option(50, "--limit", min=1, help="Newest jobs shown."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object a line."),
) -> None:
    """Jobs, newest first, with status, attempts and their last event."""
    from civicspace.jobs.admin import counts, list_jobs

    _settings, engine = _queue_store()
    rows = list_jobs(engine, "failed" if failed else status, limit)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row.as_dict(), sort_keys=True))
        return
    console.print(f"jobs by status: {counts(engine) or 'none'}")
    for r in rows:
        when = r.last_event_at.strftime("%Y-%m-%d %H:%M:%S") if r.last_event_at else ""
        typer.echo(
            f"{r.id}\t{r.status}\t{r.task}\tqueue={r.queue}\tattempts={r.attempts}\t"
            f"{r.last_event or ''} {when}\t{json.dumps(r.args)[:120]}"
        )


@app.command("retry")
def retry(
    job_ids: list[int] = typer.Argument(None, help="Failed job ids."),
    all_failed: bool = typer.Option(False, "--all-failed", help="Every failed job."),
) -> None:
    """Put failed jobs back in the queue now."""
    from civicspace.jobs.admin import failed_ids
    from civicspace.jobs.admin import retry as retry_jobs

    settings, engine = _queue_store()
    if all_failed == bool(job_ids):
        raise InvalidInput("give failed job ids, or --all-failed")
    ids = failed_ids(engine) if all_failed else list(job_ids)
    done = retry_jobs(settings, engine, ids)
    skipped = sorted(set(ids) - set(done))
    console.print(
        f"retried {len(done)} job(s)" + (f"; {skipped} have a queued twin" if skipped else "")
    )


@app.command("import")
def import_(paths: list[Path] = typer.Argument(..., exists=True, help="Files or folders.")) -> None:
    """Queue import jobs for local files (workers must see the same paths)."""
    from civicspace.jobs.admin import enqueue_imports

    settings, _engine = _queue_store()
    ids = enqueue_imports(settings, paths)
    console.print(f"queued {len(ids)} import job(s)")


@app.command("poll")
def poll() -> None:
    """Queue a poll of the due sources now (workers also poll on jobs_poll_cron)."""
    from civicspace.jobs.admin import enqueue_poll

    settings, _engine = _queue_store()
    console.print(f"queued poll job {enqueue_poll(settings)}")


@pipeline_app.command("stages")
def stages() -> None:
    """The stages in order: what each takes, hands on, and its queue and lock."""
    for s in STAGES:
        typer.echo(
            f"{s.name}\t{s.kind}\ttakes: {s.takes}\thands on: {s.hands_on}\t"
            f"queue: {s.queue or '-'}\tlock: {s.lock or '-'}"
        )


@pipeline_app.command("run")
def run(
    paths: list[Path] = typer.Argument(None, exists=True, help="Files or folders to import."),
    poll_sources: bool = typer.Option(False, "--poll", help="Poll the due sources too."),
    source: list[int] = typer.Option([], "--source", help="Poll this source now (repeatable)."),
    rate: bool = typer.Option(False, "--rate", help="Rate the countries today at the end."),
) -> None:
    """Run the whole pipeline in this process: ingest, classify, cluster (and rate)."""
    settings = get_settings()
    ctx = Context(open_store(), settings)

    def show(name: str, handoff: Handoff) -> None:
        console.print(f"{name}: hands on {len(handoff.ids)}; {json.dumps(handoff.counts)[:200]}")

    report = run_inline(
        ctx,
        paths=list(paths or []),
        poll=poll_sources,
        source_ids=source,
        rate=datetime.now(UTC).date() if rate else None,
        on_stage=show,
    )
    typer.echo(json.dumps(report.as_dict(), sort_keys=True))


def register(root: typer.Typer) -> None:
    root.command("worker")(worker_command)
    root.add_typer(app, name="jobs")
    root.add_typer(pipeline_app, name="pipeline")
