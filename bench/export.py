"""Export speed in-process: CSV and JSON lines of ~100k published incidents, no HTTP.

    python -m bench.api --n 200000 --prepare-only --database-url postgresql+psycopg://…/bench
    python -m bench.export --database-url postgresql+psycopg://…/bench
    python -m bench.export --sqlite-path /tmp/civicspace-bench-200000.db

Reads a database that ``bench.api --prepare-only`` filled (incidents only, so no sources);
the date range is the one ``bench.api`` uses for its export. Each format runs once to warm up,
then ``--runs`` times; prints JSON: per format the rows, wall seconds and CPU seconds of this
process (best and worst run), rows per second of each, and the SHA-256 of the bytes (equal on
both backends for the same ``--n``). CPU seconds are what an export costs the app; wall-clock
rows per second also hold the database's time and, on a loaded machine, the wait for a core.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from datetime import date, timedelta
from typing import Any

from civicspace.publish.exports import EXPORTERS
from civicspace.publish.filters import Filters
from civicspace.store import make_engine


def run(engine: Any, fmt: str, filters: Filters) -> tuple[int, float, float, str]:
    digest = hashlib.sha256()
    lines = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for chunk in EXPORTERS[fmt](engine, filters, "https://civic.example"):
        data = chunk.encode()
        digest.update(data)
        lines += data.count(b"\n")
    rows = lines - (1 if fmt == "csv" else 0)
    return rows, time.perf_counter() - t0, time.process_time() - c0, digest.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--database-url", help="PostgreSQL URL (default: the SQLite file)")
    ap.add_argument("--sqlite-path", help="SQLite file (default: bench.api's for --n)")
    ap.add_argument("--n", type=int, default=200_000, help="incidents the database holds")
    ap.add_argument("--export-rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    url = args.database_url or "sqlite:///" + (
        args.sqlite_path or os.path.join(tempfile.gettempdir(), f"civicspace-bench-{args.n}.db")
    )
    # bench.api's export range: days sized to hold about --export-rows published incidents
    days = min(3650, max(1, int(3650 * args.export_rows / max(int(args.n * 0.9), 1))))
    filters = Filters(since=date(2015, 1, 1), until=date(2015, 1, 1) + timedelta(days=days - 1))
    engine = make_engine(url)
    result: dict[str, Any] = {
        "backend": url.split(":", 1)[0],
        "load_avg_before": [round(x, 2) for x in os.getloadavg()],
    }
    for fmt in ("csv", "jsonl"):
        run(engine, fmt, filters)  # warm-up
        runs = [run(engine, fmt, filters) for _ in range(args.runs)]
        rows, sha = runs[0][0], runs[0][3]
        assert all(r[0] == rows and r[3] == sha for r in runs), "runs differ"
        walls, cpus = sorted(r[1] for r in runs), sorted(r[2] for r in runs)
        result[f"export_{fmt}"] = {
            "rows": rows,
            "wall_s": [round(walls[0], 2), round(walls[-1], 2)],
            "cpu_s": [round(cpus[0], 2), round(cpus[-1], 2)],
            "rows_per_s": [round(rows / walls[-1]), round(rows / walls[0])],
            "rows_per_cpu_s": [round(rows / cpus[-1]), round(rows / cpus[0])],
            "sha256": sha,
        }
    engine.dispose()
    result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
