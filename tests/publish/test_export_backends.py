"""Every export writes the same bytes on SQLite and on PostgreSQL, from the same rows.

The two backends read rows differently (SQLite's cursor; on PostgreSQL a server-side cursor,
and sources by ``= ANY`` of an array instead of ``IN``): what leaves must not differ.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.publish.exports import EXPORTERS
from civicspace.publish.filters import Filters
from civicspace.store import make_engine
from civicspace.store.incidents import Incident, IncidentDocument
from civicspace.store.models import Document
from tests.conftest import PG_URL, _pg_schema
from tests.support.publish_seed import T0, seed


def _more_sources(engine: Engine) -> None:
    """Two more public sources on every published incident: its own, and a wire story that
    every incident cites (the same address twice on one incident is listed once)."""
    with Session(engine) as session:
        ids = session.scalars(
            select(Incident.id).where(Incident.state == "published").order_by(Incident.id)
        ).all()
        for n, ident in enumerate(ids):
            own = Document(
                input_key=f"own{n}", url=f"https://paper{n}.example.com/a/{n}?ref=feed",
                canonical_url=f"https://paper{n}.example.com/a/{n}", origin="sitemap",
                outcome="stored", published=T0 + timedelta(days=n, minutes=7 * n),
            )  # fmt: skip
            wire = Document(
                input_key=f"wire{n}", url="https://wire.example.net/story", origin="page",
                outcome="stored", published=T0 - timedelta(hours=5 + n),
            )  # fmt: skip
            again = Document(
                input_key=f"again{n}", url="https://wire.example.net/story", origin="feed",
                outcome="stored", published=T0 + timedelta(days=30),
            )  # fmt: skip
            session.add_all([own, wire, again])
            session.flush()
            session.add_all(
                IncidentDocument(incident_id=ident, document_id=doc.id)
                for doc in (own, wire, again)
            )
        session.commit()


@pytest.fixture
def both(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Engine, Engine]]:
    """The same seeded rows in a SQLite file and in a PostgreSQL schema."""
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set CIVICSPACE_TEST_DATABASE_URL")
    path = tmp_path / "civicspace.db"
    shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
    schemas = _pg_schema(request.getfixturevalue("_pg_template"))
    engines = (make_engine(f"sqlite:///{path}"), make_engine(next(schemas)))
    for engine in engines:
        seed(engine)
        _more_sources(engine)
    yield engines
    for engine in engines:
        engine.dispose()
    next(schemas, None)  # drops the schema


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_export_is_the_same_bytes_on_both_backends(
    both: tuple[Engine, Engine], fmt: str
) -> None:
    for filters in (
        Filters(),
        Filters.build(country=["KE"]),
        Filters.build(gendered=True, target=["whrd"]),
    ):
        sqlite, postgresql = (
            "".join(EXPORTERS[fmt](engine, filters, "https://civic.example/")) for engine in both
        )
        assert sqlite == postgresql, (fmt, filters)
        assert "paper0.example.com" in sqlite or filters != Filters()
