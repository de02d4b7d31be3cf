"""Country ratings as the public sees them, if the ratings stage is installed.

``civicspace.ratings`` (another stage) is imported lazily and only if present, so publishing
works before ratings exist: every country then has no rating, and the map colours by count.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class RatingView:
    country: str
    band: str
    label: str
    score: float | None = None
    as_of: str | None = None


def _ratings_module() -> Any:
    try:
        return importlib.import_module("civicspace.ratings.public")
    except ImportError:
        return None


def _view(item: Any) -> RatingView | None:
    get = item.get if isinstance(item, dict) else lambda k, o=item: getattr(o, k, None)
    country, band = get("country"), get("band")
    if not country or not band:
        return None
    score = get("score")
    as_of = get("as_of")
    return RatingView(
        country=str(country),
        band=str(band),
        label=str(get("label") or band),
        score=float(score) if score is not None else None,
        as_of=str(as_of) if as_of is not None else None,
    )


def current_ratings(session: Session) -> dict[str, RatingView]:
    """Country → its current public rating (empty while there are no ratings)."""
    module = _ratings_module()
    fn = getattr(module, "public_bands", None) if module else None
    if fn is None:
        return {}
    views = (_view(item) for item in fn(session))
    return {v.country: v for v in views if v}


def rating_history(session: Session, country: str) -> list[RatingView]:
    """A country's published ratings, oldest first (empty while there are no ratings)."""
    module = _ratings_module()
    fn = getattr(module, "public_history", None) if module else None
    if fn is None:
        return []
    return [v for v in (_view(item) for item in fn(session, country)) if v]
