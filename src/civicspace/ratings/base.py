"""Base scores: structured inputs (assessments, external indices) imported from CSV, combined.

The CSV has one input value per row (long format; header required)::

    country,year,input,value,source,note
    KE,2024,partner_assessment,58,Partner network 2024 review,
    KE,2024,press_freedom_index,55.2,RSF 2024,
    KE,2024,political_terror_scale,3,PTS 2024,

``country`` is ISO 3166-1 alpha-2 or alpha-3 (or an English name); ``input`` one of the
methodology's base inputs; ``value`` on that input's own scale. A file with any bad row imports
nothing, and the error lists every bad row with its line number. Rows are upserted on
(country, year, input).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.countries import to_alpha2
from civicspace.errors import InvalidInput
from civicspace.ratings.method import Methodology
from civicspace.store.ratings import BaseInputValue
from civicspace.store.upsert import insert_ignore

REQUIRED = ("country", "year", "input", "value")
MAX_ERRORS_SHOWN = 20


@dataclass(frozen=True)
class BaseImport:
    rows: int
    inserted: int
    updated: int
    countries: int


def _parse_rows(
    rows: Iterable[dict[str, str]], method: Methodology
) -> tuple[list[dict[str, Any]], list[str]]:
    errors: list[str] = []
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, str], int] = {}
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        problems: list[str] = []
        missing = [c for c in REQUIRED if not row.get(c)]
        if missing:
            errors.append(f"line {line}: missing {', '.join(missing)}")
            continue
        country = to_alpha2(row["country"])
        if country is None:
            problems.append(f"unknown country {row['country']!r}")
        try:
            year = int(row["year"])
            if not 1900 <= year <= 2100:
                problems.append(f"year {year} out of range")
        except ValueError:
            problems.append(f"year {row['year']!r} is not a whole number")
            year = 0
        spec = method.base.inputs.get(row["input"])
        if spec is None:
            known = ", ".join(sorted(method.base.inputs))
            problems.append(
                f"unknown input {row['input']!r} (methodology {method.version}: {known})"
            )
        try:
            value = float(row["value"].replace(",", "."))
            if value != value:  # NaN
                raise ValueError
            if spec is not None and not spec.min <= value <= spec.max:
                problems.append(
                    f"value {value:g} outside {spec.min:g}-{spec.max:g} for input {row['input']!r}"
                )
        except ValueError:
            problems.append(f"value {row['value']!r} is not a number")
            value = 0.0
        if not problems and country is not None:
            key = (country, year, row["input"])
            if key in seen:
                problems.append(f"duplicate of line {seen[key]} ({country} {year} {row['input']})")
            seen[key] = line
        if problems:
            errors.append(f"line {line}: " + "; ".join(problems))
            continue
        out.append(
            {
                "country": country,
                "year": year,
                "input": row["input"],
                "value": value,
                "source": row.get("source") or None,
                "note": row.get("note") or None,
            }
        )
    return out, errors


def import_base_csv(path: Path, session: Session, method: Methodology) -> BaseImport:
    """Validate every row of ``path`` and upsert them all, or raise ``InvalidInput``."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            absent = [c for c in REQUIRED if c not in header]
            if absent:
                raise InvalidInput(f"{path}: header lacks column(s) {', '.join(absent)}")
            rows, errors = _parse_rows(reader, method)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(f"{path}: cannot read CSV: {exc}") from exc
    if errors:
        shown = "\n  ".join(errors[:MAX_ERRORS_SHOWN])
        more = (
            f"\n  … and {len(errors) - MAX_ERRORS_SHOWN} more"
            if len(errors) > MAX_ERRORS_SHOWN
            else ""
        )
        raise InvalidInput(f"{path}: {len(errors)} bad row(s), nothing imported:\n  {shown}{more}")
    existing = {
        (r.country, r.year, r.input): r
        for r in session.scalars(
            select(BaseInputValue).where(BaseInputValue.country.in_({r["country"] for r in rows}))
        )
    }
    fresh, updated = [], 0
    for r in rows:
        old = existing.get((r["country"], r["year"], r["input"]))
        if old is None:
            fresh.append(r)
        elif (old.value, old.source, old.note) != (r["value"], r["source"], r["note"]):
            old.value, old.source, old.note = r["value"], r["source"], r["note"]
            updated += 1
    insert_ignore(session, BaseInputValue.__table__, fresh, ["country", "year", "input"])  # type: ignore[arg-type]
    session.flush()
    return BaseImport(len(rows), len(fresh), updated, len({r["country"] for r in rows}))


@dataclass(frozen=True)
class BaseScore:
    """A base score and how it was made: each input's value, rescaled value and weight."""

    value: float
    year: int | None
    inputs: list[dict[str, Any]]

    def explain(self) -> dict[str, Any]:
        return {"value": round(self.value, 4), "year": self.year, "inputs": self.inputs}


def combine(values: dict[str, tuple[float, str | None]], method: Methodology) -> float | None:
    """The weighted mean of the rescaled inputs present (weights renormalised)."""
    present = {k: v for k, v in values.items() if k in method.base.inputs}
    total = sum(method.base.inputs[k].weight for k in present)
    if not total:
        return None
    return sum(
        method.base.inputs[k].weight / total * method.base.inputs[k].rescale(v)
        for k, (v, _) in present.items()
    )


def base_score(session: Session, country: str, year: int, method: Methodology) -> BaseScore | None:
    """The base for ``country`` in ``year``: each input's latest value of that year or up to
    ``carry_forward_years`` earlier; None when the country has no input at all."""
    rows = session.scalars(
        select(BaseInputValue)
        .where(
            BaseInputValue.country == country,
            BaseInputValue.year <= year,
            BaseInputValue.year >= year - method.base.carry_forward_years,
        )
        .order_by(BaseInputValue.year)
    ).all()
    latest: dict[str, BaseInputValue] = {}
    for r in rows:
        latest[r.input] = r  # ordered by year: the last one wins
    values = {k: (r.value, r.source) for k, r in latest.items()}
    value = combine(values, method)
    if value is None:
        return None
    total = sum(method.base.inputs[k].weight for k in values if k in method.base.inputs)
    inputs = [
        {
            "input": k,
            "year": r.year,
            "value": r.value,
            "source": r.source,
            "rescaled": round(method.base.inputs[k].rescale(r.value), 4),
            "weight": method.base.inputs[k].weight,
            "effective_weight": round(method.base.inputs[k].weight / total, 4),
        }
        for k, r in sorted(latest.items())
        if k in method.base.inputs
    ]
    return BaseScore(value, max(r.year for r in latest.values()), inputs)
