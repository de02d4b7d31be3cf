"""Each role can do exactly what it should on the desk, and nothing else; an unauthenticated,
token-less or cross-site request changes nothing (the database is compared before and after)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace import accounts
from civicspace.review import actions
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.review import PASSWORD, fast_hashes, make_users, seed_incidents, snapshot

__all__ = ["fast_hashes"]

ROLES = [None, "viewer", "researcher", "editor", "admin"]
AT_LEAST = {
    "viewer": {"viewer", "researcher", "editor", "admin"},
    "researcher": {"researcher", "editor", "admin"},
    "editor": {"editor", "admin"},
    "admin": {"admin"},
}


@dataclass
class Action:
    name: str
    least: str  # the least role allowed
    path: Callable[[dict[str, Any]], str]
    data: Callable[[dict[str, Any]], dict[str, Any]] = lambda w: {}
    prepare: Callable[[Session, User, dict[str, Any]], None] = lambda s, u, w: None


def _accepted(s: Session, admin: User, w: dict[str, Any]) -> None:
    actions.accept(s, w["a"], admin)


def _published(s: Session, admin: User, w: dict[str, Any]) -> None:
    actions.accept(s, w["a"], admin)
    actions.publish(s, w["a"], admin)


def _withdrawn(s: Session, admin: User, w: dict[str, Any]) -> None:
    _published(s, admin, w)
    actions.withdraw(s, w["a"], admin, reason="test")


def _merged(s: Session, admin: User, w: dict[str, Any]) -> None:
    actions.merge(s, w["a"], w["b"], admin)
    w["doc"] = actions.document_ids(s, w["a"])[1]


def _rejected(s: Session, admin: User, w: dict[str, Any]) -> None:
    actions.reject(s, w["a"], admin, reason="off topic")


def _target_user(s: Session, admin: User, w: dict[str, Any]) -> None:
    w["uid"] = accounts.create_user(s, f"target{w['a']}", PASSWORD, "viewer").id


def inc(suffix: str) -> Callable[[dict[str, Any]], str]:
    return lambda w: f"/desk/incidents/{w['a']}/{suffix}"


EDIT = {"title": "Edited title", "violations": ["arrest_detention"], "reason": "checked"}
ACTIONS = [
    Action("edit", "researcher", inc("edit"), lambda w: EDIT),
    Action("accept", "researcher", inc("accept")),
    Action("reject", "researcher", inc("reject"), lambda w: {"reason": "off topic"}),
    Action("reopen", "researcher", inc("reopen"), prepare=_rejected),
    Action("merge", "researcher", inc("merge"), lambda w: {"other": str(w["b"])}),
    Action("split", "researcher", inc("split"), lambda w: {"document_id": w["doc"]}, _merged),
    Action("duplicate", "researcher", inc("duplicate"), lambda w: {"original": str(w["b"])}),
    Action("publish", "editor", inc("publish"), prepare=_accepted),
    Action("withdraw", "editor", inc("withdraw"), lambda w: {"reason": "consent"}, _published),
    Action("correct published", "editor", inc("edit"), lambda w: EDIT, _published),
    Action("reopen withdrawn", "editor", inc("reopen"), prepare=_withdrawn),
    Action(
        "create account", "admin", lambda w: "/desk/users",
        lambda w: {"username": f"new{w['a']}", "role": "viewer", "password": PASSWORD},
    ),
    Action("set role", "admin", lambda w: f"/desk/users/{w['uid']}/role",
           lambda w: {"role": "editor"}, _target_user),
    Action("reset password", "admin", lambda w: f"/desk/users/{w['uid']}/password",
           lambda w: {"password": "another long passphrase"}, _target_user),
    Action("disable account", "admin", lambda w: f"/desk/users/{w['uid']}/active",
           lambda w: {"active": "false"}, _target_user),
]  # fmt: skip
PAGES = [
    ("viewer", lambda w: "/desk/queue"),
    ("viewer", lambda w: "/desk/queue.json"),
    ("viewer", lambda w: f"/desk/incidents/{w['a']}"),
    ("viewer", lambda w: f"/desk/incidents/{w['a']}.json"),
    ("viewer", lambda w: f"/desk/incidents/{w['a']}/history"),
    ("viewer", lambda w: f"/desk/incidents/{w['a']}/history.json"),
    ("admin", lambda w: "/desk/users"),
]


@pytest.fixture
def desk(engine: Engine, settings: Settings, fast_hashes: None) -> Any:
    users = make_users(engine)
    app = create_app(settings, engine)
    return engine, app, users


def _prepare(engine: Engine, users: dict[str, int], action: Action) -> dict[str, Any]:
    a, b, _, _ = seed_incidents(engine)
    world: dict[str, Any] = {"a": a, "b": b}
    with Session(engine) as s:
        admin = s.get(User, users["admin"])
        assert admin is not None
        action.prepare(s, admin, world)
        s.commit()
    return world


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_each_role_can_do_exactly_what_it_should(desk: Any, role: str | None) -> None:
    engine, app, users = desk
    client, token = login(app, role)
    for action in ACTIONS:
        world = _prepare(engine, users, action)
        before = snapshot(engine)
        response = client.post(action.path(world), data={**action.data(world), "csrf_token": token})
        after = snapshot(engine)
        allowed = role in AT_LEAST[action.least]
        if allowed:
            assert response.status_code == 303, (action.name, role, response.text[:300])
            assert "error" not in response.headers["location"]
            assert after != before, (action.name, role)
        else:
            expected = 401 if role is None else 403
            assert response.status_code == expected, (action.name, role, response.status_code)
            assert after == before, (action.name, role)


def test_each_role_sees_exactly_the_pages_it_should(desk: Any) -> None:
    engine, app, _ = desk
    world = {"a": seed_incidents(engine)[0]}
    for role in ROLES:
        _pages(app, world, role)


def _pages(app: Any, world: dict[str, Any], role: str | None) -> None:
    client, _ = login(app, role)
    for least, path in PAGES:
        url = path(world)
        response = client.get(url)
        if role is None:
            if url.endswith(".json"):
                assert response.status_code == 401, url
            else:
                assert response.status_code == 303, url
                assert response.headers["location"].startswith("/desk/login?next=")
        elif role in AT_LEAST[least]:
            assert response.status_code == 200, (url, role)
            assert response.headers["cache-control"] == "no-store"
        else:
            assert response.status_code == 403, (url, role)
        # JSON clients get JSON errors, never a login page
        if role is None:
            assert client.get(url, headers={"Accept": "application/json"}).status_code == 401


def test_forged_requests_change_nothing(desk: Any) -> None:
    """Missing, wrong or another session's CSRF token; cross-site Origin, Referer or
    Sec-Fetch-Site; a token but no session: all refused, the database untouched."""
    engine, app, _ = desk
    a = seed_incidents(engine)[0]
    editor, token = login(app, "editor")
    _, other_token = login(app, "admin")
    path = f"/desk/incidents/{a}/accept"
    forged: list[tuple[dict[str, str], dict[str, str]]] = [
        ({}, {}),
        ({"csrf_token": "wrong"}, {}),
        ({"csrf_token": token[:-1]}, {}),
        ({"csrf_token": other_token}, {}),
        ({}, {"X-CSRF-Token": other_token}),
        ({"csrf_token": token}, {"Origin": "https://attacker.example"}),
        ({"csrf_token": token}, {"Origin": "http://127.0.0.1.attacker.example"}),
        ({"csrf_token": token}, {"Referer": "https://attacker.example/page"}),
        ({"csrf_token": token}, {"Sec-Fetch-Site": "cross-site"}),
        ({"csrf_token": token}, {"Sec-Fetch-Site": "same-site"}),
    ]
    before = snapshot(engine)
    for data, headers in forged:
        response = editor.post(path, data=data, headers=headers)
        assert response.status_code == 403, (data, headers)
        assert snapshot(engine) == before, (data, headers)
    anonymous, _ = login(app, None)
    assert anonymous.post(path, data={"csrf_token": token}).status_code == 401
    anonymous.cookies.set("civicspace_session", "forged-session-token")
    assert anonymous.post(path, data={"csrf_token": token}).status_code == 401
    assert snapshot(engine) == before
    # the same request, same-origin and with its own token, goes through
    ok = editor.post(
        path,
        data={"csrf_token": token},
        headers={"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"},
    )
    assert ok.status_code == 303
    assert snapshot(engine) != before
    # a header token works too (JSON clients), and Origin: null (no-referrer pages) proves nothing
    b = seed_incidents(engine)[0]
    ok = editor.post(
        f"/desk/incidents/{b}/reject",
        data={"reason": "off topic"},
        headers={"X-CSRF-Token": token, "Origin": "null", "Accept": "application/json"},
    )
    assert ok.status_code == 200 and ok.json()["done"] == "rejected"


def test_logout_needs_the_token_and_ends_the_session(desk: Any) -> None:
    _, app, _ = desk
    client, token = login(app, "viewer")
    assert client.post("/desk/logout").status_code == 403
    assert client.get("/desk/queue").status_code == 200
    assert client.post("/desk/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/desk/queue").status_code == 303
