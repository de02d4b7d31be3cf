"""What the benchmarks share: where the third-party data is, and how to load the saved pages."""

from __future__ import annotations

import gzip
import json
import os
import statistics
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = "article_extraction_benchmark_html"
MULTILINGUAL = "trafilatura_eval_multilingual_html"
GOLD_LANGUAGES = Path(__file__).with_name("data") / "multilingual_languages.json"


def data_dir(given: str | Path | None = None) -> Path:
    """``--data``, else ``CIVICSPACE_DATA_DIR``, else ``../shared/data`` beside the repository."""
    path = Path(given or os.environ.get("CIVICSPACE_DATA_DIR") or ROOT.parent / "shared" / "data")
    if not (path / BENCHMARK).is_dir():
        raise SystemExit(
            f"third-party data not found at {path} (use --data or CIVICSPACE_DATA_DIR)"
        )
    return path


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes  # as saved (gunzipped)
    url: str | None
    gold: str  # the gold article body, or "" where there is none
    extra: dict[str, object]


def benchmark_pages(data: Path) -> list[Page]:
    """The 181 pages of the article extraction benchmark with their gold ``articleBody``."""
    folder = data / BENCHMARK
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        key = path.name.removesuffix(".html.gz")
        entry = truth.get(key, {})
        pages.append(
            Page(
                key,
                gzip.decompress(path.read_bytes()),
                entry.get("url"),
                entry.get("articleBody") or "",
                {},
            )
        )
    return pages


def multilingual_pages(data: Path) -> list[Page]:
    """The multilingual evaluation pages with their ``with``/``without`` strings and the gold
    language from ``bench/data/multilingual_languages.json``."""
    folder = data / MULTILINGUAL
    evaldata = json.loads((folder / "evaldata_subset.json").read_text("utf-8"))
    gold = json.loads(GOLD_LANGUAGES.read_text("utf-8"))["pages"]
    pages = []
    for url, entry in sorted(evaldata.items(), key=lambda kv: kv[1]["file"]):
        name = entry["file"]
        pages.append(
            Page(
                name,
                (folder / "html" / name).read_bytes(),
                url if url.startswith("http") else None,
                "",
                {
                    "language": gold[name]["language"],
                    "with": entry.get("with") or [],
                    "without": entry.get("without") or [],
                },
            )
        )
    return pages


def median(values: list[float]) -> float:
    return statistics.median(values)
