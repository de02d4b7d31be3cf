"""Alerts sent by a worker, not only when a command runs: the periodic ``civicspace.send_alerts``
task on PostgreSQL delivers to a real SMTP server (aiosmtpd on 127.0.0.1); inline, the same step
follows rating when someone subscribed."""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.jobs import admin
from civicspace.jobs.app import make_app
from civicspace.pipeline import Context, run_inline
from civicspace.ratings import alerts
from civicspace.ratings.base import import_base_csv
from civicspace.ratings.method import load_method
from civicspace.settings import Settings
from civicspace.store.ratings import AlertDelivery
from tests.ratings.test_alerts import _Inbox, smtp

__all__ = ["smtp"]
METHOD = load_method("1")


def _subscribed(engine: Engine, tmp_path: Path) -> None:
    base = tmp_path / "base.csv"
    base.write_text("country,year,input,value\nKE,2025,partner_assessment,70\n")
    with Session(engine) as session:
        import_base_csv(base, session, METHOD)
        alerts.subscribe(session, "email", "monitor@example.org", ["KE"])
        session.commit()


def _subjects(inbox: _Inbox) -> list[str]:
    return [message_from_bytes(m[2], policy=policy.default)["Subject"] for m in inbox.messages]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_periodic_task_sends_alerts_to_smtp(
    engine: Engine, settings: Settings, smtp: tuple[_Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp
    _subscribed(engine, tmp_path)
    from civicspace.ratings.compute import compute_all

    with Session(engine) as session:
        assert compute_all(session, METHOD, date(2025, 6, 30)).proposed
        session.commit()
    assert inbox.messages == []  # computing alone sends nothing: the worker does
    every_second = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "jobs_alerts_cron": "* * * * * *",  # a 6th field: every second
            "jobs_retries": 0,
        }
    )
    assert admin.apply_schema(engine) is True
    app = make_app(every_second, pool_size=4)
    periodic = app.periodic_registry.periodic_tasks
    assert any(p.periodic_id == "alerts" and p.cron == "* * * * * *" for p in periodic.values())

    async def work() -> None:
        async with app.open_async():
            worker = asyncio.create_task(
                app.run_worker_async(
                    queues=["rate"], wait=True, fetch_job_polling_interval=0.2, name="alerts"
                )
            )
            deadline = time.monotonic() + 30
            while not inbox.messages and time.monotonic() < deadline and not worker.done():
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.5)  # later ticks find nothing new to send
            worker.cancel()
            with suppress(asyncio.CancelledError):
                await worker

    asyncio.run(work())
    assert _subjects(inbox) == ["[civicspace] KE: band change proposed (unrated → narrowed)"]
    assert inbox.messages[0][1] == ["monitor@example.org"]
    jobs = [j for j in admin.list_jobs(engine) if j.task == "civicspace.send_alerts"]
    # A tick may defer its job just before the worker stops (left "todo" or "doing"); none fails.
    statuses = {j.status for j in jobs}
    assert "succeeded" in statuses and statuses <= {"succeeded", "doing", "todo"}, statuses
    assert {(j.lock, j.queue) for j in jobs} == {("alerts", "rate")}
    with Session(engine) as session:
        (delivery,) = session.scalars(select(AlertDelivery)).all()
        assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_run_inline_sends_alerts_after_rating(
    engine: Engine, settings: Settings, smtp: tuple[_Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp
    ctx = Context(engine, settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port}))
    report = run_inline(ctx, rate=date(2025, 6, 30))
    assert "alerts" not in report.stages  # nobody subscribed: no alert step
    _subscribed(engine, tmp_path)
    with Session(engine) as session:
        assert alerts.configured(session)
    report = run_inline(ctx, rate=date(2025, 7, 1))
    assert report.stages["alerts"]["last"]["outcomes"] == {"sent": 1}
    assert _subjects(inbox) == ["[civicspace] KE: band change proposed (unrated → narrowed)"]
