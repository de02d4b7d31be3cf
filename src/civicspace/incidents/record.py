"""The one internal record of an incident: every field, as JSON-ready values.

The dataset export (``civicspace incidents export``), its deletions feed and the desk's JSON
twin are built from :func:`incident_record`; what the public sees is a narrower record
(:mod:`civicspace.publish.records`, the public version of the text only).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from civicspace.store.incidents import Incident

FIELDS = (
    "id",
    "state",
    "title",
    "summary",
    "summary_document_id",
    "country",
    "place",
    "start_date",
    "end_date",
    "violations",
    "targets",
    "perpetrators",
    "freedoms",
    "gendered",
    "verification",
    "confidence",
    "confidence_grade",
    "language",
    "provenance",
    "locked",
    "merged_into",
    "created_at",
    "updated_at",
    "published_at",
    "withdrawn_at",
    "withdrawn_reason",
    "public_title",
    "public_summary",
)


def plain(value: Any) -> Any:
    """A JSON-ready value: ISO dates, everything else unchanged."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def incident_record(incident: Incident) -> dict[str, Any]:
    """Every field of ``incident`` (:data:`FIELDS`), JSON-ready."""
    return {f: plain(getattr(incident, f)) for f in FIELDS}


def tombstone(incident: Incident) -> dict[str, Any]:
    """What remains of a withdrawn or merged incident in a dataset: id, state, when, why."""
    return {
        "id": incident.id,
        "state": incident.state,
        "withdrawn_at": plain(incident.withdrawn_at),
        "withdrawn_reason": incident.withdrawn_reason,
        "merged_into": incident.merged_into,
        "updated_at": plain(incident.updated_at),
    }
