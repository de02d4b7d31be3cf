"""The e-mail fallback at send time (a real SMTP server, aiosmtpd) beside real Mastodon posts,
the "missed" notice alone when the threshold is missed, and reach read from the instances."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.campaigns.intents import instance_host, intents
from civicspace.campaigns.pledges import (
    FallbackInput,
    PledgeInput,
    confirm_by_link,
    pledge_fallback,
    revoke,
    set_image,
)
from civicspace.campaigns.reach import refresh_reach
from civicspace.campaigns.send import send_campaign
from civicspace.notify.social import MastodonPoster, mastodon_reach
from civicspace.settings import Settings
from civicspace.store.campaigns import Pledge
from civicspace.web.app import create_app
from civicspace.web.campaigns.desk import results_data
from tests.campaigns.helpers import NOW, add_pledge, make_campaign, with_key
from tests.support.desk_client import csrf_of, login
from tests.support.mastodon_servers import MastodonInstance
from tests.support.review import fast_hashes, make_users
from tests.support.smtp_inbox import Inbox, smtp_server

__all__ = ["fast_hashes"]


@pytest.fixture
def smtp(settings: Settings) -> Iterator[tuple[Inbox, Settings]]:
    with smtp_server() as (inbox, port):
        yield (
            inbox,
            with_key(settings).model_copy(
                update={
                    "smtp_host": "127.0.0.1",
                    "smtp_port": port,
                    "site_url": "https://campaigns.example",
                }
            ),
        )


def _fallback(engine: Engine, slug: str, data: FallbackInput, confirm: bool = True) -> int:
    """An e-mail pledge, confirmed from its private link unless ``confirm`` is false."""
    at = NOW.replace(day=10)
    with Session(engine) as session, session.begin():
        row, secret = pledge_fallback(session, slug, data, now=at)
        session.flush()
        if confirm:
            confirm_by_link(session, slug, secret, now=at)
        return row.id


def test_fallback_emails_go_out_at_send_time_with_share_links(
    engine: Engine,
    smtp: tuple[Inbox, Settings],
    mastodon_instances: list[MastodonInstance],
    fast_hashes: None,
) -> None:
    inbox, settings = smtp
    make_campaign(engine, "fb", threshold=4)
    with Session(engine) as session, session.begin():
        set_image(session, "fb", b"\x89PNG\r\n\x1a\nfake", "image/png")
    inst = mastodon_instances[0]
    users = [inst.new_user(f"fb_{i}_{id(inbox) % 10000}") for i in range(2)]
    for user in users:
        data = PledgeInput("mastodon", inst.url, user.username, user.token, "en", "Me too")
        add_pledge(engine, settings, "fb", data)
    everything = FallbackInput(
        "all@example.org",
        ["mastodon", "bluesky", "x", "facebook", "linkedin", "whatsapp", "telegram"],
        "fr",
        "Ensemble & solidaires ?",
        "https://Social.Example/",
    )
    _fallback(engine, "fb", everything)
    _fallback(engine, "fb", FallbackInput("bsky@example.org", ["bluesky"], "en"))
    gone = _fallback(engine, "fb", FallbackInput("gone@example.org", ["x"], "en"))
    _fallback(engine, "fb", FallbackInput("never@example.org", ["x"], "en"), confirm=False)
    with Session(engine) as session, session.begin():
        revoke(session, "fb", gone)
    assert inbox.messages == []  # nothing is e-mailed before the send time

    report = send_campaign(engine, settings, "fb", {"mastodon": MastodonPoster()}, NOW)
    assert report.state == "sent"
    assert report.outcomes == {"posted": 2, "emailed": 2}
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == ["all@example.org", "bsky@example.org"]

    text = "Ensemble & solidaires ?\n\nLibérez les défenseures.\n\nhttps://example.org/fr\n\n#LibérezLes"
    encoded = quote(text, safe="")
    body = inbox.body("all@example.org")
    assert f"https://social.example/share?text={encoded}" in body
    assert f"https://bsky.app/intent/compose?text={encoded}" in body
    assert f"https://x.com/intent/tweet?text={encoded}" in body
    assert f"https://wa.me/?text={encoded}" in body
    assert f"https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Ffr&text={encoded}" in body
    assert "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Ffr" in body
    assert (
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fexample.org%2Ffr" in body
    )
    assert "https://campaigns.example/campaigns/fb/image" in body
    assert "%20%26%20solidaires%20%3F" in encoded  # '&' and '?' cannot break the links
    only_bsky = inbox.body("bsky@example.org")
    assert "bsky.app/intent/compose?text=Free%20the%20defenders%20now." in only_bsky
    assert "x.com" not in only_bsky and "wa.me" not in only_bsky
    subjects = {str(m["Subject"]) for _, m in inbox.messages}
    assert subjects == {"[civicspace] Free the defenders: it is time, your post is ready"}

    with Session(engine) as session:
        rows = session.scalars(select(Pledge).where(Pledge.network == "email")).all()
        assert sorted(r.status for r in rows) == ["emailed", "emailed", "revoked", "unconfirmed"]
        assert all(r.email is None for r in rows)  # addresses erased once used (or unused)
    # a second run e-mails nobody again
    send_campaign(engine, settings, "fb", {"mastodon": MastodonPoster()}, NOW)
    assert len(inbox.messages) == 2

    # reach: one post is favourited on its instance, then read for the organiser
    with Session(engine) as session:
        url = session.scalars(
            select(Pledge.outcome_url).where(Pledge.status == "posted").order_by(Pledge.id)
        ).first()
    assert url
    fan = inst.new_user(f"fan_{id(inbox) % 10000}")
    status_id = url.rstrip("/").rsplit("/", 1)[-1]
    r = httpx.post(
        f"{inst.url}/api/v1/statuses/{status_id}/favourite",
        headers={"Authorization": f"Bearer {fan.token}"},
    )
    assert r.status_code == 200, r.text
    # the organiser reads the reach from the results page, then sees everything there
    make_users(engine)
    desk, _ = login(create_app(settings, engine), "editor")
    page = desk.get("/desk/campaigns/fb/results")
    assert "Not read yet." in page.text
    read = desk.post("/desk/campaigns/fb/reach", data={"csrf_token": csrf_of(page.text)})
    assert read.status_code == 303
    assert desk.post("/desk/campaigns/fb/reach", data={}).status_code == 403  # CSRF
    html = desk.get(read.headers["location"]).text
    assert "Reach: 2 read, 0 not reported, 0 errors." in html
    assert "1 favourites, 0 boosts, 0 replies" in html
    assert '<tr data-outcome="emailed"><th scope="row">Fallback e-mail sent</th><td>2</td>' in html
    assert '<tr data-outcome="revoked"><th scope="row">Revoked</th><td>1</td>' in html
    assert f'href="{url}"' in html and "1 ★" in html
    assert "@example.org" not in html  # no supporter's address reaches the organiser
    with Session(engine) as session:
        doc = results_data(session, "fb")
    assert doc["reach"]["totals"] == {"favourites": 1, "reblogs": 0, "replies": 0}
    assert doc["emailed"] == 2
    assert dict(doc["counts"])["posted"] == 2 and dict(doc["counts"])["revoked"] == 1
    assert all(p["url"] for p in doc["posted"])
    assert "all@example.org" not in str(doc)
    # a fetch that fails is reported, not recorded
    down = refresh_reach(
        engine, "fb", {"mastodon": lambda u: mastodon_reach("http://127.0.0.1:9/@x/1")}
    )
    assert down.read == 0 and len(down.errors) == 2 and "127.0.0.1:9" in down.errors[0]


def test_threshold_missed_sends_only_the_missed_notice(
    engine: Engine, smtp: tuple[Inbox, Settings]
) -> None:
    inbox, settings = smtp
    make_campaign(engine, "few", threshold=5)
    _fallback(engine, "few", FallbackInput("one@example.org", ["bluesky", "x"], "en"))
    _fallback(engine, "few", FallbackInput("two@example.org", ["whatsapp"], "en"))
    _fallback(engine, "few", FallbackInput("bot@example.org", ["x"], "en"), confirm=False)
    report = send_campaign(engine, settings, "few", {}, NOW)
    assert report.state == "missed"
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == ["one@example.org", "two@example.org"]
    for _, msg in inbox.messages:
        body = str(msg.get_content())
        assert "nothing was posted" in body
        assert "intent" not in body and "wa.me" not in body and "?text=" not in body
    with Session(engine) as session:
        rows = session.scalars(select(Pledge).order_by(Pledge.id)).all()
        assert [r.status for r in rows] == ["missed", "missed", "unconfirmed"]
        assert rows[2].email is None


def test_share_links_and_instance_names() -> None:
    assert instance_host("@me@Mastodon.Social") == "mastodon.social"
    assert instance_host("https://eu.example/@me") == "eu.example"
    assert instance_host("javascript:alert(1)") == ""
    assert instance_host("not a host") == ""
    links = intents(["facebook", "linkedin"], "text only", None)
    assert links == []  # they take only a link, and there is none
    (x,) = intents(["x"], "a b/c?d=e&f#g", None)
    assert x.url == "https://x.com/intent/tweet?text=a%20b%2Fc%3Fd%3De%26f%23g"
