"""Forms used without an account: signed form tokens bound to a browser cookie, the same-origin
check, and rate limits that never keep an address. The one home of these for the submission
form (``/submit``), the public campaign forms (``/campaigns``), live questions, votes and the
members' login and registration forms (``/events``, ``/members``) and the desk's login form.

**The browser cookie.** Each area names its own random per-browser cookie (:class:`BrowserCookie`):
``cs_form`` for ``/submit`` (path ``/submit``, SameSite=Strict, for the browser session, so
nothing ties a submission to the rest of the site), ``civicspace_campaign`` for campaigns
(SameSite=Strict, session), ``civicspace_login`` for the desk's login form (the same; cleared at
login) and ``civicspace_browser`` for listen (SameSite=Lax, 30 days: votes
also store its SHA-256). Always HttpOnly. A cookie on path ``/`` takes the ``__Host-`` prefix
and Secure everywhere but plain http on loopback; one on a narrower path (the prefix needs ``/``)
is Secure over HTTPS.

**The form token.** ``<issued>.<HMAC-SHA256(form secret, cookie name, cookie value, issued)>``
in a hidden field: a signed double submit. A post is accepted only when it comes from this site
(:func:`civicspace.web.auth.check_same_origin`: ``Sec-Fetch-Site``, ``Origin``/``Referer``),
carries the cookie, and carries a token made from that cookie's value under that cookie's name
and younger than the cookie's ``token_hours``. Nothing is kept on the server. The form secret is
``CIVICSPACE_FORM_SECRET``, or a random one per process when unset (tokens then last until a
restart; set it when several processes serve the site).

**Rate limits.** :class:`AddressLimiter` counts posts per clock hour in memory under
``HMAC-SHA256(hour key, kind, address)`` truncated to 16 bytes; the hour key is random, held in
memory only, and replaced with every count when the hour changes. So no address, nor anything
from which one could be recovered once the hour has passed, is ever written or kept. Behind a
proxy or a Tor onion service every visitor shares the proxy's address and the limit applies to
all of them together (docs/protect.md). Each area keeps its own limit setting.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import Request, Response

from civicspace.accounts.roles import Forbidden
from civicspace.errors import CivicspaceError
from civicspace.settings import Settings
from civicspace.web.auth import LOGIN_COOKIE, check_same_origin, cookie_name, cookie_secure

__all__ = [
    "BROWSER",
    "CAMPAIGN",
    "LOGIN",
    "SUBMIT",
    "AddressLimiter",
    "BrowserCookie",
    "FormTokens",
    "TooMany",
    "allow",
    "check_form",
    "check_rate",
    "check_same_origin",
    "form_token",
    "form_tokens",
    "limiter",
    "token_valid",
]

MAX_SLOTS = 200_000  # bound on the counts held, under a flood of addresses


class TooMany(CivicspaceError):
    status_code = 429


@dataclass(frozen=True)
class BrowserCookie:
    """The random per-browser value an area's form tokens are bound to, and how it is set."""

    name: str
    path: str = "/"
    samesite: Literal["strict", "lax"] = "strict"
    max_age: int | None = None  # seconds; None: for the browser session
    token_hours: int = 6  # how long a form token made for this cookie is accepted

    def name_for(self, request: Request) -> str:
        return cookie_name(request, self.name) if self.path == "/" else self.name

    def read(self, request: Request) -> str | None:
        """The browser's value from its cookie, or None when missing or malformed."""
        value = request.cookies.get(self.name_for(request), "")
        return value if 20 <= len(value) <= 100 else None

    def ensure(self, request: Request) -> tuple[str, bool]:
        """(the browser's value, whether it is new and must be set with :meth:`remember`)."""
        found = self.read(request)
        if found:
            return found, False
        made: dict[str, str] = getattr(request.state, "new_browser_cookies", {})
        request.state.new_browser_cookies = made
        return made.setdefault(self.name, secrets.token_urlsafe(32)), True

    def remember(self, request: Request, response: Response, value: str) -> None:
        secure = cookie_secure(request) if self.path == "/" else request.url.scheme == "https"
        response.set_cookie(
            self.name_for(request),
            value,
            max_age=self.max_age,
            path=self.path,
            httponly=True,
            samesite=self.samesite,
            secure=secure,
        )


# Each area's cookie (their names are in the docs and the tests).
SUBMIT = BrowserCookie("cs_form", path="/submit", token_hours=6)
CAMPAIGN = BrowserCookie("civicspace_campaign", token_hours=24)
LOGIN = BrowserCookie(LOGIN_COOKIE, token_hours=6)  # the desk's login form, before a session
BROWSER = BrowserCookie(
    "civicspace_browser", samesite="lax", max_age=30 * 24 * 3600, token_hours=24
)


class FormTokens:
    """Signs and checks form tokens under one secret (see the module's docstring)."""

    def __init__(self, secret: bytes, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._clock = clock

    def _mac(self, purpose: str, value: str, issued: int) -> str:
        message = f"{purpose}\0{value}\0{issued}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def token(self, purpose: str, value: str) -> str:
        issued = int(self._clock())
        return f"{issued}.{self._mac(purpose, value, issued)}"

    def check(self, purpose: str, value: str | None, token: str | None, max_age_s: float) -> bool:
        """True for a token made for ``purpose`` and ``value`` less than ``max_age_s`` ago."""
        if not value or not token or "." not in token or len(token) > 200:
            return False
        issued_text, _, mac = token.partition(".")
        if not issued_text.isdigit():
            return False
        issued = int(issued_text)
        age = self._clock() - issued
        if age < -60 or age > max_age_s:
            return False
        return hmac.compare_digest(mac.encode(), self._mac(purpose, value, issued).encode())


def form_tokens(request: Request) -> FormTokens:
    """The app's token signer: ``CIVICSPACE_FORM_SECRET``, else a random secret per process."""
    state = request.app.state
    found = getattr(state, "form_tokens", None)
    if found is None:
        settings: Settings = state.settings
        if settings.form_secret is not None:
            secret = settings.form_secret.get_secret_value().encode("utf-8")
        else:
            secret = secrets.token_bytes(32)
        found = state.form_tokens = FormTokens(secret)
    assert isinstance(found, FormTokens)
    return found


def form_token(request: Request, cookie: BrowserCookie, value: str) -> str:
    """The token for the hidden field of a form, bound to the browser's ``value`` of ``cookie``."""
    return form_tokens(request).token(cookie.name, value)


def token_valid(request: Request, cookie: BrowserCookie, submitted: str | None) -> bool:
    """Whether ``submitted`` was made for the browser's ``cookie`` (no same-origin check)."""
    return form_tokens(request).check(
        cookie.name, cookie.read(request), submitted, cookie.token_hours * 3600
    )


def check_form(request: Request, cookie: BrowserCookie, submitted: str | None) -> str:
    """Refuse (:class:`Forbidden`) a cross-site post, a missing cookie or a wrong or old token;
    returns the browser's value of ``cookie``."""
    check_same_origin(request)
    value = cookie.read(request)
    if value is None:
        raise Forbidden("this form needs a cookie: allow cookies for this site, reload, retry")
    if not token_valid(request, cookie, submitted):
        raise Forbidden("the form expired: reload the page and try again")
    return value


class AddressLimiter:
    """At most ``limit`` actions of a kind per address per clock hour; addresses never stored."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hour = -1
        self._key = b""
        self._counts: dict[bytes, int] = {}

    def hit(self, address: str | None, kind: str, limit: int) -> bool:
        """Count one ``kind`` action from ``address``; False once it had ``limit`` this hour."""
        with self._lock:
            hour = int(self._clock() // 3600)
            if hour != self._hour:  # a new hour: a new key, and every count forgotten
                self._hour = hour
                self._key = secrets.token_bytes(32)
                self._counts = {}
            message = f"{kind}\0{address or ''}".encode()
            slot = hmac.new(self._key, message, hashlib.sha256).digest()[:16]
            used = self._counts.get(slot, 0)
            if used >= limit:
                return False
            if len(self._counts) >= MAX_SLOTS:
                self._counts.clear()
            self._counts[slot] = used + 1
            return True

    def slots(self) -> list[bytes]:
        """The keys held now (for tests: none of them is an address)."""
        with self._lock:
            return list(self._counts)


def limiter(request: Request) -> AddressLimiter:
    state = request.app.state
    found = getattr(state, "address_limiter", None)
    if found is None:
        found = state.address_limiter = AddressLimiter()
    assert isinstance(found, AddressLimiter)
    return found


def allow(request: Request, kind: str, limit: int) -> bool:
    """Count one ``kind`` post from this client; False when over ``limit`` this hour. The
    address is read here, in memory, and nowhere else."""
    return limiter(request).hit(request.client.host if request.client else None, kind, limit)


def check_rate(request: Request, kind: str, limit: int) -> None:
    """:class:`TooMany` when this client sent more than ``limit`` ``kind`` posts this hour."""
    if not allow(request, kind, limit):
        raise TooMany("too many posts from your connection this hour: try again later")
