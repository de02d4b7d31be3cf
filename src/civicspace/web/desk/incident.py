"""One incident: its sources side by side, its fields against the codebook, the decisions
(accept, reject, merge, split, duplicate, publish, withdraw, reopen) and its history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.review import actions
from civicspace.review.fields import EDITABLE, LIST_FIELDS
from civicspace.review.history import history, history_json
from civicspace.review.queue import incident_view, queue_neighbours
from civicspace.store.accounts import User
from civicspace.web.auth import require_role, verify_csrf
from civicspace.web.deps import get_db
from civicspace.web.desk.common import json_response, redirect, render, wants_json

router = APIRouter()
viewer = require_role("viewer")
researcher = require_role("researcher")
editor = require_role("editor")
csrf = [Depends(verify_csrf)]
DONE = {
    "edited": "Saved.",
    "unchanged": "Nothing changed.",
    "accepted": "Accepted: an editor can now publish it.",
    "rejected": "Rejected.",
    "merged": "Merged.",
    "split": "Split off into a new incident.",
    "duplicate": "Marked as a duplicate.",
    "published": "Published.",
    "withdrawn": "Withdrawn.",
    "reopened": "Reopened for review.",
}
Reason = Form("", max_length=2000)


def incident_json(view: Any) -> dict[str, Any]:
    i = view.incident
    return {
        "id": i.id,
        "state": i.state,
        "locked": i.locked,
        "merged_into": i.merged_into,
        "version": i.updated_at.isoformat(),
        **{f: getattr(i, f) for f in ("title", "summary", "country", "place", *LIST_FIELDS)},
        "gendered": i.gendered,
        "verification": i.verification,
        "start_date": i.start_date.isoformat() if i.start_date else None,
        "end_date": i.end_date.isoformat() if i.end_date else None,
        "confidence": i.confidence,
        "published_at": i.published_at.isoformat() if i.published_at else None,
        "sources": [
            {
                "document_id": s.document.id,
                "url": s.document.url,
                "title": s.document.title,
                "language": s.document.language,
                "pinned": s.link.pinned,
                "coding_id": s.coding.id if s.coding else None,
                "evidence": s.coding.evidence if s.coding else {},
            }
            for s in view.sources
        ],
        "merged_from": [m.id for m in view.merged_from],
        "duplicates": [d.id for d in view.duplicates],
    }


def _page(
    request: Request, db: Session, incident_id: int, *, error: str = "", status_code: int = 200
) -> Response:
    view = incident_view(db, incident_id)
    prev_id, next_id = queue_neighbours(db, view.incident)
    done = DONE.get(request.query_params.get("done", ""), "")
    return render(
        request,
        "desk/incident.html",
        {
            "v": view,
            "i": view.incident,
            "prev_id": prev_id,
            "next_id": next_id,
            "error": error,
            "done": done,
        },
        status_code,
    )


def _act(
    request: Request, db: Session, incident_id: int, done: str, run: Callable[[], Any]
) -> Response:
    """Run one decision and commit; then back to the page (or JSON). A decision the state
    does not allow, or bad input, shows the page again with the reason, changing nothing."""
    try:
        result = run()
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        if wants_json(request):
            return json_response({"error": str(exc)}, exc.status_code)
        return _page(request, db, incident_id, error=str(exc), status_code=exc.status_code)
    db.commit()
    target = incident_id
    if done == "split" and result is not None:
        target = result.id
    if done == "edited" and result is None:
        done = "unchanged"
    if wants_json(request):
        return json_response({"ok": True, "done": done, "incident": target})
    if done in ("accepted", "rejected", "duplicate"):  # on to the next in the queue
        _, next_id = queue_neighbours(db, actions.get_incident(db, incident_id))
        if next_id is not None and next_id != incident_id:
            return redirect(f"/desk/incidents/{next_id}?done={done}")
    return redirect(f"/desk/incidents/{target}?done={done}")


@router.get("/incidents/{incident_id:int}")
def incident_page(
    request: Request, incident_id: int, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    return _page(request, db, incident_id)


@router.get("/incidents/{incident_id:int}.json")
def incident_page_json(
    incident_id: int, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    return json_response(incident_json(incident_view(db, incident_id)))


@router.get("/incidents/{incident_id:int}/history")
def history_page(
    request: Request, incident_id: int, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    return render(request, "desk/history.html", {"h": history(db, incident_id)})


@router.get("/incidents/{incident_id:int}/history.json")
def history_page_json(
    incident_id: int, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    return json_response(history_json(history(db, incident_id)))


@router.post("/incidents/{incident_id:int}/edit", dependencies=csrf)
async def edit_route(
    request: Request,
    incident_id: int,
    user: User = Depends(researcher),
    db: Session = Depends(get_db),
) -> Response:
    form = await request.form()
    raw: dict[str, Any] = {}
    for field in EDITABLE:
        if field in LIST_FIELDS:
            raw[field] = [str(v) for v in form.getlist(field)]
        elif field == "gendered":
            raw[field] = form.get("gendered") == "on"
        elif field in form:
            raw[field] = str(form[field])
    reason = str(form.get("reason", ""))[:2000]
    version = str(form.get("version", ""))[:64] or None
    run = lambda: actions.edit(  # noqa: E731
        db, incident_id, user, raw, reason=reason, expected_version=version
    )
    # the database work runs in the thread pool, as in the synchronous routes
    response: Response = await run_in_threadpool(_act, request, db, incident_id, "edited", run)
    return response


@router.post("/incidents/{incident_id:int}/accept", dependencies=csrf)
def accept_route(
    request: Request,
    incident_id: int,
    reason: str = Reason,
    user: User = Depends(researcher),
    db: Session = Depends(get_db),
) -> Response:
    run = lambda: actions.accept(db, incident_id, user, reason=reason)  # noqa: E731
    return _act(request, db, incident_id, "accepted", run)


@router.post("/incidents/{incident_id:int}/reject", dependencies=csrf)
def reject_route(
    request: Request,
    incident_id: int,
    reason: str = Reason,
    user: User = Depends(researcher),
    db: Session = Depends(get_db),
) -> Response:
    run = lambda: actions.reject(db, incident_id, user, reason=reason)  # noqa: E731
    return _act(request, db, incident_id, "rejected", run)


@router.post("/incidents/{incident_id:int}/reopen", dependencies=csrf)
def reopen_route(
    request: Request,
    incident_id: int,
    reason: str = Reason,
    user: User = Depends(researcher),
    db: Session = Depends(get_db),
) -> Response:
    run = lambda: actions.reopen(db, incident_id, user, reason=reason)  # noqa: E731
    return _act(request, db, incident_id, "reopened", run)


def _other_id(value: str) -> int:
    text = value.strip().lstrip("#")
    if not text.isdigit() or len(text) > 18:
        raise InvalidInput("give the number of the other incident")
    return int(text)


@router.post("/incidents/{incident_id:int}/merge", dependencies=csrf)
def merge_route(
    request: Request,
    incident_id: int,
    other: str = Form("", max_length=32),
    reason: str = Reason,
    user: User = Depends(researcher),
    db: Session = Depends(get_db),
) -> Response:
    """Merge incident ``other`` into this one."""

    def run() -> Any:
        try:
            return actions.merge(db, incident_id, _other_id(other), user, reason=reason)
        except NotFound as exc:
            raise InvalidInput(str(exc)) from exc

    return _act(request, db, incident_id, "merged", run)


@router.post("/incidents/{incident_id:int}/split", dependencies=csrf)
def split_route(
    request: Request,
    incident_id: int,
    document_id: int = Form(...),
    reason: str = Reason,
    user: User = Depends(researcher),
    db: Session = Depends(get_db),
) -> Response:
    run = lambda: actions.split(db, incident_id, document_id, user, reason=reason)  # noqa: E731
    return _act(request, db, incident_id, "split", run)


@router.post("/incidents/{incident_id:int}/duplicate", dependencies=csrf)
def duplicate_route(
    request: Request,
    incident_id: int,
    original: str = Form("", max_length=32),
    reason: str = Reason,
    user: User = Depends(researcher),
    db: Session = Depends(get_db),
) -> Response:
    def run() -> Any:
        try:
            return actions.mark_duplicate(db, incident_id, _other_id(original), user, reason=reason)
        except NotFound as exc:
            raise InvalidInput(str(exc)) from exc

    return _act(request, db, incident_id, "duplicate", run)


@router.post("/incidents/{incident_id:int}/publish", dependencies=csrf)
def publish_route(
    request: Request,
    incident_id: int,
    reason: str = Reason,
    user: User = Depends(editor),
    db: Session = Depends(get_db),
) -> Response:
    run = lambda: actions.publish(db, incident_id, user, reason=reason)  # noqa: E731
    return _act(request, db, incident_id, "published", run)


@router.post("/incidents/{incident_id:int}/withdraw", dependencies=csrf)
def withdraw_route(
    request: Request,
    incident_id: int,
    reason: str = Reason,
    user: User = Depends(editor),
    db: Session = Depends(get_db),
) -> Response:
    run = lambda: actions.withdraw(db, incident_id, user, reason=reason)  # noqa: E731
    return _act(request, db, incident_id, "withdrawn", run)
