"""How many published incidents match a search: exact where it is cheap, else a bounded count.

Exact without counting rows: no filter, countries only, or countries (or none) with one value of
one facet (a violation, a target, a perpetrator, a verification, ``gendered``), read from the
``publish_counts`` counters; or a first page that holds every match. Otherwise matches are
counted up to :data:`COUNT_CAP`; beyond it ``exact`` is False and ``total`` is the cap ("more
than 1,000"), so a request never counts a million rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.publish import search
from civicspace.publish.filters import Filters
from civicspace.publish.query import Page, conditions
from civicspace.store.incidents import Incident
from civicspace.store.publish import WORLD, PublishCount

COUNT_CAP = 1000


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


def count(
    session: Session, filters: Filters, *, cap: int = COUNT_CAP, match: search.Match | None = None
) -> Total:
    """Matching published incidents: exact, or ``cap`` with ``exact=False`` when more."""
    exact = from_counters(session, filters)
    if exact is not None:
        return Total(exact, True)
    match = match or search.prepare(session, filters.terms)
    dialect = session.get_bind().dialect.name
    capped = select(Incident.id).where(*conditions(filters, dialect, match=match)).limit(cap + 1)
    n = int(session.scalar(select(func.count()).select_from(capped.subquery())) or 0)
    return Total(min(n, cap), n <= cap)


def for_page(session: Session, filters: Filters, page: Page, *, first: bool) -> Total:
    """The total beside a page: a first page without a next one holds every match."""
    if first and page.next_cursor is None:
        return Total(len(page.items), True)
    return count(session, filters, match=page.match)
