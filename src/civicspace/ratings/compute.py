"""Scores per country, recorded with the methodology version, and the band changes they propose.

``compute_all`` rates every country that has base inputs or published incidents on one day. Each
score is a row of ``rating_scores`` keyed by (country, day, methodology version): recomputing the
same key refreshes it unless a band change or a public rating already rests on it (outcome
``kept``). A score whose band leaves the public band by more than the hysteresis proposes a band
change to the panel; a score inside the public band refreshes the public score (basis
``same-band``). Nothing here ever edits a public rating.

Outcomes per country: ``computed``, ``kept``, ``no-base`` (no base inputs within reach).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput
from civicspace.ratings.adjust import AdjustmentResult, IncidentFacts, adjustment, final_score
from civicspace.ratings.base import base_score
from civicspace.ratings.method import Methodology
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident
from civicspace.store.ratings import (
    AcledEvent,
    BandChange,
    BaseInputValue,
    PublicRating,
    RatingMethodology,
    RatingScore,
)


@dataclass
class ComputeReport:
    as_of: date
    methodology_version: str
    outcomes: Counter[str] = field(default_factory=Counter)
    proposed: list[int] = field(default_factory=list)  # new band change ids
    refreshed: list[str] = field(default_factory=list)  # countries whose public score moved


def register_method(session: Session, method: Methodology) -> None:
    """Record ``method`` as used; a known version with different content is refused."""
    row = session.get(RatingMethodology, method.version)
    if row is None:
        session.add(
            RatingMethodology(version=method.version, sha256=method.sha256, body=method.canonical())
        )
        session.flush()
    elif row.sha256 != method.sha256:
        raise InvalidInput(
            f"methodology version {method.version} differs from the one already used for scores "
            f"(sha256 {row.sha256[:12]}… vs {method.sha256[:12]}…): give the changed method a new "
            "version"
        )


def _int(value: Any) -> int:
    try:
        return max(0, int(float(value)))
    except (TypeError, ValueError):
        return 0


def incident_facts(incident: Incident) -> IncidentFacts:
    extra = incident.extra or {}
    day = incident.start_date or (incident.published_at.date() if incident.published_at else None)
    return IncidentFacts(
        id=incident.id,
        date=day,
        violations=tuple(incident.violations or ()),
        verification=incident.verification,
        targets=tuple(incident.targets or ()),
        gendered=bool(incident.gendered),
        fatalities=_int(extra.get("fatalities")),
        people=_int(extra.get("people_affected") or extra.get("participants")),
        title=incident.title,
    )


def published_incidents(
    session: Session, country: str, start: date, end: date
) -> list[IncidentFacts]:
    """Published, unmerged incidents of ``country`` dated within [start, end]."""
    rows = session.scalars(
        select(Incident).where(
            Incident.country == country,
            Incident.state == "published",
            Incident.merged_into.is_(None),
            or_(
                Incident.start_date.between(start, end),
                Incident.start_date.is_(None),
            ),
        )
    ).all()
    facts = [incident_facts(i) for i in rows]
    return [f for f in facts if f.date is not None and start <= f.date <= end]


def coverage_reports(session: Session, country: str, start: date, end: date) -> int:
    """Reports about ``country`` in [start, end] that are not incident evidence: documents the
    coder found not to be incidents, and ACLED records not mapped to incidents."""
    coded = session.scalar(
        select(func.count(func.distinct(Coding.document_id))).where(
            Coding.country == country,
            Coding.is_incident.is_(False),
            Coding.event_date.between(start, end),
        )
    )
    acled = session.scalar(
        select(func.count()).where(
            AcledEvent.country == country,
            AcledEvent.outcome.in_(("not-incident", "undecided")),
            AcledEvent.event_date.between(start, end),
        )
    )
    return int(coded or 0) + int(acled or 0)


@dataclass(frozen=True)
class ScoreResult:
    country: str
    as_of: date
    base: float
    adjustment: AdjustmentResult
    score: float
    band: str
    explanation: dict[str, Any]


def score_country(
    session: Session,
    country: str,
    as_of: date,
    method: Methodology,
    *,
    neutral_base: float | None = None,
) -> ScoreResult | None:
    """A country's score on ``as_of`` (not stored). ``neutral_base`` replaces the base inputs
    (the validation uses it to isolate the live adjustment); None when there is no base."""
    if neutral_base is not None:
        base_value, base_explained = neutral_base, {"value": neutral_base, "neutral": True}
    else:
        base = base_score(session, country, as_of.year, method)
        if base is None:
            return None
        base_value, base_explained = base.value, base.explain()
    start = as_of - timedelta(days=method.adjustment.recency.window_days)
    facts = published_incidents(session, country, start, as_of)
    adj = adjustment(facts, coverage_reports(session, country, start, as_of), method, as_of)
    score = final_score(base_value, adj.value)
    band = method.band_for(score)
    explanation = {
        "methodology": {"version": method.version, "sha256": method.sha256},
        "as_of": as_of.isoformat(),
        "window": [start.isoformat(), as_of.isoformat()],
        "base": base_explained,
        "adjustment": adj.explain(),
        "score": score,
        "band": band,
    }
    return ScoreResult(country, as_of, base_value, adj, score, band, explanation)


def _frozen(session: Session, score_id: int) -> bool:
    used = session.scalar(select(func.count()).where(BandChange.score_id == score_id))
    published = session.scalar(select(func.count()).where(PublicRating.score_id == score_id))
    return bool(used or published)


def store_score(
    session: Session, result: ScoreResult, method: Methodology
) -> tuple[RatingScore, str]:
    row = session.scalar(
        select(RatingScore).where(
            RatingScore.country == result.country,
            RatingScore.as_of == result.as_of,
            RatingScore.methodology_version == method.version,
        )
    )
    if row is not None and _frozen(session, row.id):
        return row, "kept"
    if row is None:
        row = RatingScore(
            country=result.country, as_of=result.as_of, methodology_version=method.version
        )
        session.add(row)
    row.base = round(result.base, 4)
    row.adjustment = round(result.adjustment.value, 4)
    row.score = result.score
    row.band = result.band
    row.incidents = sum(1 for c in result.adjustment.contributions if c.counted)
    row.coverage = result.adjustment.coverage_reports
    row.explanation = result.explanation
    session.flush()
    return row, "computed"


def public_rating(session: Session, country: str) -> PublicRating | None:
    """The country's current public rating (the latest published)."""
    return session.scalar(
        select(PublicRating)
        .where(PublicRating.country == country)
        .order_by(PublicRating.published_at.desc(), PublicRating.id.desc())
        .limit(1)
    )


def open_change(session: Session, country: str) -> BandChange | None:
    return session.scalar(
        select(BandChange).where(BandChange.country == country, BandChange.status == "proposed")
    )


def publish_score(
    session: Session, row: RatingScore, basis: str, change_id: int | None
) -> PublicRating:
    pub = PublicRating(
        country=row.country,
        as_of=row.as_of,
        band=row.band,
        score=row.score,
        base=row.base,
        adjustment=row.adjustment,
        methodology_version=row.methodology_version,
        basis=basis,
        band_change_id=change_id,
        score_id=row.id,
        explanation=row.explanation,
    )
    session.add(pub)
    session.flush()
    return pub


def propose(
    session: Session, row: RatingScore, method: Methodology
) -> tuple[BandChange | None, bool]:
    """Propose a band change for ``row`` if it leaves the public band (past the hysteresis).

    Returns the new proposal (or None) and whether the public score was refreshed."""
    public = public_rating(session, row.country)
    public_band = public.band if public else None
    target = method.proposes_change(row.score, public_band)
    pending = open_change(session, row.country)
    if target is None:
        if pending is not None:
            pending.status = "superseded"
            pending.reason = f"score {row.score:g} on {row.as_of} no longer calls for a change"
        refreshed = False
        if (
            public is not None
            and row.band == public.band
            and row.as_of >= public.as_of
            and (row.score != public.score or row.methodology_version != public.methodology_version)
        ):
            publish_score(session, row, "same-band", None)
            refreshed = True
        return None, refreshed
    if pending is not None and pending.to_band == target:
        return None, False
    if pending is not None:
        pending.status = "superseded"
        pending.reason = f"superseded by a proposal to {target} on {row.as_of}"
    change = BandChange(
        country=row.country,
        score_id=row.id,
        methodology_version=row.methodology_version,
        from_band=public_band,
        to_band=target,
        score=row.score,
    )
    session.add(change)
    session.flush()
    return change, False


def rated_countries(session: Session) -> list[str]:
    with_base = session.scalars(select(BaseInputValue.country).distinct()).all()
    with_incidents = session.scalars(
        select(Incident.country)
        .where(Incident.state == "published", Incident.country.is_not(None))
        .distinct()
    ).all()
    return sorted({c for c in [*with_base, *with_incidents] if c})


def compute_all(
    session: Session,
    method: Methodology,
    as_of: date,
    countries: list[str] | None = None,
) -> ComputeReport:
    """Score every country (or ``countries``) on ``as_of``, store, and propose band changes."""
    register_method(session, method)
    report = ComputeReport(as_of, method.version)
    for country in countries or rated_countries(session):
        result = score_country(session, country, as_of, method)
        if result is None:
            report.outcomes["no-base"] += 1
            continue
        row, outcome = store_score(session, result, method)
        report.outcomes[outcome] += 1
        if outcome == "kept":
            continue
        change, refreshed = propose(session, row, method)
        if change is not None:
            report.proposed.append(change.id)
        if refreshed:
            report.refreshed.append(country)
    return report


def score_history(session: Session, country: str) -> list[RatingScore]:
    return list(
        session.scalars(
            select(RatingScore)
            .where(RatingScore.country == country)
            .order_by(RatingScore.as_of, RatingScore.methodology_version)
        )
    )
