"""Failed pipeline jobs in the desk (editors and admins): see them, and put them back in the queue.

``GET /desk/jobs`` lists failed jobs and counts per status (JSON twin with
``Accept: application/json``); ``POST /desk/jobs/{id}/retry`` retries one and
``POST /desk/jobs/retry`` every failed job. On SQLite there is no queue: the page says that the
pipeline runs inline. Posts need the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from civicspace.errors import NotFound
from civicspace.jobs import admin
from civicspace.jobs.queue import INLINE_HINT, is_postgres
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.web.auth import require_role, verify_csrf
from civicspace.web.deps import get_settings_dep
from civicspace.web.desk.common import json_response, redirect, render, wants_json

router = APIRouter(prefix="/desk/jobs", include_in_schema=False)
editor = require_role("editor")
csrf = [Depends(verify_csrf)]


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _state(settings: Settings, engine: Engine) -> dict[str, Any]:
    if not is_postgres(settings.database_url):
        return {"queue": False, "note": INLINE_HINT, "counts": {}, "failed": []}
    if not admin.has_schema(engine):
        return {"queue": True, "note": "no worker has run yet", "counts": {}, "failed": []}
    return {
        "queue": True,
        "note": "",
        "counts": admin.counts(engine),
        "failed": admin.list_jobs(engine, "failed", limit=200),
    }


@router.get("")
def jobs_page(
    request: Request,
    me: User = Depends(editor),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    state = _state(settings, _engine(request))
    if wants_json(request):
        return json_response({**state, "failed": [j.as_dict() for j in state["failed"]]})
    retried = request.query_params.get("retried")
    return render(request, "desk/jobs.html", {**state, "retried": retried})


def _retry(request: Request, settings: Settings, ids: list[int]) -> Response:
    engine = _engine(request)
    if not is_postgres(settings.database_url):
        raise NotFound(INLINE_HINT)
    done = admin.retry(settings, engine, ids) if ids else []
    if wants_json(request):
        return json_response({"retried": done})
    return redirect(f"/desk/jobs?retried={len(done)}")


@router.post("/{job_id:int}/retry", dependencies=csrf)
def retry_one(
    request: Request,
    job_id: int,
    me: User = Depends(editor),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    return _retry(request, settings, [job_id])


@router.post("/retry", dependencies=csrf)
def retry_all(
    request: Request,
    me: User = Depends(editor),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    ids = admin.failed_ids(_engine(request)) if is_postgres(settings.database_url) else []
    return _retry(request, settings, ids)
