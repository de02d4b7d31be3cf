"""Watchlist curation in the desk: publish proposed entries with a reason, or dismiss them.

``GET /desk/watchlist`` lists proposed entries (and those published, which can be taken off)
with the decline behind each (JSON twin with ``Accept: application/json``);
``POST /desk/watchlist/{id}`` with ``decision=publish|dismiss`` and, to publish, the ``reason``
shown publicly. Editors only; posts need the session's CSRF token. Publishing alerts the
country's subscribers (:func:`civicspace.ratings.alerts.dispatch`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.ratings import watchlist
from civicspace.ratings.alerts import dispatch
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.ratings import WatchlistEntry
from civicspace.web.auth import require_role, verify_csrf
from civicspace.web.deps import get_db, get_settings_dep
from civicspace.web.desk.common import json_response, redirect, render, wants_json

router = APIRouter(prefix="/desk/watchlist", include_in_schema=False)
editor = require_role("editor")


def _item(entry: WatchlistEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "country": entry.country,
        "status": entry.status,
        "decline": entry.decline,
        "from_score": entry.from_score,
        "to_score": entry.to_score,
        "from_date": entry.from_date.isoformat(),
        "to_date": entry.to_date.isoformat(),
        "methodology_version": entry.methodology_version,
        "reason": entry.reason,
        "proposed_at": entry.proposed_at.isoformat(),
        "published_at": entry.published_at.isoformat() if entry.published_at else None,
    }


def _page(request: Request, db: Session, error: str = "", status_code: int = 200) -> Response:
    proposed = [_item(e) for e in watchlist.entries(db, "proposed")]
    published = [_item(e) for e in watchlist.entries(db, "published")]
    if wants_json(request):
        return json_response(
            {"proposed": proposed, "published": published, "error": error or None}, status_code
        )
    return render(
        request,
        "desk/watchlist.html",
        {
            "proposed": proposed,
            "published": published,
            "error": error,
            "done": request.query_params.get("done"),
        },
        status_code,
    )


@router.get("")
def watchlist_page(
    request: Request, me: User = Depends(editor), db: Session = Depends(get_db)
) -> Response:
    return _page(request, db)


@router.post("/{entry_id}", dependencies=[Depends(verify_csrf)])
def curate(
    request: Request,
    entry_id: int,
    decision: str = Form(...),
    reason: str = Form(""),
    me: User = Depends(editor),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    if decision not in ("publish", "dismiss"):
        return _page(request, db, "decision must be publish or dismiss", 422)
    publish = decision == "publish"
    try:
        if publish and not reason.strip():
            raise InvalidInput("a reason is required to publish a watchlist entry")
        entry = watchlist.curate(db, entry_id, me, publish, reason if publish else None)
    except (InvalidInput, Conflict, NotFound) as exc:
        db.rollback()
        return _page(request, db, str(exc), exc.status_code)
    db.commit()
    if publish:
        dispatch(db, settings)
        db.commit()
    if wants_json(request):
        return json_response({"id": entry_id, "status": entry.status})
    return redirect(f"/desk/watchlist?done={entry_id}")
