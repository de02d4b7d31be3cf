"""The queue of proposed incidents (HTML and its JSON twin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.review.queue import QUEUE_STATES, SORTS, QueueFilters, QueuePage, queue
from civicspace.store.accounts import User
from civicspace.store.incidents import Incident
from civicspace.web.auth import require_role
from civicspace.web.deps import get_db
from civicspace.web.desk.common import json_response, redirect, render

router = APIRouter()
viewer = require_role("viewer")


def filters(
    country: str = Query("", max_length=3),
    violation: str = Query("", max_length=64),
    target: str = Query("", max_length=64),
    language: str = Query("", max_length=16),
    source: str = Query("", max_length=200),
    state: str = Query("open", max_length=16),
    sort: str = Query("newest", max_length=16),
    page: int = Query(1, ge=1, le=100_000),
) -> QueueFilters:
    return QueueFilters(country, violation, target, language, source, state, sort, page)


def queue_json(page: QueuePage) -> dict[str, Any]:
    return {
        "filters": page.filters.__dict__,
        "total": page.total,
        "pages": page.pages,
        "incidents": [
            {
                "id": r.incident.id,
                "url": f"/desk/incidents/{r.incident.id}",
                "title": r.incident.title,
                "state": r.incident.state,
                "country": r.incident.country,
                "language": r.incident.language,
                "start_date": r.incident.start_date.isoformat() if r.incident.start_date else None,
                "violations": r.incident.violations,
                "targets": r.incident.targets,
                "confidence": r.incident.confidence,
                "documents": r.documents,
                "sources": r.sources,
                "created_at": r.incident.created_at.isoformat(),
            }
            for r in page.rows
        ],
    }


@router.get("/")
def desk_home(user: User = Depends(viewer)) -> Response:
    return redirect("/desk/queue")


@router.get("/queue")
def queue_page(
    request: Request,
    f: QueueFilters = Depends(filters),
    user: User = Depends(viewer),
    db: Session = Depends(get_db),
) -> Response:
    page = queue(db, f)
    countries = sorted(c for c in db.scalars(select(Incident.country).distinct()) if c)
    languages = sorted(c for c in db.scalars(select(Incident.language).distinct()) if c)
    return render(
        request,
        "desk/queue.html",
        {
            "page": page,
            "f": page.filters,
            "states": list(QUEUE_STATES),
            "sorts": SORTS,
            "countries": countries,
            "languages": languages,
        },
    )


@router.get("/queue.json")
def queue_json_page(
    f: QueueFilters = Depends(filters), user: User = Depends(viewer), db: Session = Depends(get_db)
) -> Response:
    return json_response(queue_json(queue(db, f)))
