"""Alerts: proposed and approved band changes and new watchlist entries, sent to subscribers of
the country by email (SMTP) or webhook (JSON POST signed with HMAC-SHA256).

``dispatch`` is an outbox: it derives the events from the store (band changes, published watchlist
entries), and sends each one once to every active subscription that follows the country and
existed when the event happened. Every attempt is recorded in ``alert_deliveries`` (``sent`` or
``failed`` with the last error); failed ones are retried with backoff within a dispatch and again
on the next dispatch, until ``alert_max_attempts``.

Delivery itself (SMTP, signed webhooks) is :mod:`civicspace.notify`'s.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.countries import to_alpha2
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.notify import DeliveryError, Notice, send_email, send_webhook
from civicspace.settings import Settings
from civicspace.sources.hosts import guarded_client
from civicspace.store.base import utcnow
from civicspace.store.ratings import AlertDelivery, BandChange, Subscription, WatchlistEntry


@dataclass(frozen=True)
class Event:
    key: str
    kind: str  # band_change.proposed|band_change.approved|watchlist.published
    country: str
    at: datetime
    payload: dict[str, Any]

    def subject(self) -> str:
        p = self.payload
        if self.kind == "band_change.proposed":
            change = f"{p['from_band'] or 'unrated'} → {p['to_band']}"
            return f"[civicspace] {self.country}: band change proposed ({change})"
        if self.kind == "band_change.approved":
            return f"[civicspace] {self.country}: band changed to {p['to_band']}"
        return f"[civicspace] {self.country} added to the watchlist"

    def notice(self) -> Notice:
        """The event as :mod:`civicspace.notify` sends it."""
        return Notice(self.kind, self.key, self.at, self.subject(), self.payload)


@dataclass
class DispatchReport:
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


# -- subscriptions ------------------------------------------------------------------------------


def subscribe(session: Session, kind: str, target: str, countries: list[str]) -> Subscription:
    """Add (or re-activate and update) a subscription; ``countries`` empty follows all."""
    if kind not in ("email", "webhook"):
        raise InvalidInput(f"subscription kind must be email or webhook, not {kind!r}")
    target = target.strip()
    if kind == "email" and ("@" not in target or any(c in target for c in "\r\n ")):
        raise InvalidInput(f"not an email address: {target!r}")
    if kind == "webhook":
        _check_webhook_target(target)
    codes = []
    for c in countries:
        code = to_alpha2(c)
        if code is None:
            raise InvalidInput(f"unknown country {c!r}")
        codes.append(code)
    sub = session.scalar(
        select(Subscription).where(Subscription.kind == kind, Subscription.target == target)
    )
    if sub is None:
        sub = Subscription(kind=kind, target=target)
        session.add(sub)
    sub.countries = sorted(set(codes))
    sub.active = True
    session.flush()
    return sub


def _check_webhook_target(target: str) -> None:
    """An absolute http(s) URL with a host (``http://[::1/`` is refused here, not at dispatch)."""
    try:
        url = httpx.URL(target)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise InvalidInput(f"not a valid webhook URL {target!r}: {exc}") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidInput(f"webhook target must be an http(s) URL with a host: {target!r}")
    if any(c in target for c in "\r\n\t "):
        raise InvalidInput(f"webhook target must not contain whitespace: {target!r}")


def unsubscribe(session: Session, subscription_id: int) -> Subscription:
    sub = session.get(Subscription, subscription_id)
    if sub is None:
        raise NotFound(f"no subscription {subscription_id}")
    if not sub.active:
        raise Conflict(f"subscription {subscription_id} is already inactive")
    sub.active = False
    session.flush()
    return sub


# -- events -------------------------------------------------------------------------------------


def _change_payload(c: BandChange, settings: Settings) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "band_change": c.id,
        "country": c.country,
        "from_band": c.from_band,
        "to_band": c.to_band,
        "methodology_version": c.methodology_version,
        "status": c.status,
        "url": f"{settings.site_url.rstrip('/')}/ratings/{c.country}",
    }
    if settings.publish_scores:
        payload["score"] = c.score
    if c.status == "approved":
        payload["reason"] = c.reason
    return payload


def events(session: Session, settings: Settings) -> list[Event]:
    """Every alertable event in the store, oldest first."""
    out: list[Event] = []
    for c in session.scalars(select(BandChange).order_by(BandChange.id)):
        out.append(
            Event(
                f"change:{c.id}:proposed",
                "band_change.proposed",
                c.country,
                c.proposed_at,
                {**_change_payload(c, settings), "status": "proposed"},
            )
        )
        if c.status == "approved" and c.decided_at is not None:
            out.append(
                Event(
                    f"change:{c.id}:approved",
                    "band_change.approved",
                    c.country,
                    c.decided_at,
                    _change_payload(c, settings),
                )
            )
    for w in session.scalars(
        select(WatchlistEntry).where(WatchlistEntry.published_at.is_not(None))
    ):
        assert w.published_at is not None
        out.append(
            Event(
                f"watch:{w.id}:published",
                "watchlist.published",
                w.country,
                w.published_at,
                {
                    "watchlist_entry": w.id,
                    "country": w.country,
                    "reason": w.reason,
                    "from_date": w.from_date.isoformat(),
                    "to_date": w.to_date.isoformat(),
                    "url": f"{settings.site_url.rstrip('/')}/ratings/watchlist",
                },
            )
        )
    out.sort(key=lambda e: (e.at, e.key))
    return out


# -- dispatch -----------------------------------------------------------------------------------


def _follows(sub: Subscription, event: Event) -> bool:
    return (
        sub.active
        and (not sub.countries or event.country in sub.countries)
        and (event.at >= sub.created_at)
    )


def configured(session: Session) -> bool:
    """Whether anyone is subscribed (without subscriptions there is nothing to send)."""
    return (
        session.scalar(select(Subscription.id).where(Subscription.active.is_(True)).limit(1))
        is not None
    )


def dispatch(session: Session, settings: Settings) -> DispatchReport:
    """Send every event not yet delivered to each subscription following its country."""
    report = DispatchReport()
    subs = list(session.scalars(select(Subscription).where(Subscription.active.is_(True))))
    if not subs:
        return report
    deliveries = {
        (d.subscription_id, d.event_key): d for d in session.scalars(select(AlertDelivery))
    }
    with guarded_client(settings, settings.webhook_timeout) as client:
        for event in events(session, settings):
            for sub in subs:
                if not _follows(sub, event):
                    continue
                d = deliveries.get((sub.id, event.key))
                if d is not None and (
                    d.status == "sent" or d.attempts >= settings.alert_max_attempts
                ):
                    continue
                if d is None:
                    d = AlertDelivery(
                        subscription_id=sub.id,
                        event_key=event.key,
                        country=event.country,
                        status="failed",
                        attempts=0,
                    )
                    session.add(d)
                    deliveries[(sub.id, event.key)] = d
                _deliver(settings, sub, event, d, client)
                report.outcomes[d.status] += 1
                if d.status != "sent":
                    report.errors.append(f"{sub.kind} {sub.target} {event.key}: {d.last_error}")
                session.flush()
    return report


def _deliver(
    settings: Settings, sub: Subscription, event: Event, d: AlertDelivery, client: httpx.Client
) -> None:
    for attempt in range(max(1, settings.alert_retries)):
        if d.attempts >= settings.alert_max_attempts:
            break
        d.attempts += 1
        try:
            if sub.kind == "email":
                send_email(settings, sub.target, event.notice())
            else:
                send_webhook(settings, sub.target, event.notice(), client)
        except Exception as exc:  # one bad subscription never stops the others
            reason = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            d.last_error = reason[:2000]
            if attempt + 1 < settings.alert_retries:
                time.sleep(settings.alert_backoff * 2**attempt)
            continue
        d.status = "sent"
        d.delivered_at = utcnow()
        d.last_error = None
        return
    d.status = "failed"
