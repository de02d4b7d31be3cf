"""Logged-in test clients of the desk (FastAPI's TestClient on the real app)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.review import PASSWORD

BASE = "http://127.0.0.1"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def login(app: FastAPI, username: str | None, password: str = PASSWORD) -> tuple[TestClient, str]:
    """A client with a session of ``username`` (None: anonymous) and its CSRF token."""
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    if username is None:
        return client, "not-a-token"
    form = client.get("/desk/login")
    response = client.post(
        "/desk/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(form.text)},
    )
    assert response.status_code == 303, response.text
    return client, csrf_of(client.get("/desk/queue").text)
