"""How many published incidents match a search: exact where it is cheap, else an estimate.

Exact without counting rows: no filter, countries only, or countries (or none) with one value of
one facet (a violation, a target, a perpetrator, a verification, ``gendered``), read from the
``publish_counts`` counters; or a first page that holds every match. Otherwise the newest
:data:`SAMPLE_ROWS` incidents of the countries and date range (an index walk) are tested with
the other filters: exact when that is all of them, else the share found times their number
(from the counters; per month, prorated, for a date range), marked ``exact=False``. A request
never counts more than :data:`SAMPLE_ROWS` rows.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from civicspace.publish import search
from civicspace.publish.filters import Filters
from civicspace.publish.query import Page, base_conditions, row_conditions
from civicspace.store.incidents import Incident
from civicspace.store.publish import WORLD, PublishCount

SAMPLE_ROWS = 500


@dataclass(frozen=True)
class Total:
    total: int
    exact: bool


def _cell(filters: Filters) -> tuple[str, str] | bool | None:
    """The one counter (dim, key) that holds the answer: None for 'total', False when the
    filters need more than one counter."""
    if filters.since or filters.until or filters.terms:
        return False
    facets: list[tuple[str, str]] = []
    for dim, values in (
        ("violations", filters.violations),
        ("targets", filters.targets),
        ("perpetrators", filters.perpetrators),
        ("verification", filters.verification),
    ):
        if len(values) > 1:
            return False
        facets += [(dim, v) for v in values]
    if filters.gendered is True:
        facets.append(("lens", "gendered"))
    elif filters.gendered is False:
        return False
    if len(facets) > 1:
        return False
    return facets[0] if facets else None


def from_counters(session: Session, filters: Filters) -> int | None:
    """The exact total from the counters, or None when they cannot say."""
    cell = _cell(filters)
    if cell is False:
        return None
    dim, key = cell if isinstance(cell, tuple) else ("total", "")
    scopes = filters.countries or (WORLD,)
    n = session.scalar(
        select(func.coalesce(func.sum(PublishCount.n), 0)).where(
            PublishCount.country.in_(scopes), PublishCount.dim == dim, PublishCount.key == key
        )
    )
    return int(n or 0)


def _population(session: Session, filters: Filters) -> float:
    """Published incidents in the countries and date range (exact without dates; with dates,
    each month's counter prorated by the days the range covers)."""
    base = Filters(countries=filters.countries)
    total = from_counters(session, base) or 0
    if not (filters.since or filters.until):
        return float(total)
    first = filters.since or date(1, 1, 1)
    last = filters.until or date(9999, 12, 31)
    stmt = select(PublishCount.key, func.sum(PublishCount.n)).where(
        PublishCount.country.in_(filters.countries or (WORLD,)),
        PublishCount.dim == "month",
        PublishCount.key >= f"{first:%Y-%m}",
        PublishCount.key <= f"{last:%Y-%m}",
    )
    out = 0.0
    for key, n in session.execute(stmt.group_by(PublishCount.key)):
        year, month = int(key[:4]), int(key[5:7])
        days = monthrange(year, month)[1]
        start = max(first, date(year, month, 1))
        end = min(last, date(year, month, days))
        out += int(n) * max(0, (end - start).days + 1) / days
    return out


def count(
    session: Session,
    filters: Filters,
    *,
    sample: int = SAMPLE_ROWS,
    match: search.Match | None = None,
) -> Total:
    """Matching published incidents: exact, or an estimate from a bounded sample."""
    exact = from_counters(session, filters)
    if exact is not None:
        return Total(exact, True)
    dialect = session.get_bind().dialect.name
    match = match or search.prepare(session, filters.terms)
    rest = row_conditions(filters, dialect, match=match)
    if not rest:  # countries and a date range only: the month counters say about how many
        population = _population(session, filters)
        if population >= 2 * sample:
            return Total(round(population), False)
    hit = case((and_(*rest), 1), else_=0) if rest else literal(1)
    key = Incident.start_date if filters.since or filters.until else Incident.published_at
    walked = (
        select(hit.label("hit"))
        .where(*base_conditions(filters))
        .order_by(key.desc(), Incident.id.desc())
        .limit(sample)
        .subquery()
    )
    rows, hits = session.execute(select(func.count(), func.sum(walked.c.hit))).one()
    rows, hits = int(rows or 0), int(hits or 0)
    if rows < sample:
        return Total(hits, True)
    return Total(round(hits * max(_population(session, filters), rows) / rows), False)


def for_page(session: Session, filters: Filters, page: Page, *, first: bool) -> Total:
    """The total beside a page: a first page without a next one holds every match."""
    if first and page.next_cursor is None:
        return Total(len(page.items), True)
    return count(session, filters, match=page.match)
