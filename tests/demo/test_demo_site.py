"""``make demo`` leaves something for the ratings panel and the watchlist to decide, once."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.demo.desk import seed_demo_desk
from civicspace.demo.site import seed_demo_site
from civicspace.ratings.panel import queue
from civicspace.store.ratings import WatchlistEntry


def test_demo_seeds_a_pending_band_change_and_a_watchlist_proposal(engine: Engine) -> None:
    username, _ = seed_demo_desk(engine)
    first = seed_demo_site(engine, username, count=120)
    assert first.pending_changes == 1 and first.watchlist_proposals == 1
    again = seed_demo_site(engine, username, count=120)
    assert (again.incidents, again.pending_changes, again.watchlist_proposals) == (0, 0, 0)
    with Session(engine) as s:
        pending = queue(s)
        assert len(pending) == 1
        proposed = s.scalars(
            select(WatchlistEntry).where(WatchlistEntry.status == "proposed")
        ).all()
        assert len(proposed) == 1 and proposed[0].country == pending[0].country
        assert s.scalar(select(func.count()).select_from(WatchlistEntry)) == 1
