"""Rows → public records: the only shape of an incident that leaves this package.

A record holds what the public may see: the public version of title and summary that an editor
published through the privacy gate (:mod:`civicspace.incidents.public`), never the working text;
no reviewer, no machine evidence, no person names (see ``persons``), no private notes (``extra``
is never read), and of a source only its outlet and public address, never its title.
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
    Incident.public_title.label("title"),  # the public version only (incidents.public)
    Incident.public_summary.label("summary"),
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
    """A source document as a public link (outlet and address, never the source's own title:
    that is private material), or None when it has no public web address."""
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return None
    outlet = urlsplit(url).hostname or ""
    return {"title": outlet, "url": url, "outlet": outlet, "published": published}


def plain(value: Any) -> Any:
    """JSON-ready value: ISO dates, everything else unchanged."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(v) if not isinstance(v, list) else v for k, v in data.items()}
