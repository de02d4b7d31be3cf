"""The ratings panel queue in the desk: approve or reject proposed band changes (with a reason).

``GET /desk/panel`` lists open proposals with their explanation (JSON twin with
``Accept: application/json``); ``POST /desk/panel/{id}`` with ``decision=approve|reject`` and
``reason`` decides one. Needs the ``panel`` right; posts need the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.ratings import panel
from civicspace.ratings.alerts import dispatch
from civicspace.ratings.compute import public_rating
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.ratings import BandChange, RatingScore
from civicspace.web.auth import require_right, verify_csrf
from civicspace.web.deps import DbId, get_db, get_settings_dep
from civicspace.web.desk.common import json_response, redirect, render, wants_json
from civicspace.web.public.i18n import context as i18n_context

router = APIRouter(prefix="/desk/panel", include_in_schema=False)
member = require_right("panel")


def _item(db: Session, change: BandChange) -> dict[str, Any]:
    score = db.get(RatingScore, change.score_id)
    public = public_rating(db, change.country)
    return {
        "id": change.id,
        "country": change.country,
        "from_band": change.from_band,
        "to_band": change.to_band,
        "score": change.score,
        "methodology_version": change.methodology_version,
        "proposed_at": change.proposed_at.isoformat(),
        "public": {"band": public.band, "score": public.score, "as_of": public.as_of.isoformat()}
        if public
        else None,
        "explanation": score.explanation if score else None,
    }


def _page(request: Request, db: Session, error: str = "", status_code: int = 200) -> Response:
    items = [_item(db, c) for c in panel.queue(db)]
    if wants_json(request):
        return json_response({"queue": items, "error": error or None}, status_code)
    return render(
        request,
        "ratings/panel.html",
        {
            "items": items,
            "error": error,
            "done": request.query_params.get("done"),
            "_": i18n_context("en")["_"],  # the shared structural table is written with _()
        },
        status_code,
    )


@router.get("")
def queue_page(
    request: Request, me: User = Depends(member), db: Session = Depends(get_db)
) -> Response:
    return _page(request, db)


@router.post("/{change_id}", dependencies=[Depends(verify_csrf)])
def decide(
    request: Request,
    change_id: DbId,
    decision: str = Form(...),
    reason: str = Form(""),
    me: User = Depends(member),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    if decision not in ("approve", "reject"):
        return _page(request, db, "decision must be approve or reject", 422)
    try:
        result = panel.decide(db, change_id, me, decision == "approve", reason)
    except (InvalidInput, Conflict, NotFound) as exc:
        db.rollback()
        return _page(request, db, str(exc), exc.status_code)
    db.commit()
    dispatch(db, settings)
    db.commit()
    if wants_json(request):
        return json_response({"id": change_id, "status": result.change.status})
    return redirect(f"/desk/panel?done={change_id}")
