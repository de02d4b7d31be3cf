"""Campaign pages over HTTP (the real app, TestClient): languages and right to left, time zones,
the counter, personalising within limits, pledging by e-mail, the private link, the desk."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import PledgeInput, pledge_with_link
from civicspace.settings import Settings
from civicspace.store.campaigns import Campaign, Pledge
from civicspace.web.app import create_app
from civicspace.web.campaigns.common import to_private_link
from tests.campaigns.helpers import add_pledge, make_campaign, with_key
from tests.support.desk_client import csrf_of, login
from tests.support.review import fast_hashes, make_users
from tests.support.smtp_inbox import Inbox, smtp_server

__all__ = ["fast_hashes"]

BASE = "http://127.0.0.1"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
EXTERNAL = re.compile(r'(?:src|href|action)="(?:https?:)?//(?!127\.0\.0\.1)[^"]*"')


LINK = r"http://127\.0\.0\.1/campaigns/free/pledges/[A-Za-z0-9_-]{32}"
Site = tuple[Engine, Settings, TestClient, Inbox]


@pytest.fixture
def site(engine: Engine, settings: Settings) -> Iterator[Site]:
    with smtp_server() as (inbox, port):
        settings = with_key(settings).model_copy(
            update={"smtp_host": "127.0.0.1", "smtp_port": port, "site_url": BASE}
        )
        make_campaign(engine, "free", threshold=3, max_note=40)
        app = create_app(settings, engine)
        yield engine, settings, TestClient(app, base_url=BASE, follow_redirects=False), inbox


def _confirm(client: TestClient, inbox: Inbox, address: str) -> str:
    """Open the private link the address received and confirm; the link's path."""
    path = urlsplit(inbox.link(address, LINK)).path
    page = client.get(path)
    assert 'data-status="unconfirmed"' in page.text
    done = client.post(path + "/confirm", data={"csrf_token": csrf_of(page.text)})
    assert done.status_code == 303 and done.headers["location"] == path + "?confirmed=1"
    return path


def _count(client: TestClient) -> int:
    r = client.get("/campaigns/free/count.json")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    return int(r.json()["supporters"])


def _step2(client: TestClient, note: str = "", language: str = "en") -> Any:
    page = client.get("/campaigns/free")
    return client.post(
        "/campaigns/free/personalise",
        data={"csrf_token": csrf_of(page.text), "language": language, "note": note},
    )


def _pledge_by_email(client: TestClient, email: str, **extra: Any) -> Any:
    note = extra.pop("note", "")
    step2 = _step2(client, note)
    assert step2.status_code == 200, step2.text
    data = {
        "csrf_token": csrf_of(step2.text),
        "language": "en",
        "note": note,
        "email": email,
        "networks": ["bluesky", "x"],
        **extra,
    }
    return client.post("/campaigns/free/pledge/email", data=data)


@pytest.mark.parametrize(
    ("lang", "heading", "message", "direction", "when"),
    [
        ("en", "Supporters", "Free the defenders now.", "ltr", "Friday, March 19, 2027 8:00"),
        ("fr", "Soutiens", "Libérez les défenseures.", "ltr", "vendredi 19 mars 2027 08:00"),
        # no Spanish variant: the message in English, the page in Spanish
        ("es", "Apoyos", "Free the defenders now.", "ltr", "viernes, 19 de marzo de 2027 8:00"),
        ("ar", "المؤيدون", "Free the defenders now.", "rtl", "الجمعة، 19 مارس 2027 8:00"),
    ],
)
def test_page_in_four_languages(
    site: Site, lang: str, heading: str, message: str, direction: str, when: str
) -> None:
    client = site[2]
    r = client.get(f"/campaigns/free?lang={lang}")
    assert r.status_code == 200
    assert r.headers["content-language"] == lang
    html = r.text
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f">{heading}</h2>" in html
    assert message in html
    assert ("#LibérezLes" if lang == "fr" else "#FreeThem") in html
    assert 'id="count"' in html and ">0</span>" in html  # the number at render time
    assert "2027-03-19 08:00 EDT" in html  # the send time in the organiser's zone
    assert when in html  # as the visitor's language writes it
    assert not EXTERNAL.findall(html.replace("https://example.org/", "")), "third-party URL"
    # the message keeps its own language and direction, inside a right-to-left page too
    shown = "fr" if lang == "fr" else "en"
    assert f'class="post" lang="{shown}" dir="ltr"' in html


def test_send_time_in_the_supporters_zone(site: Site) -> None:
    client = site[2]
    html = client.get("/campaigns/free?zone=Europe/Paris").text
    assert "(2027-03-19 13:00 CET, Europe/Paris)" in html
    assert "<option selected>Europe/Paris</option>" in html
    assert "2027-03-19 16:45 +0545" in client.get("/campaigns/free?zone=Asia/Kathmandu").text
    assert (
        "vendredi 19 mars 2027 13:00"
        in client.get("/campaigns/free?zone=Europe/Paris&lang=fr").text
    )
    assert client.get("/campaigns/nope").status_code == 404
    assert client.get("/campaigns/nope/count.json").status_code == 404
    assert client.get("/campaigns/free/image").status_code == 404  # no image set
    bad = client.get("/campaigns/free?zone=Mars/Olympus").text
    assert "unknown time zone &#39;Mars/Olympus&#39;" in bad


def test_counter_follows_pledges_and_revocations(site: Site) -> None:
    engine, settings, client, inbox = site
    assert _count(client) == 0
    add_pledge(
        engine, settings, "free", PledgeInput("mastodon", "https://m.example", "a", "t", "en")
    )
    assert _count(client) == 1
    r = _pledge_by_email(client, "b@example.org")
    assert r.status_code == 303 and r.headers["location"] == "/campaigns/free?sent=1"
    assert 'id="sent"' in client.get(r.headers["location"]).text
    assert _count(client) == 1  # an address counts once it confirmed
    path = _confirm(client, inbox, "b@example.org")
    assert _count(client) == 2
    doc = client.get("/campaigns/free/count.json").json()
    assert doc["threshold"] == 3 and doc["reached"] is False
    assert 'id="reached"' not in client.get("/campaigns/free").text
    add_pledge(
        engine, settings, "free", PledgeInput("bluesky", "https://pds.example", "c", "t", "en")
    )
    assert client.get("/campaigns/free/count.json").json()["reached"] is True
    assert "Objectif atteint" in client.get("/campaigns/free?lang=fr").text
    client.post(path + "/revoke", data={"csrf_token": _token(client)})
    assert _count(client) == 2
    assert ">2</span>" in client.get("/campaigns/free").text


def _token(client: TestClient) -> str:
    return csrf_of(client.get("/campaigns/free").text)


def test_personalise_within_the_organisers_limits(
    site: Site,
) -> None:
    client = site[2]
    r = _step2(client, "x" * 41)
    assert r.status_code == 422
    assert "personal note of 41 characters; this campaign allows 40" in r.text
    assert 'role="alert"' in r.text and 'aria-invalid="true"' in r.text
    assert "x" * 41 in r.text  # what they typed is kept
    r = _step2(client, "hi", language="de")
    assert r.status_code == 422 and "has no message in &#39;de&#39;" in r.text
    r = _step2(client, "  Mine, in my words.  ")
    assert r.status_code == 200
    assert "Mine, in my words.\n\nFree the defenders now.\n\nhttps://example.org/free" in r.text
    # step 2 offers the account connections (connect.py) and the e-mail fallback
    assert 'action="/campaigns/free/connect/mastodon"' in r.text
    assert 'action="/campaigns/free/connect/bluesky"' in r.text
    assert 'action="/campaigns/free/pledge/email"' in r.text
    assert 'name="note" value="Mine, in my words."' in r.text
    # no form token (or a forged one): refused
    assert client.post("/campaigns/free/personalise", data={"note": "a"}).status_code == 403
    fresh = TestClient(client.app, base_url=BASE)
    assert (
        fresh.post(
            "/campaigns/free/personalise", data={"csrf_token": "forged", "language": "en"}
        ).status_code
        == 403
    )


def test_pledge_by_email_confirm_then_revoke_by_the_private_link(site: Site) -> None:
    engine, settings, client, inbox = site
    r = _pledge_by_email(client, "Sup@Example.org", note="Me too")
    assert r.status_code == 303
    # the private link goes to the address only, never to the page
    assert "/pledges/" not in r.headers["location"] + client.get(r.headers["location"]).text
    link = inbox.link("Sup@Example.org", LINK)
    subject = str(inbox.to("Sup@Example.org")[0]["Subject"])
    assert subject == "[civicspace] Free the defenders: confirm your pledge"
    secret = link.rsplit("/", 1)[1]
    with Session(engine) as s:
        row = s.scalars(select(Pledge)).one()
        assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in repr(row.__dict__)  # only the hash is stored
        assert row.network == "email" and row.email == "Sup@Example.org"
        assert row.status == "unconfirmed"
        assert row.share_networks == ["bluesky", "x"]
        assert row.text.startswith("Me too\n\nFree the defenders now.")
    path = _confirm(client, inbox, "Sup@Example.org")
    page = client.get(path + "?confirmed=1")
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert 'data-status="pledged"' in page.text and "Me too" in page.text
    # the same address again: a clear refusal (an unconfirmed one would be replaced)
    again = _pledge_by_email(client, "sup@example.org")
    assert again.status_code == 409 and "pledged to this campaign already" in again.text
    # revoke without the form token: refused; with it: revoked, the address destroyed
    assert client.post(path + "/revoke", data={}).status_code == 403
    done = client.post(path + "/revoke", data={"csrf_token": _token(client)})
    assert done.status_code == 303
    assert 'data-status="revoked"' in client.get(path).text
    with Session(engine) as s:
        row = s.scalars(select(Pledge)).one()
        assert row.status == "revoked" and row.email is None and row.token_box is None
    # revoking twice is harmless; confirming a revoked pledge is refused; a wrong link: 404
    assert client.post(path + "/revoke", data={"csrf_token": _token(client)}).status_code == 303
    refused = client.post(path + "/confirm", data={"csrf_token": _token(client)})
    assert refused.status_code == 200 and "this pledge is revoked" in refused.text
    assert client.get("/campaigns/free/pledges/" + "A" * 32).status_code == 404
    # the revoked address may pledge again; an unconfirmed pledge is simply replaced
    assert _pledge_by_email(client, "sup@example.org").status_code == 303
    assert _pledge_by_email(client, "sup@example.org").status_code == 303
    with Session(engine) as s:
        assert [r.status for r in s.scalars(select(Pledge))] == ["unconfirmed"]
    # the mail server down: a clear error, and no pledge left behind
    down = settings.model_copy(update={"smtp_port": 9})
    dead = TestClient(create_app(down, engine), base_url=BASE, follow_redirects=False)
    r = _pledge_by_email(dead, "late@example.org")
    assert r.status_code == 503 and "could not send you the confirmation" in r.text
    with Session(engine) as s:
        assert s.scalar(select(Pledge).where(Pledge.share_networks.is_not(None)).limit(1))
        assert len(s.scalars(select(Pledge)).all()) == 1


def test_closed_campaign_says_what_happened(site: Site) -> None:
    engine, _, client, _ = site
    token = _token(client)  # taken while the form was there: still valid once it is gone
    with Session(engine) as s, s.begin():
        s.scalars(select(Campaign)).one().state = "missed"
    html = client.get("/campaigns/free?lang=es").text
    assert "No se sumaron suficientes personas: no se publicó nada." in html
    assert 'id="personalise"' not in html
    r = client.post(
        "/campaigns/free/pledge/email",
        data={"csrf_token": token, "language": "en", "email": "a@example.org", "networks": ["x"]},
    )
    assert r.status_code == 409 and "takes no more pledges" in r.text


def test_email_fallback_input_errors(site: Site) -> None:
    client = site[2]
    r = _pledge_by_email(client, "not-an-address")
    assert r.status_code == 422 and "is not an e-mail address" in r.text
    r = _pledge_by_email(client, "a@example.org", networks=[])
    assert r.status_code == 422 and "choose at least one network" in r.text
    r = _pledge_by_email(client, "a@example.org", networks=["mastodon"])
    assert r.status_code == 422 and "Mastodon needs your server" in r.text
    r = _pledge_by_email(client, "a@example.org", networks=["myspace"])
    assert r.status_code == 422 and "unknown network" in r.text
    ok = _pledge_by_email(
        client, "a@example.org", networks=["mastodon"], mastodon_instance="@me@Social.Example"
    )
    assert ok.status_code == 303


def test_organiser_desk_create_edit_results(
    engine: Engine, settings: Settings, fast_hashes: None
) -> None:
    make_users(engine)
    app = create_app(with_key(settings), engine)
    viewer, _ = login(app, "viewer")
    assert viewer.get("/desk/campaigns").status_code == 403
    client, _ = login(app, "editor")
    form = client.get("/desk/campaigns/new")
    assert form.status_code == 200
    token = csrf_of(form.text)
    data = {
        "csrf_token": token,
        "slug": "day",
        "title": "Defenders day",
        "threshold": "2",
        "send_zone": "America/New_York",
        "deadline": "2027-03-18T20:00",
        "send_at": "2027-03-19T08:00",
        "max_note": "50",
        "rows": "3",
        "v0_lang": "en",
        "v0_text": "Stand with them.",
        "v0_link": "https://example.org/day",
        "v0_tags": "Defenders, WHRD",
        "v0_alt": "A raised fist",
        "v1_lang": "ar",
        "v1_text": "قفوا معهن.",
        "v1_tags": "",
        "v2_lang": "",
        "v2_text": "",
    }
    files = {"image": ("fist.png", PNG, "image/png")}
    # without the CSRF token: refused
    no_token = {k: v for k, v in data.items() if k != "csrf_token"}
    assert client.post("/desk/campaigns/new", data=no_token).status_code == 403
    # a wrong image type: a clear error, nothing stored
    bad = client.post(
        "/desk/campaigns/new", data=data, files={"image": ("x.png", b"GIF-not", "image/png")}
    )
    assert bad.status_code == 422 and "PNG, JPEG, WebP or GIF" in bad.text
    # over Bluesky's length with the longest note: refused
    long = client.post("/desk/campaigns/new", data={**data, "v0_text": "y" * 250})
    assert long.status_code == 422 and "Bluesky" in long.text
    r = client.post("/desk/campaigns/new", data=data, files=files)
    assert r.status_code == 303, r.text
    with Session(engine) as s:
        c = s.scalars(select(Campaign).where(Campaign.slug == "day")).one()
        assert c.send_at.isoformat() == "2027-03-19T12:00:00+00:00"  # 08:00 EDT
        assert c.messages["en"]["hashtags"] == ["Defenders", "WHRD"]
        assert c.messages["en"]["image_alt"] == "A raised fist"
        assert set(c.messages) == {"en", "ar"}
    img = client.get("/campaigns/day/image")
    assert img.content == PNG and img.headers["content-type"] == "image/png"
    public = client.get("/campaigns/day?lang=ar").text
    assert 'dir="rtl"' in public and 'lang="ar" dir="rtl"' in public
    assert 'alt="A raised fist"' in public or 'src="/campaigns/day/image"' in public
    # edit: the threshold changes; wording is fixed once someone pledged
    edit = client.get("/desk/campaigns/day/edit")
    assert 'value="2027-03-19T08:00"' in edit.text
    token = csrf_of(edit.text)
    assert (
        client.post(
            "/desk/campaigns/day/edit", data={**data, "csrf_token": token, "threshold": "5"}
        ).status_code
        == 303
    )
    add_pledge(
        engine,
        with_key(settings),
        "day",
        PledgeInput("mastodon", "https://m.example", "a", "t", "en"),
    )
    locked = client.post(
        "/desk/campaigns/day/edit", data={**data, "csrf_token": token, "v0_text": "Other words."}
    )
    assert locked.status_code == 409 and "can no longer change" in locked.text
    results = client.get("/desk/campaigns/day/results", headers={"Accept": "application/json"})
    doc = results.json()
    assert doc["threshold"] == 5 and doc["supporters"] == 1 and doc["outcomes"] == {"pledged": 1}
    assert client.get("/desk/campaigns").status_code == 200


def test_an_account_pledge_lands_on_its_private_link(site: Site) -> None:
    """What the account-connection flows do at their end: pledge_with_link, then the redirect."""
    engine, settings, client, _ = site
    with Session(engine) as s, s.begin():
        data = PledgeInput("mastodon", "https://m.example/", "@me", "token", "fr", "Moi aussi")
        _row, secret = pledge_with_link(s, settings, "free", data)
    r = to_private_link("free", secret)
    assert r.status_code == 303 and r.headers["referrer-policy"] == "no-referrer"
    page = client.get(r.headers["location"] + "&lang=fr")
    assert page.status_code == 200
    assert f'value="{BASE}/campaigns/free/pledges/{secret}"' in page.text  # shown whole, once
    assert "Votre lien privé" in page.text and 'data-status="pledged"' in page.text
    assert "Mastodon: @me (https://m.example)" in page.text
    assert _count(client) == 1  # an account pledge counts at once
    done = client.post(
        r.headers["location"].split("?")[0] + "/revoke", data={"csrf_token": _token(client)}
    )
    assert done.status_code == 303 and _count(client) == 0
    with Session(engine) as s:
        assert s.scalars(select(Pledge)).one().token_box is None  # the token destroyed
