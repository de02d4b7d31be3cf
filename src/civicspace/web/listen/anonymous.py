"""What anonymous forms share: a random per-browser id, signed CSRF tokens, and rate limits that
never store an address.

* The browser id is 32 random bytes in an HttpOnly cookie (``civicspace_browser``, SameSite=Lax,
  ``__Host-`` and Secure off loopback). Votes store only its SHA-256.
* The CSRF token of an anonymous form is HMAC-SHA256(form secret, browser id): a signed double
  submit. A post must carry the cookie and the token made from it, and come from this site
  (``Sec-Fetch-Site``, ``Origin``/``Referer``). The form secret is ``CIVICSPACE_FORM_SECRET``, or
  a random one per process when unset (tokens then last until a restart; set it when several
  processes serve the site).
* :class:`AddressLimiter` counts posts per client address in memory, keyed by
  HMAC-SHA256(a random secret, address). The secret and every count are replaced each window,
  so an address is never written anywhere, and after a window not even its keyed hash is left.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

from fastapi import Request, Response

from civicspace.accounts.roles import Forbidden
from civicspace.errors import CivicspaceError
from civicspace.settings import Settings
from civicspace.web.auth import check_same_origin, cookie_name, cookie_secure

BROWSER_COOKIE = "civicspace_browser"
BROWSER_DAYS = 30


class TooMany(CivicspaceError):
    status_code = 429


def _secret(request: Request) -> bytes:
    settings: Settings = request.app.state.settings
    if settings.form_secret is not None:
        return settings.form_secret.get_secret_value().encode("utf-8")
    state = request.app.state
    if not hasattr(state, "form_secret"):
        state.form_secret = secrets.token_bytes(32)
    found: bytes = state.form_secret
    return found


def browser_id(request: Request) -> str | None:
    """The browser's random id from its cookie, or None."""
    value = request.cookies.get(cookie_name(request, BROWSER_COOKIE), "")
    return value if 20 <= len(value) <= 100 else None


def ensure_browser(request: Request) -> tuple[str, bool]:
    """(the browser's id, whether it is new and must be set on the response)."""
    found = browser_id(request)
    if found:
        return found, False
    if not hasattr(request.state, "new_browser_id"):
        request.state.new_browser_id = secrets.token_urlsafe(32)
    new: str = request.state.new_browser_id
    return new, True


def remember_browser(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        cookie_name(request, BROWSER_COOKIE),
        value,
        max_age=BROWSER_DAYS * 24 * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request),
    )


def form_token(request: Request, browser: str) -> str:
    """The CSRF token of anonymous forms for this browser."""
    return hmac.new(_secret(request), b"form:" + browser.encode(), hashlib.sha256).hexdigest()


def check_form(request: Request, submitted: str) -> str:
    """Refuse a cross-site post or a wrong token; returns the browser id."""
    check_same_origin(request)
    browser = browser_id(request)
    if browser is None:
        raise Forbidden("this form needs a cookie: allow cookies for this site, reload, retry")
    expected = form_token(request, browser)
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise Forbidden("the form expired: reload the page and try again")
    return browser


class AddressLimiter:
    """At most ``limit`` actions per address per ``window_s``, counted under a keyed hash that is
    forgotten, with its key, at the end of each window."""

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self._lock = threading.Lock()
        self._rotate(time.monotonic())

    def _rotate(self, now: float) -> None:
        self._key = secrets.token_bytes(32)
        self._since = now
        self._counts: dict[str, int] = {}

    def hit(self, address: str, kind: str, limit: int) -> bool:
        """Count one ``kind`` action from ``address``; False when over ``limit`` this window."""
        now = time.monotonic()
        with self._lock:
            if now - self._since >= self.window_s:
                self._rotate(now)
            mac = hmac.new(self._key, f"{kind}\0{address}".encode(), hashlib.sha256)
            key = mac.hexdigest()[:32]
            count = self._counts.get(key, 0) + 1
            if len(self._counts) > 200_000:  # bound memory under a flood of addresses
                self._counts.clear()
            self._counts[key] = count
            return count <= limit


def limiter(request: Request) -> AddressLimiter:
    state = request.app.state
    if not hasattr(state, "address_limiter"):
        state.address_limiter = AddressLimiter(3600.0)
    found: AddressLimiter = state.address_limiter
    return found


def check_rate(request: Request, kind: str, limit: int) -> None:
    """:class:`TooMany` when this client sent more than ``limit`` ``kind`` posts this hour.
    The address is read here, in memory, and nowhere else."""
    address = request.client.host if request.client else ""
    if not limiter(request).hit(address, kind, limit):
        raise TooMany("too many posts from your connection this hour: try again later")
