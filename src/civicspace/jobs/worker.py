"""``civicspace worker``: one worker process; start any number, on any number of machines."""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence

from civicspace.classify.coder import get_coder
from civicspace.classify.schema import InputDoc
from civicspace.jobs.admin import apply_schema
from civicspace.jobs.app import make_app
from civicspace.settings import Settings
from civicspace.store.db import get_engine


def warm_up(queues: Sequence[str]) -> None:
    """Load the coder (model, gazetteer, lexicons) now when this worker takes classify jobs,
    so the first job does not pay for it."""
    if queues and "classify" not in queues:
        return
    sample = "Police arrested a journalist in Nairobi on Monday after she covered a protest."
    get_coder().code([InputDoc(id="warm-up", text=sample, lang="en")])


def run_worker(
    settings: Settings,
    *,
    concurrency: int = 1,
    queues: Sequence[str] = (),
    name: str | None = None,
    wait: bool = True,
) -> None:
    """Run jobs until stopped (SIGINT/SIGTERM finish the running jobs first).

    Installs the queue's schema if it is missing. ``concurrency`` jobs run at once in this
    process (threads: good for fetching; for CPU-bound stages run one process per core).
    With ``wait=False`` it returns once the queues are empty (tests, one-off drains).
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    apply_schema(get_engine(settings.database_url))
    warm_up(queues)
    app = make_app(settings, pool_size=concurrency + 3)
    app.run_worker(
        queues=list(queues) or None,
        concurrency=concurrency,
        name=name or f"{socket.gethostname()}",
        wait=wait,
        update_heartbeat_interval=settings.jobs_heartbeat_seconds,
        stalled_worker_timeout=settings.jobs_stalled_seconds,
        fetch_job_polling_interval=settings.jobs_poll_interval_seconds,
    )
