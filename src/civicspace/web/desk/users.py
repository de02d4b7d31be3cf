"""Accounts (admins only): create, change role or rights, reset a password, disable, enable."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace import accounts
from civicspace.accounts.roles import RIGHTS
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.store.accounts import ROLES, User
from civicspace.web.auth import require_role, verify_csrf
from civicspace.web.deps import DbId, get_db
from civicspace.web.desk.common import json_response, redirect, render, wants_json

router = APIRouter()
admin = require_role("admin")
csrf = [Depends(verify_csrf)]


def _page(request: Request, db: Session, error: str = "", status_code: int = 200) -> Response:
    users = list(db.scalars(select(User).order_by(User.username)))
    return render(
        request,
        "desk/users.html",
        {
            "users": users,
            "roles": ROLES,
            "rights": RIGHTS,
            "error": error,
            "done": request.query_params.get("done") == "1",
        },
        status_code,
    )


def _user(db: Session, user_id: int) -> User:
    found = db.get(User, user_id)
    if found is None:
        raise NotFound(f"no user {user_id}")
    return found


def _done(request: Request, db: Session) -> Response:
    db.commit()
    if wants_json(request):
        return json_response({"ok": True})
    return redirect("/desk/users?done=1")


def _refuse(request: Request, db: Session, exc: InvalidInput | Conflict) -> Response:
    db.rollback()
    if wants_json(request):
        return json_response({"error": str(exc)}, exc.status_code)
    return _page(request, db, str(exc), exc.status_code)


@router.get("/users")
def users_page(
    request: Request, me: User = Depends(admin), db: Session = Depends(get_db)
) -> Response:
    if wants_json(request):
        return json_response(
            [
                {
                    "id": u.id,
                    "username": u.username,
                    "role": u.role,
                    "rights": u.rights,
                    "active": u.active,
                    "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
                }
                for u in db.scalars(select(User).order_by(User.username))
            ]
        )
    return _page(request, db)


@router.post("/users", dependencies=csrf)
def create_user_route(
    request: Request,
    username: str = Form("", max_length=64),
    role: str = Form("viewer", max_length=16),
    panel: bool = Form(False),
    password: str = Form("", max_length=1024),
    me: User = Depends(admin),
    db: Session = Depends(get_db),
) -> Response:
    try:
        accounts.create_user(db, username, password, role, ["panel"] if panel else [])
    except (InvalidInput, Conflict) as exc:
        return _refuse(request, db, exc)
    return _done(request, db)


@router.post("/users/{user_id:int}/role", dependencies=csrf)
def role_route(
    request: Request,
    user_id: DbId,
    role: str = Form(..., max_length=16),
    panel: bool = Form(False),
    me: User = Depends(admin),
    db: Session = Depends(get_db),
) -> Response:
    target = _user(db, user_id)
    if target.id == me.id and role != "admin":
        return _refuse(request, db, Conflict("you cannot take away your own admin role"))
    try:
        accounts.set_role(db, target, role, ["panel"] if panel else [])
    except InvalidInput as exc:
        return _refuse(request, db, exc)
    return _done(request, db)


@router.post("/users/{user_id:int}/password", dependencies=csrf)
def password_route(
    request: Request,
    user_id: DbId,
    password: str = Form("", max_length=1024),
    me: User = Depends(admin),
    db: Session = Depends(get_db),
) -> Response:
    try:
        accounts.set_password(db, _user(db, user_id), password)
    except InvalidInput as exc:
        return _refuse(request, db, exc)
    return _done(request, db)


@router.post("/users/{user_id:int}/active", dependencies=csrf)
def active_route(
    request: Request,
    user_id: DbId,
    active: bool = Form(...),
    me: User = Depends(admin),
    db: Session = Depends(get_db),
) -> Response:
    target = _user(db, user_id)
    if target.id == me.id and not active:
        return _refuse(request, db, Conflict("you cannot disable your own account"))
    accounts.set_active(db, target, active)
    return _done(request, db)
