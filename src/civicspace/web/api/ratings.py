"""Ratings in the JSON API: bands, scores (if published), history, watchlist, methodology.

The shaping helpers here are shared with the public pages (``web/public/ratings.py``): what a
person sees, a program can fetch. Numbers (scores, bases, adjustments, contributions) appear
only with ``CIVICSPACE_PUBLISH_SCORES``; bands, dates, methodology versions and the incidents
behind a rating are always public.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.countries import to_alpha2
from civicspace.errors import NotFound
from civicspace.ratings import watchlist
from civicspace.ratings.export import public_row, public_rows
from civicspace.ratings.method import Methodology, load_method, load_methods
from civicspace.settings import Settings
from civicspace.store.incidents import Incident
from civicspace.store.ratings import BandChange, PublicRating
from civicspace.web.deps import get_db, get_settings_dep

router = APIRouter(prefix="/api/v1", tags=["ratings"])


def country_code(value: str) -> str:
    code = to_alpha2(value)
    if code is None:
        raise NotFound(f"unknown country {value!r}")
    return code


def current_ratings(db: Session, settings: Settings) -> list[dict[str, Any]]:
    return public_rows(db, settings, history=False)


def history(db: Session, settings: Settings, country: str) -> list[dict[str, Any]]:
    return [r for r in public_rows(db, settings, history=True) if r["country"] == country]


def explained(db: Session, settings: Settings, country: str) -> dict[str, Any]:
    """A country's current public rating with the incidents (and, if published, the weights)."""
    rating = db.scalar(
        select(PublicRating)
        .where(PublicRating.country == country)
        .order_by(PublicRating.published_at.desc(), PublicRating.id.desc())
        .limit(1)
    )
    if rating is None:
        raise NotFound(f"{country} has no public rating yet")
    e = rating.explanation or {}
    parts = [c for c in e.get("adjustment", {}).get("contributions", []) if c.get("counted")]
    ids = [c["incident"] for c in parts if isinstance(c.get("incident"), int)]
    published = set(
        db.scalars(select(Incident.id).where(Incident.id.in_(ids), Incident.state == "published"))
    )
    keep = ("incident", "date", "title", "violation")
    incidents = [
        c if settings.publish_scores else {k: c[k] for k in keep}
        for c in parts
        if c.get("incident") in published
    ]
    out: dict[str, Any] = {
        **public_row(rating, settings),
        "incidents": incidents,
        "withheld_incidents": len(parts) - len(incidents),
        "methodology_url": f"/ratings/methodology#v{rating.methodology_version}",
    }
    if settings.publish_scores:
        out["explanation"] = {
            "base": e.get("base"),
            "window": e.get("window"),
            "adjustment": {
                k: v for k, v in e.get("adjustment", {}).items() if k != "contributions"
            },
        }
    return out


def last_decision(db: Session, country: str) -> dict[str, Any] | None:
    """The panel's latest decision on a band change of ``country`` (approved or rejected), with
    its reason; who decided stays in the desk."""
    change = db.scalar(
        select(BandChange)
        .where(BandChange.country == country, BandChange.status.in_(("approved", "rejected")))
        .order_by(BandChange.decided_at.desc(), BandChange.id.desc())
        .limit(1)
    )
    if change is None or change.decided_at is None:
        return None
    return {
        "band_change": change.id,
        "status": change.status,
        "from_band": change.from_band,
        "to_band": change.to_band,
        "methodology_version": change.methodology_version,
        "proposed_at": change.proposed_at.isoformat(),
        "decided_at": change.decided_at.isoformat(),
        "reason": change.reason,
    }


def watchlist_rows(db: Session) -> list[dict[str, Any]]:
    return [
        {
            "country": w.country,
            "reason": w.reason,
            "from_date": w.from_date.isoformat(),
            "to_date": w.to_date.isoformat(),
            "published_at": w.published_at.isoformat() if w.published_at else None,
            "methodology_version": w.methodology_version,
        }
        for w in watchlist.published(db)
    ]


def methodology_doc(method: Methodology) -> dict[str, Any]:
    return {
        "sha256": method.sha256,
        "severity": method.severity(),
        **method.canonical(),
    }


@router.get("/ratings")
def ratings(
    db: Session = Depends(get_db), settings: Settings = Depends(get_settings_dep)
) -> list[dict[str, Any]]:
    """Each country's current public band (and score, if the organisation publishes scores)."""
    return current_ratings(db, settings)


@router.get("/ratings/{country}")
def rating(
    country: str, db: Session = Depends(get_db), settings: Settings = Depends(get_settings_dep)
) -> dict[str, Any]:
    """A country's current public rating and the incidents behind it."""
    return explained(db, settings, country_code(country))


@router.get("/ratings/{country}/history")
def rating_history(
    country: str, db: Session = Depends(get_db), settings: Settings = Depends(get_settings_dep)
) -> list[dict[str, Any]]:
    """Every public rating of a country, oldest first."""
    return history(db, settings, country_code(country))


@router.get("/watchlist")
def watchlist_api(db: Session = Depends(get_db)) -> list[dict[str, Any]]:
    """Countries on the published watchlist, with the short reason."""
    return watchlist_rows(db)


@router.get("/methodology")
def methodologies() -> dict[str, Any]:
    """Every methodology version; the latest is the default."""
    methods = load_methods()
    return {"latest": load_method().version, "versions": sorted(methods)}


@router.get("/methodology/{version}")
def methodology(version: str) -> dict[str, Any]:
    """One methodology version: weights, decay, cut-offs, hysteresis."""
    methods = load_methods()
    if version not in methods:
        raise NotFound(f"no methodology version {version!r}")
    return methodology_doc(methods[version])
