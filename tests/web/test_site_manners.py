"""What a new user met on the web: HEAD, one error shape, HTML 404 pages, a favicon."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from civicspace.publish.cache import clear
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.publish_seed import seed

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def client(engine: Engine, settings: Settings) -> TestClient:
    clear()
    seed(engine)
    app: FastAPI = create_app(settings, engine)
    return TestClient(app, follow_redirects=False)


@pytest.mark.parametrize(
    "path",
    ["/", "/incidents", "/incidents.json", "/api/v1/incidents", "/api/v1/health",
     "/feeds/incidents.atom", "/static/site.css", "/desk/login", "/favicon.ico"],
)  # fmt: skip
def test_head_answers_like_get(client: TestClient, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200, path
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert "content-security-policy" in head.headers


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here",
        "/api/v1/incidents?country=ZZ",
        "/api/v1/incidents?limit=-1",
        "/api/v1/incidents/abc",
        "/api/v1/incidents/999999",
        "/api/v1/changes",
        "/incidents/999999.json",
    ],
)
def test_the_api_has_one_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (404, 422), path
    body = response.json()
    assert "detail" not in body
    assert isinstance(body["error"], str) and body["error"]


def test_invalid_input_names_the_field(client: TestClient) -> None:
    body = client.get("/api/v1/incidents?limit=-1").json()
    assert [f["field"] for f in body["fields"]] == ["limit"]
    assert "limit" in body["error"]


def test_unknown_pages_are_html_for_a_browser(client: TestClient) -> None:
    response = client.get("/no-such-page", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" in response.text and "/no-such-page" in response.text
    assert client.get("/no-such-page", headers={"Accept": "application/json"}).json()["error"]
    wrong = client.post("/incidents", headers=BROWSER)
    assert wrong.status_code == 405 and wrong.headers["content-type"].startswith("text/html")


def test_a_favicon_of_our_own(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg") and "<script" not in icon.text
    assert 'rel="icon"' in client.get("/").text
