"""Ratings v2 against Freedom House status, every edition (docs/ratings-validation.md).

Builds a scratch SQLite database with the shipped importers only (``import_index`` on the three
files in ``../shared/data``), then, for every Freedom in the World edition E (2013–2024), computes
every country with ``compute_all(store=False)`` on the day E was published and compares the v2
score and band with E's status (Free, Partly Free, Not Free) and total score.

Variants (every one computes with the shipped code; only the data or the method differ):

- ``strict``: methodology v2 as shipped; each index edition counts from its publication date, so
  before April 2024 there is no V-Dem (only v14, published March 2024, is in the data).
- ``hindsight``: the same, with V-Dem v14 treated as published before every date (how a
  retrospective study would use it). Not what civicspace could have said at the time.
- ``without_fh``: v2 without its Freedom House components (V-Dem + RSF, hindsight dates): Freedom
  House inputs make the comparison partly circular; this variant is not.
- ``lagged``: strict, on the day *before* E was published: v2 from the previous FH edition,
  compared with what FH said next.

Bands are compared with status as open/narrowed ↔ Free, obstructed ↔ Partly Free,
repressed/closed ↔ Not Free; bands are also run through the hysteresis year by year.

    python -m bench.ratings_v2_validation [--data DIR] [--years 2024 2023] [--out FILE.json]

Prints one JSON object: ``spearman_total``, ``band_status_agreement``, ``confusion``, ``n``
(pooled, strict variant), ``hindsight_2019_2024`` (the out-of-sample figure for V-Dem's linked
edges, see ``bench.ratings_v2_anchor``), ``variants`` (per variant and per edition), ``disagreements`` (the
largest, latest edition, hindsight), ``coverage`` (countries in the indices vs. rated).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scipy.stats import spearmanr
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from civicspace.ratings.compute import compute_all
from civicspace.ratings.indices.store import import_index
from civicspace.ratings.method import Methodology, load_method
from civicspace.store import make_engine, upgrade
from civicspace.store.rating_indices import IndexEdition, IndexValue

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "vdem": "vdem_demspaces_v14/dv_data_1968_on.csv",
    "fiw": "freedomhouse_fiw/All_data_FIW_2013-2024.xlsx",
    "rsf": "rsf_wpfi/rsf_wpfi_2013_2024_long.csv",
}
STATUS = {2.0: "Free", 1.0: "Partly Free", 0.0: "Not Free"}
GROUP = {
    "open": "Free",
    "narrowed": "Free",
    "obstructed": "Partly Free",
    "repressed": "Not Free",
    "closed": "Not Free",
}
ORDER = {"Not Free": 0, "Partly Free": 1, "Free": 2}


def data_dir(given: str | None) -> Path:
    path = Path(given or os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data")
    missing = [f for f in FILES.values() if not (path / f).is_file()]
    if missing:
        raise SystemExit(f"index files not found under {path}: {missing} (use --data)")
    return path


def without_fh(method: Methodology) -> Methodology:
    """v2 with the Freedom House components taken out (weights renormalise as for a gap)."""
    data = method.canonical()
    data["version"] = f"{method.version}-without-fh"
    for freedom in data["structural"]["freedoms"].values():
        freedom["components"] = {
            k: c for k, c in freedom["components"].items() if c["source"] != "fiw"
        }
    return Methodology.model_validate(data)


def fh_table(session: Session) -> dict[str, dict[str, dict[str, float]]]:
    """edition → country → {status, Total, ...} from the imported Freedom House values."""
    out: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    rows = session.execute(
        select(IndexEdition.edition, IndexValue.country, IndexValue.variable, IndexValue.value)
        .join(IndexEdition, IndexValue.edition_id == IndexEdition.id)
        .where(IndexValue.source == "fiw", IndexValue.variable.in_(("status", "Total", "CL")))
    )
    for edition, country, variable, value in rows:
        out[edition][country][variable] = value
    return out


def run(
    session: Session, method: Methodology, day: date, fh: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    report = compute_all(session, method, day, store=False)
    session.rollback()
    rows = []
    for r in report.results:
        if r.get("outcome") == "no-base" or r["country"] not in fh:
            continue
        f = fh[r["country"]]
        rows.append(
            {
                "country": r["country"],
                "score": r["score"],
                "band": r["band"],
                "status": STATUS[f["status"]],
                "fh_total": f.get("Total"),
                "freedoms": {
                    k: v["value"]
                    for k, v in r["explanation"]["base"]["structural"]["freedoms"].items()
                },
                "sources": sorted(
                    {
                        c["source"]
                        for v in r["explanation"]["base"]["structural"]["freedoms"].values()
                        for c in v["components"]
                    }
                ),
            }
        )
    return rows


def summarise(rows: list[dict[str, Any]], key: str = "band") -> dict[str, Any]:
    if len(rows) < 3:
        return {"n": len(rows)}
    rho, _p = spearmanr([r["score"] for r in rows], [r["fh_total"] for r in rows])
    agree = sum(GROUP[r[key]] == r["status"] for r in rows)
    far = sum(abs(ORDER[GROUP[r[key]]] - ORDER[r["status"]]) == 2 for r in rows)
    return {
        "n": len(rows),
        "spearman_total": round(float(rho), 3),
        "band_status_agreement": round(agree / len(rows), 3),
        "two_steps_apart": far,
    }


def confusion(rows: list[dict[str, Any]], key: str = "band") -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        table[r[key]][r["status"]] += 1
    bands = ["open", "narrowed", "obstructed", "repressed", "closed"]
    return {b: {s: table[b][s] for s in ORDER} for b in bands}


def with_hysteresis(method: Methodology, by_year: dict[str, list[dict[str, Any]]]) -> None:
    """Add ``band_h``: each country's band run through the hysteresis edition by edition."""
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edition in sorted(by_year):
        for r in by_year[edition]:
            series[r["country"]].append(r)
    for rows in series.values():
        for r, band in zip(rows, method.band_series([r["score"] for r in rows]), strict=True):
            r["band_h"] = band


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data")
    ap.add_argument("--years", nargs="*", help="Freedom in the World editions (default: all)")
    ap.add_argument("--out", help="also write the full result (every country) to this file")
    args = ap.parse_args(argv)
    data = data_dir(args.data)
    started = time.time()
    method = load_method("2")
    variants: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        with Session(engine) as session:
            imports = {s: import_index(session, s, data / f) for s, f in FILES.items()}
            session.commit()
            fh = fh_table(session)
            in_indices = set(session.scalars(select(IndexValue.country).distinct()))
            editions = {
                e.edition: e.published_on
                for e in session.scalars(select(IndexEdition).where(IndexEdition.source == "fiw"))
            }
            years = sorted(args.years or editions)
            for edition in years:
                day = editions[edition]
                variants["strict"][edition] = run(session, method, day, fh[edition])
                variants["lagged"][edition] = run(
                    session, method, day - timedelta(days=1), fh[edition]
                )
            latest = max(editions.values()) + timedelta(days=400)
            everyone = compute_all(session, method, latest, store=False)
            session.rollback()
            session.execute(
                update(IndexEdition)
                .where(IndexEdition.source == "vdem")
                .values(published_on=date(1968, 1, 1))
            )
            session.commit()
            nofh = without_fh(method)
            for edition in years:
                day = editions[edition]
                variants["hindsight"][edition] = run(session, method, day, fh[edition])
                variants["without_fh"][edition] = run(session, nofh, day, fh[edition])
        engine.dispose()
    for by_year in variants.values():
        with_hysteresis(method, by_year)
    summary: dict[str, Any] = {}
    for name, by_year in variants.items():
        pooled = [r for rows in by_year.values() for r in rows]
        later = [r for e, rows in by_year.items() if int(e) >= 2019 for r in rows]
        summary[name] = {
            "pooled": summarise(pooled),
            # V-Dem's band edges were linked to FH on editions 2013–2018: 2019 on is out of sample
            "pooled_2019_2024": summarise(later),
            "pooled_with_hysteresis": summarise(pooled, "band_h"),
            "confusion": confusion(pooled),
            "per_edition": {e: summarise(rows) for e, rows in sorted(by_year.items())},
        }
    last = max(variants["hindsight"])
    disagreements = sorted(
        (r for r in variants["hindsight"][last] if GROUP[r["band"]] != r["status"]),
        key=lambda r: (
            -abs(ORDER[GROUP[r["band"]]] - ORDER[r["status"]]),
            -abs(r["score"] - (r["fh_total"] or 0)),
        ),
    )[:15]
    rated = {r["country"] for r in everyone.results if r.get("outcome") != "no-base"}
    strict = summary["strict"]["pooled"]
    result = {
        "n": strict["n"],
        "spearman_total": strict.get("spearman_total"),
        "band_status_agreement": strict.get("band_status_agreement"),
        "confusion": summary["strict"]["confusion"],
        "hindsight_2019_2024": summary["hindsight"]["pooled_2019_2024"],
        "variants": summary,
        "disagreements": {"edition": last, "variant": "hindsight", "countries": disagreements},
        "coverage": {
            "as_of": latest.isoformat(),
            "countries_in_indices": len(in_indices),
            "rated": len(rated),
            "unrated": sorted(in_indices - rated),
            "stale": sorted(
                r["country"]
                for r in everyone.results
                if any(
                    c.get("stale")
                    for f in r.get("explanation", {})
                    .get("base", {})
                    .get("structural", {})
                    .get("freedoms", {})
                    .values()
                    for c in f["components"]
                )
            ),
            "imports": {
                s: {"editions": len(i.editions), "countries": i.countries, "skipped": i.skipped}
                for s, i in imports.items()
            },
        },
        "methodology": {"version": method.version, "sha256": method.sha256},
        "seconds": round(time.time() - started, 1),
    }
    if args.out:
        full = {**result, "rows": variants}
        Path(args.out).write_text(json.dumps(full, indent=1, default=str) + "\n")
    return result


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=1, default=str)
    sys.stdout.write("\n")
