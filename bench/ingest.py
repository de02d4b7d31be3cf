"""Ingestion speed on the 181 saved pages of the article extraction benchmark; prints JSON.

    python -m bench.ingest [--data ../shared/data] [--repeat 3]

Figures, each the median of ``--repeat`` runs, in documents per second:

* ``bare_extract``: ``trafilatura.extract(html)`` with default options (text only);
* ``bare_extraction_metadata``: ``trafilatura.bare_extraction(html, with_metadata=True)``, what
  our path needs (title, author, date, canonical URL);
* ``import_workers_1`` and ``import_workers_2``: the whole import path, ``import_paths`` (what
  ``civicspace import`` calls) on the folder of ``.html.gz`` files into a fresh, migrated SQLite
  file each run: read and gunzip, decode, extract, identify the language, fingerprint, detect
  duplicates, store (raw blob, document, near-duplicate bands) and commit.

The two bare figures get pages already gunzipped and decoded (outside the timing); one warm-up
pass over a few pages loads lxml, trafilatura and the language model first. ``ratios`` divide
the import figures by ``bare_extract``: with one worker, the share of one core's extraction
speed that the whole path keeps; with two, what two processes make of it. ``stages_ms_per_doc``
times each step of the path alone, one process, median over the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.common import BENCHMARK, benchmark_pages, data_dir, median
from civicspace.errors import ItemError
from civicspace.extract.article import extract_article
from civicspace.extract.decode import decode_text
from civicspace.extract.dedup import content_hash, signature
from civicspace.extract.language import identify
from civicspace.ingest.files import iter_items
from civicspace.ingest.importer import import_paths
from civicspace.ingest.process import process_item
from civicspace.ingest.recorder import Recorder
from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bare(htmls: list[str], with_metadata: bool) -> float:
    import trafilatura

    def run() -> None:
        for html in htmls:
            if with_metadata:
                trafilatura.bare_extraction(html, with_metadata=True)
            else:
                trafilatura.extract(html)

    return len(htmls) / _timed(run)


def fresh_engine(folder: Path, name: str) -> tuple[Engine, str]:
    path = folder / f"{name}.db"
    for leftover in folder.glob(f"{name}.db*"):
        leftover.unlink()
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine, f"sqlite:///{path}"


def whole(folder: Path, tmp: Path, workers: int, count: int) -> tuple[float, dict[str, int]]:
    engine, url = fresh_engine(tmp, f"import-w{workers}")
    settings = Settings(database_url=url, import_workers=workers)
    started = time.perf_counter()
    report = import_paths([folder], engine=engine, settings=settings, workers=workers)
    seconds = time.perf_counter() - started
    engine.dispose()
    if report.recorded != count:
        raise SystemExit(f"expected {count} documents, recorded {report.recorded}")
    return count / seconds, dict(report.counts)


def stages(folder: Path, tmp: Path) -> dict[str, float]:
    """Milliseconds per document for each step of the import path, run one after another."""
    settings = Settings()
    spent = dict.fromkeys(
        ("read_gunzip", "decode", "extract", "language", "fingerprints", "store"), 0.0
    )
    clock = time.perf_counter
    t = clock()
    items = list(iter_items([folder], settings.fetch_max_bytes))
    spent["read_gunzip"] = clock() - t
    for item in items:
        assert item.raw is not None
        t = clock()
        html, _ = decode_text(item.raw)
        spent["decode"] += clock() - t
        t = clock()
        try:
            text = extract_article(html, item.url).text
        except ItemError:
            text = ""
        spent["extract"] += clock() - t
        t = clock()
        identify(text)
        spent["language"] += clock() - t
        t = clock()
        content_hash(text)
        signature(text)
        spent["fingerprints"] += clock() - t
    results = [process_item(item) for item in items]  # untimed: the store step's input
    engine, _ = fresh_engine(tmp, "stages")
    with Session(engine) as session:
        recorder = Recorder(session, near_threshold=settings.near_duplicate_threshold)
        t = clock()
        for n, (item, result) in enumerate(zip(items, results, strict=True), 1):
            recorder.record(item, result)
            if n % 64 == 0:
                session.commit()
        session.commit()
        spent["store"] = clock() - t
    engine.dispose()
    return {stage: 1000 * seconds / len(items) for stage, seconds in spent.items()}


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="folder of the third-party data (default ../shared/data)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    folder = data / BENCHMARK / "html"
    pages = benchmark_pages(data)
    htmls = [decode_text(p.html)[0] for p in pages]
    for html in htmls[:5]:  # warm-up
        extract_article(html, min_chars=0)
    identify("warm up")

    load_before = os.getloadavg()[0]
    runs: dict[str, list[float]] = {
        k: []
        for k in (
            "bare_extract",
            "bare_extraction_metadata",
            "import_workers_1",
            "import_workers_2",
        )
    }
    stage_runs: list[dict[str, float]] = []
    outcomes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="civicspace-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for _ in range(args.repeat):
            runs["bare_extract"].append(bare(htmls, with_metadata=False))
            runs["bare_extraction_metadata"].append(bare(htmls, with_metadata=True))
            for workers in (1, 2):
                rate, outcomes = whole(folder, tmp, workers, len(pages))
                runs[f"import_workers_{workers}"].append(rate)
            stage_runs.append(stages(folder, tmp))

    docs_per_s = {k: round(median(v), 2) for k, v in runs.items()}
    base = docs_per_s["bare_extract"]
    stage_ms = {k: round(median([r[k] for r in stage_runs]), 2) for k in stage_runs[0]}
    result: dict[str, object] = {
        "pages": len(pages),
        "repeat": args.repeat,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            # Other work on the machine slows every figure, workers=2 most: check these.
            "load_average_1min": {
                "before": round(load_before, 2),
                "after": round(os.getloadavg()[0], 2),
            },
        },
        "docs_per_s": docs_per_s,
        "ratios": {
            "import_workers_1_per_bare_extract": round(docs_per_s["import_workers_1"] / base, 3),
            "import_workers_2_per_bare_extract": round(docs_per_s["import_workers_2"] / base, 3),
            "bare_extraction_metadata_per_bare_extract": round(
                docs_per_s["bare_extraction_metadata"] / base, 3
            ),
        },
        "stages_ms_per_doc": {**stage_ms, "total": round(sum(stage_ms.values()), 2)},
        "outcomes": outcomes,
        "runs": {k: [round(x, 2) for x in v] for k, v in runs.items()},
    }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
