"""Aggregates cached per *stamp*: the newest ``updated_at`` of any incident.

Every change to an incident bumps its ``updated_at`` (``incidents.history``), so an aggregate
computed at one stamp stays right until the stamp moves. Reading the stamp is one lookup in
``ix_incidents_updated_at``; the cache is per process and small (LRU of ``MAX_ENTRIES``).
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
_cache: OrderedDict[tuple[Any, ...], tuple[datetime | None, Any]] = OrderedDict()
_lock = threading.Lock()


def stamp(session: Session) -> datetime | None:
    return session.scalar(select(func.max(Incident.updated_at)))


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
