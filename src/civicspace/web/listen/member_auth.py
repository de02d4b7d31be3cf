"""Member logins: sessions, CSRF and throttling, built like the desk's (:mod:`civicspace.web.auth`)
but apart from it: a member is never a desk user, and a desk session never logs a member in.

The cookie (``civicspace_member``, ``__Host-`` and Secure off loopback, HttpOnly,
SameSite=Strict) holds a random token; ``member_sessions`` keeps its SHA-256 and the session's
CSRF token. Sessions end after ``CIVICSPACE_MEMBERS_SESSION_HOURS``; logging in starts a new one.
Failed logins are throttled per username (in memory) and password checks share the desk's bound
on concurrent argon2 work. The login and registration forms, used before any session exists,
carry the signed token of forms without an account (:mod:`civicspace.web.anonymous`).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from urllib.parse import quote

from fastapi import HTTPException, Request, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from civicspace.accounts.roles import NotAuthenticated
from civicspace.listen import members
from civicspace.settings import Settings
from civicspace.store.base import utcnow
from civicspace.store.members import Member, MemberSession
from civicspace.web.auth import (
    SAFE_METHODS,
    LoginThrottle,
    TooManyAttempts,
    check_same_origin,
    check_session_token,
    clear_cookie,
    cookie_name,
    hash_slots,
    load_login,
    set_cookie,
    token_hash,
)

MEMBER_COOKIE = "civicspace_member"


def _resolve(db: Session, hashed: str, now: datetime) -> tuple[Member, MemberSession] | None:
    row = db.execute(
        select(Member, MemberSession)
        .join(MemberSession, MemberSession.member_id == Member.id)
        .where(MemberSession.token_hash == hashed)
    ).first()
    if row is None:
        return None
    member, sess = row
    if sess.expires_at <= now or member.status == "disabled":
        db.delete(sess)
        db.commit()
        return None
    return member, sess


def _load(request: Request) -> tuple[Member, MemberSession] | None:
    return load_login(
        request, state_key="member_login", cookie_base=MEMBER_COOKIE, resolve=_resolve
    )


def current_member(request: Request) -> Member | None:
    """The logged-in member of this request (pending or active), or None."""
    login = _load(request)
    return login[0] if login else None


def member_csrf(request: Request) -> str:
    login = _load(request)
    return login[1].csrf_token if login else ""


def _throttle(request: Request) -> LoginThrottle:
    state = request.app.state
    if not hasattr(state, "member_login_throttle"):
        settings: Settings = state.settings
        state.member_login_throttle = LoginThrottle(
            settings.desk_login_max_failures, settings.desk_login_lockout_minutes * 60
        )
    found: LoginThrottle = state.member_login_throttle
    return found


def start_session(request: Request, response: Response, db: Session, member: Member) -> None:
    """A new session for ``member`` (the old one of this browser ends); the caller commits."""
    settings: Settings = request.app.state.settings
    end_session(request, db)
    now = utcnow()
    db.execute(delete(MemberSession).where(MemberSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    db.add(
        MemberSession(
            token_hash=token_hash(token),
            member_id=member.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.members_session_hours),
        )
    )
    set_cookie(request, response, MEMBER_COOKIE, token)


def log_in(
    request: Request, response: Response, db: Session, username: str, password: str
) -> Member:
    guard = _throttle(request)
    wait = guard.wait(username)
    if wait > 0:
        raise TooManyAttempts(
            f"too many failed logins for this username: try again in {int(wait // 60) + 1} min"
        )
    member = members.authenticate(db, username, password[:1024], hash_slots(request))
    if member is None:
        guard.failed(username)
        raise NotAuthenticated("wrong username or password")
    guard.succeeded(username)
    start_session(request, response, db, member)
    return member


def end_session(request: Request, db: Session) -> None:
    token = request.cookies.get(cookie_name(request, MEMBER_COOKIE))
    if token:
        db.execute(delete(MemberSession).where(MemberSession.token_hash == token_hash(token)))


def log_out(request: Request, response: Response, db: Session) -> None:
    end_session(request, db)
    clear_cookie(request, response, MEMBER_COOKIE)


def require_member(request: Request) -> Member:
    """The logged-in member; a page request without one goes to the members' login page."""
    member = current_member(request)
    if member is not None:
        return member
    if request.method in SAFE_METHODS and not request.url.path.endswith(".json"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(
            status_code=303,
            headers={"Location": f"/members/login?next={quote(target, safe='')}"},
        )
    raise NotAuthenticated("log in as a member first")


async def verify_member_csrf(request: Request) -> None:
    """For a member's state-changing routes: same origin, a session and its CSRF token."""
    if request.method in SAFE_METHODS:
        return
    check_same_origin(request)
    login = await run_in_threadpool(_load, request)
    if login is None:
        raise NotAuthenticated("log in as a member first")
    await check_session_token(request, login[1].csrf_token)
