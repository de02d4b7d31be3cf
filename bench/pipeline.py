"""Pipeline throughput as jobs on PostgreSQL, with 1 and with 2 worker processes; prints JSON.

    python -m bench.pipeline [--data ../shared/data] [--limit N] [--batch 4]
                             [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Input: the saved news pages of ``article_extraction_benchmark_html`` (181) and
``trafilatura_eval_multilingual_html`` (74), as ``.html.gz`` files. For each worker count, a
fresh schema on the PostgreSQL server gets the migrations and the queue, import jobs of
``--batch`` files each are queued, and ``civicspace worker`` processes run import → classify →
cluster until no pipeline job is left. Figures:

* ``docs_per_s_workers_1`` / ``_2``: input documents divided by the time from the first job's
  start to the last job's end (procrastinate's events; jobs are queued once every worker is up,
  so start-up, which loads the coder, is left out);
* ``workers_2_vs_1``: their ratio (goal ≥ 1.6 on two cores);
* ``cpu_ms_per_doc``: CPU time of the worker processes per document, from the moment every
  worker is up (one worker: what a document costs, whatever else the machine runs);
* ``gdelt_day_hours``: hours for 200,000 articles on one 2-core machine from that cost
  (``200000 × cpu_ms_per_doc / 2 cores``); ``gdelt_day_hours_measured`` from the 2-worker rate;
* ``load_average``: the machine's 1-minute load before and after each run, and ``cores_used``:
  the workers' CPU seconds per second of the run (other engineers share the 2 cores: with a load
  above 2 the workers get less than a core each, and the rates and their ratio measure the
  machine's share, not the pipeline; ``cpu_ms_per_doc`` stays comparable).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from bench.common import BENCHMARK, MULTILINGUAL, data_dir
from civicspace.jobs import admin
from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade

GDELT_DAY = 200_000
PIPELINE = ("civicspace.import_files", "civicspace.classify", "civicspace.cluster")
WORKER_ENV = {
    "CIVICSPACE_JOBS_POLL_INTERVAL_SECONDS": "0.2",
    "CIVICSPACE_JOBS_BACKOFF_SECONDS": "0",
}


def input_files(data: Path, limit: int | None, tmp: Path) -> Path:
    """The pages as one folder of ``.html.gz`` files (links to the originals)."""
    files = sorted((data / BENCHMARK / "html").glob("*.html.gz"))
    files += sorted((data / MULTILINGUAL / "html").glob("*.html*"))
    folder = tmp / "pages"
    folder.mkdir()
    for path in files[:limit]:
        os.symlink(path, folder / path.name)
    return folder


def _busy(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.scalar(
                text(
                    "SELECT count(*) FROM procrastinate_jobs "
                    "WHERE status IN ('todo', 'doing') AND task_name = ANY(:tasks)"
                ),
                {"tasks": list(PIPELINE)},
            )
            or 0
        )


def _registered(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text("SELECT count(*) FROM procrastinate_workers")) or 0)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _span(engine: Engine) -> tuple[float, dict[str, int]]:
    """Seconds from the first pipeline job's start to the last one's end; jobs per task."""
    with engine.connect() as conn:
        first, last = conn.execute(
            text(
                "SELECT min(e.at) FILTER (WHERE e.type = 'started'), "
                "max(e.at) FILTER (WHERE e.type IN ('succeeded', 'failed')) "
                "FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id "
                "WHERE j.task_name = ANY(:tasks)"
            ),
            {"tasks": list(PIPELINE)},
        ).one()
        per_task = dict(
            conn.execute(
                text("SELECT task_name, count(*) FROM procrastinate_jobs GROUP BY task_name")
            ).all()
        )
    return (last - first).total_seconds(), {k: int(v) for k, v in per_task.items()}


def run(base_url: str, folder: Path, workers: int, batch: int, tmp: Path) -> dict[str, Any]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin_engine = make_engine(base_url)
    with admin_engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base_url else "?"
    url = f"{base_url}{sep}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        upgrade(engine)
        admin.apply_schema(engine)
        settings = Settings(database_url=url, jobs_import_batch=batch)
        docs = len(list(folder.iterdir()))
        env = {**os.environ, **WORKER_ENV, "CIVICSPACE_DATABASE_URL": url}
        for i in range(workers):
            log = (tmp / f"worker-{workers}-{i}.log").open("wb")
            cmd = [sys.executable, "-m", "civicspace.cli", "worker", "--name", f"bench{i}"]
            procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT))
        while _registered(engine) < workers:  # started up: imports done, listening
            if any(p.poll() is not None for p in procs):
                raise SystemExit(f"a worker exited; see {tmp}")
            time.sleep(0.2)
        cpu_before = sum(_cpu_seconds(p.pid) for p in procs)
        load_before = os.getloadavg()[0]
        admin.enqueue_imports(settings, [folder])
        deadline = time.monotonic() + 3600
        time.sleep(0.5)
        while _busy(engine) and time.monotonic() < deadline:
            time.sleep(0.2)
        load_after = os.getloadavg()[0]
        cpu = sum(_cpu_seconds(p.pid) for p in procs) - cpu_before
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(60)
        seconds, jobs = _span(engine)
        failed = admin.counts(engine).get("failed", 0)
        return {
            "documents": docs,
            "seconds": round(seconds, 2),
            "docs_per_s": round(docs / seconds, 2),
            "cpu_ms_per_doc": round(1000 * cpu / docs, 1),
            "cores_used": round(cpu / seconds, 2),
            "jobs": jobs,
            "failed_jobs": failed,
            "load_average": [round(load_before, 2), round(load_after, 2)],
        }
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        engine.dispose()
        with admin_engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N pages.")
    parser.add_argument("--batch", type=int, default=4, help="Files per import job.")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CIVICSPACE_TEST_DATABASE_URL")
        or "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    try:
        folder = input_files(data_dir(args.data), args.limit, tmp)
        one = run(args.database_url, folder, 1, args.batch, tmp)
        two = run(args.database_url, folder, 2, args.batch, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    cost = one["cpu_ms_per_doc"] / 1000
    print(
        json.dumps(
            {
                "docs_per_s_workers_1": one["docs_per_s"],
                "docs_per_s_workers_2": two["docs_per_s"],
                "workers_2_vs_1": round(two["docs_per_s"] / one["docs_per_s"], 2),
                "gdelt_day_hours": round(GDELT_DAY * cost / 2 / 3600, 2),
                "gdelt_day_hours_measured": round(GDELT_DAY / two["docs_per_s"] / 3600, 2),
                "cpu_ms_per_doc": one["cpu_ms_per_doc"],
                "cores": os.cpu_count(),
                "runs": {"workers_1": one, "workers_2": two},
            }
        )
    )


if __name__ == "__main__":
    main()
