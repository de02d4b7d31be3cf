"""The queue's schema, and jobs listed and retried: what ``civicspace jobs`` and the desk use.

Listing reads procrastinate's tables with plain SQL through the store's engine (no worker
needed); retrying goes through procrastinate's job manager, as a worker would.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.ingest.files import iter_paths
from civicspace.jobs.queue import require_queue
from civicspace.settings import Settings

STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")
_LOCK_KEY = 0x63697669  # pg_advisory_lock key: one schema installer at a time


def has_schema(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT to_regclass('procrastinate_jobs')")) is not None


def apply_schema(engine: Engine) -> bool:
    """Install procrastinate's tables if they are missing; True when it installed them.

    Idempotent and safe when several workers start at once (an advisory lock serialises them).
    """
    require_queue(engine.url.render_as_string(hide_password=False))
    from procrastinate.schema import SchemaManager

    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"SELECT pg_advisory_lock({_LOCK_KEY})")
        try:
            cur.execute("SELECT to_regclass('procrastinate_jobs')")
            row = cur.fetchone()
            if row is not None and row[0] is not None:
                return False
            cur.execute(SchemaManager.get_schema())
            raw.commit()
            return True
        finally:
            cur.execute(f"SELECT pg_advisory_unlock({_LOCK_KEY})")
            raw.commit()
    finally:
        raw.close()


@dataclass(frozen=True)
class JobRow:
    """One job as the CLI and the desk show it."""

    id: int
    task: str
    queue: str
    status: str
    attempts: int
    args: dict[str, Any]
    lock: str | None
    queueing_lock: str | None
    scheduled_at: datetime | None
    last_event: str | None
    last_event_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("scheduled_at", "last_event_at"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


_LIST = """
SELECT j.id, j.task_name, j.queue_name, j.status::text, j.attempts, j.args, j.lock,
       j.queueing_lock, j.scheduled_at, e.type::text, e.at
FROM procrastinate_jobs j
LEFT JOIN LATERAL (
    SELECT type, at FROM procrastinate_events WHERE job_id = j.id ORDER BY id DESC LIMIT 1
) e ON true
WHERE (CAST(:status AS text) IS NULL OR j.status::text = :status)
ORDER BY j.id DESC
LIMIT :limit
"""


def list_jobs(engine: Engine, status: str | None = None, limit: int = 100) -> list[JobRow]:
    """The newest ``limit`` jobs (of ``status`` when given), newest first."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"no job status {status!r}; choose from {', '.join(STATUSES)}")
    with engine.connect() as conn:
        rows = conn.execute(text(_LIST), {"status": status, "limit": limit}).all()
    return [JobRow(*row) for row in rows]


def counts(engine: Engine) -> dict[str, int]:
    """Jobs per status."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status")
        ).all()
    return {status: int(n) for status, n in rows}


def failed_ids(engine: Engine, job_ids: list[int] | None = None) -> list[int]:
    """Ids of failed jobs (among ``job_ids`` when given), oldest first."""
    query = "SELECT id FROM procrastinate_jobs WHERE status = 'failed'"
    params: dict[str, Any] = {}
    if job_ids is not None:
        query += " AND id = ANY(:ids)"
        params["ids"] = list(job_ids)
    with engine.connect() as conn:
        return [int(i) for i in conn.scalars(text(query + " ORDER BY id"), params)]


def retry(settings: Settings, engine: Engine, job_ids: list[int]) -> list[int]:
    """Put failed jobs back in the queue now; returns the ids retried.

    An unknown or not failed job raises :class:`NotFound` (nothing is retried). A job whose
    queueing lock is held by a queued twin is skipped: the twin does the same work.
    """
    from procrastinate.exceptions import ConnectorException

    from civicspace.jobs.app import make_app

    missing = sorted(set(job_ids) - set(failed_ids(engine, job_ids)))
    if missing:
        raise NotFound(f"no failed job {', '.join(map(str, missing))}")
    done: list[int] = []
    with make_app(settings, pool_size=1).open() as app:
        for job_id in job_ids:
            try:
                app.job_manager.retry_job_by_id(job_id, retry_at=datetime.now(UTC))
            except ConnectorException:
                continue  # a twin with the same queueing lock waits in the queue
            done.append(job_id)
    return done


def enqueue_imports(settings: Settings, paths: list[Path]) -> list[int]:
    """Import jobs for every file under ``paths``, ``jobs_import_batch`` files a job.

    The paths are resolved here and must be readable at the same place on every worker.
    """
    from civicspace.jobs.app import make_app

    files = [str(p.resolve()) for p in iter_paths(paths)]
    size = max(1, settings.jobs_import_batch)
    with make_app(settings, pool_size=1).open() as app:
        task = app.tasks["civicspace.import_files"]
        return [int(task.defer(paths=files[i : i + size])) for i in range(0, len(files), size)]


def enqueue_poll(settings: Settings) -> int:
    """A poll of the due sources now (it defers one ingest job per due source)."""
    from procrastinate.exceptions import AlreadyEnqueued

    from civicspace.jobs.app import make_app

    with make_app(settings, pool_size=1).open() as app:
        try:
            return int(app.tasks["civicspace.poll_sources"].defer(timestamp=int(time.time())))
        except AlreadyEnqueued as exc:
            raise Conflict("a poll of the sources is already queued") from exc
