"""One task per machine stage; each enqueues the next stage's jobs for the ids it produced.

    civicspace.poll_sources    periodic: an ingest_source job per due source
    civicspace.ingest_source   queue ingest, lock host:<host>, queueing lock source:<id>
    civicspace.import_files    queue ingest (a batch of local file paths)
    civicspace.classify        queue classify (a batch of document ids)
    civicspace.cluster         queue cluster, lock and queueing lock "cluster" (one at a time)
    civicspace.rate            periodic, queue rate, lock "rate"
    civicspace.send_alerts     periodic, queue rate, lock "alerts": pending rating alerts sent
    civicspace.retry_stalled   periodic: jobs of workers whose heartbeat stopped go back to todo
    civicspace.campaigns_send_due  periodic (every minute), lock "campaigns": due campaigns sent

A stage runs in a thread (``asyncio.to_thread``), so the worker's heartbeat keeps beating while
it works. Failures retry with exponential backoff (settings ``jobs_retries``,
``jobs_backoff_seconds``); a job out of attempts stays ``failed`` until someone retries it.
Periodic tasks fire once per interval across all workers (procrastinate records each firing).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from procrastinate import App, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException
from procrastinate.jobs import Status
from sqlalchemy.orm import Session

from civicspace import pipeline
from civicspace.campaigns.send import send_due
from civicspace.notify.social import default_posters
from civicspace.pipeline import Context
from civicspace.sources.registry import due_sources

log = logging.getLogger(__name__)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "unknown").lower()


def queue_of(stage: str) -> str:
    """The queue of a machine stage (named in :data:`civicspace.pipeline.STAGES`)."""
    return pipeline.stage(stage).queue or stage


def chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), max(1, size))]


def register(app: App, ctx: Context) -> None:
    """Register the pipeline's tasks on ``app``; they run the stages with ``ctx``."""
    settings = ctx.settings
    retry = RetryStrategy(
        max_attempts=settings.jobs_retries, exponential_wait=settings.jobs_backoff_seconds
    )
    ingest, cluster, rate = (pipeline.stage(n) for n in ("ingest", "cluster", "rate"))

    async def hand_to_classify(ids: Sequence[int]) -> None:
        for batch in chunks(ids, settings.jobs_classify_batch):
            await classify_task.defer_async(document_ids=batch)

    async def hand_to_cluster(ids: Sequence[int]) -> None:
        # a cluster job already queued takes everything pending, these ids too
        with suppress(AlreadyEnqueued):
            await cluster_task.configure(
                lock=cluster.lock, queueing_lock=cluster.queueing_lock
            ).defer_async(document_ids=list(ids))

    @app.task(name="civicspace.ingest_source", queue=queue_of("ingest"), retry=retry)
    async def ingest_source_task(source_id: int, force: bool = False) -> dict[str, Any]:
        handoff = await asyncio.to_thread(pipeline.ingest_source, ctx, source_id, force=force)
        await hand_to_classify(handoff.ids)
        return handoff.counts

    @app.task(name="civicspace.import_files", queue=queue_of("ingest"), retry=retry)
    async def import_files_task(paths: list[str]) -> dict[str, Any]:
        handoff = await asyncio.to_thread(pipeline.import_files, ctx, [Path(p) for p in paths])
        await hand_to_classify(handoff.ids)
        return handoff.counts

    @app.task(name="civicspace.classify", queue=queue_of("classify"), retry=retry)
    async def classify_task(document_ids: list[int]) -> dict[str, Any]:
        handoff = await asyncio.to_thread(pipeline.classify_documents, ctx, document_ids)
        if handoff.ids:
            await hand_to_cluster(handoff.ids)
        return handoff.counts

    @app.task(name="civicspace.cluster", queue=queue_of("cluster"), retry=retry)
    async def cluster_task(document_ids: list[int]) -> dict[str, Any]:
        handoff = await asyncio.to_thread(pipeline.cluster_documents, ctx, document_ids)
        return handoff.counts  # the desk takes it from here (review is people's work)

    @app.periodic(cron=settings.jobs_rate_cron, periodic_id="rate")
    @app.task(
        name="civicspace.rate",
        queue=queue_of("rate"),
        lock=rate.lock,
        queueing_lock=rate.queueing_lock,
        retry=retry,
    )
    async def rate_task(timestamp: int) -> dict[str, Any]:
        day = datetime.fromtimestamp(timestamp, UTC).date()
        handoff = await asyncio.to_thread(pipeline.rate_day, ctx, day)
        return handoff.counts

    @app.periodic(cron=settings.jobs_alerts_cron, periodic_id="alerts")
    @app.task(
        name="civicspace.send_alerts",
        queue=queue_of("rate"),
        lock="alerts",
        queueing_lock="alerts",
        retry=retry,
    )
    async def send_alerts_task(timestamp: int) -> dict[str, Any]:
        handoff = await asyncio.to_thread(pipeline.send_alerts, ctx)
        return handoff.counts

    @app.periodic(cron=settings.jobs_poll_cron, periodic_id="poll")
    @app.task(
        name="civicspace.poll_sources", queue=queue_of("ingest"), queueing_lock="poll_sources"
    )
    async def poll_sources_task(timestamp: int) -> int:
        return await defer_due_sources(ctx)

    async def defer_due_sources(ctx: Context) -> int:
        sources = await asyncio.to_thread(_due, ctx)
        deferred = 0
        for source_id, url in sources:
            try:
                await ingest_source_task.configure(
                    lock=(ingest.lock or "").format(host=host_of(url)),
                    queueing_lock=(ingest.queueing_lock or "").format(source_id=source_id),
                ).defer_async(source_id=source_id)
                deferred += 1
            except AlreadyEnqueued:
                pass  # this source waits in the queue already
        return deferred

    @app.periodic(cron="* * * * *", periodic_id="campaigns")
    @app.task(
        name="civicspace.campaigns_send_due",
        queue="campaigns",
        lock="campaigns",
        queueing_lock="campaigns",
    )
    async def campaigns_send_due_task(timestamp: int) -> list[dict[str, Any]]:
        if settings.campaign_token_key is None:
            log.warning("campaigns not sent: CIVICSPACE_CAMPAIGN_TOKEN_KEY is not set")
            return []
        reports = await asyncio.to_thread(
            send_due, ctx.engine, settings, default_posters(), datetime.now(UTC)
        )
        return [r.as_dict() for r in reports]

    @app.periodic(cron=settings.jobs_stalled_cron, periodic_id="stalled")
    @app.task(name="civicspace.retry_stalled", queue="maintenance", queueing_lock="stalled")
    async def retry_stalled_task(timestamp: int) -> int:
        return await retry_stalled(app, settings.jobs_stalled_seconds)


def _due(ctx: Context) -> list[tuple[int, str]]:
    with Session(ctx.engine) as session:
        return [(s.id, s.url) for s in due_sources(session, datetime.now(UTC))]


async def retry_stalled(app: App, seconds: float) -> int:
    """Put the jobs of workers silent for ``seconds`` back in the queue; returns how many.

    A stalled job whose queueing lock is taken by a queued twin (same kind, e.g. ``cluster``)
    is ended as ``aborted``: the twin does its work, since every stage takes what is pending.
    """
    manager = app.job_manager
    count = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=seconds):
        assert job.id is not None
        try:
            await manager.retry_job(job)
            count += 1
            log.warning("job %s (%s) stalled: back in the queue", job.id, job.task_name)
        except ConnectorException as exc:  # a queued twin holds the queueing lock
            if job.queueing_lock is None:
                raise
            log.warning("job %s stalled; a queued twin takes over (%s)", job.id, exc)
            await manager.finish_job_by_id_async(job.id, Status.ABORTED, delete_job=False)
    return count
