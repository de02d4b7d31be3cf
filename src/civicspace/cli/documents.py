"""``civicspace documents``: export and inspect stored documents, one row per input."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.cli.common import ExportFormat, console, open_store, output_stream
from civicspace.errors import NotFound
from civicspace.privacy import safe_csv_dict
from civicspace.store.models import Document, Source

app = typer.Typer(help="Documents: one per input, with its outcome.", no_args_is_help=True)

FIELDS = (
    "id",
    "url",
    "source",
    "title",
    "text",
    "language",
    "published",
    "fetched",
    "outcome",
    "reason",
    "duplicate_of",
    "duplicate_kind",
    "canonical_url",
    "author",
)


def _rows(session: Session, outcome: str | None) -> Iterator[dict[str, Any]]:
    stmt = (
        select(Document, Source.name)
        .outerjoin(Source, Source.id == Document.source_id)
        .order_by(Document.id)
        .execution_options(yield_per=500)
    )
    if outcome:
        stmt = stmt.where(Document.outcome == outcome)
    for doc, source_name in session.execute(stmt):
        yield {
            "id": doc.id,
            "url": doc.url,
            "source": source_name or (doc.meta or {}).get("path"),
            "title": doc.title,
            "text": doc.text,
            "language": doc.language,
            "published": doc.published.isoformat() if doc.published else None,
            "fetched": doc.fetched.isoformat() if doc.fetched else None,
            "outcome": doc.outcome,
            "reason": doc.reason,
            "duplicate_of": doc.duplicate_of,
            "duplicate_kind": doc.duplicate_kind,
            "canonical_url": doc.canonical_url,
            "author": doc.author,
        }


@app.command("export")
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", help="jsonl or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    outcome: str | None = typer.Option(None, help="Only documents with this outcome."),
) -> None:
    """Write one row per document: id, url, source, title, text, language, published, fetched,
    outcome, reason, duplicate_of … (streamed: any size)."""
    count = 0
    with Session(open_store()) as session, output_stream(output) as fh:
        if fmt is ExportFormat.csv:
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            for row in _rows(session, outcome):
                writer.writerow(safe_csv_dict(row))
                count += 1
        else:
            for row in _rows(session, outcome):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    console.print(f"exported {count} documents")


@app.command("stats")
def stats() -> None:
    """Count documents by outcome."""
    with Session(open_store()) as session:
        rows = session.execute(
            select(Document.outcome, func.count())
            .group_by(Document.outcome)
            .order_by(Document.outcome)
        ).all()
    for outcome, n in rows:
        typer.echo(f"{outcome:15} {n}")


@app.command("show")
def show(doc_id: int = typer.Argument(..., help="Document id.")) -> None:
    """Print one document as JSON."""
    with Session(open_store()) as session:
        doc = session.get(Document, doc_id)
        if doc is None:
            raise NotFound(f"no document {doc_id}")
        payload = {
            "id": doc.id,
            "url": doc.url,
            "canonical_url": doc.canonical_url,
            "title": doc.title,
            "author": doc.author,
            "language": doc.language,
            "published": doc.published.isoformat() if doc.published else None,
            "outcome": doc.outcome,
            "reason": doc.reason,
            "duplicate_of": doc.duplicate_of,
            "text": doc.text,
            "meta": doc.meta,
        }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
