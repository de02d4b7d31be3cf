"""The live adjustment: every published incident's contribution, explained, and their sum.

    contribution = severity × verification × recency × target × scale
    severity     = the most severe of the incident's violation types (an incident whose only
                   violation is ``positive`` counts with ``positive``'s negative severity)
    recency      = 0.5 ** (age_days / half_life_days); incidents older than the window, or dated
                   after the day rated, count 0
    target       = the highest multiplier among its target groups (× ``gendered`` if gendered)
    scale        = min(cap, 1 + fatalities_weight·log2(1 + fatalities)
                            + people_weight·log10(1 + people))
    coverage     = max(1, reports / reference_reports) ** exponent
    adjustment   = clamp(−points_per_unit × Σ contribution / coverage, −max_penalty, +max_bonus)

Coverage counts reports about the country that are *not* incident evidence, so adding an incident
never lowers the weight of the others: a severe incident can only lower a score (tested).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from civicspace.ratings.method import Methodology


@dataclass(frozen=True)
class IncidentFacts:
    """What the method reads of one incident."""

    id: int | str
    date: date | None
    violations: tuple[str, ...]
    verification: str = "reported"
    targets: tuple[str, ...] = ()
    gendered: bool = False
    fatalities: int = 0
    people: int = 0
    title: str = ""


@dataclass(frozen=True)
class Contribution:
    incident: int | str
    date: str | None
    title: str
    violation: str | None
    severity: float
    verification: float
    recency: float
    target: float
    scale: float
    value: float
    counted: bool
    note: str = ""


@dataclass(frozen=True)
class AdjustmentResult:
    value: float
    raw_sum: float
    coverage_reports: int
    coverage_factor: float
    contributions: list[Contribution] = field(default_factory=list)

    def explain(self) -> dict[str, Any]:
        return {
            "value": round(self.value, 4),
            "raw_sum": round(self.raw_sum, 4),
            "coverage_reports": self.coverage_reports,
            "coverage_factor": round(self.coverage_factor, 4),
            "contributions": [asdict(c) for c in self.contributions],
        }


def _severity(violations: Iterable[str], table: dict[str, float]) -> tuple[str | None, float]:
    known = [v for v in violations if v in table]
    harms = [v for v in known if table[v] > 0]
    pool = harms or known
    if not pool:
        return None, 0.0
    worst = max(pool, key=lambda v: (abs(table[v]), v))
    return worst, table[worst]


def contribution(
    inc: IncidentFacts, method: Methodology, as_of: date, severity: dict[str, float] | None = None
) -> Contribution:
    """One incident's contribution to the adjustment on ``as_of``, with every factor."""
    adj = method.adjustment
    violation, sev = _severity(inc.violations, severity or method.severity())
    ver = adj.verification.get(inc.verification, 0.0)
    target = max((adj.targets.get(t, 1.0) for t in inc.targets), default=1.0)
    if inc.gendered:
        target *= adj.gendered
    scale = min(
        adj.scale.cap,
        1.0
        + adj.scale.fatalities_weight * math.log2(1 + max(0, inc.fatalities))
        + adj.scale.people_weight * math.log10(1 + max(0, inc.people)),
    )
    note = ""
    recency = 0.0
    if inc.date is None:
        note = "no date"
    else:
        age = (as_of - inc.date).days
        if age < 0:
            note = "after the day rated"
        elif age > adj.recency.window_days:
            note = f"older than {adj.recency.window_days} days"
        else:
            recency = 0.5 ** (age / adj.recency.half_life_days)
    if violation is None and not note:
        note = "no violation type with a severity"
    value = sev * ver * recency * target * scale
    return Contribution(
        incident=inc.id,
        date=inc.date.isoformat() if inc.date else None,
        title=inc.title,
        violation=violation,
        severity=sev,
        verification=ver,
        recency=round(recency, 6),
        target=round(target, 6),
        scale=round(scale, 6),
        value=round(value, 6),
        counted=value != 0,
        note=note,
    )


def coverage_factor(reports: int, method: Methodology) -> float:
    cov = method.adjustment.coverage
    return max(1.0, reports / cov.reference_reports) ** cov.exponent


def adjustment(
    incidents: Iterable[IncidentFacts], coverage_reports: int, method: Methodology, as_of: date
) -> AdjustmentResult:
    """The live adjustment on ``as_of`` from ``incidents`` and the country's coverage."""
    table = method.severity()
    parts = [contribution(i, method, as_of, table) for i in incidents]
    parts.sort(key=lambda c: (-abs(c.value), str(c.incident)))
    raw = sum(c.value for c in parts)
    factor = coverage_factor(coverage_reports, method)
    adj = method.adjustment
    value = -adj.points_per_unit * raw / factor
    value = max(-adj.max_penalty, min(adj.max_bonus, value))
    return AdjustmentResult(value, raw, coverage_reports, factor, parts)


def final_score(base: float, adjustment_value: float) -> float:
    """base + adjustment, kept on 0–100 and rounded to two decimals."""
    return round(max(0.0, min(100.0, base + adjustment_value)), 2)
