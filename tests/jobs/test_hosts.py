"""Three worker hosts and one database host: a worker killed with SIGKILL in the middle of a job
loses nothing and duplicates nothing (its stalled job runs again elsewhere), and periodic polling
fires once per interval across all workers.

Hosts are network namespaces wired to this machine when it can (root, ``ip``), else processes.
"""

from __future__ import annotations

import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from civicspace.jobs import admin
from civicspace.settings import Settings
from civicspace.store.models import Document
from tests.support.hosts import Hosts
from tests.support.pipeline_checks import pipeline_state
from tests.support.synthetic import write_corpus

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
IDLE = 7  # seconds the hosts stay idle at the end, for the polling check
PER_FILE = 100  # the runner commits every 64 items: a kill after one commit is mid-job
PIPELINE = ("civicspace.import_files", "civicspace.classify", "civicspace.cluster")
WORKER_ENV = {
    "CIVICSPACE_JOBS_POLL_CRON": "* * * * * */2",  # every 2 s (6th field: seconds)
    "CIVICSPACE_JOBS_STALLED_CRON": "* * * * * */2",
    "CIVICSPACE_JOBS_STALLED_SECONDS": "3",
    "CIVICSPACE_JOBS_HEARTBEAT_SECONDS": "1",
    "CIVICSPACE_JOBS_POLL_INTERVAL_SECONDS": "0.5",
    "CIVICSPACE_JOBS_BACKOFF_SECONDS": "0",
}


def _wait(what: str, check, timeout: float, hosts: Hosts) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        assert all(p.poll() in (None, -signal.SIGKILL) for p in hosts.procs), "a worker died"
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} ({hosts.mode})")


def _scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text(sql)) or 0)


def _documents(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count(Document.id))) or 0)


@pytest.mark.slow  # ~40 s on a quiet 2-core machine, ~100 s with a load of 12
def test_killed_worker_loses_nothing_and_polls_fire_once(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    total = write_corpus(tmp_path / "news", files=3, per_file=PER_FILE)
    admin.apply_schema(engine)
    jobs = admin.enqueue_imports(
        settings.model_copy(update={"jobs_import_batch": 1}), [tmp_path / "news"]
    )
    assert len(jobs) == 3
    worker = [sys.executable, "-m", "civicspace.cli", "worker"]
    with Hosts(3, settings.database_url, tmp_path) as hosts:
        started = time.monotonic()
        first = hosts.spawn(0, [*worker, "--name", "host0"], WORKER_ENV)

        # host0 has committed a batch of its first import job (64 items) but not finished it
        def mid_job() -> bool:
            docs = _documents(engine)
            return 64 <= docs < PER_FILE and bool(admin.list_jobs(engine, "doing"))

        _wait("host0 in the middle of an import job", mid_job, 60, hosts)
        first.send_signal(signal.SIGKILL)
        first.wait(5)
        killed = [j.id for j in admin.list_jobs(engine, "doing") if j.task in PIPELINE]
        assert len(killed) == 1, killed
        recorded_at_kill = _documents(engine)
        for i in (1, 2):
            hosts.spawn(i, [*worker, "--name", f"host{i}"], WORKER_ENV)

        def drained() -> bool:
            busy = [
                j
                for status in ("todo", "doing")
                for j in admin.list_jobs(engine, status)
                if j.task in PIPELINE
            ]
            return not busy and _documents(engine) == total

        _wait("the other hosts to finish every job", drained, 120, hosts)
        elapsed = time.monotonic() - started
        idle_from = time.time()  # two idle hosts, each with a periodic deferrer: 3 ticks
        time.sleep(IDLE)

    print(f"hosts: {hosts.mode}, {elapsed:.0f} s")
    # nothing lost, nothing twice: one outcome per input, one coding, one incident each
    assert 64 <= recorded_at_kill < total
    state = pipeline_state(engine)
    assert state["documents"] == total and state["stored"] == total
    assert state["memberships"] > 0
    assert admin.list_jobs(engine, "failed") == []
    rerun = admin.list_jobs(engine, limit=10_000)
    (job,) = [j for j in rerun if j.id == killed[0]]
    assert job.status == "succeeded" and job.attempts >= 2  # it ran again after the kill
    events = _scalar(
        engine,
        "SELECT count(*) FROM procrastinate_events "
        f"WHERE job_id = {job.id} AND type = 'deferred_for_retry'",
    )
    assert events >= 1

    # periodic polling: each 2-second tick deferred once, whichever host saw it first (while
    # all hosts were busy, ticks whose previous poll still waited were skipped: the queueing lock)
    rerun = admin.list_jobs(engine, limit=10_000)
    ticks = Counter(j.args["timestamp"] for j in rerun if j.task == "civicspace.poll_sources")
    assert ticks and max(ticks.values()) == 1
    assert all(t % 2 == 0 for t in ticks)
    idle_ticks = [t for t in ticks if idle_from <= t <= idle_from + IDLE - 1]
    assert len(idle_ticks) >= IDLE // 2 - 1, (idle_ticks, idle_from)
