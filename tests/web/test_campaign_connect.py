"""Connecting accounts to a campaign over HTTP: the Mastodon OAuth dance against three real
mastodon_mock instances (its authorize page driven as a person would), and Bluesky with an app
password against the reference PDS; then the campaign is sent and the posts are on the servers."""

from __future__ import annotations

import re
import secrets
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.campaigns.oauth import CALLBACK_PATH, SCOPE
from civicspace.campaigns.send import send_campaign
from civicspace.campaigns.tokens import token_box, unseal
from civicspace.notify.social import BlueskyPoster, MastodonPoster
from civicspace.settings import Settings
from civicspace.store.campaigns import OAuthApp, Pledge
from civicspace.web.app import create_app
from tests.campaigns.helpers import NOW, make_campaign, plain, with_key
from tests.support.bluesky_pds import Pds
from tests.support.mastodon_servers import MastodonInstance

SITE = "http://127.0.0.1"


@pytest.fixture
def connect_settings(settings: Settings) -> Settings:
    return with_key(settings).model_copy(update={"campaign_allow_loopback": True, "site_url": SITE})


@pytest.fixture
def app(engine: Engine, connect_settings: Settings) -> FastAPI:
    make_campaign(engine, "free", threshold=2)
    return create_app(connect_settings, engine)


class _Form(HTMLParser):
    """The hidden fields of mastodon_mock's account picker."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields[str(a["name"])] = a.get("value") or ""


def authorize_as(authorize_url: str, username: str) -> str:
    """What a person does on the instance: open the authorize page, pick the account, allow.
    The answer is where the instance sends the browser back (our callback with code and state)."""
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        page = browser.get(authorize_url)
        assert page.status_code == 200
        form = _Form()
        form.feed(page.text)
        assert form.fields["scope"] == SCOPE
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(authorize_url))
        back = browser.post(f"{origin}/oauth/authorize", data={**form.fields, "username": username})
        assert back.status_code == 302
        return back.headers["location"]


def start(client: TestClient, inst: MastodonInstance, handle: str, note: str = "") -> str:
    r = client.get(
        "/campaigns/free/connect/mastodon",
        params={"instance": inst.url, "handle": handle, "language": "en", "note": note},
    )
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def test_mastodon_oauth_pledge_and_send_on_three_instances(
    engine: Engine,
    app: FastAPI,
    connect_settings: Settings,
    mastodon_instances: list[MastodonInstance],
) -> None:
    client = TestClient(app, base_url=SITE, follow_redirects=False)
    users = [inst.new_user(f"c{secrets.token_hex(3)}") for inst in mastodon_instances]
    for inst, user in zip(mastodon_instances, users, strict=True):
        url = start(client, inst, user.username, note=f"From {user.username}")
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        assert f"{parts.scheme}://{parts.netloc}" == inst.url and parts.path == "/oauth/authorize"
        assert query["scope"] == [SCOPE]  # exactly write:statuses, nothing else
        assert query["redirect_uri"] == [SITE + CALLBACK_PATH]
        assert query["code_challenge_method"] == ["S256"] and len(query["state"][0]) >= 32
        back = authorize_as(url, user.username)
        assert back.startswith(SITE + CALLBACK_PATH)
        done = client.get(back.removeprefix(SITE))
        assert done.status_code == 303, done.text
        assert done.headers["location"].startswith("/campaigns/free/pledges/")  # private link
        assert client.get(done.headers["location"]).status_code == 200
    # a second supporter on the first instance reuses the app registered there
    extra = mastodon_instances[0].new_user(f"d{secrets.token_hex(3)}")
    done = client.get(
        authorize_as(
            start(client, mastodon_instances[0], extra.username), extra.username
        ).removeprefix(SITE)
    )
    assert done.status_code == 303
    box = token_box(connect_settings)
    with Session(engine) as session:
        apps = list(session.scalars(select(OAuthApp)))
        pledges = list(session.scalars(select(Pledge).order_by(Pledge.id)))
    assert sorted(a.instance for a in apps) == sorted(i.url for i in mastodon_instances)
    assert all(a.scopes == SCOPE and b"client_secret" not in a.client_box for a in apps)
    assert [p.handle for p in pledges] == [u.username for u in users] + [extra.username]
    tokens: list[tuple[str, str]] = []
    for p, inst in zip(pledges, [*mastodon_instances, mastodon_instances[0]], strict=True):
        assert p.token_box is not None
        token = unseal(box, p.token_box)
        tokens.append((inst.url, token))
        assert token.encode() not in p.token_box  # sealed, not stored in clear
        granted = httpx.get(
            f"{inst.url}/api/v1/apps/verify_credentials",
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        assert granted["scopes"] == [SCOPE]

    report = send_campaign(engine, connect_settings, "free", {"mastodon": MastodonPoster()}, NOW)
    assert report.outcomes == {"posted": 4}
    for inst, user in zip(mastodon_instances, users, strict=True):
        statuses = inst.statuses(user)
        assert len(statuses) == 1
        text = plain(statuses[0]["content"])
        assert text.startswith(f"From {user.username}") and "Free the defenders now." in text
    with Session(engine) as session:
        after = list(session.scalars(select(Pledge)))
    assert all(p.status == "posted" and p.outcome_url for p in after)
    assert all(p.token_box is None for p in after)  # used once, destroyed after the campaign
    for url, token in tokens:  # and revoked at the instance: it no longer works there
        r = httpx.get(
            f"{url}/api/v1/apps/verify_credentials", headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 401


def test_state_mismatch_is_refused_and_pledges_nothing(
    engine: Engine, app: FastAPI, mastodon_instances: list[MastodonInstance]
) -> None:
    client = TestClient(app, base_url=SITE, follow_redirects=False)
    inst = mastodon_instances[1]
    user = inst.new_user(f"s{secrets.token_hex(3)}")
    back = authorize_as(start(client, inst, user.username), user.username)
    forged = re.sub(r"state=[^&]+", "state=" + secrets.token_urlsafe(32), back)
    r = client.get(forged.removeprefix(SITE))
    assert r.status_code == 403 and "state" in r.text
    other = TestClient(app, base_url=SITE, follow_redirects=False)  # no cookie: not started here
    assert other.get(back.removeprefix(SITE)).status_code == 403
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Pledge)) == 0


def test_instance_input_is_checked(engine: Engine, app: FastAPI) -> None:
    client = TestClient(app, base_url=SITE, follow_redirects=False)
    for bad in ("http://example.org", "example.org/path", "user:pw@example.org", "10.0.0.1"):
        r = client.get("/campaigns/free/connect/mastodon", params={"instance": bad, "handle": "a"})
        assert r.status_code in (403, 422), (bad, r.status_code)
    form = client.get("/campaigns/free/connect/mastodon")
    assert form.status_code == 200 and 'name="instance"' in form.text
    french = client.get("/campaigns/free/connect/bluesky?lang=fr")
    assert "Mot de passe d’application" in french.text and 'lang="fr"' in french.text
    arabic = client.get("/campaigns/free/connect/mastodon?lang=ar")
    assert "اربط حسابك على ماستودون" in arabic.text and 'dir="rtl"' in arabic.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    no_token = client.post("/campaigns/free/connect/mastodon", data={"instance": "x.org"})
    assert no_token.status_code == 403
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(OAuthApp)) == 0


def test_bluesky_app_password_pledge_keeps_only_a_session(
    engine: Engine, connect_settings: Settings, bluesky_pds: Pds
) -> None:
    settings = connect_settings.model_copy(
        update={"campaign_handle_resolver": bluesky_pds.url, "campaign_plc_url": bluesky_pds.plc}
    )
    make_campaign(engine, "sky", threshold=1)
    client = TestClient(create_app(settings, engine), base_url=SITE, follow_redirects=False)
    user = bluesky_pds.new_user(f"b{secrets.token_hex(3)}")
    form = client.get("/campaigns/sky/connect/bluesky?language=fr")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    wrong = client.post(
        "/campaigns/sky/connect/bluesky",
        data={"csrf_token": token.group(1), "handle": user.handle, "app_password": "nope"},
    )
    assert wrong.status_code == 422
    done = client.post(
        "/campaigns/sky/connect/bluesky",
        data={
            "csrf_token": token.group(1),
            "handle": user.handle,
            "app_password": user.app_password,
            "language": "fr",
            "note": "Avec elles",
        },
    )
    assert done.status_code == 303, done.text
    with Session(engine) as session:
        row = session.scalars(select(Pledge)).one()
    assert row.instance == bluesky_pds.url and row.handle == user.handle
    assert row.token_box is not None
    secret = unseal(token_box(settings), row.token_box)
    assert user.app_password not in secret and secret.startswith("atproto-session:")
    report = send_campaign(engine, settings, "sky", {"bluesky": BlueskyPoster()}, NOW)
    assert report.outcomes == {"posted": 1}
    posts = bluesky_pds.posts(user)
    assert len(posts) == 1 and posts[0]["value"]["text"].startswith("Avec elles")


def test_the_campaign_form_posts_into_the_dance(
    engine: Engine, app: FastAPI, mastodon_instances: list[MastodonInstance]
) -> None:
    """The step-2 form (a POST with the page's CSRF token) starts the same flow as the GET."""
    client = TestClient(app, base_url=SITE, follow_redirects=False)
    inst = mastodon_instances[2]
    user = inst.new_user(f"f{secrets.token_hex(3)}")
    form = client.get("/campaigns/free/connect/mastodon?language=fr")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    fields = {"csrf_token": token.group(1), "language": "fr", "note": "Moi aussi"}
    r = client.post(
        "/campaigns/free/connect/mastodon",
        data={**fields, "instance": inst.url, "handle": f"@{user.username}"},
    )
    assert r.status_code == 303 and r.headers["location"].startswith(f"{inst.url}/oauth/authorize")
    cookie = r.headers["set-cookie"]
    assert "civicspace_connect=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    done = client.get(authorize_as(r.headers["location"], user.username).removeprefix(SITE))
    assert done.status_code == 303
    with Session(engine) as session:
        row = session.scalars(select(Pledge)).one()
    assert (row.handle, row.language, row.instance) == (user.username, "fr", inst.url)
    assert row.text.startswith("Moi aussi") and row.secret_hash
