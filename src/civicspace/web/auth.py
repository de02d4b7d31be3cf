"""Logins, sessions and CSRF for the review desk; the dependencies other routers use.

Public interface (other routers rely on these names):

* ``current_user(request) -> User | None``: the logged-in, active user, or None.
* ``require_user``: a dependency; a browser asking for a page is sent to the login page, any
  other request gets 401.
* ``require_role(*roles)``: a dependency factory; passes a user whose role is at least one of
  ``roles`` in ``admin ⊇ editor ⊇ researcher ⊇ viewer`` (see :mod:`civicspace.accounts.roles`).
* ``require_right("panel")``: passes a user holding that right (admins hold every right).
* ``verify_csrf``: a dependency for every state-changing route (POST, PUT, PATCH, DELETE).
* ``csrf_token(request)``: the session's CSRF token, for a hidden ``csrf_token`` form field.

Design (docs/review-desk.md): the cookie holds a random 256-bit token; the table keeps only its
SHA-256. The cookie is HttpOnly, SameSite=Strict, and ``Secure`` with the ``__Host-`` prefix
everywhere except plain http on a loopback address. Sessions expire (``desk_session_hours``) and
idle out (``desk_idle_minutes``); logging in always starts a new session (rotation). A
state-changing request needs the session's CSRF token (form field or ``X-CSRF-Token`` header,
compared in constant time) and is refused when the browser says it is cross-site
(``Sec-Fetch-Site``) or its ``Origin``/``Referer`` names another host. Failed logins are
throttled per username, in memory. No IP address is read, logged or stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from civicspace.accounts import authenticate
from civicspace.accounts.hashing import HashSlots
from civicspace.accounts.roles import RANK, Forbidden, NotAuthenticated, has_right, role_at_least
from civicspace.settings import Settings
from civicspace.store.accounts import User, UserSession
from civicspace.store.base import utcnow

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LoginThrottle",
    "csrf_token",
    "current_user",
    "log_in",
    "log_out",
    "require_right",
    "require_role",
    "require_user",
    "verify_csrf",
]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_COOKIE = "civicspace_session"  # "__Host-" prefixed when Secure
LOGIN_COOKIE = "civicspace_login"  # the login form's browser cookie (web/anonymous.py)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOUCH_EVERY = timedelta(seconds=60)  # write last_seen_at at most this often
LOGIN_WAIT_S = 5.0  # a queued login gives up (503) after this long


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def cookie_secure(request: Request) -> bool:
    """Secure cookies everywhere except plain http on loopback (local use, tests)."""
    return not (request.url.scheme == "http" and (request.url.hostname or "") in LOOPBACK)


def cookie_name(request: Request, base: str = SESSION_COOKIE) -> str:
    return f"__Host-{base}" if cookie_secure(request) else base


def set_cookie(request: Request, response: Response, base: str, value: str) -> None:
    response.set_cookie(
        cookie_name(request, base),
        value,
        path="/",
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request),
    )


def clear_cookie(request: Request, response: Response, base: str) -> None:
    response.delete_cookie(
        cookie_name(request, base),
        path="/",
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request),
    )


# ---------------------------------------------------------------- sessions


LoginT = TypeVar("LoginT")


def load_login(
    request: Request,
    *,
    state_key: str,
    cookie_base: str,
    resolve: Callable[[Session, str, datetime], LoginT | None],
) -> LoginT | None:
    """The login behind the request's session cookie, looked up once per request.

    Shared by the desk and the members' logins: reads the cookie ``cookie_base`` (refusing
    oversized values), opens a database session and asks ``resolve(db, token_hash, now)`` for the
    login, which may end an expired session (and commit); the answer, found or not, is cached on
    ``request.state.<state_key>``.
    """
    if hasattr(request.state, state_key):
        cached: LoginT | None = getattr(request.state, state_key)
        return cached
    found: LoginT | None = None
    token = request.cookies.get(cookie_name(request, cookie_base))
    if token and len(token) < 200:
        with Session(request.app.state.engine, expire_on_commit=False) as db:
            found = resolve(db, token_hash(token), utcnow())
    setattr(request.state, state_key, found)
    return found


def _load(request: Request) -> tuple[User, UserSession] | None:
    """The user and session of the request's cookie (checked once per request)."""
    idle = timedelta(minutes=_settings(request).desk_idle_minutes)

    def resolve(db: Session, hashed: str, now: datetime) -> tuple[User, UserSession] | None:
        row = db.execute(
            select(User, UserSession)
            .join(UserSession, UserSession.user_id == User.id)
            .where(UserSession.token_hash == hashed)
        ).first()
        if row is None:
            return None
        user, sess = row
        if sess.expires_at <= now or sess.last_seen_at + idle <= now or not user.active:
            db.delete(sess)
            db.commit()
            return None
        if now - sess.last_seen_at >= TOUCH_EVERY:
            sess.last_seen_at = now
            db.commit()
        return user, sess

    return load_login(request, state_key="desk_login", cookie_base=SESSION_COOKIE, resolve=resolve)


def current_user(request: Request) -> User | None:
    """The logged-in, active user of this request, or None (a FastAPI dependency)."""
    login = _load(request)
    return login[0] if login else None


def csrf_token(request: Request) -> str:
    """The CSRF token of the request's session (empty when not logged in)."""
    login = _load(request)
    return login[1].csrf_token if login else ""


def start_session(db: Session, user: User, settings: Settings) -> str:
    """A new session for ``user``; returns the cookie token (only its hash is stored)."""
    now = utcnow()
    db.execute(delete(UserSession).where(UserSession.expires_at <= now))  # tidy up
    token = secrets.token_urlsafe(32)
    db.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.desk_session_hours),
        )
    )
    return token


def end_session(request: Request, db: Session) -> None:
    token = request.cookies.get(cookie_name(request))
    if token:
        db.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))


# ---------------------------------------------------------------- login throttling


class LoginThrottle:
    """Failed logins per username (in memory, per process): after ``max_failures`` within the
    window, that username is refused until the window has passed. Keys only usernames."""

    def __init__(self, max_failures: int, window_s: float) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(username: str) -> str:
        return username.strip().lower()[:64]

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def wait(self, username: str) -> float:
        """Seconds until ``username`` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(self._key(username), now)
            if len(times) < self.max_failures:
                return 0.0
            return max(0.0, times[-self.max_failures] + self.window_s - now)

    def failed(self, username: str) -> None:
        now = time.monotonic()
        key = self._key(username)
        with self._lock:
            if len(self._failures) > 100_000:  # bound memory under a flood of usernames
                self._failures = {k: v for k, v in self._failures.items() if now - v[-1] < 60}
            self._recent(key, now)
            self._failures.setdefault(key, []).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(self._key(username), None)


def throttle(request: Request) -> LoginThrottle:
    state = request.app.state
    if not hasattr(state, "desk_login_throttle"):
        settings = _settings(request)
        state.desk_login_throttle = LoginThrottle(
            settings.desk_login_max_failures, settings.desk_login_lockout_minutes * 60
        )
    found: LoginThrottle = state.desk_login_throttle
    return found


def hash_slots(request: Request) -> HashSlots:
    """The application's bound on concurrent password hashing (one per process)."""
    state = request.app.state
    if not hasattr(state, "desk_hash_slots"):
        settings = _settings(request)
        state.desk_hash_slots = HashSlots(
            settings.desk_login_concurrency, settings.desk_login_queue, LOGIN_WAIT_S
        )
    found: HashSlots = state.desk_hash_slots
    return found


class TooManyAttempts(Forbidden):
    status_code = 429


def log_in(request: Request, response: Response, db: Session, username: str, password: str) -> User:
    """Check the password, rotate the session and set its cookie on ``response``.

    Raises :class:`NotAuthenticated` (wrong username or password, disabled account: one
    message for all), :class:`TooManyAttempts` or, when too many logins are hashing at once,
    :class:`~civicspace.accounts.hashing.ServerBusy` (503). The caller commits.
    """
    guard = throttle(request)
    wait = guard.wait(username)
    if wait > 0:
        raise TooManyAttempts(
            f"too many failed logins for this username: try again in {int(wait // 60) + 1} min"
        )
    user = authenticate(db, username, password[:1024], hash_slots(request))
    if user is None:
        guard.failed(username)
        raise NotAuthenticated("wrong username or password")
    guard.succeeded(username)
    end_session(request, db)  # rotation: a session token from before login never survives it
    set_cookie(request, response, SESSION_COOKIE, start_session(db, user, _settings(request)))
    clear_cookie(request, response, LOGIN_COOKIE)
    return user


def log_out(request: Request, response: Response, db: Session) -> None:
    end_session(request, db)
    clear_cookie(request, response, SESSION_COOKIE)


# ---------------------------------------------------------------- dependencies


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not a JSON twin, not a form post)."""
    return (
        request.method in SAFE_METHODS
        and not request.url.path.endswith(".json")
        and "application/json" not in request.headers.get("accept", "")
    )


def require_user(request: Request) -> User:
    """The logged-in user; a page request without one is sent to the login page."""
    user = current_user(request)
    if user is not None:
        return user
    if _wants_page(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(
            status_code=303,
            headers={"Location": f"/desk/login?next={quote(target, safe='')}"},
        )
    raise NotAuthenticated("log in first")


def require_role(*roles: str) -> Callable[[Request], User]:
    """A dependency: a user whose role includes at least one of ``roles``."""
    unknown = [r for r in roles if r not in RANK]
    if not roles or unknown:
        raise ValueError(f"unknown roles: {unknown or roles}")
    least = min(roles, key=RANK.__getitem__)

    def dependency(request: Request) -> User:
        user = require_user(request)
        if not role_at_least(user.role, least):
            raise Forbidden(f"this needs the {least} role or above; yours is {user.role}")
        return user

    return dependency


def require_right(right: str) -> Callable[[Request], User]:
    """A dependency: a user holding ``right`` (admins hold every right)."""

    def dependency(request: Request) -> User:
        user = require_user(request)
        if not has_right(user, right):
            raise Forbidden(f"this needs the {right} right")
        return user

    return dependency


def _host_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return parts.netloc.lower() if parts.scheme in ("http", "https") else None


def check_same_origin(request: Request) -> None:
    """Refuse a request the browser marks cross-site, or whose Origin/Referer is another host.

    ``Origin: null`` (what browsers send under ``Referrer-Policy: no-referrer``) proves
    nothing either way: then the CSRF token and SameSite=Strict carry the check.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise Forbidden("cross-site request refused")
    own = (request.headers.get("host") or "").lower()
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value is None or value == "null":
            continue
        if _host_of(value) != own:
            raise Forbidden("cross-site request refused")


async def verify_csrf(request: Request) -> None:
    """For state-changing routes: same origin, a session, and that session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    check_same_origin(request)
    login = await run_in_threadpool(_load, request)
    if login is None:
        raise NotAuthenticated("log in first")
    await check_session_token(request, login[1].csrf_token)


async def check_session_token(request: Request, expected: str) -> None:
    """The session's CSRF token, from the ``X-CSRF-Token`` header or the ``csrf_token`` form
    field, compared in constant time with ``expected`` (the desk's and the members' sessions)."""
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else None
    if not submitted or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise Forbidden("missing or wrong CSRF token: reload the page and try again")
