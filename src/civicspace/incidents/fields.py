"""An incident's fields, recomputed from its member documents' codings (unlocked incidents only).

* labels (violations, targets, perpetrators, freedoms): a label is kept when at least half the
  members carry it, or its mean probability over all members (0 where absent) is 0.5 or more;
  the means are kept in ``extra["labels"]``;
* ``gendered``: at least half the members; country: the most frequent; place: the most
  frequent in that country; start and end: the first and last event day;
* title and summary: from the earliest report that has a title (``summary_document_id`` says
  which); the summary is the coder's verbatim incident sentence, else the report's lead;
* verification: ``corroborated`` when members come from two or more independent outlets
  (different registrable hosts, and not a syndicated copy: word cosine below ``SYNDICATED``),
  else ``reported``; a researcher's ``verified`` or ``disputed`` is kept;
* confidence: noisy-or of the best coder score of each independent outlet; ``verified`` lifts
  it to at least 0.95, ``disputed`` caps it at 0.3. Grade and title length: the one rule of
  :mod:`civicspace.incidents.factory`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from civicspace.incidents.factory import (
    LABEL_KINDS,
    SUMMARY_CHARS,
    clip_title,
    confidence_grade,
)
from civicspace.incidents.features import DocFeatures, cosine

SYNDICATED = 0.9
HUMAN_VERIFICATION = ("verified", "disputed")


def independent_outlets(members: list[DocFeatures]) -> list[DocFeatures]:
    """One representative member per independent outlet (wire copies count once)."""
    reps: list[DocFeatures] = []
    for m in sorted(members, key=lambda d: (d.day, d.document_id)):
        if m.outlet is None or any(r.outlet == m.outlet for r in reps):
            continue
        if any(cosine(m.vector, r.vector) >= SYNDICATED for r in reps):
            continue
        reps.append(m)
    return reps


def verification(members: list[DocFeatures], current: str | None) -> str:
    if current in HUMAN_VERIFICATION:
        return str(current)
    return "corroborated" if len(independent_outlets(members)) >= 2 else "reported"


def confidence(members: list[DocFeatures], verified: str) -> tuple[float, str]:
    best: dict[str, float] = {}
    for m in members:
        key = m.outlet or f"doc:{m.document_id}"
        best[key] = max(best.get(key, 0.0), m.score)
    independent = {r.outlet for r in independent_outlets(members)}
    scores = [s for k, s in best.items() if k in independent] or [max(best.values(), default=0)]
    miss: float = 1.0
    for s in scores:
        miss *= 1.0 - min(max(s, 0.0), 1.0)
    value = 1.0 - miss
    if verified == "verified":
        value = max(value, 0.95)
    elif verified == "disputed":
        value = min(value, 0.3)
    value = round(value, 4)
    return value, confidence_grade(value, verified)


def _labels(members: list[DocFeatures]) -> tuple[dict[str, list[str]], dict[str, dict[str, float]]]:
    n = len(members)
    kept: dict[str, list[str]] = {}
    means: dict[str, dict[str, float]] = {}
    for kind in LABEL_KINDS:
        support: Counter[str] = Counter()
        total: dict[str, float] = {}
        for m in members:
            for label in m.labels.get(kind, ()):
                lid = str(label["id"])
                support[lid] += 1
                total[lid] = total.get(lid, 0.0) + float(label.get("p", 1.0))
        mean = {lid: round(total[lid] / n, 4) for lid in total}
        chosen = [lid for lid in mean if 2 * support[lid] >= n or mean[lid] >= 0.5]
        kept[kind] = sorted(chosen, key=lambda lid: (-mean[lid], lid))
        if mean:
            means[kind] = dict(sorted(mean.items()))
    return kept, means


def _most_common(values: list[str], order: list[str]) -> str | None:
    """The most frequent value; ties go to the one seen first in ``order``."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in order if v and counts.get(v) == top)


def incident_fields(
    members: list[DocFeatures], current_verification: str | None, extra: dict[str, Any] | None
) -> dict[str, Any]:
    """The machine's values of an incident's fields, from its members (at least one)."""
    ordered = sorted(members, key=lambda d: (d.published or date.fromordinal(d.day), d.document_id))
    labels, means = _labels(ordered)
    countries = [m.country for m in ordered if m.country]
    country = _most_common(countries, countries)
    places = [m.place_name for m in ordered if m.place_name and (m.country == country)]
    source = next((m for m in ordered if m.title), ordered[0])
    summary = source.evidence_quote or (source.lead or "")[:SUMMARY_CHARS] or None
    verified = verification(ordered, current_verification)
    value, grade = confidence(ordered, verified)
    new_extra = dict(extra or {})
    new_extra["labels"] = means
    new_extra["outlets"] = sorted({m.outlet for m in ordered if m.outlet})
    return {
        "title": clip_title(source.title or summary or f"document {source.document_id}"),
        "summary": summary,
        "summary_document_id": source.document_id,
        "country": country,
        "place": _most_common(places, places),
        "start_date": date.fromordinal(min(m.day for m in ordered)),
        "end_date": date.fromordinal(max(m.day for m in ordered)),
        "violations": labels["violations"],
        "targets": labels["targets"],
        "perpetrators": labels["perpetrators"],
        "freedoms": labels["freedoms"],
        "gendered": 2 * sum(m.gendered for m in ordered) >= len(ordered) > 0
        and any(m.gendered for m in ordered),
        "verification": verified,
        "confidence": value,
        "confidence_grade": grade,
        "language": source.language,
        "extra": new_extra,
    }
