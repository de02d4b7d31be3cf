"""Live questions over a real uvicorn server on loopback: the event stream announces an approved
question, a stream ends when its lifetime is over, and no table holds the client's address or
User-Agent after questions and votes from 127.0.0.1."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.listen import questions as qa
from civicspace.settings import Settings
from civicspace.store.questions import QaEvent, Question, QuestionVote
from civicspace.web.app import create_app
from tests.support.desk_server import serve
from tests.support.loopback import loopback_settings
from tests.support.questions import form_token, make_event, pending_ids, scan_tables

PROBE_UA = "probe-agent/7.3 (listen-live test)"


def _events(lines: list[str]) -> list[tuple[str, str, str]]:
    """(id, event, data) of the complete events in ``lines``."""
    found, ident, name, data = [], "", "", []
    for line in lines:
        if line == "":
            if name:
                found.append((ident, name, "\n".join(data)))
            ident, name, data = "", "", []
        elif line.startswith("id: "):
            ident = line[4:]
        elif line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
    return found


def test_stream_emits_when_a_question_is_approved(engine: Engine, database_url: str) -> None:
    event_id = make_event(engine)
    settings = loopback_settings(
        database_url=database_url, questions_poll_seconds=0.1, questions_stream_seconds=20
    )
    with Session(engine) as db:
        event = db.get(QaEvent, event_id)
        assert event is not None
        question = qa.ask(db, event, "Will the speakers publish their notes?")
        db.commit()
        qid = question.id
        since = event.revision
    app = create_app(settings, engine)
    lines: list[str] = []
    with serve(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        client.get("/events/csw-dialogue")  # the browser cookie
        with client.stream("GET", f"/events/csw-dialogue/stream?since={since}") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-store"

            def approve() -> None:
                time.sleep(0.5)
                with Session(engine) as db:
                    q = db.get(Question, qid)
                    assert q is not None
                    qa.approve(db, q, "user:1")
                    db.commit()

            threading.Thread(target=approve, daemon=True).start()
            deadline = time.monotonic() + 10
            for line in response.iter_lines():
                lines.append(line)
                if any(e[1] == "questions" for e in _events(lines)):
                    break
                assert time.monotonic() < deadline, lines
    events = _events(lines)
    assert lines[0] == "retry: 3000"
    ((ident, _, html),) = [e for e in events if e[1] == "questions"]
    assert int(ident) == since + 1  # nothing was sent before the change
    assert "Will the speakers publish their notes?" in html
    assert f'id="q{qid}"' in html


def test_a_stream_ends_after_its_lifetime(engine: Engine, database_url: str) -> None:
    make_event(engine)
    settings = loopback_settings(
        database_url=database_url, questions_poll_seconds=0.05, questions_stream_seconds=1
    )
    app = create_app(settings, engine)
    with serve(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        started = time.monotonic()
        response = client.get("/events/csw-dialogue/stream")  # reads to the end
        assert time.monotonic() - started < 5
        events = _events(response.text.split("\n"))
        assert [e[1] for e in events] == ["questions"]  # no since: the current list once
        # a client that hangs up frees its slot: the bound is never reached by closed streams
        for _ in range(3):
            with client.stream("GET", "/events/csw-dialogue/stream") as r:
                next(r.iter_lines())
        time.sleep(0.3)
        assert app.state.question_streams.open == 0


def test_streams_are_bounded(engine: Engine, database_url: str) -> None:
    make_event(engine)
    settings = loopback_settings(
        database_url=database_url, questions_streams_max=1, questions_stream_seconds=5
    )
    app = create_app(settings, engine)
    with serve(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        with client.stream("GET", "/events/csw-dialogue/stream") as first:
            reading = first.iter_lines()
            assert next(reading) == "retry: 3000"
            second = client.get("/events/csw-dialogue/stream")
            assert second.status_code == 503
            assert app.state.question_streams.open == 1
        time.sleep(0.3)
        assert app.state.question_streams.open == 0  # the first hung up: its slot is free
        assert client.get("/events/csw-dialogue/stream").status_code == 200


def test_no_address_or_user_agent_is_stored(engine: Engine, settings: Settings) -> None:
    event_id = make_event(engine)
    app = create_app(settings, engine)
    headers = {"User-Agent": PROBE_UA}
    with serve(app) as base, httpx.Client(base_url=base, headers=headers, timeout=10) as client:
        page = client.get("/events/csw-dialogue")
        token = form_token(page.text)
        for text in ("Who funds the dialogues?", "How are countries chosen?"):
            r = client.post(
                "/events/csw-dialogue/questions", data={"text": text, "csrf_token": token}
            )
            assert r.status_code == 303
        with Session(engine) as db:
            for qid in pending_ids(engine, event_id):
                q = db.get(Question, qid)
                assert q is not None
                qa.approve(db, q, "user:1")
            db.commit()
        r = client.post(f"/events/csw-dialogue/questions/{qid}/vote", data={"csrf_token": token})
        assert r.status_code == 303
        browser = client.cookies.get("civicspace_browser")
        assert browser
    hits = scan_tables(engine, "127.0.0.1", PROBE_UA, "probe-agent", browser)
    assert hits == [], hits
    with Session(engine) as db:
        assert db.query(QuestionVote).count() == 1


def test_serve_stops_promptly_with_a_stream_open(tmp_path: Any) -> None:
    """``civicspace serve`` cancels a live page's stream on Ctrl-C instead of waiting minutes."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "CIVICSPACE_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    cli = [sys.executable, "-m", "civicspace.cli"]
    subprocess.run(
        [*cli, "events", "add", "night-talk", "--title", "Night talk", "--starts-at", "2026-01-01T20:00"],
        env=env, check=True, capture_output=True, cwd=Path(tmp_path),
    )  # fmt: skip
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        env=env, cwd=Path(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/events", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.2)
        with (
            httpx.Client(base_url=base, timeout=30) as client,
            client.stream("GET", "/events/night-talk/stream") as stream,
        ):
            reading = stream.iter_lines()
            assert next(reading) == "retry: 3000"
            server.send_signal(signal.SIGINT)
            started = time.monotonic()
            server.wait(timeout=20)
            assert time.monotonic() - started < 10
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
