"""Figures over published incidents: headline numbers, counts per country, a country's profile.

Tag breakdowns read the JSON lists of one country's incidents and count them in Python (one
bounded query, the same on both backends); every result is cached per stamp (``cache``).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.countries import centroids, country_name, numeric
from civicspace.publish.cache import cached
from civicspace.publish.filters import Filters
from civicspace.publish.query import conditions
from civicspace.publish.ratings_view import current_ratings
from civicspace.store.incidents import Incident

# incident-count classes of the map when there is no rating: [lower bound, next lower bound)
COUNT_BUCKETS = (1, 5, 20, 100)
BREAKDOWNS = ("violations", "targets", "perpetrators")


def count_bucket(count: int) -> int:
    """0 for no incident, then 1 (1–4), 2 (5–19), 3 (20–99), 4 (100+)."""
    return sum(1 for edge in COUNT_BUCKETS if count >= edge)


def bucket_labels() -> list[str]:
    edges = COUNT_BUCKETS
    labels = ["0"]
    for i, lo in enumerate(edges):
        labels.append(f"{lo}–{edges[i + 1] - 1}" if i + 1 < len(edges) else f"{lo}+")
    return labels


def _where(session: Session, filters: Filters | None = None) -> list[Any]:
    return conditions(filters or Filters(), session.get_bind().dialect.name)


def country_counts(session: Session) -> dict[str, int]:
    def compute() -> dict[str, int]:
        stmt = (
            select(Incident.country, func.count())
            .where(*_where(session), Incident.country.is_not(None))
            .group_by(Incident.country)
        )
        return {str(c): int(n) for c, n in session.execute(stmt)}

    return cached(session, ("country_counts",), compute)


def headline(session: Session) -> dict[str, Any]:
    """Published incidents in all, in the last 30 days, countries, gendered, against WHRDs."""

    def compute() -> dict[str, Any]:
        where = _where(session)
        total = session.scalar(select(func.count()).where(*where)) or 0
        recent_from = datetime.now(UTC) - timedelta(days=30)
        recent = session.scalar(
            select(func.count()).where(*where, Incident.published_at >= recent_from)
        )
        gendered = session.scalar(select(func.count()).where(*where, Incident.gendered.is_(True)))
        whrd = session.scalar(
            select(func.count()).where(*_where(session, Filters.build(target=["whrd"])))
        )
        return {
            "incidents": int(total),
            "published_last_30_days": int(recent or 0),
            "countries": len(country_counts(session)),
            "gendered": int(gendered or 0),
            "against_whrds": int(whrd or 0),
        }

    return cached(session, ("headline",), compute)


def countries(session: Session) -> list[dict[str, Any]]:
    """Every country with incidents or a rating: code, numeric, name, count, bucket, rating."""
    counts = country_counts(session)
    ratings = current_ratings(session)
    points = centroids()
    out = []
    for code in sorted(set(counts) | set(ratings)):
        rating = ratings.get(code)
        lon_lat = points.get(code)
        out.append(
            {
                "code": code,
                "numeric": numeric(code),
                "name": country_name(code),
                "incidents": counts.get(code, 0),
                "count_bucket": count_bucket(counts.get(code, 0)),
                "rating": (
                    {
                        "band": rating.band,
                        "label": rating.label,
                        "score": rating.score,
                        "as_of": rating.as_of,
                    }
                    if rating
                    else None
                ),
                "centroid": list(lon_lat) if lon_lat else None,
            }
        )
    return out


def _ranked(counter: Counter[str], kind: str) -> list[dict[str, Any]]:
    labels = {t.id: t.label for t in getattr(load_codebook(), kind)}
    return [
        {"id": key, "label": labels.get(key, key), "count": n}
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def country_profile(session: Session, country: str) -> dict[str, Any]:
    """A country's published incidents: per month, per violation/target/perpetrator, the
    gender lens (against WHRDs, gendered, either) and verification."""

    def compute() -> dict[str, Any]:
        stmt = select(
            Incident.start_date,
            Incident.published_at,
            Incident.violations,
            Incident.targets,
            Incident.perpetrators,
            Incident.gendered,
            Incident.verification,
        ).where(*_where(session, Filters(countries=(country,))))
        months: Counter[str] = Counter()
        tags: dict[str, Counter[str]] = {k: Counter() for k in BREAKDOWNS}
        lens: Counter[str] = Counter()
        lens_violations: Counter[str] = Counter()
        verification: Counter[str] = Counter()
        total = 0
        for start, published, violations, targets, perpetrators, gendered, verif in session.execute(
            stmt
        ):
            total += 1
            when = start or (published.date() if published else None)
            if when:
                months[f"{when.year:04d}-{when.month:02d}"] += 1
            for kind, values in zip(BREAKDOWNS, (violations, targets, perpetrators), strict=True):
                tags[kind].update(set(values or ()))
            whrd = "whrd" in (targets or ())
            if whrd:
                lens["against_whrds"] += 1
            if gendered:
                lens["gendered"] += 1
            if whrd or gendered:
                lens["either"] += 1
                lens_violations.update(set(violations or ()))
            verification[verif] += 1
        return {
            "country": country,
            "name": country_name(country),
            "incidents": total,
            "timeline": _timeline(months),
            **{kind: _ranked(tags[kind], kind) for kind in BREAKDOWNS},
            "gender": {
                "against_whrds": lens["against_whrds"],
                "gendered": lens["gendered"],
                "either": lens["either"],
                "violations": _ranked(lens_violations, "violations"),
            },
            "verification": _ranked(verification, "verification"),
        }

    return cached(session, ("country_profile", country), compute)


def _timeline(months: Counter[str]) -> list[dict[str, Any]]:
    """Counts for every month from the first to the last (months without incidents are 0)."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append({"month": key, "count": months.get(key, 0)})
        if key >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
