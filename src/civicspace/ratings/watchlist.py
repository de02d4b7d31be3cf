"""The watchlist: countries with the sharpest recent decline, proposed automatically, curated by
editors (publish with a short reason, or dismiss), and published.

A country's decline is its reference score (the latest at or before ``as_of − window_days``,
else the earliest inside the window) minus its latest score, under one methodology version.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.accounts.roles import Forbidden, role_at_least
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.ratings.method import Methodology
from civicspace.store.accounts import User
from civicspace.store.base import utcnow
from civicspace.store.ratings import RatingScore, WatchlistEntry


def _reason(first: RatingScore, last: RatingScore) -> str:
    parts = [
        f"Score fell {first.score - last.score:.1f} points ({first.score:g} → {last.score:g}) "
        f"between {first.as_of} and {last.as_of}."
    ]
    contributions = (last.explanation or {}).get("adjustment", {}).get("contributions", [])
    top = [c for c in contributions if c.get("value", 0) > 0][:3]
    if top:
        parts.append(
            "Main incidents: "
            + "; ".join(f"#{c['incident']} {c['violation']} ({c['date']})" for c in top)
            + "."
        )
    return " ".join(parts)


def propose(session: Session, method: Methodology, as_of: date) -> list[WatchlistEntry]:
    """Propose the countries whose score fell most over the window (new entries only)."""
    cfg = method.watchlist
    start = as_of - timedelta(days=cfg.window_days)
    rows = session.scalars(
        select(RatingScore)
        .where(RatingScore.methodology_version == method.version, RatingScore.as_of <= as_of)
        .order_by(RatingScore.country, RatingScore.as_of)
    ).all()
    by_country: dict[str, list[RatingScore]] = {}
    for r in rows:
        by_country.setdefault(r.country, []).append(r)
    open_countries = set(
        session.scalars(
            select(WatchlistEntry.country).where(
                WatchlistEntry.status.in_(("proposed", "published"))
            )
        )
    )
    candidates: list[tuple[float, RatingScore, RatingScore]] = []
    for country, series in by_country.items():
        last = series[-1]
        before = [r for r in series if r.as_of <= start]
        inside = [r for r in series if start < r.as_of < last.as_of]
        first = before[-1] if before else (inside[0] if inside else None)
        if first is None or country in open_countries:
            continue
        decline = first.score - last.score
        if decline >= cfg.min_decline:
            candidates.append((decline, first, last))
    candidates.sort(key=lambda c: (-c[0], c[1].country))
    out = []
    for decline, first, last in candidates[: cfg.max_entries]:
        entry = WatchlistEntry(
            country=last.country,
            decline=round(decline, 2),
            from_score=first.score,
            to_score=last.score,
            from_date=first.as_of,
            to_date=last.as_of,
            methodology_version=method.version,
            reason=_reason(first, last),
        )
        session.add(entry)
        out.append(entry)
    session.flush()
    return out


def curate(
    session: Session, entry_id: int, user: User, publish: bool, reason: str | None = None
) -> WatchlistEntry:
    """An editor publishes (with the reason shown publicly) or dismisses a proposed entry; a
    published entry can be dismissed (taken off the watchlist)."""
    if not user.active or not role_at_least(user.role, "editor"):
        raise Forbidden(f"user {user.username!r} is not an editor")
    entry = session.get(WatchlistEntry, entry_id)
    if entry is None:
        raise NotFound(f"no watchlist entry {entry_id}")
    allowed = ("proposed",) if publish else ("proposed", "published")
    if entry.status not in allowed:
        raise Conflict(f"watchlist entry {entry_id} is {entry.status}")
    if reason is not None:
        reason = reason.strip()
        if not reason:
            raise InvalidInput("the published reason cannot be empty")
        entry.reason = reason
    entry.status = "published" if publish else "dismissed"
    entry.curated_by = user.id
    entry.curated_at = utcnow()
    if publish:
        entry.published_at = entry.curated_at
    session.flush()
    return entry


def published(session: Session) -> list[WatchlistEntry]:
    return list(
        session.scalars(
            select(WatchlistEntry)
            .where(WatchlistEntry.status == "published")
            .order_by(WatchlistEntry.decline.desc(), WatchlistEntry.country)
        )
    )


def entries(session: Session, status: str | None = None) -> list[WatchlistEntry]:
    stmt = select(WatchlistEntry).order_by(WatchlistEntry.id)
    if status:
        stmt = stmt.where(WatchlistEntry.status == status)
    return list(session.scalars(stmt))
