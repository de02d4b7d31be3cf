"""Bluesky posting against the reference PDS (skips when it is not installed)."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import PledgeInput
from civicspace.campaigns.send import send_campaign
from civicspace.settings import Settings
from civicspace.store.campaigns import Pledge
from tests.campaigns.helpers import NOW, add_pledge, make_campaign, with_key
from tests.support.bluesky_pds import Pds, bluesky_pds

__all__ = ["bluesky_pds"]
pytest.importorskip("atproto", reason="the bluesky extra is not installed")
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_bluesky_posts_land_on_the_pds(
    engine: Engine, settings: Settings, bluesky_pds: Pds
) -> None:
    from civicspace.notify.social import BlueskyPoster

    settings = with_key(settings)
    make_campaign(engine, "sky", threshold=2)
    users = [bluesky_pds.new_user(f"s{secrets.token_hex(3)}") for _ in range(3)]
    ids = [
        add_pledge(
            engine,
            settings,
            "sky",
            PledgeInput("bluesky", bluesky_pds.url, u.handle, u.app_password, "fr", "Moi aussi"),
        )
        for u in users[:2]
    ]
    bad = add_pledge(
        engine,
        settings,
        "sky",
        PledgeInput("bluesky", bluesky_pds.url, users[2].handle, "wrong", "en"),
    )
    report = send_campaign(engine, settings, "sky", {"bluesky": BlueskyPoster()}, NOW)
    assert report.outcomes == {"posted": 2, "token_expired": 1}
    for user in users[:2]:
        posts = bluesky_pds.posts(user)
        assert len(posts) == 1
        assert posts[0]["value"]["text"].startswith("Moi aussi")
        assert "Libérez les défenseures." in posts[0]["value"]["text"]
    assert bluesky_pds.posts(users[2]) == []
    with Session(engine) as session:
        rows = {r.id: r for r in session.scalars(select(Pledge))}
    assert all(rows[i].outcome_url for i in ids)
    assert rows[bad].status == "token_expired"
