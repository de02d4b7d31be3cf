"""Index values in the database: an idempotent import, and the values usable on a given day.

Import: per edition, new values are inserted, changed ones updated, the rest left alone, so a
rerun of the same file changes nothing. Selection (``values_as_of``): for each country and
source, the latest edition published on or before the day whose latest data year is at most
``max_age_years`` older than the day's year; all variables then come from that edition and data
year, so a score never mixes editions of one index.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput
from civicspace.ratings.indices.editions import edition_info
from civicspace.ratings.indices.fiw import parse_fiw
from civicspace.ratings.indices.parsed import SOURCES, ParsedIndex
from civicspace.ratings.indices.rsf import parse_rsf
from civicspace.ratings.indices.vdem import parse_vdem
from civicspace.store.rating_indices import IndexEdition, IndexValue
from civicspace.store.upsert import insert_ignore


@dataclass
class IndexImport:
    source: str
    editions: list[str]
    countries: int
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def parse_index(source: str, path: Path, edition: str | None = None) -> ParsedIndex:
    """Read ``path`` as an edition (or editions) of ``source``; a bad file raises InvalidInput."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if source == "vdem":
        return parse_vdem(path, edition)
    if source == "fiw":
        if edition is not None:
            raise InvalidInput("Freedom House files carry their editions: drop --edition")
        return parse_fiw(path)
    if source == "rsf":
        return parse_rsf(path, edition)
    raise InvalidInput(f"unknown index {source!r}: one of {', '.join(SOURCES)}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_index(
    session: Session,
    source: str,
    path: Path,
    *,
    edition: str | None = None,
    published: date | None = None,
) -> IndexImport:
    """Parse ``path`` and store its values with their edition, publication date and licence."""
    return store_parsed(session, parse_index(source, path, edition), path, published=published)


def store_parsed(
    session: Session, parsed: ParsedIndex, path: Path, *, published: date | None = None
) -> IndexImport:
    """Store what ``parse_index`` read from ``path`` (idempotent: see the module docstring)."""
    source = parsed.source
    infos = [edition_info(source, e, published) for e in parsed.editions]
    sha = _sha256(path)
    report = IndexImport(
        source,
        parsed.editions,
        len({v.country for v in parsed.values}),
        skipped=dict(sorted(parsed.skipped.items())),
    )
    by_edition: dict[str, list[Any]] = defaultdict(list)
    for v in parsed.values:
        by_edition[v.edition].append(v)
    for info in infos:
        row = session.scalar(
            select(IndexEdition).where(
                IndexEdition.source == source, IndexEdition.edition == info.edition
            )
        )
        if row is None:
            row = IndexEdition(source=source, edition=info.edition)
            session.add(row)
        row.published_on = info.published_on
        row.licence = info.licence
        row.citation = info.citation
        row.source_file = path.name
        row.sha256 = sha
        session.flush()
        existing = {
            (r.country, r.data_year, r.variable): r
            for r in session.scalars(select(IndexValue).where(IndexValue.edition_id == row.id))
        }
        fresh = []
        for v in by_edition[info.edition]:
            old = existing.get((v.country, v.data_year, v.variable))
            if old is None:
                fresh.append(
                    {
                        "edition_id": row.id,
                        "source": source,
                        "country": v.country,
                        "data_year": v.data_year,
                        "variable": v.variable,
                        "value": v.value,
                        "name": v.name,
                    }
                )
            elif old.value != v.value or old.name != v.name:
                old.value, old.name = v.value, v.name
                report.updated += 1
            else:
                report.unchanged += 1
        for start in range(0, len(fresh), 2000):
            insert_ignore(
                session,
                IndexValue.__table__,  # type: ignore[arg-type]
                fresh[start : start + 2000],
                ["edition_id", "country", "data_year", "variable"],
            )
        report.inserted += len(fresh)
        session.flush()
    return report


@dataclass(frozen=True)
class IndexReading:
    """The values of one source for one country on a day, and where they come from
    (``stale``: older than the methodology's ``max_age_years``, used for want of newer)."""

    source: str
    edition: str
    published_on: date
    data_year: int
    licence: str
    citation: str
    values: dict[str, float]
    stale: bool = False

    def explain(self) -> dict[str, Any]:
        return {
            "stale": self.stale,
            "source": self.source,
            "edition": self.edition,
            "published_on": self.published_on.isoformat(),
            "data_year": self.data_year,
            "licence": self.licence,
            "citation": self.citation,
        }


def values_as_of(
    session: Session, as_of: date, max_age_years: int, countries: list[str] | None = None
) -> dict[str, dict[str, IndexReading]]:
    """country → source → the reading usable on ``as_of`` (see the module docstring).

    Coverage rule: a country none of whose index values is recent enough (an index stopped
    rating it) gets its latest readings all the same, marked ``stale``."""
    out = _readings(session, as_of, as_of.year - max_age_years, countries)
    wanted = countries if countries is not None else indexed_countries(session, as_of, None)
    lacking = [c for c in wanted if c not in out]
    if lacking:
        old = _readings(session, as_of, None, lacking)
        for country, by_source in old.items():
            out[country] = {s: replace(r, stale=True) for s, r in by_source.items()}
    return out


def _readings(
    session: Session, as_of: date, min_year: int | None, countries: list[str] | None
) -> dict[str, dict[str, IndexReading]]:
    stmt = (
        select(IndexValue, IndexEdition)
        .join(IndexEdition, IndexValue.edition_id == IndexEdition.id)
        .where(IndexEdition.published_on <= as_of, IndexValue.data_year <= as_of.year)
    )
    if min_year is not None:
        stmt = stmt.where(IndexValue.data_year >= min_year)
    if countries is not None:
        stmt = stmt.where(IndexValue.country.in_(countries))
    best: dict[tuple[str, str], tuple[tuple[date, int, str], IndexEdition, int]] = {}
    values: dict[tuple[str, str, int, int], dict[str, float]] = defaultdict(dict)
    for value, edition in session.execute(stmt):
        key = (value.country, value.source)
        rank = (edition.published_on, value.data_year, edition.edition)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, edition, value.data_year)
        values[(value.country, value.source, edition.id, value.data_year)][value.variable] = (
            value.value
        )
    out: dict[str, dict[str, IndexReading]] = defaultdict(dict)
    for (country, source), (_, edition, year) in best.items():
        out[country][source] = IndexReading(
            source,
            edition.edition,
            edition.published_on,
            year,
            edition.licence,
            edition.citation,
            values[(country, source, edition.id, year)],
        )
    return dict(out)


def indexed_countries(session: Session, as_of: date, max_age_years: int | None) -> list[str]:
    """Countries with an index value published by ``as_of`` (within ``max_age_years`` of its
    year, or of any age with None)."""
    stmt = (
        select(IndexValue.country)
        .join(IndexEdition, IndexValue.edition_id == IndexEdition.id)
        .where(IndexEdition.published_on <= as_of, IndexValue.data_year <= as_of.year)
        .distinct()
    )
    if max_age_years is not None:
        stmt = stmt.where(IndexValue.data_year >= as_of.year - max_age_years)
    return sorted(session.scalars(stmt))
