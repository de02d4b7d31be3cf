"""Query parameters shared by lists, exports and feeds: one ``Filters`` from the URL."""

from __future__ import annotations

from datetime import date

from fastapi import Query

from civicspace.publish.filters import Filters


def filters_dep(
    country: list[str] = Query(default=[], description="ISO alpha-2 or alpha-3; repeat or comma"),
    since: date | None = Query(default=None, description="Incidents on or after this date."),
    until: date | None = Query(default=None, description="Incidents on or before this date."),
    violation: list[str] = Query(default=[], description="Codebook violation ids (any of)."),
    target: list[str] = Query(default=[], description="Codebook target-group ids (any of)."),
    perpetrator: list[str] = Query(default=[], description="Codebook perpetrator ids (any of)."),
    verification: list[str] = Query(default=[], description="reported, corroborated …"),
    gendered: bool | None = Query(default=None),
    q: str | None = Query(default=None, max_length=200, description="Words in title or summary."),
) -> Filters:
    return Filters.build(
        country=country,
        since=since,
        until=until,
        violation=violation,
        target=target,
        perpetrator=perpetrator,
        verification=verification,
        gendered=gendered,
        q=q,
    )
