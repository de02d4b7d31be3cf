"""Ratings out: the public ratings (current or full history) and, for operators, every computed
score with its base and adjustment, as CSV or JSON. Scores appear in the public export only when
``CIVICSPACE_PUBLISH_SCORES`` is on."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput
from civicspace.privacy import safe_csv_dict
from civicspace.settings import Settings
from civicspace.store.ratings import PublicRating, RatingScore

FORMATS = ("csv", "json")


def public_rows(session: Session, settings: Settings, history: bool = True) -> list[dict[str, Any]]:
    """Public ratings, oldest first (``history``) or the current one per country."""
    ratings = session.scalars(
        select(PublicRating).order_by(
            PublicRating.country, PublicRating.published_at, PublicRating.id
        )
    ).all()
    if not history:
        current: dict[str, PublicRating] = {}
        for r in ratings:
            current[r.country] = r
        ratings = list(current.values())
    return [public_row(r, settings) for r in ratings]


def public_row(r: PublicRating, settings: Settings) -> dict[str, Any]:
    row: dict[str, Any] = {
        "country": r.country,
        "as_of": r.as_of.isoformat(),
        "band": r.band,
        "methodology_version": r.methodology_version,
        "basis": r.basis,
        "published_at": r.published_at.isoformat(),
    }
    if settings.publish_scores:
        row |= {"score": r.score, "base": r.base, "adjustment": r.adjustment}
    return row


def score_rows(session: Session) -> list[dict[str, Any]]:
    """Every computed score (internal: not panel-approved)."""
    return [
        {
            "country": s.country,
            "as_of": s.as_of.isoformat(),
            "methodology_version": s.methodology_version,
            "base": s.base,
            "adjustment": s.adjustment,
            "score": s.score,
            "band": s.band,
            "incidents": s.incidents,
            "coverage": s.coverage,
            "computed_at": s.computed_at.isoformat(),
        }
        for s in session.scalars(
            select(RatingScore).order_by(
                RatingScore.country, RatingScore.as_of, RatingScore.methodology_version
            )
        )
    ]


def write(rows: list[dict[str, Any]], fmt: str, out: IO[str]) -> int:
    """Write ``rows`` as ``fmt``; returns the number of rows."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {FORMATS}, not {fmt!r}")
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return len(rows)
    fields: list[str] = []
    for r in rows:
        fields.extend(k for k in r if k not in fields)
    writer = csv.DictWriter(out, fieldnames=fields or ["country"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(safe_csv_dict(r) for r in rows)
    return len(rows)
