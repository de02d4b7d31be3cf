"""Rows → public records: the only shape of an incident that leaves this package.

A record holds what the public may see: no reviewer, no machine evidence, no person names (see
``persons``), no private notes (``extra`` is never read).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Row

from civicspace.countries import country_name
from civicspace.store.incidents import Incident

# the columns a record needs, in this order (select them, not whole ORM objects: faster)
COLUMNS = (
    Incident.id,
    Incident.title,
    Incident.summary,
    Incident.country,
    Incident.place,
    Incident.start_date,
    Incident.end_date,
    Incident.violations,
    Incident.targets,
    Incident.perpetrators,
    Incident.freedoms,
    Incident.gendered,
    Incident.verification,
    Incident.confidence,
    Incident.confidence_grade,
    Incident.language,
    Incident.published_at,
    Incident.updated_at,
)
FIELDS = tuple(c.key for c in COLUMNS)


def _list(value: Any) -> list[str]:
    # codebook ids are strings; a list from the JSON column is used as it is (no copy)
    return value if isinstance(value, list) else []


def record(row: Row[Any] | tuple[Any, ...]) -> dict[str, Any]:
    """One incident as a plain dict (dates stay ``date``/``datetime``)."""
    data = dict(zip(FIELDS, row, strict=True))
    for key in ("violations", "targets", "perpetrators", "freedoms"):
        data[key] = _list(data[key])
    data["gendered"] = bool(data["gendered"])
    data["confidence"] = round(float(data["confidence"] or 0.0), 3)
    data["country_name"] = country_name(data["country"])
    return data


def source_record(
    doc_id: int, url: str | None, title: str | None, published: datetime | None
) -> dict[str, Any] | None:
    """A source document as a public link, or None when it has no public web address."""
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return None
    return {
        "title": title or url,
        "url": url,
        "outlet": urlsplit(url).hostname or "",
        "published": published,
    }


def plain(value: Any) -> Any:
    """JSON-ready value: ISO dates, everything else unchanged."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(v) if not isinstance(v, list) else v for k, v in data.items()}
