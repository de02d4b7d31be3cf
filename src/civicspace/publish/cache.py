"""Aggregates cached per *stamp*: the newest ``updated_at`` in each state a published incident
can be in or move to (published, withdrawn, in_review, rejected).

Every change to an incident bumps its ``updated_at`` (``incidents.revisions``), so an aggregate
computed at one stamp stays right until the stamp moves; the machine's constant work on
``proposed`` incidents does not move it. Reading the stamp is one seek per state in
``ix_incidents_state_updated``; the cache is per process and small (LRU of ``MAX_ENTRIES``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.store.incidents import Incident

T = TypeVar("T")
MAX_ENTRIES = 512
_cache: OrderedDict[tuple[Any, ...], tuple[tuple[datetime | None, ...], Any]] = OrderedDict()
_lock = threading.Lock()


WATCHED = ("published", "withdrawn", "in_review", "rejected")


def stamp(session: Session) -> tuple[datetime | None, ...]:
    """The newest ``updated_at`` per watched state: one round trip of one seek each."""
    newest = (
        select(func.max(Incident.updated_at)).where(Incident.state == state).scalar_subquery()
        for state in WATCHED
    )
    return tuple(session.execute(select(*newest)).one())


def cached(session: Session, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, reused while no incident changed since it ran."""
    now = stamp(session)
    full = (str(session.get_bind().engine.url), *key)
    with _lock:
        hit = _cache.get(full)
        if hit is not None and hit[0] == now:
            _cache.move_to_end(full)
            return hit[1]
    value = compute()
    with _lock:
        _cache[full] = (now, value)
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _cache.clear()
