"""Persons in public output: only those the registry marks public.

``civicspace.incidents.registry.public_persons`` is the one gate (``public`` and a recorded
basis); this module returns its answer and nothing else. Lists and exports carry no persons.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from civicspace.incidents.registry import public_persons as registry_public_persons


def public_persons(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """Public persons of an incident: ``[{"name", "kind", "role"}]``, often ``[]``."""
    found = registry_public_persons(session, [incident_id]).get(incident_id, [])
    return [{"name": p["name"], "kind": p["kind"], "role": p["role"]} for p in found]
