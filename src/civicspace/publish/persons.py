"""Persons in public output: none, unless the registry marks them public.

The incidents stage owns the registry (``civicspace.incidents.registry``). Until it offers
``public_persons``, this module publishes no person names at all.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy.orm import Session


def public_persons(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """Public persons of an incident: ``[{"name", "kind", "role"}]``, or ``[]``."""
    try:
        registry = importlib.import_module("civicspace.incidents.registry")
    except ImportError:
        return []
    fn = getattr(registry, "public_persons", None)
    if fn is None:
        return []
    try:
        items = list(fn(session, incident_id))
    except TypeError:  # a registry whose signature this module does not know: publish nobody
        return []
    out = []
    for item in items:
        name = getattr(item, "name", None) or (item.get("name") if isinstance(item, dict) else None)
        if not name:
            continue
        get = item.get if isinstance(item, dict) else lambda k, o=item: getattr(o, k, None)
        out.append({"name": str(name), "kind": get("kind") or "person", "role": get("role")})
    return out
