"""Live questions to speakers: the public event pages, their live stream, and moderation.

Public (no account, no address kept; see :mod:`civicspace.web.anonymous`):

* ``GET /events`` (twin ``/events.json``): events taking questions, then the archive.
* ``GET /events/{slug}`` (twin ``/events/{slug}.json``): the event, its approved questions by
  votes, answers beside them, the form to ask and the upvote buttons. Without JavaScript the
  page reloads itself every ``CIVICSPACE_QUESTIONS_REFRESH_SECONDS`` (a ``<noscript>`` meta
  refresh) and offers a refresh link; with it, ``/static/listen/questions.js`` listens to:
* ``GET /events/{slug}/stream``: server-sent events. An ``questions`` event carries the
  rendered list each time the event's revision changes (its id is the revision, so a reconnect
  with ``Last-Event-ID`` sends nothing stale); a comment every 15 s keeps proxies from closing
  it. A stream ends after ``CIVICSPACE_QUESTIONS_STREAM_SECONDS`` (the browser reconnects after
  the ``retry`` delay) or when the client goes away; at most ``CIVICSPACE_QUESTIONS_STREAMS_MAX``
  are open per process (503 beyond).
* ``POST /events/{slug}/questions`` and ``POST /events/{slug}/questions/{id}/vote``: signed
  CSRF token of the browser, rate limited per connection in memory.

Moderation (desk users holding the ``moderate`` right): ``/desk/events`` lists and creates
events; ``/desk/events/{id}`` moves the event between states and approves, rejects, merges and
answers questions (one route over a table of actions).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from civicspace.accounts.roles import actor
from civicspace.errors import CivicspaceError, Conflict, InvalidInput, NotFound
from civicspace.listen import questions as qa
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.questions import QaEvent
from civicspace.web.anonymous import BROWSER, check_form, check_rate, form_token
from civicspace.web.auth import require_right, verify_csrf
from civicspace.web.deps import DbId, get_db, get_settings_dep
from civicspace.web.desk.common import json_response, redirect, render, wants_json
from civicspace.web.listen.pages import listen_page
from civicspace.web.public import i18n
from civicspace.web.templating import templates

router = APIRouter(include_in_schema=False)
moderator = require_right("moderate")
KEEPALIVE_S = 15.0
RETRY_MS = 3000
NO_STORE = {"Cache-Control": "no-store"}


class Busy(CivicspaceError):
    status_code = 503


# ---------------------------------------------------------------- shapes


def _event(event: QaEvent) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "title": event.title,
        "description": event.description,
        "speakers": list(event.speakers or []),
        "starts_at": event.starts_at.isoformat(),
        "state": event.state,
        "url": f"/events/{event.slug}",
    }


def _question(q: qa.PublicQuestion) -> dict[str, Any]:
    return {
        "id": q.id,
        "text": q.text,
        "name": q.name,
        "votes": q.votes,
        "answer": q.answer,
        "answered_at": q.answered_at.isoformat() if q.answered_at else None,
        "asked_at": q.created_at.isoformat(),
    }


def _list_context(db: Session, event: QaEvent, browser: str, request: Request) -> dict[str, Any]:
    voter = qa.voter_key(browser)
    return {
        "event": event,
        "questions": qa.public_questions(db, event),
        "voted": qa.voted_by(db, event.id, voter),
        "token": form_token(request, BROWSER, browser),
        "takes_questions": event.state in qa.TAKES_QUESTIONS,
    }


# ---------------------------------------------------------------- public pages


@router.get("/events.json")
def events_json(db: Session = Depends(get_db)) -> JSONResponse:
    return JSONResponse({"events": [_event(e) for e in qa.events(db)]})


@router.get("/events")
def events_page(request: Request, db: Session = Depends(get_db)) -> Response:
    return listen_page(
        request, "listen/events.html", {"events": qa.events(db)}, twin="/events.json"
    )


@router.get("/events/{slug}.json")
def event_json(slug: str, db: Session = Depends(get_db)) -> JSONResponse:
    event = qa.get_event(db, slug)
    questions = [_question(q) for q in qa.public_questions(db, event)]
    return JSONResponse({"event": _event(event), "questions": questions}, headers=NO_STORE)


def _event_page(
    request: Request,
    db: Session,
    event: QaEvent,
    settings: Settings,
    *,
    error: str = "",
    draft: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    browser, new = BROWSER.ensure(request)
    data = {
        **_list_context(db, event, browser, request),
        "refresh": settings.questions_refresh_seconds,
        "sent": request.query_params.get("sent") == "1",
        "error": error,
        "draft": draft or {},
        "stream": f"/events/{event.slug}/stream",
    }
    response = listen_page(request, "listen/event.html", data, twin=f"/events/{event.slug}.json")
    response.status_code = status_code
    response.headers["Cache-Control"] = "no-store"
    if new:
        BROWSER.remember(request, response, browser)
    return response


@router.get("/events/{slug}")
def event_page(
    request: Request,
    slug: str,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    return _event_page(request, db, qa.get_event(db, slug), settings)


@router.post("/events/{slug}/questions")
def ask(
    request: Request,
    slug: str,
    text: str = Form(""),
    name: str = Form(""),
    csrf_token: str = Form(""),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    check_form(request, BROWSER, csrf_token)
    event = qa.get_event(db, slug)
    check_rate(request, "question", settings.questions_per_hour)
    text, name = text[: qa.MAX_QUESTION * 2], name[: qa.MAX_NAME * 2]
    try:
        qa.ask(db, event, text, name)
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        if wants_json(request):
            raise
        draft = {"text": text, "name": name}
        return _event_page(
            request, db, event, settings, error=str(exc), draft=draft, status_code=exc.status_code
        )
    db.commit()
    if wants_json(request):
        return JSONResponse({"status": "pending"}, status_code=202)
    return redirect(f"/events/{slug}?sent=1#ask")


@router.post("/events/{slug}/questions/{question_id}/vote")
def vote(
    request: Request,
    slug: str,
    question_id: DbId,
    csrf_token: str = Form(""),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    browser = check_form(request, BROWSER, csrf_token)
    event = qa.get_event(db, slug)
    check_rate(request, "vote", settings.votes_per_hour)
    question = qa.get_question(db, event, question_id)
    counted = qa.vote(db, event, question, qa.voter_key(browser))
    db.commit()
    if wants_json(request):
        return JSONResponse({"counted": counted})
    return redirect(f"/events/{slug}#q{question_id}")


# ---------------------------------------------------------------- the live stream


class StreamSlots:
    """A bound on open streams per process."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.open = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.open >= self.most:
                return False
            self.open += 1
            return True

    def give(self) -> None:
        with self._lock:
            self.open = max(0, self.open - 1)


def _slots(request: Request, settings: Settings) -> StreamSlots:
    state = request.app.state
    if not hasattr(state, "question_streams"):
        state.question_streams = StreamSlots(settings.questions_streams_max)
    found: StreamSlots = state.question_streams
    return found


def sse(event: str, data: str, ident: int | None = None) -> str:
    """One server-sent event; every line of ``data`` gets its own ``data:`` field."""
    head = f"id: {ident}\n" if ident is not None else ""
    body = "".join(f"data: {line}\n" for line in data.replace("\r", "").split("\n"))
    return f"{head}event: {event}\n{body}\n"


def _since(request: Request) -> int | None:
    raw = request.headers.get("last-event-id") or request.query_params.get("since") or ""
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def _snapshot(
    engine: Engine, event_id: int, render_list: Callable[[Session, QaEvent], str]
) -> tuple[int, str] | None:
    with Session(engine, expire_on_commit=False) as db:
        event = db.get(QaEvent, event_id)
        if event is None:
            return None
        return event.revision, render_list(db, event)


def _revision(engine: Engine, event_id: int) -> int | None:
    with Session(engine) as db:
        return qa.revision(db, event_id)


@router.get("/events/{slug}/stream")
async def stream(request: Request, slug: str) -> Response:
    settings: Settings = request.app.state.settings
    engine: Engine = request.app.state.engine

    def find() -> int:
        with Session(engine) as db:
            return qa.get_event(db, slug).id

    event_id = await run_in_threadpool(find)
    slots = _slots(request, settings)
    if not slots.take():
        raise Busy("too many live pages open: this page reloads by itself in a moment")
    lang, _remember = i18n.negotiate(request)
    browser, _new = BROWSER.ensure(request)
    fragment = templates.env.get_template("listen/_questions.html")

    def render_list(db: Session, event: QaEvent) -> str:
        ctx = {**i18n.context(lang), **_list_context(db, event, browser, request)}
        return fragment.render(ctx)

    async def events() -> AsyncIterator[str]:
        sent = _since(request)
        started = last = time.monotonic()
        try:
            yield f"retry: {RETRY_MS}\n\n"
            while time.monotonic() - started < settings.questions_stream_seconds:
                current = await run_in_threadpool(_revision, engine, event_id)
                if current is None:
                    yield sse("gone", "")
                    return
                if current != sent:
                    snap = await run_in_threadpool(_snapshot, engine, event_id, render_list)
                    if snap is None:
                        return
                    sent, html = snap
                    yield sse("questions", html, sent)
                    last = time.monotonic()
                elif time.monotonic() - last >= KEEPALIVE_S:
                    yield ": keep-alive\n\n"
                    last = time.monotonic()
                await asyncio.sleep(settings.questions_poll_seconds)
        finally:
            slots.give()

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# ---------------------------------------------------------------- moderation (desk)


def _desk_event(db: Session, event: QaEvent) -> dict[str, Any]:
    return {**_event(event), "id": event.id, "revision": event.revision}


@router.get("/desk/events")
def desk_events(
    request: Request, me: User = Depends(moderator), db: Session = Depends(get_db)
) -> Response:
    rows = [_desk_event(db, e) for e in qa.events(db)]
    if wants_json(request):
        return json_response({"events": rows})
    return render(request, "listen/desk_events.html", {"events": rows, "error": ""})


@router.post("/desk/events", dependencies=[Depends(verify_csrf)])
def desk_create_event(
    request: Request,
    slug: str = Form(...),
    title: str = Form(...),
    starts_at: str = Form(...),
    speakers: str = Form(""),
    description: str = Form(""),
    me: User = Depends(moderator),
    db: Session = Depends(get_db),
) -> Response:
    try:
        when = datetime.fromisoformat(starts_at)
    except ValueError:
        when = None
    try:
        if when is None:
            raise InvalidInput("starts at: a date and time (YYYY-MM-DDTHH:MM, UTC)")
        names = [s.strip() for s in speakers.replace("\n", ",").split(",") if s.strip()]
        event = qa.create_event(db, slug, title, when, names, description)
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        rows = [_desk_event(db, e) for e in qa.events(db)]
        if wants_json(request):
            return json_response({"error": str(exc)}, exc.status_code)
        return render(
            request, "listen/desk_events.html", {"events": rows, "error": str(exc)}, exc.status_code
        )
    db.commit()
    if wants_json(request):
        return json_response(_desk_event(db, event), 201)
    return redirect(f"/desk/events/{event.id}")


def _moderation_page(
    request: Request, db: Session, event: QaEvent, error: str = "", status_code: int = 200
) -> Response:
    queue = qa.moderation_queue(db, event)
    if wants_json(request):
        rows = [
            {
                "id": q.id,
                "text": q.text,
                "name": q.name,
                "status": q.status,
                "votes": q.votes,
                "merged_into": q.merged_into_id,
                "answer": q.answer,
            }
            for q in queue
        ]
        return json_response(
            {"event": _desk_event(db, event), "questions": rows, "error": error or None},
            status_code,
        )
    return render(
        request,
        "listen/desk_event.html",
        {
            "event": event,
            "queue": queue,
            "states": ("open", "live", "archived"),
            "error": error,
            "done": request.query_params.get("done", "")[:40],
        },
        status_code,
    )


@router.get("/desk/events/{event_id}")
def desk_event(
    request: Request, event_id: DbId, me: User = Depends(moderator), db: Session = Depends(get_db)
) -> Response:
    return _moderation_page(request, db, qa.event_by_id(db, event_id))


@router.post("/desk/events/{event_id}/state", dependencies=[Depends(verify_csrf)])
def desk_event_state(
    request: Request,
    event_id: DbId,
    state: str = Form(...),
    me: User = Depends(moderator),
    db: Session = Depends(get_db),
) -> Response:
    event = qa.event_by_id(db, event_id)
    try:
        qa.set_state(db, event, state)
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        return _moderation_page(request, db, event, str(exc), exc.status_code)
    db.commit()
    if wants_json(request):
        return json_response({"state": event.state})
    return redirect(f"/desk/events/{event_id}?done={state}")


def _approve(db: Session, q: Any, who: str, form: dict[str, str]) -> None:
    qa.approve(db, q, who)


def _reject(db: Session, q: Any, who: str, form: dict[str, str]) -> None:
    qa.reject(db, q, who)


def _merge(db: Session, q: Any, who: str, form: dict[str, str]) -> None:
    target = form.get("into", "").strip().lstrip("#")
    if not target.isdigit():
        raise InvalidInput("merge into: the number of the question that stays")
    survivor = qa.get_question(db, qa.event_by_id(db, q.event_id), int(target))
    qa.merge(db, q, survivor, who)


def _answer(db: Session, q: Any, who: str, form: dict[str, str]) -> None:
    qa.answer(db, q, form.get("answer", ""), who)


# action → what it does, and the word the page says afterwards
ACTIONS: dict[str, tuple[Callable[[Session, Any, str, dict[str, str]], None], str]] = {
    "approve": (_approve, "approved"),
    "reject": (_reject, "rejected"),
    "merge": (_merge, "merged"),
    "answer": (_answer, "answered"),
}


@router.post("/desk/events/{event_id}/questions/{question_id}", dependencies=[Depends(verify_csrf)])
def desk_moderate(
    request: Request,
    event_id: DbId,
    question_id: DbId,
    action: str = Form(...),
    into: str = Form(""),
    answer: str = Form(""),
    me: User = Depends(moderator),
    db: Session = Depends(get_db),
) -> Response:
    event = qa.event_by_id(db, event_id)
    if action not in ACTIONS:
        return _moderation_page(request, db, event, f"unknown action {action!r}", 422)
    run, word = ACTIONS[action]
    try:
        question = qa.get_question(db, event, question_id)
        run(db, question, actor(me), {"into": into, "answer": answer})
    except (InvalidInput, Conflict, NotFound) as exc:
        db.rollback()
        return _moderation_page(request, db, event, str(exc), exc.status_code)
    db.commit()
    if wants_json(request):
        return json_response({"id": question_id, "status": word})
    return redirect(f"/desk/events/{event_id}?done={word}#q{question_id}")
