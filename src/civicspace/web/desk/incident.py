"""One incident: its sources side by side, its fields against the codebook, the decisions
(accept, reject, merge, split, duplicate, publish, withdraw, reopen) and its history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from civicspace.accounts.roles import Forbidden, role_at_least
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.incidents.public import TEXT_FIELDS, findings, gated_text
from civicspace.incidents.record import incident_record
from civicspace.review import actions
from civicspace.review.edits import EDITABLE, LIST_FIELDS
from civicspace.review.history import history, history_json
from civicspace.review.queue import incident_view, queue_neighbours
from civicspace.store.accounts import User
from civicspace.store.incidents import Incident
from civicspace.web.auth import require_role, verify_csrf
from civicspace.web.deps import DbId, get_db
from civicspace.web.desk.changes import change_rows
from civicspace.web.desk.common import json_response, redirect, render, term_labels, wants_json

router = APIRouter()
viewer = require_role("viewer")
researcher = require_role("researcher")
csrf = [Depends(verify_csrf)]
DONE = {
    "edited": "Saved.",
    "unchanged": "Nothing changed.",
    "accepted": "Accepted: an editor can now publish it.",
    "rejected": "Rejected.",
    "merged": "Merged.",
    "split": "Split off into a new incident.",
    "duplicate": "Marked as a duplicate.",
    "redacted": "Redacted.",
    "allowed": "Finding let out, with your reason recorded.",
    "published": "Published.",
    "withdrawn": "Withdrawn.",
    "reopened": "Reopened for review.",
}


def incident_json(view: Any) -> dict[str, Any]:
    i = view.incident
    return {
        **incident_record(i),
        "version": i.updated_at.isoformat(),
        "sources": [
            {
                "document_id": s.document.id,
                "url": s.document.url,
                "title": s.document.title,
                "language": s.document.language,
                "pinned": s.link.pinned,
                "coding_id": s.coding.id if s.coding else None,
                "evidence": s.coding.evidence if s.coding else {},
                "pair": s.coding.pair if s.coding else None,
            }
            for s in view.sources
        ],
        "merged_from": [m.id for m in view.merged_from],
        "duplicates": [d.id for d in view.duplicates],
    }


# Decisions after which the desk moves on to the next incident: the page then names the one
# decided, with a link back to it.
MOVE_ON = {
    "accepted": ("Accepted", "an editor can now publish it."),
    "rejected": ("Rejected", ""),
    "duplicate": ("Marked as a duplicate", ""),
}


def _decided(db: Session, request: Request) -> dict[str, Any] | None:
    """The incident a move-on decision was about (``?done=accepted&of=ID``), if any."""
    done, of = request.query_params.get("done", ""), request.query_params.get("of", "")
    if done not in MOVE_ON or not of.isdigit() or len(of) > 18:
        return None
    decided = db.get(Incident, int(of))
    if decided is None:
        return None
    label, rest = MOVE_ON[done]
    return {"id": decided.id, "title": decided.title, "label": label, "rest": rest}


def _page(
    request: Request, db: Session, incident_id: int, *, error: str = "", status_code: int = 200
) -> Response:
    view = incident_view(db, incident_id)
    prev_id, next_id = queue_neighbours(db, view.incident)
    decided = _decided(db, request)
    done = "" if decided else DONE.get(request.query_params.get("done", ""), "")
    privacy = privacy_findings(db, view.incident)
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
            "privacy": privacy,
            "decided": decided,
        },
        status_code,
    )


def privacy_findings(db: Session, incident: Incident) -> list[dict[str, Any]]:
    """What the privacy gate holds back now, each with its context for the desk to highlight."""
    if incident.state in ("withdrawn", "rejected"):
        return []
    text = gated_text(db, incident)
    out = []
    for f in findings(db, incident, text):  # the text is read and scanned once
        value = text.get(f.field, "")
        out.append(
            {
                "kind": f.kind.value,
                "field": f.field,
                "text": f.text,
                "fingerprint": f.fingerprint,
                "before": value[max(0, f.start - 60) : f.start],
                "after": value[f.end : f.end + 60],
                "redactable": f.field in TEXT_FIELDS,
                "detector": f.detector,
            }
        )
    return out


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
            return redirect(f"/desk/incidents/{next_id}?done={done}&of={incident_id}")
    return redirect(f"/desk/incidents/{target}?done={done}")


@router.get("/incidents/{incident_id:int}")
def incident_page(
    request: Request, incident_id: DbId, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    return _page(request, db, incident_id)


@router.get("/incidents/{incident_id:int}.json")
def incident_page_json(
    incident_id: DbId, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    view = incident_view(db, incident_id)
    return json_response(
        {**incident_json(view), "privacy_findings": privacy_findings(db, view.incident)}
    )


@router.get("/incidents/{incident_id:int}/history")
def history_page(
    request: Request, incident_id: DbId, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    h = history(db, incident_id)
    rows = {
        v.revision.id: change_rows(v.revision.changes or {}, term_labels()) for v in h.revisions
    }
    return render(request, "desk/history.html", {"h": h, "rows": rows})


@router.get("/incidents/{incident_id:int}/history.json")
def history_page_json(
    incident_id: DbId, user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    return json_response(history_json(history(db, incident_id)))


@router.post("/incidents/{incident_id:int}/edit", dependencies=csrf)
async def edit_route(
    request: Request,
    incident_id: DbId,
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


def _other_id(value: str) -> int:
    text = value.strip().lstrip("#")
    if not text.isdigit() or len(text) > 18:
        raise InvalidInput("give the number of the other incident")
    return int(text)


def _with_other(
    decide: Callable[..., Any], field: str
) -> Callable[[Session, int, User, FormData, str], Any]:
    """A decision about this incident and another one named in the form's ``field``."""

    def run(db: Session, incident_id: int, user: User, form: FormData, reason: str) -> Any:
        try:
            return decide(db, incident_id, _other_id(str(form.get(field, ""))), user, reason=reason)
        except NotFound as exc:
            raise InvalidInput(str(exc)) from exc

    return run


def _split(db: Session, incident_id: int, user: User, form: FormData, reason: str) -> Any:
    document = str(form.get("document_id", "")).strip()
    if not document.isdigit() or len(document) > 18:
        raise InvalidInput("give the number of the source document to split off")
    return actions.split(db, incident_id, int(document), user, reason=reason)


def _redact(db: Session, incident_id: int, user: User, form: FormData, reason: str) -> Any:
    return actions.redact(
        db,
        incident_id,
        user,
        str(form.get("field", "")),
        str(form.get("text", ""))[:2000],
        str(form.get("kind", "")),
        reason=reason,
    )


def _allow(db: Session, incident_id: int, user: User, form: FormData, reason: str) -> Any:
    fingerprint = str(form.get("fingerprint", ""))[:300]
    return actions.allow_finding(db, incident_id, user, fingerprint, reason=reason)


def _simple(decide: Callable[..., Any]) -> Callable[[Session, int, User, FormData, str], Any]:
    def run(db: Session, incident_id: int, user: User, form: FormData, reason: str) -> Any:
        return decide(db, incident_id, user, reason=reason)

    return run


@dataclass(frozen=True)
class Decision:
    """One desk decision: what runs, the least role that may ask for it, what the page says."""

    run: Callable[[Session, int, User, FormData, str], Any]
    role: str
    done: str


DECISIONS: dict[str, Decision] = {
    "accept": Decision(_simple(actions.accept), "researcher", "accepted"),
    "reject": Decision(_simple(actions.reject), "researcher", "rejected"),
    "reopen": Decision(_simple(actions.reopen), "researcher", "reopened"),
    "merge": Decision(_with_other(actions.merge, "other"), "researcher", "merged"),
    "split": Decision(_split, "researcher", "split"),
    "duplicate": Decision(
        _with_other(actions.mark_duplicate, "original"), "researcher", "duplicate"
    ),
    "redact": Decision(_redact, "researcher", "redacted"),
    "allow": Decision(_allow, "editor", "allowed"),
    "publish": Decision(_simple(actions.publish), "editor", "published"),
    "withdraw": Decision(_simple(actions.withdraw), "editor", "withdrawn"),
}


@router.post("/incidents/{incident_id:int}/{action}", dependencies=csrf)
async def decision_route(
    request: Request,
    incident_id: DbId,
    action: str,
    user: User = Depends(viewer),
    db: Session = Depends(get_db),
) -> Response:
    """Every decision but edit: one route over :data:`DECISIONS`."""
    decision = DECISIONS.get(action)
    if decision is None:
        raise NotFound(f"no desk action {action!r}")
    if not role_at_least(user.role, decision.role):
        raise Forbidden(f"this needs the {decision.role} role or above; yours is {user.role}")
    form = await request.form()
    reason = str(form.get("reason", ""))[:2000]

    def run() -> Any:
        return decision.run(db, incident_id, user, form, reason)

    response: Response = await run_in_threadpool(_act, request, db, incident_id, decision.done, run)
    return response
