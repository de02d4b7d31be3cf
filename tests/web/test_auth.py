"""Accounts and sessions: argon2id hashes, the password policy, cookies, rotation, expiry,
idle timeout, login CSRF, open redirects, throttling, and the dependencies other routers use."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from civicspace.accounts import users as accounts
from civicspace.errors import Conflict, InvalidInput
from civicspace.settings import Settings
from civicspace.store.accounts import User, UserSession
from civicspace.store.base import utcnow
from civicspace.web.app import create_app
from civicspace.web.auth import current_user, require_right, require_role, verify_csrf
from tests.support.desk_client import csrf_of, login
from tests.support.review import PASSWORD, fast_hashes, make_users

__all__ = ["fast_hashes"]


def test_passwords_are_argon2id_with_rfc9106_parameters(engine: Engine) -> None:
    with Session(engine) as s:
        assert s.scalar(select(func.count(User.id))) == 0  # no default account
        user = accounts.create_user(s, "Ada", PASSWORD, "admin")
        s.commit()
        assert user.username == "ada"
        assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert PASSWORD not in user.password_hash
        assert accounts.authenticate(s, "ada", PASSWORD) is not None
        assert accounts.authenticate(s, "ada", PASSWORD + "x") is None
        assert accounts.authenticate(s, "nobody", PASSWORD) is None


@pytest.mark.parametrize(
    "password",
    ["short", "aaaaaaaaaaaaaaaa", "password1234", "my-name-is-grace!", "x" * 300],
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(InvalidInput, match="password"):
        accounts.check_password_policy(password, "grace")


def test_usernames_roles_and_rights_are_checked(engine: Engine, fast_hashes: None) -> None:
    with Session(engine) as s:
        for name, role, rights in (("x", "viewer", []), ("bad name", "viewer", []),
                                   ("ok", "boss", []), ("ok", "viewer", ["root"])):  # fmt: skip
            with pytest.raises(InvalidInput):
                accounts.create_user(s, name, PASSWORD, role, rights)
        accounts.create_user(s, "ok", PASSWORD, "viewer")
        with pytest.raises(Conflict):
            accounts.create_user(s, "OK", PASSWORD, "viewer")


def test_outdated_hash_is_upgraded_on_login(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    with Session(engine) as s:
        accounts.create_user(s, "old", PASSWORD, "viewer")
        s.commit()
    monkeypatch.setattr(
        accounts, "HASHER", PasswordHasher(time_cost=2, memory_cost=128, parallelism=1)
    )
    with Session(engine) as s:
        user = accounts.authenticate(s, "old", PASSWORD)
        assert user is not None and "m=128,t=2" in user.password_hash


@pytest.fixture
def app(engine: Engine, settings: Settings, fast_hashes: None) -> FastAPI:
    make_users(engine)
    return create_app(settings, engine)


def _sessions(engine: Engine) -> list[UserSession]:
    with Session(engine) as s:
        return list(s.scalars(select(UserSession)))


def test_session_cookie_and_stored_hash(engine: Engine, app: FastAPI) -> None:
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    form = client.get("/desk/login")
    login_cookie = form.headers["set-cookie"]
    assert "HttpOnly" in login_cookie and "SameSite=strict" in login_cookie
    response = client.post(
        "/desk/login",
        data={"username": "editor", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    cookie = response.headers.get_list("set-cookie")[0]
    assert cookie.startswith("civicspace_session=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http on loopback only
    token = client.cookies["civicspace_session"]
    stored = _sessions(engine)
    assert len(stored) == 1
    assert stored[0].token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored[0].token_hash, stored[0].csrf_token}


def test_secure_host_cookie_anywhere_but_loopback_http(app: FastAPI) -> None:
    for base in ("https://desk.example.org", "http://desk.example.org"):
        client = TestClient(app, base_url=base, follow_redirects=False)
        form = client.get("/desk/login")
        assert form.headers["set-cookie"].startswith("__Host-civicspace_login=")
        assert "Secure" in form.headers["set-cookie"]
    client = TestClient(app, base_url="https://desk.example.org", follow_redirects=False)
    form = client.get("/desk/login")
    response = client.post(
        "/desk/login",
        data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    cookie = response.headers.get_list("set-cookie")[0]
    assert cookie.startswith("__Host-civicspace_session=") and "Secure" in cookie
    assert client.get("/desk/queue").status_code == 200


def test_login_rotates_and_logout_ends_the_session(engine: Engine, app: FastAPI) -> None:
    client, _ = login(app, "viewer")
    first = client.cookies["civicspace_session"]
    assert client.get("/desk/login").status_code == 303  # already logged in
    # logging in again from the same browser replaces the session: the old token dies
    other = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    form = other.get("/desk/login")
    client.cookies.set("civicspace_login", other.cookies["civicspace_login"], domain="127.0.0.1")
    client.post(
        "/desk/login",
        data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    second = client.cookies["civicspace_session"]
    assert second != first
    assert len(_sessions(engine)) == 1
    stale = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    stale.cookies.set("civicspace_session", first, domain="127.0.0.1")
    assert stale.get("/desk/queue").status_code == 303
    token = csrf_of(client.get("/desk/queue").text)
    client.post("/desk/logout", data={"csrf_token": token})
    assert _sessions(engine) == []
    assert client.get("/desk/queue").status_code == 303


def test_expired_idle_and_disabled_sessions_end(engine: Engine, app: FastAPI) -> None:
    for column, value in (
        (UserSession.expires_at, utcnow() - timedelta(seconds=1)),
        (UserSession.last_seen_at, utcnow() - timedelta(minutes=61)),
    ):
        client, _ = login(app, "viewer")
        with Session(engine) as s:
            s.execute(update(UserSession).values({column: value}))
            s.commit()
        response = client.get("/desk/queue")
        assert response.status_code == 303 and "/desk/login" in response.headers["location"]
        assert _sessions(engine) == []
    client, _ = login(app, "viewer")
    with Session(engine) as s:
        accounts.set_active(s, accounts.get_user(s, "viewer"), False)
        s.commit()
    assert client.get("/desk/queue").status_code == 303
    # and a disabled account cannot log in
    form = client.get("/desk/login")
    response = client.post(
        "/desk/login",
        data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    assert response.status_code == 401 and "wrong username or password" in response.text


def test_login_form_needs_its_token_and_same_origin(app: FastAPI) -> None:
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    data = {"username": "editor", "password": PASSWORD}
    assert client.post("/desk/login", data=data).status_code == 403  # no token, no cookie
    token = csrf_of(client.get("/desk/login").text)
    assert client.post("/desk/login", data={**data, "csrf_token": "x" + token}).status_code == 403
    cross = client.post(
        "/desk/login",
        data={**data, "csrf_token": token},
        headers={"Origin": "https://attacker.example"},
    )
    assert cross.status_code == 403
    assert "civicspace_session" not in client.cookies


def test_no_open_redirect_after_login(app: FastAPI) -> None:
    for target in ("https://attacker.example/", "//attacker.example", "/\\attacker.example",
                   "/desk//attacker.example", "/public", "/desk/login"):  # fmt: skip
        client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
        form = client.get("/desk/login")
        response = client.post(
            "/desk/login",
            data={"username": "editor", "password": PASSWORD, "csrf_token": csrf_of(form.text),
                  "next": target},
        )  # fmt: skip
        assert response.headers["location"] == "/desk/queue", target
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    form = client.get("/desk/login?next=/desk/incidents/1")
    response = client.post(
        "/desk/login",
        data={"username": "editor", "password": PASSWORD, "csrf_token": csrf_of(form.text),
              "next": "/desk/incidents/1"},
    )  # fmt: skip
    assert response.headers["location"] == "/desk/incidents/1"


def test_failed_logins_are_throttled_per_username(app: FastAPI) -> None:
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)

    def attempt(username: str, password: str) -> int:
        form = client.get("/desk/login")
        data = {"username": username, "password": password, "csrf_token": csrf_of(form.text)}
        return client.post("/desk/login", data=data).status_code

    assert attempt("nobody", "wrong password!") == 401  # unknown user: the same answer
    for _ in range(5):
        assert attempt("editor", "wrong password!") == 401
    assert attempt("editor", PASSWORD) == 429  # even the right password waits
    assert attempt("EDITOR ", PASSWORD) == 429  # the same username however typed
    assert attempt("viewer", PASSWORD) == 303  # other accounts are not locked out
    throttle = app.state.desk_login_throttle
    assert set(throttle._failures) == {"nobody", "editor"}  # usernames only, no addresses


def test_dependencies_for_other_routers(engine: Engine, app: FastAPI) -> None:
    """What the ratings panel and others build on: require_role, require_right, verify_csrf."""

    @app.get("/desk/probe/editor")
    def editor_only(user: User = Depends(require_role("editor"))) -> dict[str, str]:
        return {"user": user.username}

    @app.get("/desk/probe/panel")
    def panel_only(user: User = Depends(require_right("panel"))) -> dict[str, str]:
        return {"user": user.username}

    @app.post("/desk/probe/change", dependencies=[Depends(verify_csrf)])
    def change(user: User | None = Depends(current_user)) -> dict[str, str | None]:
        return {"user": user.username if user else None}

    expected = {
        "viewer": (403, 403),
        "panelist": (403, 200),
        "researcher": (403, 403),
        "editor": (200, 403),
        "admin": (200, 200),
    }
    for role, (editor_status, panel_status) in expected.items():
        client, token = login(app, role)
        assert client.get("/desk/probe/editor").status_code == editor_status, role
        assert client.get("/desk/probe/panel").status_code == panel_status, role
        assert client.post("/desk/probe/change").status_code == 403
        ok = client.post("/desk/probe/change", headers={"X-CSRF-Token": token})
        assert ok.json() == {"user": role}
    with pytest.raises(ValueError):
        require_role("superuser")


def test_desk_pages_carry_security_headers(app: FastAPI) -> None:
    client, _ = login(app, "viewer")
    page = client.get("/desk/queue")
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script>" not in page.text and "style=" not in page.text
