"""Rows for exports straight from the database driver: no ORM, no per-value type layers.

An export reads every matching incident once, so per-row overhead is its whole cost. This
module compiles the same ``select`` the rest of the package uses, runs it on the driver's own
cursor (a named, server-side cursor on PostgreSQL, ``itersize`` rows a round trip; SQLite's
cursor steps through the table) and turns each raw tuple into the public record with a handful
of C-level calls (``json.loads``, ``fromisoformat``). The records equal
:func:`civicspace.publish.records.record` (tests compare them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, TypeAlias

from sqlalchemy import Engine, Select, Text, cast

from civicspace.countries import country_name
from civicspace.publish.records import COLUMNS as RECORD_COLUMNS

_SEPARATOR = '", "'
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def _list(value: Any) -> list[str]:
    """A JSON list of ids from its text: split when it is the plain ``["a", "b"]`` form
    (PostgreSQL's jsonb text and SQLAlchemy's JSON both write it), json.loads otherwise."""
    if value.__class__ is list:
        return value
    if not value or value == "[]":
        return []
    if value[:2] == '["' and value[-2:] == '"]' and "\\" not in value and '","' not in value:
        return value[2:-2].split(_SEPARATOR)
    parsed = json.loads(value)
    return parsed if isinstance(parsed, list) else []


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value.__class__ is str else value


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    if value.__class__ is str:
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@lru_cache(maxsize=512)
def _name(code: str | None) -> str:
    return country_name(code)


def record(row: tuple[Any, ...]) -> dict[str, Any]:
    """One raw row of :data:`COLUMNS` as the public record (``records.record``'s shape)."""
    (
        ident,
        title,
        summary,
        country,
        place,
        start_date,
        end_date,
        violations,
        targets,
        perpetrators,
        freedoms,
        gendered,
        verification,
        confidence,
        grade,
        language,
        published_at,
        updated_at,
    ) = row
    return {
        "id": ident,
        "title": title,
        "summary": summary,
        "country": country,
        "place": place,
        "start_date": _date(start_date),
        "end_date": _date(end_date),
        "violations": _list(violations),
        "targets": _list(targets),
        "perpetrators": _list(perpetrators),
        "freedoms": _list(freedoms),
        "gendered": bool(gendered),
        "verification": verification,
        "confidence": round(float(confidence or 0.0), 3),
        "confidence_grade": grade,
        "language": language,
        "published_at": _time(published_at),
        "updated_at": _time(updated_at),
        "country_name": _name(country),
    }


# the record's columns, JSON lists as text (split in Python: faster than decoding JSONB)
COLUMNS = tuple(
    cast(c, Text) if c.key in ("violations", "targets", "perpetrators", "freedoms") else c
    for c in RECORD_COLUMNS
)


def raw_batches(engine: Engine, stmt: AnySelect, batch: int) -> Iterator[list[tuple[Any, ...]]]:
    """``stmt``'s rows as the driver returns them, ``batch`` at a time, from one cursor."""
    compiled = stmt.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        if engine.dialect.name == "postgresql":
            cursor = driver.cursor(name="civicspace_export")  # server-side
            cursor.itersize = batch
            cursor.execute(str(compiled), params)
        else:
            cursor = driver.cursor()
            positional = [params[name] for name in compiled.positiontup or ()]
            cursor.execute(str(compiled), [_sqlite_value(v) for v in positional])
        try:
            while rows := cursor.fetchmany(batch):
                yield rows
        finally:
            cursor.close()


def _sqlite_value(value: Any) -> Any:
    """Bind values as the SQLite dialect stores them (ISO text for dates)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def records(engine: Engine, stmt: AnySelect, batch: int) -> Iterator[list[dict[str, Any]]]:
    """Public records of ``stmt`` (which selects :data:`COLUMNS`), a batch at a time."""
    for rows in raw_batches(engine, stmt, batch):
        yield [record(r) for r in rows]
