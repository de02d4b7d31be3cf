"""``make demo`` leaves the ratings panel and the watchlist something to try: one band change
waiting for the panel, one watchlist proposal waiting for an editor; a rerun adds nothing."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.demo.desk import seed_demo_desk
from civicspace.demo.site import seed_demo_site
from civicspace.ratings import panel, watchlist
from civicspace.settings import Settings
from civicspace.store.ratings import BandChange, WatchlistEntry
from civicspace.web.app import create_app
from tests.support.desk_client import login


def test_demo_leaves_one_band_change_and_one_watchlist_proposal(
    engine: Engine, database_url: str
) -> None:
    username, password = seed_demo_desk(engine)
    site = seed_demo_site(engine, username, count=120)
    assert (site.pending_bands, site.watchlist_proposed) == (1, 1)
    assert site.approved_bands > 0
    with Session(engine) as session:
        (change,) = panel.queue(session)
        assert change.score_id is not None and change.to_band != change.from_band
        (entry,) = watchlist.entries(session, "proposed")
        assert entry.decline >= 5 and entry.reason.startswith("Score fell")
        counts = (
            session.scalar(select(func.count()).select_from(BandChange)),
            session.scalar(select(func.count()).select_from(WatchlistEntry)),
        )
    again = seed_demo_site(engine, username, count=120)  # idempotent
    assert (again.incidents, again.pending_bands, again.watchlist_proposed) == (0, 1, 1)
    with Session(engine) as session:
        assert counts == (
            session.scalar(select(func.count()).select_from(BandChange)),
            session.scalar(select(func.count()).select_from(WatchlistEntry)),
        )
    # the demo editor finds both in the desk
    app = create_app(Settings(database_url=database_url), engine)
    client, _token = login(app, username, password)
    json = {"accept": "application/json"}
    assert len(client.get("/desk/panel", headers=json).json()["queue"]) == 1
    assert len(client.get("/desk/watchlist", headers=json).json()["proposed"]) == 1
