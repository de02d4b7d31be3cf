"""Member networking pages: the directory, profiles, registration, login, suggestions and the
message relay; account approval on the desk.

Public (what each member chose to show, and nothing else):
``GET /members`` (twin ``/members.json``; filters ``country``, ``language``, ``issue``) and
``GET /members/{id}`` (twin ``/members/{id}.json``). A visitor sees ``public`` fields; a
logged-in, approved member also sees ``members`` fields; a member not listed for the viewer is a
404, like an id that does not exist.

Members: ``/members/register``, ``/members/login``, ``/members/logout``, ``/members/me`` (the
profile and who sees each field), ``/members/suggestions`` (members working on the same thing,
with the reasons), ``/members/{id}/contact`` and ``/members/messages`` (the relay: no address is
shown either way). Desk users with the ``members`` right approve or disable accounts at
``/desk/members``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from civicspace.accounts.roles import NotAuthenticated, actor
from civicspace.countries import parse_code
from civicspace.errors import Conflict, InvalidInput
from civicspace.listen import member_messages, member_suggestions
from civicspace.listen import members as mb
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.members import MEMBER_KINDS, VISIBILITY, Member
from civicspace.web.anonymous import BROWSER, check_form, check_rate, form_token
from civicspace.web.auth import CSRF_FIELD, require_right, verify_csrf
from civicspace.web.deps import DbId, get_db, get_settings_dep
from civicspace.web.desk.common import json_response, redirect, render, wants_json
from civicspace.web.listen import member_auth
from civicspace.web.listen.member_auth import current_member, require_member, verify_member_csrf
from civicspace.web.listen.pages import listen_page

router = APIRouter(include_in_schema=False)
approver = require_right("members")
PRIVATE = {"Cache-Control": "no-store"}


def _page(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    twin: str | None = None,
    status_code: int = 200,
    anonymous_form: bool = False,
) -> Response:
    """A members page: the viewer, their CSRF token and the vocabularies beside ``data``; with
    ``anonymous_form`` (login, registration) the browser's signed token for a form without a
    session (and its cookie, set only on those pages)."""
    me = current_member(request)
    browser, new = BROWSER.ensure(request) if anonymous_form else ("", False)
    context = {
        "me": me,
        "csrf": member_auth.member_csrf(request),
        "csrf_field": CSRF_FIELD,
        "anon_token": form_token(request, BROWSER, browser) if anonymous_form else "",
        "issue_labels": mb.issue_labels(),
        "issue_kinds": mb.ISSUE_KINDS,
        "language_name": mb.language_name,
        "fields": mb.FIELDS,
        "levels": VISIBILITY,
        "kinds": MEMBER_KINDS,
        **data,
    }
    response = listen_page(request, template, context, twin=twin)
    response.status_code = status_code
    if me is not None or anonymous_form or template != "listen/members.html":
        response.headers.update(PRIVATE)
    if new:
        BROWSER.remember(request, response, browser)
    return response


def _filters(request: Request) -> mb.Filters:
    params = request.query_params
    country = (params.get("country") or "").strip()
    issue = (params.get("issue") or "").strip()
    if issue and issue not in mb.issue_labels():
        raise InvalidInput(f"issue: unknown issue {issue!r}")
    return mb.Filters(
        country=parse_code(country) if country else None,
        language=(params.get("language") or "").strip().lower() or None,
        issue=issue or None,
    )


# ---------------------------------------------------------------- the directory


@router.get("/members.json")
def directory_json(request: Request, db: Session = Depends(get_db)) -> JSONResponse:
    found = mb.directory(db, current_member(request), _filters(request))
    return JSONResponse({"members": found}, headers=PRIVATE)


@router.get("/members")
def directory_page(request: Request, db: Session = Depends(get_db)) -> Response:
    filters = _filters(request)
    found = mb.directory(db, current_member(request), filters)
    query = request.url.query
    return _page(
        request,
        "listen/members.html",
        {"members": found, "filters": filters},
        twin="/members.json" + (f"?{query}" if query else ""),
    )


# ---------------------------------------------------------------- register, log in, log out


@dataclass(frozen=True)
class ProfileForm:
    """The profile part of the registration and profile forms, as the member sent it."""

    profile: mb.Profile
    languages: str  # as typed, to fill the form in again

    def again(self) -> dict[str, Any]:
        """The form's fields, to show it again beside an error."""
        return {**self.profile.__dict__, "languages": self.languages}


def profile_form(
    name: str = Form(""),
    kind: str = Form("organisation"),
    email: str = Form(""),
    country: str = Form(""),
    languages: str = Form(""),
    issues: list[str] = Form(default=[]),
    about: str = Form(""),
    vis_name: str = Form(""),
    vis_kind: str = Form(""),
    vis_country: str = Form(""),
    vis_languages: str = Form(""),
    vis_issues: str = Form(""),
    vis_about: str = Form(""),
    vis_email: str = Form(""),
) -> ProfileForm:
    """A dependency: the profile fields of a posted form (checked later, by ``mb``)."""
    visibility = {
        "name": vis_name, "kind": vis_kind, "country": vis_country, "languages": vis_languages,
        "issues": vis_issues, "about": vis_about, "email": vis_email,
    }  # fmt: skip
    codes = [c for c in languages.replace(";", ",").replace(" ", ",").split(",") if c.strip()]
    profile = mb.Profile(
        name=name,
        kind=kind,
        email=email,
        country=country or None,
        languages=codes,
        issues=issues,
        about=about,
        visibility={k: v for k, v in visibility.items() if v},
    )
    return ProfileForm(profile, languages)


@router.get("/members/register")
def register_page(request: Request) -> Response:
    return _page(
        request, "listen/member_register.html", {"error": "", "form": {}}, anonymous_form=True
    )


@router.post("/members/register")
def register(
    request: Request,
    csrf_token: str = Form(""),
    username: str = Form(""),
    password: str = Form(""),
    sent: ProfileForm = Depends(profile_form),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    check_form(request, BROWSER, csrf_token)
    check_rate(request, "register", 10)
    try:
        member = mb.register(db, username, password[:1024], sent.profile)
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        form = {**sent.again(), "username": username}
        return _page(
            request,
            "listen/member_register.html",
            {"error": str(exc), "form": form},
            status_code=exc.status_code,
            anonymous_form=True,
        )
    response = redirect("/members/me?registered=1")
    member_auth.start_session(request, response, db, member)
    db.commit()
    return response


@router.get("/members/login")
def login_page(request: Request) -> Response:
    target = request.query_params.get("next", "")
    return _page(
        request,
        "listen/member_login.html",
        {"error": "", "next": _safe_next(target)},
        anonymous_form=True,
    )


def _safe_next(target: str) -> str:
    """A local path only: never an absolute or protocol-relative address."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/members/me"


@router.post("/members/login")
def login(
    request: Request,
    csrf_token: str = Form(""),
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/members/me"),
    db: Session = Depends(get_db),
) -> Response:
    check_form(request, BROWSER, csrf_token)
    response = redirect(_safe_next(next))
    try:
        member_auth.log_in(request, response, db, username, password)
    except NotAuthenticated as exc:
        db.commit()
        return _page(
            request,
            "listen/member_login.html",
            {"error": str(exc), "next": _safe_next(next)},
            status_code=401,
            anonymous_form=True,
        )
    db.commit()
    return response


@router.post("/members/logout", dependencies=[Depends(verify_member_csrf)])
def logout(request: Request, db: Session = Depends(get_db)) -> Response:
    response = redirect("/members")
    member_auth.log_out(request, response, db)
    db.commit()
    return response


# ---------------------------------------------------------------- my profile


def _me_page(request: Request, me: Member, *, error: str = "", status_code: int = 200) -> Response:
    form = {**mb.profile_of(me).__dict__, "languages": ", ".join(me.languages or [])}
    return _page(
        request,
        "listen/member_me.html",
        {
            "form": form,
            "error": error,
            "saved": request.query_params.get("saved") == "1" and not error,
            "registered": request.query_params.get("registered") == "1",
        },
        status_code=status_code,
    )


@router.get("/members/me")
def my_profile(request: Request, me: Member = Depends(require_member)) -> Response:
    return _me_page(request, me)


@router.post("/members/me", dependencies=[Depends(verify_member_csrf)])
def save_profile(
    request: Request,
    me: Member = Depends(require_member),
    sent: ProfileForm = Depends(profile_form),
    db: Session = Depends(get_db),
) -> Response:
    member = db.merge(me)
    try:
        mb.update_profile(db, member, sent.profile)
    except InvalidInput as exc:
        db.rollback()
        return _page(
            request,
            "listen/member_me.html",
            {"form": sent.again(), "error": str(exc), "saved": False, "registered": False},
            status_code=422,
        )
    db.commit()
    return redirect("/members/me?saved=1")


@router.post("/members/me/password", dependencies=[Depends(verify_member_csrf)])
def change_password(
    request: Request,
    current: str = Form(""),
    new: str = Form(""),
    me: Member = Depends(require_member),
    db: Session = Depends(get_db),
) -> Response:
    member = db.merge(me)
    try:
        mb.change_password(db, member, current, new[:1024])
    except InvalidInput as exc:
        db.rollback()
        return _me_page(request, me, error=str(exc), status_code=422)
    response = redirect("/members/me?saved=1")
    member_auth.start_session(request, response, db, member)  # the others ended
    db.commit()
    return response


@router.post("/members/me/delete", dependencies=[Depends(verify_member_csrf)])
def delete_account(
    request: Request,
    password: str = Form(""),
    me: Member = Depends(require_member),
    db: Session = Depends(get_db),
) -> Response:
    member = db.merge(me)
    try:
        mb.delete_member(db, member, password)
    except InvalidInput as exc:
        db.rollback()
        return _me_page(request, me, error=str(exc), status_code=422)
    response = redirect("/members?deleted=1")
    member_auth.log_out(request, response, db)
    db.commit()
    return response


# ---------------------------------------------------------------- suggestions


def _suggestion(s: member_suggestions.Suggestion) -> dict[str, Any]:
    return {
        "member": s.member,
        "score": s.score,
        "why": {
            "shared_issues": s.shared_issues,
            "same_country": s.same_country,
            "shared_languages": s.shared_languages,
            "shared_words": s.shared_words,
        },
    }


@router.get("/members/suggestions.json")
def suggestions_json(
    me: Member = Depends(require_member), db: Session = Depends(get_db)
) -> JSONResponse:
    found = member_suggestions.suggest(db, me, limit=10)
    return JSONResponse({"suggestions": [_suggestion(s) for s in found]}, headers=PRIVATE)


@router.get("/members/suggestions")
def suggestions_page(
    request: Request, me: Member = Depends(require_member), db: Session = Depends(get_db)
) -> Response:
    found = member_suggestions.suggest(db, me, limit=10)
    return _page(
        request,
        "listen/member_suggestions.html",
        {"suggestions": found},
        twin="/members/suggestions.json",
    )


# ---------------------------------------------------------------- messages (the relay)


def _message(m: Any, me: Member, db: Session) -> dict[str, Any]:
    other_id = m.recipient_id if m.sender_id == me.id else m.sender_id
    other = db.get(Member, other_id)
    return {
        "id": m.id,
        "outgoing": m.sender_id == me.id,
        "other_id": other_id,
        "other": member_messages.display_name(other, me) if other else "a member",
        "subject": m.subject,
        "body": m.body,
        "at": m.created_at,
        "read": m.read_at is not None,
        "reply_to": m.reply_to_id,
    }


@router.get("/members/messages")
def messages_page(
    request: Request, me: Member = Depends(require_member), db: Session = Depends(get_db)
) -> Response:
    rows = [_message(m, me, db) for m in member_messages.inbox(db, me)]
    return _page(request, "listen/member_messages.html", {"messages": rows})


@router.get("/members/messages/{message_id}")
def message_page(
    request: Request,
    message_id: DbId,
    me: Member = Depends(require_member),
    db: Session = Depends(get_db),
) -> Response:
    message = member_messages.read(db, me, message_id)
    db.commit()
    return _page(
        request,
        "listen/member_message.html",
        {"message": _message(message, me, db), "error": "", "sent": False},
    )


@router.get("/members/{member_id}/contact")
def contact_page(
    request: Request,
    member_id: DbId,
    me: Member = Depends(require_member),
    db: Session = Depends(get_db),
) -> Response:
    shown = mb.visible_member(db, me, member_id)
    return _page(request, "listen/member_contact.html", {"member": shown, "error": ""})


@router.post("/members/{member_id}/contact", dependencies=[Depends(verify_member_csrf)])
def contact(
    request: Request,
    member_id: DbId,
    subject: str = Form(""),
    body: str = Form(""),
    reply_to: str = Form(""),
    me: Member = Depends(require_member),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    sender = db.merge(me)
    earlier = int(reply_to) if reply_to.isdigit() else None
    try:
        message = member_messages.send(
            db, settings, sender, member_id, subject, body, reply_to=earlier
        )
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        shown = mb.visible_member(db, me, member_id)
        return _page(
            request,
            "listen/member_contact.html",
            {"member": shown, "error": str(exc)},
            status_code=exc.status_code,
        )
    db.commit()
    if wants_json(request):
        return JSONResponse({"id": message.id, "delivery": message.delivery})
    return redirect(f"/members/messages?{urlencode({'sent': message.id})}")


# ---------------------------------------------------------------- one member


@router.get("/members/{member_id}.json")
def member_json(request: Request, member_id: DbId, db: Session = Depends(get_db)) -> JSONResponse:
    shown = mb.visible_member(db, current_member(request), member_id)
    return JSONResponse({"member": shown}, headers=PRIVATE)


@router.get("/members/{member_id}")
def member_page(request: Request, member_id: DbId, db: Session = Depends(get_db)) -> Response:
    me = current_member(request)
    seen_as = request.query_params.get("as", "")
    if me is not None and me.id == member_id and seen_as in ("public", "members"):
        # the member's own preview: exactly what the public, or members, see of them
        shown = mb.preview(
            mb.get_member(db, member_id), "public" if seen_as == "public" else "members"
        )
        return _page(request, "listen/member.html", {"member": shown, "preview": seen_as})
    shown = mb.visible_member(db, me, member_id)
    return _page(
        request,
        "listen/member.html",
        {"member": shown, "preview": ""},
        twin=f"/members/{member_id}.json",
    )


# ---------------------------------------------------------------- approval (desk)


def _pending_row(m: Member) -> dict[str, Any]:
    return {
        "id": m.id,
        "username": m.username,
        "name": m.name,
        "kind": m.kind,
        "country": m.country,
        "about": m.about,
        "status": m.status,
        "created_at": m.created_at.isoformat(),
    }


@router.get("/desk/members")
def desk_members(
    request: Request, me: User = Depends(approver), db: Session = Depends(get_db)
) -> Response:
    rows = [_pending_row(m) for m in mb.pending(db)]
    if wants_json(request):
        return json_response({"pending": rows})
    return render(
        request,
        "listen/desk_members.html",
        {"pending": rows, "done": request.query_params.get("done", "")[:20]},
    )


@router.post("/desk/members/{member_id}", dependencies=[Depends(verify_csrf)])
def desk_member_status(
    request: Request,
    member_id: DbId,
    status: str = Form(...),
    me: User = Depends(approver),
    db: Session = Depends(get_db),
) -> Response:
    member = mb.get_member(db, member_id)
    try:
        mb.set_status(db, member, status, actor(me))
    except InvalidInput as exc:
        db.rollback()
        return json_response({"error": str(exc)}, 422)
    db.commit()
    if wants_json(request):
        return json_response({"id": member_id, "status": status})
    return redirect(f"/desk/members?done={status}")
