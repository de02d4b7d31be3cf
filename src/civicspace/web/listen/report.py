"""Listen reports on the web: analysts edit themes on the desk; the public reads published ones.

Desk (a login; editing needs ``listen_edit``, publishing ``listen_publish``; every POST a CSRF
token):

    GET  /desk/listen                       the projects
    GET  /desk/listen/{slug}                the report with edit forms (JSON twin: Accept)
    POST /desk/listen                       title: a new project
    GET  /desk/listen/{slug}.pdf            the report as PDF, drafts too
    POST /desk/listen/{slug}/contributions  a file (.txt .md .docx .pdf) or pasted text, with
                                            type, country, language, consent, anonymity
    POST /desk/listen/{slug}/contributions/{id}/remove   consent withdrawn: delete, recompute
    POST /desk/listen/{slug}/themes/{id}    action=rename|merge|split|move|codes
    POST /desk/listen/{slug}/recompute      place new contributions' claims around the edits
    POST /desk/listen/{slug}/publish        decision=publish|unpublish

Public (published projects only; a draft is a 404; the privacy gate's detectors redact every
text shown, as ``civicspace listen report`` does):

    GET  /listen/{slug}  /listen/{slug}.json  /listen/{slug}.pdf
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile as StarletteUpload

from civicspace.accounts.roles import actor, can, require
from civicspace.countries import parse_code
from civicspace.errors import InvalidInput, NotFound
from civicspace.listen import edits
from civicspace.listen.intake import ContributionType, take_in, take_in_file
from civicspace.listen.namer import get_namer
from civicspace.listen.report import ReportView, build_report
from civicspace.listen.synthesis import (
    RecomputeResult,
    add_submission,
    ensure_project,
    get_project,
    recompute,
)
from civicspace.store.accounts import User
from civicspace.store.listen import ListenProject
from civicspace.web.auth import current_user, require_user, verify_csrf
from civicspace.web.deps import DbId, get_db, get_settings_dep
from civicspace.web.desk.common import json_response, redirect, render, wants_json
from civicspace.web.listen.render import report_context, report_pdf, theme_incidents
from civicspace.web.public import i18n
from civicspace.web.public.render import page

desk = APIRouter(prefix="/desk/listen", include_in_schema=False)
public = APIRouter(prefix="/listen", include_in_schema=False)
router = APIRouter(include_in_schema=False)


def _recompute(request: Request, db: Session, project: ListenProject) -> RecomputeResult:
    """Themes brought up to date, statements by the configured namer (CIVICSPACE_LISTEN_NAMER)."""
    settings = get_settings_dep(request)
    return recompute(db, project, namer=get_namer(settings.listen_namer, settings))


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values if v.strip()]
    except ValueError as exc:
        raise InvalidInput("ids must be numbers") from exc


def _one_id(value: str, what: str) -> int:
    ids = _ids([value])
    if len(ids) != 1:
        raise InvalidInput(f"choose {what}")
    return ids[0]


def _rename(db: Session, p: ListenProject, tid: int, form: Any, who: str) -> str:
    edits.rename(db, p, tid, str(form.get("label", "")), who)
    return f"theme-{tid}"


def _merge(db: Session, p: ListenProject, tid: int, form: Any, who: str) -> str:
    edits.merge(db, p, tid, _one_id(str(form.get("other", "")), "a theme to merge in"), who)
    return f"theme-{tid}"


def _split(db: Session, p: ListenProject, tid: int, form: Any, who: str) -> str:
    new = edits.split(db, p, tid, _ids([str(v) for v in form.getlist("claims")]), who)
    return f"theme-{new.id}"


def _move(db: Session, p: ListenProject, tid: int, form: Any, who: str) -> str:
    edits.move(db, p, tid, str(form.get("direction", "")), who)
    return f"theme-{tid}"


def _codes(db: Session, p: ListenProject, tid: int, form: Any, who: str) -> str:
    edits.set_codes(
        db,
        p,
        tid,
        [str(v) for v in form.getlist("violations")],
        [str(v) for v in form.getlist("targets")],
        who,
    )
    return f"theme-{tid}"


ACTIONS: dict[str, Callable[[Session, ListenProject, int, Any, str], str]] = {
    "rename": _rename,
    "merge": _merge,
    "split": _split,
    "move": _move,
    "codes": _codes,
}


def _desk_page(
    request: Request, db: Session, project: ListenProject, error: str = "", status: int = 200
) -> Response:
    view = build_report(db, project)
    if wants_json(request):
        return json_response({**view.as_dict(), "error": error or None}, status)
    return render(
        request,
        "listen/desk.html",
        {
            **i18n.context("en"),
            **report_context(view, theme_incidents(db, view)),
            "error": error,
            "done": request.query_params.get("done"),
            "editable": can(current_user(request), "listen_edit"),
        },
        status,
    )


def _projects_page(request: Request, db: Session, error: str = "", status: int = 200) -> Response:
    rows = db.scalars(select(ListenProject).order_by(ListenProject.updated_at.desc())).all()
    if wants_json(request):
        return json_response(
            [
                {"slug": p.slug, "status": p.status, "updated_at": p.updated_at.isoformat()}
                for p in rows
            ],
            status,
        )
    items = [
        {"slug": p.slug, "title": p.title, "status": p.status, "updated_at": p.updated_at}
        for p in rows
    ]
    editable = can(current_user(request), "listen_edit")
    return render(
        request,
        "listen/projects.html",
        {"projects": items, "error": error, "editable": editable},
        status,
    )


@desk.get("")
def projects(
    request: Request, me: User = Depends(require_user), db: Session = Depends(get_db)
) -> Response:
    require(me, "view")
    return _projects_page(request, db)


@desk.post("", dependencies=[Depends(verify_csrf)])
async def new_project(
    request: Request, me: User = Depends(require_user), db: Session = Depends(get_db)
) -> Response:
    require(me, "listen_edit")
    title = str((await request.form()).get("title", ""))
    try:
        project = ensure_project(db, title)
    except InvalidInput as exc:
        db.rollback()
        return _projects_page(request, db, str(exc), exc.status_code)
    db.commit()
    return redirect(f"/desk/listen/{project.slug}")


MAX_UPLOAD = 20 * 1024 * 1024


@desk.post("/{slug}/contributions", dependencies=[Depends(verify_csrf)])
async def add_contribution(
    slug: str, request: Request, me: User = Depends(require_user), db: Session = Depends(get_db)
) -> Response:
    """One contribution from an uploaded file or pasted text; then the themes are brought up
    to date around the analysts' edits."""
    require(me, "listen_edit")
    form = await request.form()
    project = get_project(db, slug)
    try:
        fields = _intake_fields(form)
        upload = form.get("file")
        if isinstance(upload, StarletteUpload) and upload.filename:
            data = await upload.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise InvalidInput("the file is larger than 20 MB")
            sub = take_in_file(data, upload.filename, **fields)
        else:
            sub = take_in(str(form.get("text", "")), **fields)
        question = str(form.get("question", "")).strip() or None
        _row, new = add_submission(db, project, sub, question)
    except InvalidInput as exc:
        db.rollback()
        return _desk_page(request, db, project, str(exc), exc.status_code)
    result = _recompute(request, db, project)
    edits.log_recompute(db, project, actor(me), result.as_dict())
    db.commit()
    if wants_json(request):
        return json_response({"new": new, **result.as_dict()})
    return redirect(f"/desk/listen/{slug}?done={'added' if new else 'already-there'}")


@desk.post("/{slug}/contributions/{contribution_id}/remove", dependencies=[Depends(verify_csrf)])
def remove_contribution(
    slug: str,
    contribution_id: DbId,
    request: Request,
    me: User = Depends(require_user),
    db: Session = Depends(get_db),
) -> Response:
    require(me, "listen_edit")
    project = get_project(db, slug)
    edits.remove_contribution(db, project, contribution_id, actor(me))
    result = _recompute(request, db, project)
    db.commit()
    if wants_json(request):
        return json_response({"removed": contribution_id, **result.as_dict()})
    return redirect(f"/desk/listen/{slug}?done=removed")


def _intake_fields(form: Any) -> dict[str, Any]:
    kind = str(form.get("type", "essay"))
    if kind not in ContributionType.__members__:
        raise InvalidInput(f"type must be one of {', '.join(ContributionType)}")
    named = form.get("named") == "on"
    author = str(form.get("author", "")).strip() or None
    if author and not named:
        raise InvalidInput("a name is kept only when the contributor chose to be named")
    country = str(form.get("country", "")).strip()
    return {
        "type": ContributionType(kind),
        "consent": form.get("consent") == "on",
        "anonymous": not named,
        "country": parse_code(country) if country else None,
        "language": str(form.get("language", "")).strip() or None,
        "author": author if named else None,
        "title": str(form.get("title", "")).strip() or None,
    }


@desk.get("/{slug}.pdf")
def desk_pdf(
    slug: str, me: User = Depends(require_user), db: Session = Depends(get_db)
) -> Response:
    require(me, "view")
    return _pdf(db, get_project(db, slug), public=False)


@desk.get("/{slug}")
def desk_report(
    slug: str, request: Request, me: User = Depends(require_user), db: Session = Depends(get_db)
) -> Response:
    require(me, "view")
    return _desk_page(request, db, get_project(db, slug))


@desk.post("/{slug}/themes/{theme_id}", dependencies=[Depends(verify_csrf)])
async def edit_theme(
    slug: str,
    theme_id: DbId,
    request: Request,
    me: User = Depends(require_user),
    db: Session = Depends(get_db),
) -> Response:
    require(me, "listen_edit")
    form = await request.form()
    action = ACTIONS.get(str(form.get("action", "")))
    project = get_project(db, slug)
    try:
        if action is None:
            raise InvalidInput(f"action must be one of {', '.join(ACTIONS)}")
        anchor = action(db, project, theme_id, form, actor(me))
    except (InvalidInput, NotFound) as exc:
        db.rollback()
        return _desk_page(request, db, project, str(exc), exc.status_code)
    db.commit()
    if wants_json(request):
        return json_response({"ok": True, "anchor": anchor})
    return redirect(f"/desk/listen/{slug}?done={form.get('action')}#{anchor}")


@desk.post("/{slug}/recompute", dependencies=[Depends(verify_csrf)])
def recompute_route(
    slug: str, request: Request, me: User = Depends(require_user), db: Session = Depends(get_db)
) -> Response:
    require(me, "listen_edit")
    project = get_project(db, slug)
    result = _recompute(request, db, project)
    edits.log_recompute(db, project, actor(me), result.as_dict())
    db.commit()
    if wants_json(request):
        return json_response(result.as_dict())
    return redirect(f"/desk/listen/{slug}?done=recompute")


@desk.post("/{slug}/publish", dependencies=[Depends(verify_csrf)])
async def publish_route(
    slug: str, request: Request, me: User = Depends(require_user), db: Session = Depends(get_db)
) -> Response:
    require(me, "listen_publish")
    decision = str((await request.form()).get("decision", ""))
    project = get_project(db, slug)
    if decision not in ("publish", "unpublish"):
        return _desk_page(request, db, project, "decision must be publish or unpublish", 422)
    edits.set_published(db, project, decision == "publish", actor(me))
    db.commit()
    if wants_json(request):
        return json_response({"status": project.status})
    return redirect(f"/desk/listen/{slug}?done={decision}")


def _published(db: Session, slug: str) -> ListenProject:
    try:
        project = get_project(db, slug.removesuffix(".json").removesuffix(".pdf"))
    except NotFound:
        project = None
    if project is None or project.status != "published":
        raise NotFound(f"no published report {slug!r}")
    return project


_PUBLIC_CACHE: dict[tuple[int, str], tuple[ReportView, dict[int, dict[str, Any]]]] = {}
_PDF_CACHE: dict[tuple[int, str], bytes] = {}
CACHE_SIZE = 8


def _remember(cache: dict[tuple[int, str], Any], key: tuple[int, str], value: Any) -> None:
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value


def public_view(
    db: Session, project: ListenProject
) -> tuple[ReportView, dict[int, dict[str, Any]]]:
    """The published report (privacy gate applied) and its incidents, once per version of the
    project in this process: every edit, recompute and publication changes ``updated_at``."""
    key = (project.id, project.updated_at.isoformat())
    found = _PUBLIC_CACHE.get(key)
    if found is None:
        view = build_report(db, project, public=True)
        found = (view, theme_incidents(db, view))
        _remember(_PUBLIC_CACHE, key, found)
    return found


def _pdf(db: Session, project: ListenProject, public: bool) -> Response:
    """The PDF (a large report takes tens of seconds: the public one is made once per version)."""
    key = (project.id, project.updated_at.isoformat())
    if public and key in _PDF_CACHE:
        data = _PDF_CACHE[key]
    elif public:
        data = report_pdf(*public_view(db, project))
        _remember(_PDF_CACHE, key, data)
    else:
        view = build_report(db, project)
        data = report_pdf(view, theme_incidents(db, view))
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{project.slug}.pdf"',
            "Cache-Control": "no-store" if project.status != "published" else "public, max-age=60",
        },
    )


@public.get("/{slug}.json")
def public_json(slug: str, db: Session = Depends(get_db)) -> Response:
    view, _incidents = public_view(db, _published(db, slug))
    return json_response(view.as_dict())


@public.get("/{slug}.pdf")
def public_pdf(slug: str, db: Session = Depends(get_db)) -> Response:
    return _pdf(db, _published(db, slug), public=True)


@public.get("/{slug}")
def public_report(slug: str, request: Request, db: Session = Depends(get_db)) -> Response:
    project = _published(db, slug)
    view, incidents = public_view(db, project)
    return page(
        request,
        "listen/public.html",
        report_context(view, incidents),
        twin=f"/listen/{project.slug}.json",
    )


router.include_router(desk)
router.include_router(public)
