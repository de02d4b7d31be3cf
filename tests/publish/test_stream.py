"""Exports read rows from the driver directly: the records equal the ORM path's, on both
backends, with every filter kind (tags, dates, words)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.publish.filters import Filters
from civicspace.publish.query import conditions, iter_records
from civicspace.publish.records import COLUMNS, record
from civicspace.publish.stream import _list
from civicspace.store.incidents import Incident
from tests.support.publish_seed import seed


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters.build(violation=["arrest_detention"], country=["KE", "FR"]),
        Filters.build(since=date(2024, 1, 1), until=date(2024, 1, 31)),
        Filters.build(q="journalist"),
        Filters.build(gendered=True, target=["whrd"]),
    ],
)
def test_stream_records_equal_orm_records(engine: Engine, filters: Filters) -> None:
    seed(engine)
    with Session(engine) as session:
        where = conditions(filters, engine.dialect.name)
        rows = session.execute(select(*COLUMNS).where(*where).order_by(Incident.id)).all()
        want = [record(r) for r in rows]
    got = list(iter_records(engine, filters, batch=2))
    assert got == want and (want or filters.q)


def test_list_text_parsing() -> None:
    assert _list('["a", "b"]') == ["a", "b"]
    assert _list('["a","b"]') == ["a", "b"]
    assert _list('["a \\"x\\", b"]') == ['a "x", b']
    assert _list("[]") == [] and _list(None) == [] and _list("null") == [] and _list("{}") == []
    assert _list(["x"]) == ["x"]
