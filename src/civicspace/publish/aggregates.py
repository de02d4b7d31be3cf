"""Figures over published incidents: headline numbers, counts per country, a country's profile.

They are read from ``publish_counts`` (counters that database triggers keep equal to a full
recomputation as incidents are published, edited and withdrawn: ``civicspace.store.publish``),
so no request ever counts a million rows; results are also cached per stamp (``cache``).
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
from civicspace.publish.ratings_view import RatingView, current_ratings
from civicspace.store.incidents import Incident
from civicspace.store.publish import WORLD, PublishCount

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


def counters(session: Session, country: str = WORLD) -> dict[str, Counter[str]]:
    """The non-zero counters of ``country`` ('' for all countries) by dimension: ``total``,
    ``month``, ``violations``, ``targets``, ``perpetrators``, ``verification``, ``lens``
    (against_whrds, gendered, either), ``lens_violations``."""
    out: dict[str, Counter[str]] = {}
    stmt = select(PublishCount.dim, PublishCount.key, PublishCount.n).where(
        PublishCount.country == country, PublishCount.n > 0
    )
    for dim, key, n in session.execute(stmt):
        out.setdefault(dim, Counter())[key] = int(n)
    return out


def country_counts(session: Session) -> dict[str, int]:
    """Country → published incidents (countries with none are left out)."""

    def compute() -> dict[str, int]:
        stmt = select(PublishCount.country, PublishCount.n).where(
            PublishCount.dim == "total", PublishCount.country != WORLD, PublishCount.n > 0
        )
        return {str(c): int(n) for c, n in session.execute(stmt)}

    return cached(session, ("country_counts",), compute)


def headline(session: Session) -> dict[str, Any]:
    """Published incidents in all, in the last 30 days, countries, gendered, against WHRDs."""

    def compute() -> dict[str, Any]:
        world = counters(session)
        recent_from = datetime.now(UTC) - timedelta(days=30)
        # a range of ix_incidents_state_published: the last 30 days only
        recent = session.scalar(
            select(func.count()).where(
                Incident.state == "published", Incident.published_at >= recent_from
            )
        )
        lens = world.get("lens", Counter())
        return {
            "incidents": world.get("total", Counter()).get("", 0),
            "published_last_30_days": int(recent or 0),
            "countries": len(country_counts(session)),
            "gendered": lens.get("gendered", 0),
            "against_whrds": lens.get("against_whrds", 0),
        }

    return cached(session, ("headline",), compute)


def countries(session: Session) -> list[dict[str, Any]]:
    """Every country with incidents or a rating: code, numeric, name, count, bucket, rating."""
    ratings = current_ratings(session)
    # the whole list per stamp (ratings change without touching incidents: keyed by them too)
    key = tuple(sorted((code, r.band, r.score, r.as_of) for code, r in ratings.items()))
    return cached(session, ("countries", key), lambda: _countries(session, ratings))


def _countries(session: Session, ratings: dict[str, RatingView]) -> list[dict[str, Any]]:
    counts = country_counts(session)
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
        got = counters(session, country)
        empty: Counter[str] = Counter()
        lens = got.get("lens", empty)
        return {
            "country": country,
            "name": country_name(country),
            "incidents": got.get("total", empty).get("", 0),
            "timeline": _timeline(got.get("month", empty)),
            **{kind: _ranked(got.get(kind, empty), kind) for kind in BREAKDOWNS},
            "gender": {
                "against_whrds": lens.get("against_whrds", 0),
                "gendered": lens.get("gendered", 0),
                "either": lens.get("either", 0),
                "violations": _ranked(got.get("lens_violations", empty), "violations"),
            },
            "verification": _ranked(got.get("verification", empty), "verification"),
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
