"""`total` beside a search: exact from the counters or a full page, else an estimate from a
bounded sample, flagged as such; the API carries it."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.publish.cache import clear
from civicspace.publish.filters import Filters
from civicspace.publish.totals import Total, count
from civicspace.settings import Settings
from civicspace.web.app import create_app
from tests.support.publish_seed import seed


def test_totals_exact_and_estimated(engine: Engine) -> None:
    seed(engine)
    with Session(engine) as session:
        # from the counters
        assert count(session, Filters()) == Total(7, True)
        assert count(session, Filters.build(country=["KE", "FR"])) == Total(4, True)
        assert count(session, Filters.build(violation=["arrest_detention"])) == Total(2, True)
        assert count(session, Filters.build(country=["KE"], gendered=True)) == Total(1, True)
        # counted: the sample holds every incident of the countries and dates
        both = Filters.build(target=["whrd"], gendered=True)
        assert count(session, both) == Total(2, True)
        assert count(session, Filters.build(q="journalist")) == Total(2, True)
        dated = Filters.build(since=date(2024, 1, 1), until=date(2024, 1, 31), target=["hrd"])
        assert count(session, dated) == Total(0, True)
        # a sample smaller than the population: an estimate, scaled to it
        estimate = count(session, both, sample=3)
        assert not estimate.exact and 0 <= estimate.total <= 7
        january = count(
            session,
            Filters.build(since=date(2024, 1, 1), until=date(2024, 2, 29), perpetrator=["police"]),
            sample=2,
        )
        assert not january.exact and january.total >= 1


def test_api_pages_carry_total(engine: Engine) -> None:
    clear()
    seed(engine)
    app = create_app(Settings(database_url=str(engine.url)), engine)
    with TestClient(app) as client:
        page = client.get("/api/v1/incidents?limit=2&country=KE").json()
        assert (page["total"], page["total_exact"]) == (3, True)
        last = client.get(page["next"].replace("http://testserver", "")).json()
        assert last["total"] == 3
        twin = client.get("/incidents.json?target=whrd&gendered=true").json()
        assert (twin["total"], twin["total_exact"]) == (2, True)
