"""The store on SQLite and PostgreSQL: migrations, types, the portable upsert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from civicspace.store import Document, Source, make_engine
from civicspace.store.migrate import current_revision, downgrade, head_revision, upgrade
from civicspace.store.models import RawBlob
from civicspace.store.upsert import insert_ignore


def test_migrations_up_down_up(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    assert upgrade(engine) == head_revision(engine)
    assert {"sources", "documents", "raw_blobs", "document_bands"} <= set(
        inspect(engine).get_table_names()
    )
    assert downgrade(engine, "base") is None
    assert "documents" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_datetimes_round_trip_as_aware_utc(engine: Engine) -> None:
    when = datetime(2026, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=3)))
    with Session(engine) as session:
        session.add(Document(input_key="k" * 64, origin="import", outcome="stored", published=when))
        session.commit()
    with Session(engine) as session:
        doc = session.scalars(select(Document)).one()
        assert doc.published == when
        assert doc.published.tzinfo is not None
        assert doc.published.utcoffset() == timedelta(0)
        assert doc.fetched <= datetime.now(UTC)


def test_insert_ignore_skips_conflicts(engine: Engine) -> None:
    row = {"sha256": "a" * 64, "size": 3, "compression": "zlib", "data": b"xyz"}
    with Session(engine) as session:
        insert_ignore(session, RawBlob.__table__, [row], ["sha256"])  # type: ignore[arg-type]
        insert_ignore(session, RawBlob.__table__, [row, {**row, "sha256": "b" * 64}], ["sha256"])  # type: ignore[arg-type]
        session.commit()
        assert session.scalar(select(func.count()).select_from(RawBlob)) == 2


def test_source_url_is_unique(engine: Engine) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with Session(engine) as session:
        session.add(Source(name="a", url="https://a.example/rss"))
        session.commit()
        session.add(Source(name="b", url="https://a.example/rss"))
        with pytest.raises(IntegrityError):
            session.commit()


def test_models_and_migrations_agree(engine: Engine) -> None:
    """Every table, column and index the models declare is what the migrations build."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import civicspace.store.all_models  # noqa: F401
    from civicspace.store.base import Base
    from civicspace.store.migrate import include_name

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
