"""Publishing speed: the incidents list with filters, a country page's JSON, a 100k-row export.

    python bench/api.py                         # 1,000,000 incidents in a SQLite file
    python bench/api.py --n 100000              # a quick run
    python bench/api.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    python -m bench.api --n 100000 --requests 50   # the same, as a module

Incidents are generated straight into the table (executemany on SQLite, COPY on PostgreSQL) at
the revision before publishing's speed migration (0006), then the database is upgraded to head:
so the migration's backfill (counters, full-text index, sort key) runs on the full data and is
timed (``migrate_s``). 90% published, skewed over 150 countries, 1–3 violations and targets
each, dates 2015–2025. The app runs in a uvicorn process pinned to one core (``taskset``); this
process is the client on the other core. Prints JSON: p50/p95 latency and throughput per
scenario, and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pycountry
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.store import make_engine, upgrade
from civicspace.store.base import utcnow
from civicspace.store.incidents import Incident
from civicspace.store.migrate import current_revision, downgrade, head_revision

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "police",
    "journalist",
    "protest",
    "activist",
    "arrest",
    "union",
    "student",
    "court",
    "law",
    "ngo",
    "radio",
    "online",
    "women",
    "defender",
    "march",
    "strike",
    "newspaper",
    "blogger",
    "lawyer",
    "election",
    "opposition",
    "land",
    "river",
    "community",
    "office",
    "raid",
    "permit",
    "ban",
    "detained",
    "charged",
    "threatened",
    "sentenced",
    "blocked",
]
PLACES = [
    "capital",
    "north",
    "south",
    "east",
    "west",
    "coast",
    "highlands",
    "port",
    "university",
    "market",
]
COLUMNS = [
    "title",
    "summary",
    "country",
    "place",
    "start_date",
    "end_date",
    "violations",
    "targets",
    "perpetrators",
    "freedoms",
    "gendered",
    "verification",
    "confidence",
    "confidence_grade",
    "state",
    "locked",
    "language",
    "provenance",
    "created_at",
    "updated_at",
    "published_at",
    "withdrawn_at",
]


def countries(k: int = 150) -> tuple[list[str], list[float]]:
    codes = sorted(c.alpha_2 for c in pycountry.countries)
    rng = random.Random(7)
    rng.shuffle(codes)
    chosen = codes[:k]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(k)]
    return chosen, weights


def rows(n: int, seed: int = 1) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    cb = load_codebook()
    violations, targets = cb.ids("violations"), cb.ids("targets")
    perps, verif, freedoms = cb.ids("perpetrators"), cb.ids("verification"), cb.ids("freedoms")
    codes, weights = countries()
    start0 = date(2015, 1, 1)
    states = ["published"] * 90 + ["proposed"] * 5 + ["withdrawn"] * 3 + ["in_review"] * 2
    for _ in range(n):
        start = start0 + timedelta(days=rng.randrange(3650))
        published = datetime(start.year, start.month, start.day, tzinfo=UTC) + timedelta(
            days=rng.randrange(1, 60), seconds=rng.randrange(86400)
        )
        state = rng.choice(states)
        title = " ".join(rng.choices(WORDS, k=6)).capitalize()
        summary = " ".join(rng.choices(WORDS, k=25)) + "."
        yield (
            title,
            summary,
            rng.choices(codes, weights)[0],
            rng.choice(PLACES) if rng.random() < 0.5 else None,
            start,
            None,
            json.dumps(rng.sample(violations, rng.randint(1, 3))),
            json.dumps(rng.sample(targets, rng.randint(1, 3))),
            json.dumps(rng.sample(perps, rng.randint(1, 2))),
            json.dumps(rng.sample(freedoms, 1)),
            rng.random() < 0.15,
            rng.choice(verif),
            round(rng.random(), 3),
            "medium",
            state,
            False,
            "en",
            "bench",
            published - timedelta(days=1),
            published + timedelta(days=rng.randrange(3)),
            published if state in ("published", "withdrawn") else None,
            published + timedelta(days=5) if state == "withdrawn" else None,
        )


# generate at this revision, then upgrade: the speed migration backfills a full database
BEFORE = "0005_publish_indexes"


def fresh(url: str) -> None:
    """An empty database at :data:`BEFORE` (a SQLite file is removed; PostgreSQL downgraded)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    engine = make_engine(url)
    if current_revision(engine) is not None:
        downgrade(engine, "base")
    upgrade(engine, BEFORE)
    engine.dispose()


def migrate(url: str) -> float:
    engine = make_engine(url)
    t0 = time.perf_counter()
    upgrade(engine)
    engine.dispose()
    return time.perf_counter() - t0


def at_head(url: str) -> bool:
    engine = make_engine(url)
    try:
        return current_revision(engine) == head_revision(engine)
    finally:
        engine.dispose()


def generate(url: str, n: int) -> float:
    fresh(url)
    engine = make_engine(url)
    t0 = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "postgresql":
            cur.execute("TRUNCATE incidents CASCADE")
            with cur.copy(f"COPY incidents ({', '.join(COLUMNS)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows(n):
                    copy.write_row(row)
            raw.commit()
            cur.execute("ANALYZE incidents")
        else:
            cur.execute("DELETE FROM incidents")
            marks = ", ".join("?" for _ in COLUMNS)
            sql = f"INSERT INTO incidents ({', '.join(COLUMNS)}) VALUES ({marks})"
            batch: list[tuple[Any, ...]] = []
            for row in rows(n):
                batch.append(
                    tuple(
                        v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
                        if isinstance(v, datetime)
                        else v.isoformat()
                        if isinstance(v, date)
                        else v
                        for v in row
                    )
                )
                if len(batch) >= 20000:
                    cur.executemany(sql, batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
            raw.commit()
            cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    engine.dispose()
    return time.perf_counter() - t0


def count(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(text("SELECT count(*) FROM incidents")).scalar_one())
    engine.dispose()
    return n


def serve(url: str, port: int, cpu: int = 0) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CIVICSPACE_DATABASE_URL": url}
    code = (
        "import uvicorn; from civicspace.web.app import create_app; "
        f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning', "
        "access_log=False)"
    )
    cmd = [sys.executable, "-c", code]
    if os.path.exists("/usr/bin/taskset") and (os.cpu_count() or 1) > 1:
        cmd = ["taskset", "-c", str(cpu), *cmd]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def measure(client: httpx.Client, urls: list[str]) -> dict[str, Any]:
    times = []
    t0 = time.perf_counter()
    for u in urls:
        s = time.perf_counter()
        r = client.get(u)
        r.raise_for_status()
        times.append((time.perf_counter() - s) * 1000)
    total = time.perf_counter() - t0
    times.sort()
    return {
        "requests": len(urls),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
        "req_per_s": round(len(urls) / total, 1),
    }


def after_changes(client: httpx.Client, url: str, codes: list[str], rounds: int) -> dict[str, Any]:
    """Withdraw, then publish again, one incident of a country (through the ORM, as the desk
    does; the triggers update the counters), then ask for that country and the home page: the
    first request after a change. ``write_ms``: the change's commit, triggers included."""
    rng = random.Random(5)
    engine = make_engine(url)
    writes: list[float] = []
    country: list[float] = []
    home: list[float] = []
    try:
        with Session(engine) as session:
            for _ in range(rounds):
                code = rng.choice(codes[:40])
                ident = session.scalar(
                    select(Incident.id)
                    .where(Incident.country == code, Incident.state == "published")
                    .order_by(Incident.published_at.desc())
                    .limit(1)
                )
                inc = session.get(Incident, ident)
                assert inc is not None
                for state in ("withdrawn", "published"):
                    t0 = time.perf_counter()
                    inc.state, inc.updated_at = state, utcnow()
                    inc.withdrawn_at = utcnow() if state == "withdrawn" else None
                    session.commit()
                    writes.append((time.perf_counter() - t0) * 1000)
                    for path, times in ((f"/api/v1/countries/{code}", country), ("/", home)):
                        t0 = time.perf_counter()
                        client.get(path).raise_for_status()
                        times.append((time.perf_counter() - t0) * 1000)
    finally:
        engine.dispose()
    return {
        "write": stats(writes),
        "country_json_after_change": stats(country),
        "home_html_after_change": stats(home),
    }


def stats(times: list[float]) -> dict[str, Any]:
    times = sorted(times)
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "max_ms": round(times[-1], 2),
    }


def scenarios(
    client: httpx.Client, requests: int, export_rows: int, n: int, url: str
) -> dict[str, Any]:
    rng = random.Random(3)
    codes, weights = countries()
    cb = load_codebook()
    violations, targets = cb.ids("violations"), cb.ids("targets")

    def filtered(kind: int | None = None) -> str:
        kind = rng.randrange(8) if kind is None else kind
        c = rng.choices(codes, weights)[0]
        if kind == 0:
            return f"country={c}"
        if kind == 1:
            return f"violation={rng.choice(violations)}"
        if kind == 2:
            return f"country={c}&violation={rng.choice(violations)}"
        if kind == 3:
            return "target=whrd&gendered=true"
        if kind == 4:
            y = rng.randrange(2015, 2025)
            return f"since={y}-01-01&until={y}-06-30"
        if kind == 5:
            return f"verification=verified&perpetrator=police&target={rng.choice(targets)}"
        if kind == 6:
            return f"q={rng.choice(WORDS)}"
        return f"country={c}&sort=-start_date"

    out: dict[str, Any] = {}
    out["list_default"] = measure(client, ["/api/v1/incidents"] * requests)
    out["list_filtered"] = measure(
        client, [f"/api/v1/incidents?{filtered()}" for _ in range(requests)]
    )
    names = (
        "country",
        "violation",
        "country+violation",
        "whrd+gendered",
        "half-year",
        "verified+police+target",
        "common word",
        "country by start_date",
    )
    out["list_filtered_p95_ms_by_kind"] = {
        name: measure(client, [f"/api/v1/incidents?{filtered(k)}" for _ in range(40)])["p95_ms"]
        for k, name in enumerate(names)
    }
    nexts = []
    for _ in range(min(requests, 50)):
        page = client.get(f"/api/v1/incidents?{filtered()}").json()
        if page["next"]:
            nexts.append(page["next"].replace("http://127.0.0.1", "").split("/api/", 1)[1])
    out["list_next_page"] = measure(client, [f"/api/{u}" for u in nexts])
    out["list_rare_word"] = measure(client, ["/api/v1/incidents?q=zzzrareword"] * 5)
    sample = rng.sample(codes, 40)
    out["country_json_cold"] = measure(client, [f"/api/v1/countries/{c}" for c in sample])
    out["country_json_warm"] = measure(
        client, [f"/api/v1/countries/{rng.choice(sample)}" for _ in range(requests)]
    )
    out["country_html_warm"] = measure(
        client, [f"/countries/{rng.choice(sample)}" for _ in range(requests)]
    )
    out["home_html_warm"] = measure(client, ["/"] * requests)
    out.update(after_changes(client, url, codes, max(5, requests // 10)))
    # an export of ~export_rows rows: a date range sized to hold them
    published = int(n * 0.9)
    days = min(3650, max(1, int(3650 * export_rows / max(published, 1))))
    until = date(2015, 1, 1) + timedelta(days=days - 1)
    for fmt, path in (("csv", "incidents.csv"), ("jsonl", "incidents.jsonl")):
        t0 = time.perf_counter()
        lines = 0
        first_byte = None
        with client.stream(
            "GET", f"/api/v1/exports/{path}?since=2015-01-01&until={until.isoformat()}"
        ) as r:
            for chunk in r.iter_bytes():
                if first_byte is None:
                    first_byte = time.perf_counter() - t0
                lines += chunk.count(b"\n")
        secs = time.perf_counter() - t0
        rows_out = lines - (1 if fmt == "csv" else 0)
        out[f"export_{fmt}"] = {
            "rows": rows_out,
            "seconds": round(secs, 2),
            "rows_per_s": round(rows_out / secs),
            "first_byte_ms": round((first_byte or 0) * 1000, 1),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="incidents to generate")
    ap.add_argument("--database-url", help="PostgreSQL URL (default: a SQLite file)")
    ap.add_argument("--sqlite-path", help="SQLite file to use (reused if it holds --n rows)")
    ap.add_argument("--requests", type=int, default=200, help="requests per scenario")
    ap.add_argument("--export-rows", type=int, default=100_000)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--cpu", type=int, default=0, help="core the server is pinned to")
    ap.add_argument(
        "--prepare-only", action="store_true", help="generate and migrate, then stop (no server)"
    )
    args = ap.parse_args()
    url = args.database_url
    if not url:
        path = args.sqlite_path or os.path.join(
            tempfile.gettempdir(), f"civicspace-bench-{args.n}.db"
        )
        url = f"sqlite:///{path}"
    result: dict[str, Any] = {"backend": url.split(":", 1)[0], "incidents": args.n}
    try:
        existing = count(url)
    except Exception:
        existing = -1
    result["load_avg_before"] = [round(x, 2) for x in os.getloadavg()]
    if existing != args.n:
        secs = generate(url, args.n)
        result["generate_s"] = round(secs, 1)
        result["generate_rows_per_s"] = round(args.n / secs)
    if existing != args.n or not at_head(url):
        result["migrate_s"] = round(migrate(url), 1)
    if args.prepare_only:
        result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(result, indent=2))
        return
    server = serve(url, args.port, args.cpu)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{args.port}", timeout=600) as client:
            result["scenarios"] = scenarios(client, args.requests, args.export_rows, args.n, url)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
