"""Streaming exports of published incidents: CSV, ACLED-like CSV, GeoJSON, JSON lines.

Each export is a generator of text chunks over ``query.iter_records`` (keyset batches), so a
large export never sits in memory; web routes and the CLI both stream them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Engine

from civicspace.acled.export import COLUMNS as ACLED_COLUMNS
from civicspace.acled.export import acled_row
from civicspace.countries import centroids
from civicspace.privacy import safe_csv_row
from civicspace.publish.filters import Filters
from civicspace.publish.query import iter_records
from civicspace.publish.records import plain

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "acled": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}
CSV_COLUMNS = (
    "id",
    "url",
    "title",
    "summary",
    "country",
    "country_name",
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
    "language",
    "published_at",
    "updated_at",
    "sources",
)
CHUNK_ROWS = 500


def public_url(base_url: str, incident_id: int) -> str:
    return f"{base_url.rstrip('/')}/incidents/{incident_id}"


def _csv_chunks(header: Iterable[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow(safe_csv_row(row))  # no cell a spreadsheet would run as a formula
        if n % CHUNK_ROWS == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def csv_row(item: dict[str, Any], base_url: str) -> list[Any]:
    return [
        item["id"],
        public_url(base_url, item["id"]),
        item["title"],
        item["summary"] or "",
        item["country"] or "",
        item["country_name"],
        item["place"] or "",
        plain(item["start_date"]) or "",
        plain(item["end_date"]) or "",
        ";".join(item["violations"]),
        ";".join(item["targets"]),
        ";".join(item["perpetrators"]),
        ";".join(item["freedoms"]),
        "true" if item["gendered"] else "false",
        item["verification"],
        item["confidence"],
        item["confidence_grade"],
        item["language"] or "",
        plain(item["published_at"]),
        plain(item["updated_at"]),
        " | ".join(s["url"] for s in item.get("sources", ())),
    ]


def _json_record(item: dict[str, Any], base_url: str) -> dict[str, Any]:
    out = {k: (v if isinstance(v, list) else plain(v)) for k, v in item.items() if k != "sources"}
    out["url"] = public_url(base_url, item["id"])
    out["sources"] = [{**s, "published": plain(s["published"])} for s in item.get("sources", ())]
    return out


def export_csv(engine: Engine, filters: Filters, base_url: str) -> Iterator[str]:
    records = iter_records(engine, filters, sources=True)
    return _csv_chunks(CSV_COLUMNS, (csv_row(i, base_url) for i in records))


def export_acled(engine: Engine, filters: Filters, base_url: str) -> Iterator[str]:
    records = iter_records(engine, filters, sources=True)
    return _csv_chunks(ACLED_COLUMNS, (acled_row(i) for i in records))


def export_jsonl(engine: Engine, filters: Filters, base_url: str) -> Iterator[str]:
    lines: list[str] = []
    for item in iter_records(engine, filters, sources=True):
        lines.append(json.dumps(_json_record(item, base_url), ensure_ascii=False))
        if len(lines) >= CHUNK_ROWS:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def export_geojson(engine: Engine, filters: Filters, base_url: str) -> Iterator[str]:
    """A FeatureCollection; each incident at its country's centroid (``geo_precision``)."""
    points = centroids()
    yield '{"type":"FeatureCollection","features":['
    parts: list[str] = []
    first = True
    for item in iter_records(engine, filters, sources=True):
        point = points.get(item["country"] or "")
        feature = {
            "type": "Feature",
            "id": item["id"],
            "geometry": {"type": "Point", "coordinates": list(point)} if point else None,
            "properties": {**_json_record(item, base_url), "geo_precision": "country"},
        }
        parts.append(("" if first else ",") + json.dumps(feature, ensure_ascii=False))
        first = False
        if len(parts) >= CHUNK_ROWS:
            yield "".join(parts)
            parts = []
    yield "".join(parts) + "]}\n"


EXPORTERS: dict[str, Callable[[Engine, Filters, str], Iterator[str]]] = {
    "csv": export_csv,
    "acled": export_acled,
    "geojson": export_geojson,
    "jsonl": export_jsonl,
}
