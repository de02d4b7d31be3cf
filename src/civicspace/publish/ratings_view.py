"""Country ratings as the public sees them, read from the ratings stage.

``civicspace.ratings.export.public_rows`` is the one public view of ratings: panel-approved
bands, with scores only when ``CIVICSPACE_PUBLISH_SCORES`` is on. A country with no approved
rating has none, and the map colours it by count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.publish.cache import cached
from civicspace.ratings.export import public_rows
from civicspace.settings import get_settings
from civicspace.store.ratings import PublicRating


@dataclass(frozen=True)
class RatingView:
    band: str
    label: str
    score: float | None = None
    as_of: str | None = None


def _public_rows(session: Session) -> list[dict[str, Any]]:
    """Every public rating, oldest first; cached while no rating or incident changes."""
    rows: list[dict[str, Any]] = public_rows(session, get_settings(), history=True)
    return rows


def _view(row: dict[str, Any]) -> RatingView:
    labels = {b.id: b.label for b in load_codebook().bands}
    score = row.get("score")
    return RatingView(
        band=str(row["band"]),
        label=labels.get(str(row["band"]), str(row["band"])),
        score=float(score) if score is not None else None,
        as_of=str(row.get("as_of")) if row.get("as_of") else None,
    )


def _all(session: Session) -> dict[str, list[RatingView]]:
    def compute() -> dict[str, list[RatingView]]:
        out: dict[str, list[RatingView]] = {}
        for row in _public_rows(session):
            out.setdefault(str(row["country"]), []).append(_view(row))
        return out

    # ratings change without touching incidents: keep this cache short-lived (per stamp and
    # per count of public ratings)
    return cached(session, ("ratings", _count(session)), compute)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(PublicRating)) or 0)


def current_ratings(session: Session) -> dict[str, RatingView]:
    """Country → its current public rating (empty while there are no ratings)."""
    return {country: views[-1] for country, views in _all(session).items() if views}


def rating_history(session: Session, country: str) -> list[RatingView]:
    """A country's public ratings, oldest first."""
    return list(_all(session).get(country, []))
