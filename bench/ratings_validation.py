"""Validation of the rating method against an external rating (docs/ratings-validation.md).

Imports every ACLED extract in ``../shared/data/acled_extracts`` into a scratch SQLite database
with ``civicspace incidents import --format acled`` (the same code path), computes each
country-year's score on the day of its last ACLED record (methodology as packaged; a neutral base
of 100, so the score is 100 + the live adjustment: base inputs are an organisation's own and must
not be confused with what is validated here), and compares the scores with Freedom House status
(Free > Partly Free > Not Free) from ``external_ratings`` by Spearman rank correlation.

    python bench/ratings_validation.py [--data DIR] [--out FILE.json]

Comparisons: same year only (the primary figure), per extract, and a nearest-year comparison for
extracts that predate the external rating (labelled as such). Ablations: without coverage
normalisation, and a plain count of incident records, to show what each part of the method does.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from scipy.stats import spearmanr
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.acled.importer import import_acled
from civicspace.countries import to_alpha2
from civicspace.ratings.compute import score_country
from civicspace.ratings.method import Methodology, load_method
from civicspace.store import make_engine, upgrade
from civicspace.store.ratings import AcledEvent

ROOT = Path(__file__).resolve().parents[1]
STATUS = {"Free": 2, "Partly Free": 1, "Not Free": 0}


def data_dir(given: str | None) -> Path:
    path = Path(given or os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data")
    if not (path / "acled_extracts").is_dir():
        raise SystemExit(f"ACLED extracts not found under {path} (use --data)")
    return path


def external(data: Path) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    path = data / "external_ratings" / "freedom_status_by_country_year.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = to_alpha2(row["country"])
            if code and row["year"].isdigit() and row["freedom_status"] in STATUS:
                out[(code, int(row["year"]))] = row["freedom_status"]
    return out


def no_coverage(method: Methodology) -> Methodology:
    data = method.canonical()
    data["version"] = f"{method.version}-no-coverage"
    data["adjustment"]["coverage"]["exponent"] = 0.0
    return Methodology.model_validate(data)


def rho(pairs: list[tuple[float, int]]) -> dict[str, Any]:
    if len(pairs) < 5 or len({p[1] for p in pairs}) < 2:
        return {"n": len(pairs), "rho": None, "p": None}
    r = spearmanr([p[0] for p in pairs], [p[1] for p in pairs])
    return {"n": len(pairs), "rho": round(float(r.statistic), 3), "p": float(f"{r.pvalue:.2g}")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--out")
    args = parser.parse_args()
    data = data_dir(args.data)
    method = load_method("1")  # the incident-only note validates v1's live adjustment
    ablation = no_coverage(method)
    ratings = external(data)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'validation.db'}")
        upgrade(engine)
        rows: list[dict[str, Any]] = []
        imports = {}
        with Session(engine) as session:
            for path in sorted((data / "acled_extracts").glob("*.csv")):
                report = import_acled(path, session)
                session.commit()
                imports[path.name] = dict(report.outcomes)
            by_year: dict[tuple[str, str, int], list[date]] = defaultdict(list)
            for ev in session.scalars(select(AcledEvent)):
                if ev.country and ev.event_date:
                    by_year[(ev.source_file or "", ev.country, ev.event_date.year)].append(
                        ev.event_date
                    )
            for (source, country, year), days in sorted(by_year.items()):
                as_of = max(days)
                result = score_country(session, country, as_of, method, neutral_base=100.0)
                plain = score_country(session, country, as_of, ablation, neutral_base=100.0)
                assert result is not None and plain is not None
                counted = [c for c in result.adjustment.contributions if c.counted]
                status = ratings.get((country, year))
                nearest = min(
                    (y for (c, y) in ratings if c == country),
                    key=lambda y: (abs(y - year), y),
                    default=None,
                )
                rows.append(
                    {
                        "file": source,
                        "country": country,
                        "year": year,
                        "as_of": as_of.isoformat(),
                        "records": len(days),
                        "incidents": len(counted),
                        "coverage_reports": result.adjustment.coverage_reports,
                        "coverage_factor": round(result.adjustment.coverage_factor, 3),
                        "adjustment": round(result.adjustment.value, 3),
                        "score": result.score,
                        "band": result.band,
                        "score_no_coverage": plain.score,
                        "freedom_house": status,
                        "freedom_house_nearest_year": nearest,
                        "freedom_house_nearest": ratings.get((country, nearest))
                        if nearest
                        else None,
                        "top": [
                            {k: c.__dict__[k] for k in ("violation", "date", "value")}
                            for c in counted[:3]
                        ],
                    }
                )
    same = [r for r in rows if r["freedom_house"]]
    figures: dict[str, Any] = {
        "same_year_all": {
            "score": rho([(r["score"], STATUS[r["freedom_house"]]) for r in same]),
            "score_no_coverage": rho(
                [(r["score_no_coverage"], STATUS[r["freedom_house"]]) for r in same]
            ),
            "minus_incident_count": rho(
                [(-r["incidents"], STATUS[r["freedom_house"]]) for r in same]
            ),
        },
        "same_year_by_file": {},
        "nearest_year_by_file": {},
    }
    for name in sorted({r["file"] for r in rows}):
        sub = [r for r in same if r["file"] == name]
        figures["same_year_by_file"][name] = {
            "score": rho([(r["score"], STATUS[r["freedom_house"]]) for r in sub]),
            "score_no_coverage": rho(
                [(r["score_no_coverage"], STATUS[r["freedom_house"]]) for r in sub]
            ),
        }
        near = [r for r in rows if r["file"] == name and r["freedom_house_nearest"]]
        figures["nearest_year_by_file"][name] = rho(
            [(r["score"], STATUS[r["freedom_house_nearest"]]) for r in near]
        )
    out = {
        "methodology": {"version": method.version, "sha256": method.sha256},
        "neutral_base": 100.0,
        "imports": imports,
        "country_years": len(rows),
        "country_years_with_same_year_rating": len(same),
        "figures": figures,
        "rows": rows,
        "seconds": round(time.perf_counter() - started, 1),
    }
    text = json.dumps(out, indent=1, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    json.dump(figures, sys.stderr, indent=1)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()
