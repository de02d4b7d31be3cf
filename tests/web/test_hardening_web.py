"""Security findings on the web layer: errors carry the security headers, huge ids are 404,
HSTS over HTTPS, absolute links from the configured site address (never the Host header),
and a password policy that knows the common and breached passwords."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from civicspace.accounts import users as accounts
from civicspace.errors import InvalidInput
from civicspace.publish.cache import clear
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.publish_seed import seed
from tests.support.review import fast_hashes, make_users

__all__ = ["fast_hashes"]

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options")
HUGE = [2**63, 2**64 + 5, 10**30]


def _boom() -> None:
    raise RuntimeError("a bug")


@pytest.fixture
def app(engine: Engine, settings: Settings, fast_hashes: None) -> FastAPI:
    clear()
    make_users(engine)
    seed(engine)
    app = create_app(
        settings.model_copy(update={"site_url": "https://monitor.example.org"}), engine
    )
    app.add_api_route("/boom", _boom)
    return app


def _secured(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name in HEADERS:
        assert name in headers, f"{name} missing on {response}"


@pytest.mark.parametrize("number", HUGE)
def test_huge_desk_ids_are_404_with_headers(app: FastAPI, number: int) -> None:
    client, _ = login(app, "editor")
    for path in (f"/desk/incidents/{number}", f"/desk/incidents/{number}/history"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        _secured(response)
    api = TestClient(app, raise_server_exceptions=False)
    for path in (f"/api/v1/incidents/{number}", f"/incidents/{number}"):
        response = api.get(path)
        assert response.status_code == 404, (path, response.status_code)
        _secured(response)


def test_every_error_carries_the_security_headers(app: FastAPI) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    boom = client.get("/boom")
    assert boom.status_code == 500 and "a bug" not in boom.text
    _secured(boom)
    for path, status in (("/no-such-page", 404), ("/api/v1/incidents?country=ZZ", 422)):
        response = client.get(path)
        assert response.status_code == status
        _secured(response)


def test_hsts_only_over_https(app: FastAPI) -> None:
    secure = TestClient(app, base_url="https://monitor.example.org")
    hsts = secure.get("/").headers.get("strict-transport-security", "")
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 15552000
    assert "strict-transport-security" not in TestClient(app).get("/").headers
    off = create_app(app.state.settings.model_copy(update={"hsts_max_age": 0}), app.state.engine)
    https = TestClient(off, base_url="https://monitor.example.org")
    assert "strict-transport-security" not in https.get("/").headers


def test_a_forged_host_never_appears_in_links(app: FastAPI) -> None:
    client = TestClient(app, base_url="http://evil.example")
    paths = [
        "/",
        "/incidents",
        "/incidents.json",
        "/api/v1/incidents?limit=1",
        "/api/v1/changes?since=2000-01-01T00:00:00Z&limit=1",
        "/feeds/incidents.atom",
        "/feeds/countries/KE.atom",
        "/api/v1/exports/incidents.csv",
        "/api/v1/exports/incidents.jsonl",
        "/api/v1/exports/incidents-acled.csv",
        "/api/v1/exports/incidents.geojson",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "evil.example" not in response.text, path
    feed = client.get("/feeds/incidents.atom").text
    assert "https://monitor.example.org/incidents/" in feed
    page = client.get("/api/v1/incidents?limit=1").json()
    assert page["next"].startswith("https://monitor.example.org/api/v1/incidents?")


@pytest.mark.parametrize(
    "password", ["qwerty123456", "password12345", "iloveyou2024!", "Dragon1234567", "1q2w3e4r5t6y"]
)
def test_common_and_breached_passwords_are_refused(password: str) -> None:
    with pytest.raises(InvalidInput, match="password"):
        accounts.check_password_policy(password, "grace")


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "Vtq8-fiddle-Orbit-91", "amani ya kweli 2026 !"]
)
def test_strong_passwords_pass(password: str) -> None:
    accounts.check_password_policy(password, "grace")
