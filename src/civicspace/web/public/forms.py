"""The search form: lenient parsing of query strings written by people and by the form."""

from __future__ import annotations

from datetime import date

from starlette.datastructures import QueryParams

from civicspace.errors import InvalidInput
from civicspace.publish.filters import Filters


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{name}: not a date (YYYY-MM-DD): {value!r}") from exc


def _all(params: QueryParams, key: str) -> list[str]:
    return [v for v in params.getlist(key) if v.strip()]


def filters_from_query(params: QueryParams) -> Filters:
    """Filters from a URL; blank fields (an unset select) are ignored."""
    gendered_raw = (params.get("gendered") or "").lower()
    gendered = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
    if gendered_raw and gendered_raw not in gendered:
        raise InvalidInput("gendered: true or false")
    return Filters.build(
        country=_all(params, "country"),
        since=_date(params.get("since"), "since"),
        until=_date(params.get("until"), "until"),
        violation=_all(params, "violation"),
        target=_all(params, "target"),
        perpetrator=_all(params, "perpetrator"),
        verification=_all(params, "verification"),
        gendered=gendered.get(gendered_raw),
        q=params.get("q"),
    )
