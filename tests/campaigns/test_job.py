"""The worker's periodic job sends due campaigns (PostgreSQL queue, real mastodon_mock)."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import PledgeInput
from civicspace.jobs import admin
from civicspace.jobs.app import make_app
from civicspace.jobs.worker import run_worker
from civicspace.settings import Settings
from civicspace.store.campaigns import Campaign
from tests.campaigns.helpers import add_pledge, make_campaign, with_key
from tests.support.mastodon_servers import MastodonInstance

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def test_periodic_job_sends_due_campaigns(
    engine: Engine, settings: Settings, mastodon_instances: list[MastodonInstance]
) -> None:
    settings = with_key(settings)
    admin.apply_schema(engine)
    make_campaign(engine, "job", threshold=1)
    inst = mastodon_instances[2]
    user = inst.new_user(f"job_{secrets.token_hex(3)}")
    add_pledge(
        engine, settings, "job", PledgeInput("mastodon", inst.url, user.username, user.token, "en")
    )
    past = datetime.now(UTC) - timedelta(minutes=1)
    with engine.begin() as conn:  # the send time has come
        conn.execute(update(Campaign).values(deadline=past, send_at=past))
    app = make_app(settings)
    with app.open():
        app.tasks["civicspace.campaigns_send_due"].defer(timestamp=int(time.time()))
    run_worker(settings, queues=["campaigns"], wait=False)
    with Session(engine) as session:
        assert session.scalar(select(Campaign.state).where(Campaign.slug == "job")) == "sent"
    assert len(inst.statuses(user)) == 1
