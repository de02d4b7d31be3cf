"""Scores per country, recorded with the methodology version, and the band changes they propose.

``compute_all`` rates every country that has base inputs or published incidents on one day. Each
score is a row of ``rating_scores`` keyed by (country, day, methodology version): recomputing the
same key refreshes it unless a band change or a public rating already rests on it (outcome
``kept``). A score whose band leaves the public band by more than the hysteresis proposes a band
change to the panel; a score inside the public band refreshes the public score (basis
``same-band``). Nothing here ever edits a public rating.

Outcomes per country: ``computed``, ``kept``, ``no-base`` (no base inputs within reach), and
``not-stored`` for a dry run (``store=False``: scores and proposals are reported, not recorded).

Methodology v2 adds the structural base (``structural.py``) from the index editions published by
the day rated, and counts only incidents published on this site by that day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput
from civicspace.ratings.adjust import AdjustmentResult, IncidentFacts, adjustment, final_score
from civicspace.ratings.base import base_score
from civicspace.ratings.indices.store import IndexReading, indexed_countries, values_as_of
from civicspace.ratings.method import Methodology
from civicspace.ratings.structural import blend, structural_score
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
    results: list[dict[str, Any]] = field(default_factory=list)  # every score, explained


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
    session: Session, country: str, start: date, end: date, *, published_by_end: bool = False
) -> list[IncidentFacts]:
    """Published, unmerged incidents of ``country`` dated within [start, end]; with
    ``published_by_end`` only those published on this site by the end of ``end`` (an incident
    without a publication time, from before times were recorded, counts)."""
    stmt = select(Incident).where(
        Incident.country == country,
        Incident.state == "published",
        Incident.merged_into.is_(None),
        or_(
            Incident.start_date.between(start, end),
            Incident.start_date.is_(None),
        ),
    )
    if published_by_end:
        stmt = stmt.where(
            or_(
                Incident.published_at.is_(None),
                Incident.published_at < datetime.combine(end + timedelta(days=1), time(), UTC),
            )
        )
    rows = session.scalars(stmt).all()
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
    readings: dict[str, IndexReading] | None = None,
) -> ScoreResult | None:
    """A country's score on ``as_of`` (not stored). ``neutral_base`` replaces the base inputs
    (the validation uses it to isolate the live adjustment); None when there is no base.
    ``readings`` are the country's index readings on ``as_of`` when the caller has them."""
    if neutral_base is not None:
        base_value, base_explained = neutral_base, {"value": neutral_base, "neutral": True}
    elif method.structural is not None:
        found = _base_v2(session, country, as_of, method, readings)
        if found is None:
            return None
        base_value, base_explained = found
    else:
        base = base_score(session, country, as_of.year, method)
        if base is None:
            return None
        base_value, base_explained = base.value, base.explain()
    start = as_of - timedelta(days=method.adjustment.recency.window_days)
    facts = published_incidents(
        session,
        country,
        start,
        as_of,
        published_by_end=method.adjustment.published_by_as_of,
    )
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


def _base_v2(
    session: Session,
    country: str,
    as_of: date,
    method: Methodology,
    readings: dict[str, IndexReading] | None,
) -> tuple[float, dict[str, Any]] | None:
    """The v2 base: the structural score blended with the organisation's own inputs."""
    spec = method.structural
    assert spec is not None
    if readings is None:
        readings = values_as_of(session, as_of, spec.max_age_years, [country]).get(country, {})
    structural = structural_score(method, readings)
    local = base_score(session, country, as_of.year, method)
    value = blend(
        structural.value if structural else None,
        local.value if local else None,
        spec.local_weight,
    )
    if value is None:
        return None
    explained = {
        "value": round(value, 4),
        "structural": structural.explain() if structural else None,
        "local": local.explain() if local else None,
        "local_weight": spec.local_weight if structural and local else (1.0 if local else 0.0),
    }
    return value, explained


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


def rated_countries(
    session: Session, method: Methodology | None = None, as_of: date | None = None
) -> list[str]:
    """Countries with base inputs or published incidents (and, for v2, index values usable on
    ``as_of``)."""
    with_base = list(session.scalars(select(BaseInputValue.country).distinct()).all())
    if method is not None and method.structural is not None and as_of is not None:
        with_base += indexed_countries(session, as_of, None)
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
    *,
    store: bool = True,
) -> ComputeReport:
    """Score every country (or ``countries``) on ``as_of``, store, and propose band changes.

    With ``store=False`` nothing is written: each result says which band change it would
    propose against the current public band. ``report.results`` holds every score explained."""
    if store:
        register_method(session, method)
    report = ComputeReport(as_of, method.version)
    todo = countries or rated_countries(session, method, as_of)
    readings: dict[str, dict[str, IndexReading]] = {}
    if method.structural is not None:
        readings = values_as_of(session, as_of, method.structural.max_age_years, todo)
    for country in todo:
        result = (
            score_country(session, country, as_of, method, readings=readings.get(country, {}))
            if method.structural is not None
            else score_country(session, country, as_of, method)
        )
        if result is None:
            report.outcomes["no-base"] += 1
            report.results.append({"country": country, "outcome": "no-base"})
            continue
        entry: dict[str, Any] = {
            "country": country,
            "as_of": as_of.isoformat(),
            "methodology_version": method.version,
            "score": result.score,
            "band": result.band,
        }
        if not store:
            public = public_rating(session, country)
            report.outcomes["not-stored"] += 1
            entry |= {
                "outcome": "not-stored",
                "public_band": public.band if public else None,
                "would_propose": method.proposes_change(
                    result.score, public.band if public else None
                ),
                "explanation": result.explanation,
            }
            report.results.append(entry)
            continue
        row, outcome = store_score(session, result, method)
        report.outcomes[outcome] += 1
        entry |= {"outcome": outcome, "score_id": row.id, "explanation": row.explanation}
        if outcome != "kept":
            change, refreshed = propose(session, row, method)
            if change is not None:
                report.proposed.append(change.id)
                entry["proposed_change"] = {"id": change.id, "to_band": change.to_band}
            if refreshed:
                report.refreshed.append(country)
        report.results.append(entry)
    return report


def score_history(session: Session, country: str) -> list[RatingScore]:
    return list(
        session.scalars(
            select(RatingScore)
            .where(RatingScore.country == country)
            .order_by(RatingScore.as_of, RatingScore.methodology_version)
        )
    )
