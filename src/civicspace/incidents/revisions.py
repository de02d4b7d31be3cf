"""Every change to an incident writes a revision and bumps ``updated_at``: one way to do it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from civicspace.store.base import utcnow
from civicspace.store.incidents import Incident, IncidentRevision

UNORDERED = frozenset({"violations", "targets", "perpetrators", "freedoms", "documents"})


def _same(field: str, old: Any, new: Any) -> bool:
    """Equal as stored; lists whose order means nothing (codebook terms, document ids) are
    compared as sets, so a reordering is not recorded as a change."""
    a, b = _plain(old), _plain(new)
    if field in UNORDERED and isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b)) and len(a) == len(b)
    return bool(a == b)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return sorted(value)
    return value


def apply_changes(
    session: Session,
    incident: Incident,
    updates: dict[str, Any],
    *,
    actor: str,
    action: str,
    reason: str | None = None,
    related: dict[str, list[Any]] | None = None,
) -> IncidentRevision | None:
    """Set ``updates`` on ``incident``; record what really changed as a revision.

    ``actor`` is ``machine`` or ``user:<id>``. Returns the revision, or None when nothing changed
    and the action is a plain edit (other actions, such as ``accepted``, are always recorded).
    ``related`` records changes to rows beside the incident in the same revision, as
    ``name → [old, new]`` (e.g. ``{"documents": [[1, 2], [1, 2, 3]]}`` for a membership change).
    """
    changes: dict[str, list[Any]] = {
        k: [_plain(v[0]), _plain(v[1])]
        for k, v in (related or {}).items()
        if not _same(k, v[0], v[1])
    }
    for field, new in updates.items():
        if not hasattr(Incident, field):
            raise AttributeError(f"incidents have no field {field!r}")
        old = getattr(incident, field)
        if not _same(field, old, new):
            changes[field] = [_plain(old), _plain(new)]
            setattr(incident, field, new)
    if not changes and action == "edited":
        return None
    incident.updated_at = utcnow()
    if incident.id is None:
        session.flush()
    revision = IncidentRevision(
        incident_id=incident.id, actor=actor, action=action, changes=changes, reason=reason
    )
    session.add(revision)
    return revision
