"""Alerts to a real SMTP server (aiosmtpd) and a real HTTP receiver, both on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace import notify
from civicspace.ratings import alerts, panel, watchlist
from civicspace.ratings.base import import_base_csv
from civicspace.ratings.compute import compute_all
from civicspace.ratings.method import load_method
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.incidents import Incident
from civicspace.store.ratings import AlertDelivery

METHOD = load_method("1")
SECRET = "test-webhook-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


class _Receiver:
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.fail_first = 0


@pytest.fixture
def receiver() -> Iterator[tuple[_Receiver, str]]:
    state = _Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if state.fail_first > 0:
                state.fail_first -= 1
                self.send_response(503)
                self.end_headers()
                return
            state.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_alerts_by_email_and_signed_webhook(
    engine: Engine,
    smtp: tuple[_Inbox, int],
    receiver: tuple[_Receiver, str],
    tmp_path: Path,
    loopback_only: None,
) -> None:
    inbox, port = smtp
    hook, url = receiver
    hook.fail_first = 1  # the first POST fails: retried within the dispatch
    settings = Settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        webhook_secret=SECRET,
        alert_backoff=0.01,
        site_url="http://127.0.0.1:8000",
        fetch_allow_private=True,  # the receiver listens on loopback
    )
    base = tmp_path / "base.csv"
    base.write_text(
        "country,year,input,value\nKE,2025,partner_assessment,70\nUG,2025,partner_assessment,30\n"
    )
    with Session(engine, expire_on_commit=False) as session:
        import_base_csv(base, session, METHOD)
        alerts.subscribe(session, "email", "monitor@example.org", ["Kenya"])
        alerts.subscribe(session, "webhook", url, [])  # all countries
        alerts.subscribe(session, "email", "uganda@example.org", ["UG"])
        session.commit()

        report = compute_all(session, METHOD, date(2025, 6, 30))
        assert len(report.proposed) == 2
        sent = alerts.dispatch(session, settings)
        session.commit()
        assert sent.outcomes == {"sent": 4}, sent.errors  # KE: email + hook, UG: email + hook

        subjects = sorted(
            message_from_bytes(m[2], policy=policy.default)["Subject"] for m in inbox.messages
        )
        assert subjects == [
            "[civicspace] KE: band change proposed (unrated → narrowed)",
            "[civicspace] UG: band change proposed (unrated → repressed)",
        ]
        assert {tuple(m[1]) for m in inbox.messages} == {
            ("monitor@example.org",),
            ("uganda@example.org",),
        }
        assert len(hook.requests) == 2
        for headers, body in hook.requests:
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(headers["x-civicspace-signature"], expected)
            assert headers["x-civicspace-event"] == "band_change.proposed"
            assert "score" not in json.loads(body)  # scores are not published by default
        attempts = sorted(d.attempts for d in session.scalars(select(AlertDelivery)))
        assert attempts == [1, 1, 1, 2]

        # nothing is sent twice
        assert alerts.dispatch(session, settings).outcomes == {}

        # approval and a published watchlist entry are alerted too
        member = User(username="ana", password_hash="x", role="editor", rights=["panel"])
        session.add(member)
        session.flush()
        ke_change = report.proposed[0]
        panel.decide(session, ke_change, member, True, "matches partner reports")
        for _ in range(2):
            session.add(
                Incident(
                    title="x",
                    country="KE",
                    start_date=date(2025, 9, 1),
                    violations=["killing"],
                    verification="verified",
                    state="published",
                )
            )
        compute_all(session, METHOD, date(2025, 9, 1), ["KE"])
        entry = watchlist.propose(session, METHOD, date(2025, 9, 1))[0]
        watchlist.curate(session, entry.id, member, True, "Two killings of protesters in August.")
        session.commit()
        again = alerts.dispatch(session, settings)
        session.commit()
        kinds = sorted(json.loads(b)["event"] for _, b in hook.requests[2:])
        assert "band_change.approved" in kinds and "watchlist.published" in kinds
        assert again.outcomes["sent"] == len(hook.requests[2:]) + (len(inbox.messages) - 2)
        approved = [
            json.loads(b)
            for _, b in hook.requests
            if json.loads(b)["event"] == "band_change.approved"
        ]
        assert approved[0]["reason"] == "matches partner reports"


def test_failed_deliveries_are_recorded_and_retried(
    engine: Engine, tmp_path: Path, loopback_only: None
) -> None:
    dead = _free_port()  # nothing listens here
    settings = Settings(
        smtp_host="127.0.0.1",
        smtp_port=dead,
        alert_retries=2,
        alert_backoff=0.01,
        alert_max_attempts=3,
        webhook_secret=None,
    )
    base = tmp_path / "base.csv"
    base.write_text("country,year,input,value\nKE,2025,partner_assessment,70\n")
    with Session(engine, expire_on_commit=False) as session:
        import_base_csv(base, session, METHOD)
        alerts.subscribe(session, "email", "monitor@example.org", [])
        alerts.subscribe(session, "webhook", f"http://127.0.0.1:{dead}/hook", [])
        compute_all(session, METHOD, date(2025, 6, 30))
        first = alerts.dispatch(session, settings)
        assert first.outcomes == {"failed": 2}
        assert any("WEBHOOK_SECRET" in e for e in first.errors)
        second = alerts.dispatch(session, settings)  # one attempt left each
        assert second.outcomes == {"failed": 2}
        rows = session.scalars(select(AlertDelivery)).all()
        assert [(r.status, r.attempts) for r in rows] == [("failed", 3), ("failed", 3)]
        assert alerts.dispatch(session, settings).outcomes == {}  # given up
        session.rollback()


def test_subscription_validation(engine: Engine) -> None:
    from civicspace.errors import InvalidInput

    with Session(engine) as session:
        for kind, target, countries in (
            ("sms", "x", []),
            ("email", "not-an-address", []),
            ("webhook", "ftp://x", []),
            ("email", "a@b.org", ["Atlantis"]),
        ):
            with pytest.raises(InvalidInput):
                alerts.subscribe(session, kind, target, countries)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest",
        "http://localhost/x",
    ],
)
def test_webhooks_into_the_network_are_refused(url: str) -> None:
    """SSRF: a webhook may not point at loopback, link-local or private addresses by default."""
    settings = Settings(webhook_secret="s" * 32)
    with pytest.raises(notify.DeliveryError, match="private or reserved"):
        notify.check_webhook_url(settings, url)


@pytest.mark.parametrize("target", ["http://[::1/", "http://", "https:///path", "http://a b/"])
def test_malformed_webhook_urls_are_refused_on_subscribe(engine: Engine, target: str) -> None:
    from civicspace.errors import InvalidInput

    with Session(engine) as session, pytest.raises(InvalidInput, match="webhook"):
        alerts.subscribe(session, "webhook", target, [])


def test_one_bad_subscription_never_stops_the_others(
    engine: Engine, receiver: tuple[_Receiver, str], tmp_path: Path, loopback_only: None
) -> None:
    """A malformed webhook URL already in the store (from before validation) fails alone."""
    from civicspace.store.ratings import Subscription

    hook, url = receiver
    settings = Settings(webhook_secret=SECRET, alert_retries=1, fetch_allow_private=True)
    base = tmp_path / "base.csv"
    base.write_text("country,year,input,value\nKE,2025,partner_assessment,70\n")
    with Session(engine, expire_on_commit=False) as session:
        import_base_csv(base, session, METHOD)
        session.add(Subscription(kind="webhook", target="http://[::1/", countries=[], active=True))
        session.flush()
        alerts.subscribe(session, "webhook", url, [])
        session.commit()
        compute_all(session, METHOD, date(2025, 6, 30))
        report = alerts.dispatch(session, settings)
        assert report.outcomes == {"sent": 1, "failed": 1}, report.errors
        assert len(hook.requests) == 1
        assert any("[::1/" in e for e in report.errors)
        session.rollback()
