"""Incidents out, streamed: JSON Lines or CSV with every field, and the deletions feed.

Each record carries the incident's fields, its source documents (id, URL, outlet, title,
publication time, whether a reviewer pinned it) and its verification. Persons appear only when
public (:func:`civicspace.incidents.registry.is_public`): a private name never leaves through
an export. A withdrawn incident is a tombstone: its id, state, ``withdrawn_at`` and reason,
nothing else; :func:`deletions` lists the tombstones (and incidents merged into another) for
consumers that keep a copy of the dataset.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from civicspace.incidents.features import outlet_of
from civicspace.incidents.record import FIELDS, incident_record, plain, tombstone
from civicspace.incidents.registry import public_persons
from civicspace.privacy import safe_csv_dict
from civicspace.store.incidents import Incident, IncidentDocument
from civicspace.store.models import Document

FORMATS = ("jsonl", "csv")
BATCH = 500
CSV_FIELDS = (*FIELDS, "source_urls", "source_outlets", "source_count", "persons")


def _sources(session: Session, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    rows = session.execute(
        select(
            IncidentDocument.incident_id,
            IncidentDocument.pinned,
            Document.id,
            Document.url,
            Document.canonical_url,
            Document.title,
            Document.published,
        )
        .join(Document, Document.id == IncidentDocument.document_id)
        .where(IncidentDocument.incident_id.in_(ids))
        .order_by(IncidentDocument.incident_id, Document.published, Document.id)
    ).all()
    for incident_id, pinned, doc_id, url, canonical, title, published in rows:
        link = canonical or url
        out[incident_id].append(
            {
                "document_id": doc_id,
                "url": link,
                "outlet": outlet_of(link),
                "title": title,
                "published": plain(published),
                "pinned": bool(pinned),
            }
        )
    return out


def _records(session: Session, batch: Sequence[Incident]) -> Iterator[dict[str, Any]]:
    live = [i.id for i in batch if i.state != "withdrawn"]
    sources = _sources(session, live)
    persons = public_persons(session, live)
    for incident in batch:
        if incident.state == "withdrawn":
            yield tombstone(incident)
            continue
        record = incident_record(incident)
        record["sources"] = sources[incident.id]
        record["persons"] = persons[incident.id]
        yield record


def iter_incidents(
    session: Session, states: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every incident (in the given states) as a plain record, by id, a batch at a time."""
    last = 0
    while True:
        query = select(Incident).where(Incident.id > last).order_by(Incident.id).limit(BATCH)
        if states:
            query = query.where(Incident.state.in_(list(states)))
        batch = session.scalars(query).all()
        if not batch:
            return
        yield from _records(session, batch)
        last = batch[-1].id


def iter_incidents_by_id(session: Session, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """The records of the given incidents, by id."""
    batch = session.scalars(
        select(Incident).where(Incident.id.in_(list(ids))).order_by(Incident.id)
    ).all()
    yield from _records(session, batch)


def deletions(session: Session, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Tombstones: withdrawn incidents and incidents merged into another, oldest change first."""
    query = (
        select(Incident)
        .where(or_(Incident.state == "withdrawn", Incident.merged_into.is_not(None)))
        .order_by(Incident.updated_at, Incident.id)
    )
    if since is not None:
        query = query.where(Incident.updated_at > since)
    for incident in session.scalars(query).yield_per(BATCH):
        yield tombstone(incident)


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in FIELDS:
        value = record.get(f)
        row[f] = ";".join(value) if isinstance(value, list) else value
    sources = record.get("sources") or []
    row["source_urls"] = " ".join(s["url"] or "" for s in sources)
    row["source_outlets"] = ";".join(sorted({s["outlet"] for s in sources if s["outlet"]}))
    row["source_count"] = len(sources)
    row["persons"] = ";".join(f"{p['name']} ({p['role']})" for p in record.get("persons") or ())
    return row


def write(records: Iterator[dict[str, Any]], fh: IO[str], fmt: str) -> int:
    """Write records as ``jsonl`` or ``csv``; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "jsonl":
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(fh, fieldnames=list(CSV_FIELDS), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(safe_csv_dict(_csv_row(record)))
        n += 1
    return n
