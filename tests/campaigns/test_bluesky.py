"""Bluesky posting against the reference PDS (npm @atproto/dev-env, started by the fixture)."""

from __future__ import annotations

import json
import secrets

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import PledgeInput
from civicspace.campaigns.send import send_campaign
from civicspace.notify.social import (
    BLUESKY_POINTS_PER_POST,
    BLUESKY_POINTS_PER_WINDOW,
    BLUESKY_SESSION_PREFIX,
    Account,
    BlueskyPoster,
    RetryableDelivery,
    bluesky_session_token,
    facets,
    tid,
)
from civicspace.settings import Settings
from civicspace.store.campaigns import Pledge
from tests.campaigns.helpers import NOW, add_pledge, make_campaign, with_key
from tests.support.bluesky_pds import Pds, PdsUser


def _session_token(pds: Pds, user: PdsUser) -> str:
    """What the connect form seals: a session opened with the app password, not the password."""
    r = httpx.post(
        f"{pds.url}/xrpc/com.atproto.server.createSession",
        json={"identifier": user.handle, "password": user.app_password},
    )
    r.raise_for_status()
    return bluesky_session_token(r.json()["did"], r.json()["refreshJwt"])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_bluesky_posts_land_on_the_pds(
    engine: Engine, settings: Settings, bluesky_pds: Pds
) -> None:
    settings = with_key(settings)
    make_campaign(engine, "sky", threshold=2)
    users = [bluesky_pds.new_user(f"s{secrets.token_hex(3)}") for _ in range(4)]
    by_password = add_pledge(
        engine,
        settings,
        "sky",
        PledgeInput(
            "bluesky", bluesky_pds.url, users[0].handle, users[0].app_password, "fr", "Moi"
        ),
    )
    session_token = _session_token(bluesky_pds, users[1])
    by_session = add_pledge(
        engine,
        settings,
        "sky",
        PledgeInput("bluesky", bluesky_pds.url, users[1].handle, session_token, "fr"),
    )
    wrong = add_pledge(
        engine, settings, "sky", PledgeInput("bluesky", bluesky_pds.url, users[2].handle, "x", "en")
    )
    revoked_token = _session_token(bluesky_pds, users[3])
    bluesky_pds.revoke_app_passwords(users[3])  # the supporter revokes the app password
    revoked = add_pledge(
        engine,
        settings,
        "sky",
        PledgeInput("bluesky", bluesky_pds.url, users[3].handle, revoked_token, "en"),
    )
    report = send_campaign(engine, settings, "sky", {"bluesky": BlueskyPoster()}, NOW)
    assert report.outcomes == {"posted": 2, "token_expired": 2}
    first = bluesky_pds.posts(users[0])
    assert len(first) == 1 and first[0]["value"]["text"].startswith("Moi")
    second = bluesky_pds.posts(users[1])
    assert len(second) == 1 and "Libérez les défenseures." in second[0]["value"]["text"]
    link = [f for f in second[0]["value"]["facets"] if "link" in f["features"][0]["$type"]]
    assert link[0]["features"][0]["uri"] == "https://example.org/fr"
    assert bluesky_pds.posts(users[2]) == [] and bluesky_pds.posts(users[3]) == []
    with Session(engine) as session:
        rows = {r.id: r for r in session.scalars(select(Pledge))}
    for pid in (by_password, by_session):
        assert rows[pid].status == "posted"
        rkey = str(rows[pid].outcome_url).rsplit("/", 1)[-1]
        assert any(p["uri"].endswith(rkey) for p in first + second)
    assert rows[wrong].status == rows[revoked].status == "token_expired"
    assert all(r.token_box is None for r in rows.values())
    # the session the pledge carried was ended at the PDS after its one post
    stored = json.loads(session_token.removeprefix(BLUESKY_SESSION_PREFIX))["refreshJwt"]
    again = httpx.post(
        f"{bluesky_pds.url}/xrpc/com.atproto.server.refreshSession",
        headers={"Authorization": f"Bearer {stored}"},
    )
    assert again.status_code in (400, 401), again.text


def test_a_retried_post_lands_once(bluesky_pds: Pds) -> None:
    user = bluesky_pds.new_user(f"r{secrets.token_hex(3)}")
    poster = BlueskyPoster()
    account = Account(bluesky_pds.url, user.handle, _session_token(bluesky_pds, user))
    url = poster.post(account, "once", "campaign-1-pledge-1")
    again = Account(bluesky_pds.url, user.handle, user.app_password)
    assert poster.post(again, "once", "campaign-1-pledge-1") == url
    assert [p["value"]["text"] for p in bluesky_pds.posts(user)] == ["once"]


def test_the_sender_keeps_within_5000_write_points_an_hour(bluesky_pds: Pds) -> None:
    user = bluesky_pds.new_user(f"l{secrets.token_hex(3)}")
    poster = BlueskyPoster()
    key = f"bluesky:{user.handle}@{bluesky_pds.url}"
    for _ in range(BLUESKY_POINTS_PER_WINDOW // BLUESKY_POINTS_PER_POST - 1):
        poster.limiter.take(key, BLUESKY_POINTS_PER_POST)  # earlier posts this hour
    account = Account(bluesky_pds.url, user.handle, user.app_password)
    poster.post(account, "the last one this hour", "k-last")
    with pytest.raises(RetryableDelivery) as caught:
        poster.post(account, "one too many", "k-over")
    assert 3590 < caught.value.retry_after <= 3600
    assert [p["value"]["text"] for p in bluesky_pds.posts(user)] == ["the last one this hour"]


def test_tids_sort_by_time_and_facets_count_bytes() -> None:
    assert len(tid(1_700_000_000_000_000)) == 13
    assert tid(1_700_000_000_000_000) < tid(1_700_000_000_000_001)
    text = "Él dijo ✊ https://example.org/x #Libres"
    found = facets(text)
    raw = text.encode("utf-8")
    spans = [raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in found]
    assert spans == ["https://example.org/x", "#Libres"]
