"""Forms without an account (civicspace.web.anonymous): signed tokens bound to a browser cookie,
the same-origin check, the form secret, and the rate limiter that keeps no address. A small app
over the real module; the areas' own routes are tested in test_submit, test_campaign_pages,
tests/listen/test_questions and tests/listen/test_members."""

from __future__ import annotations

from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse, Response
from fastapi.testclient import TestClient
from pydantic import SecretStr

from civicspace.accounts.roles import Forbidden
from civicspace.web.anonymous import (
    BROWSER,
    CAMPAIGN,
    LOGIN,
    SUBMIT,
    AddressLimiter,
    BrowserCookie,
    FormTokens,
    TooMany,
    check_form,
    check_rate,
    form_token,
)
from tests.support.loopback import loopback_settings

ADDRESS = "127.0.0.1"
AREAS = {"submit": SUBMIT, "campaign": CAMPAIGN, "login": LOGIN, "browser": BROWSER}


def _app(secret: str | None = None, limit: int = 2) -> FastAPI:
    app = FastAPI()
    app.state.settings = loopback_settings(
        database_url="sqlite://", form_secret=SecretStr(secret) if secret else None
    )

    @app.get("/{area}/form")
    def show(request: Request, area: str) -> Response:
        cookie = AREAS[area]
        value, new = cookie.ensure(request)
        response = JSONResponse({"token": form_token(request, cookie, value)})
        if new:
            cookie.remember(request, response, value)
        return response

    @app.post("/{area}/form")
    def post(request: Request, area: str, token: str = Form("")) -> Response:
        try:
            check_form(request, AREAS[area], token)
            check_rate(request, area, limit)
        except (Forbidden, TooMany) as exc:
            return JSONResponse({"error": str(exc)}, status_code=exc.status_code)
        return JSONResponse({"ok": True})

    return app


def _client(app: FastAPI, base: str = "http://127.0.0.1") -> TestClient:
    return TestClient(app, base_url=base, client=(ADDRESS, 1))


def _token(client: TestClient, area: str) -> str:
    token = client.get(f"/{area}/form").json()["token"]
    assert isinstance(token, str)
    return token


def test_tokens_are_bound_to_purpose_value_and_age() -> None:
    clock = [7200.0]
    tokens = FormTokens(b"k" * 32, clock=lambda: clock[0])
    issued = tokens.token("cs_form", "cookie-value")
    day = 24 * 3600
    assert tokens.check("cs_form", "cookie-value", issued, day)
    assert not tokens.check("cs_form", "other-value", issued, day)  # another browser
    assert not tokens.check("civicspace_campaign", "cookie-value", issued, day)  # another area
    assert not FormTokens(b"x" * 32, clock=lambda: clock[0]).check(
        "cs_form", "cookie-value", issued, day
    )  # another secret
    for bad in (None, "", "nodot", "abc.def", f"{int(clock[0])}.{'0' * 64}", "-5." + "0" * 64):
        assert not tokens.check("cs_form", "cookie-value", bad, day), bad
    assert not tokens.check("cs_form", None, issued, day)
    clock[0] += 6 * 3600 + 1
    assert not tokens.check("cs_form", "cookie-value", issued, 6 * 3600)  # too old
    ahead = FormTokens(b"k" * 32, clock=lambda: clock[0] + 3600).token("cs_form", "v")
    assert not tokens.check("cs_form", "v", ahead, day)  # issued in the future


def test_limiter_counts_per_kind_and_address_and_forgets_each_hour() -> None:
    clock = [7200.0]
    limiter = AddressLimiter(clock=lambda: clock[0])
    assert limiter.hit(ADDRESS, "submit", 2) and limiter.hit(ADDRESS, "submit", 2)
    assert not limiter.hit(ADDRESS, "submit", 2)
    assert limiter.hit("10.0.0.9", "submit", 2)  # another address
    assert limiter.hit(ADDRESS, "vote", 2)  # another kind
    assert all(ADDRESS.encode() not in slot and len(slot) == 16 for slot in limiter.slots())
    clock[0] += 3600  # a new hour: new key, counts forgotten
    assert limiter.hit(ADDRESS, "submit", 2) and len(limiter.slots()) == 1


def test_cookies_as_each_area_sets_them() -> None:
    client = _client(_app())
    for area, expected in (
        ("submit", ["cs_form=", "Path=/submit", "SameSite=strict", "HttpOnly"]),
        ("campaign", ["civicspace_campaign=", "Path=/", "SameSite=strict", "HttpOnly"]),
        ("login", ["civicspace_login=", "Path=/", "SameSite=strict", "HttpOnly"]),
        ("browser", ["civicspace_browser=", "Max-Age=2592000", "SameSite=lax", "HttpOnly"]),
    ):
        header = client.get(f"/{area}/form").headers["set-cookie"]
        assert all(part in header for part in expected), header
        assert "Secure" not in header and "__Host-" not in header  # plain http on loopback
        assert "set-cookie" not in client.get(f"/{area}/form").headers  # set once
    public = _client(_app(), "https://civicspace.example")
    header = public.get("/campaign/form").headers["set-cookie"]
    assert header.startswith("__Host-civicspace_campaign=") and "Secure" in header
    header = public.get("/submit/form").headers["set-cookie"]  # a narrower path: no prefix
    assert header.startswith("cs_form=") and "Secure" in header


def test_posts_need_same_origin_cookie_and_its_token() -> None:
    app = _app(limit=100)
    client, other = _client(app), _client(app)
    token = _token(client, "campaign")
    other.get("/campaign/form")
    assert client.post("/campaign/form", data={"token": token}).status_code == 200
    assert client.post("/campaign/form", data={}).status_code == 403
    assert other.post("/campaign/form", data={"token": token}).status_code == 403  # stolen
    cookieless = _client(app)
    refused = cookieless.post("/campaign/form", data={"token": token})
    assert refused.status_code == 403 and "needs a cookie" in refused.json()["error"]
    # the token of one area's cookie is refused by another, even with both cookies set
    _token(client, "browser")
    assert client.post("/browser/form", data={"token": token}).status_code == 403
    for forged in (
        {"Origin": "https://attacker.example"},
        {"Referer": "https://attacker.example/page"},
        {"Sec-Fetch-Site": "cross-site"},
    ):
        cross = client.post("/campaign/form", data={"token": token}, headers=forged)
        assert cross.status_code == 403, forged
    same = {"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/campaign/form", data={"token": token}, headers=same).status_code == 200


def test_form_secret_setting_is_shared_and_unset_is_per_process() -> None:
    secret = "s" * 40
    first, second = _client(_app(secret)), _client(_app(secret))
    token = _token(first, "browser")
    second.cookies.set("civicspace_browser", first.cookies["civicspace_browser"])
    assert second.post("/browser/form", data={"token": token}).status_code == 200
    alone, another = _client(_app()), _client(_app())
    token = _token(alone, "browser")
    another.cookies.set("civicspace_browser", alone.cookies["civicspace_browser"])
    assert another.post("/browser/form", data={"token": token}).status_code == 403


def test_rate_limit_answers_429_per_kind() -> None:
    client = _client(_app(limit=2))
    tokens = {area: _token(client, area) for area in ("campaign", "browser")}
    codes = [client.post("/campaign/form", data={"token": tokens["campaign"]}) for _ in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert "too many posts" in codes[-1].json()["error"]
    assert client.post("/browser/form", data={"token": tokens["browser"]}).status_code == 200


def test_a_cookie_too_short_or_long_is_replaced() -> None:
    app = _app()
    for bad in ("short", "x" * 101):
        client = _client(app)
        client.cookies.set("civicspace_campaign", bad)
        header = client.get("/campaign/form").headers.get("set-cookie", "")
        assert header.startswith("civicspace_campaign=") and bad not in header
    # a new cookie defaults to the browser session, on the whole site
    assert BrowserCookie("civicspace_test").max_age is None
