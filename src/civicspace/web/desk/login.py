"""Logging in and out of the desk."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from civicspace.accounts.hashing import ServerBusy
from civicspace.accounts.roles import Forbidden, NotAuthenticated
from civicspace.web.anonymous import LOGIN, check_form, form_token
from civicspace.web.auth import current_user, log_in, log_out, verify_csrf
from civicspace.web.deps import get_db
from civicspace.web.desk.common import redirect, render
from civicspace.web.desk.unlocked import forget

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path of the desk itself: never another site (no open redirect)."""
    if (
        target
        and target.startswith("/desk")
        and not target.startswith("/desk/login")
        and "\\" not in target
        and "//" not in target
        and all(ord(c) > 31 for c in target)
    ):
        return target
    return "/desk/queue"


def _login_page(
    request: Request, next_url: str, error: str = "", status_code: int = 200
) -> Response:
    browser, new = LOGIN.ensure(request)
    token = form_token(request, LOGIN, browser)
    response = render(
        request,
        "desk/login.html",
        {"next": safe_next(next_url), "login_csrf": token, "error": error},
        status_code,
    )
    if new:
        LOGIN.remember(request, response, browser)
    return response


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    if current_user(request) is not None:
        return redirect(safe_next(next))
    return _login_page(request, next)


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form("", max_length=200),
    password: str = Form("", max_length=2000),
    csrf_token: str = Form("", max_length=200),
    next: str = Form("", max_length=2000),
    db: Session = Depends(get_db),
) -> Response:
    check_form(request, LOGIN, csrf_token)
    target = safe_next(next)
    response = redirect(target)
    try:
        log_in(request, response, db, username, password)
    except (NotAuthenticated, Forbidden, ServerBusy) as exc:
        page = _login_page(request, target, str(exc), exc.status_code)
        if isinstance(exc, ServerBusy):
            page.headers["Retry-After"] = "5"
        return page
    db.commit()
    return response


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request, db: Session = Depends(get_db)) -> Response:
    response = redirect("/desk/login")
    forget(request)  # the organisation's private keys, if this session unlocked them
    log_out(request, response, db)
    db.commit()
    return response
