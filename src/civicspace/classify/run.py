"""Database mode: code every stored document that the current coder version has not coded.

Idempotent and resumable: documents are taken in id order, a batch at a time, each batch
committed with ``INSERT … ON CONFLICT DO NOTHING`` on (document, coder, coder version). A rerun
after a crash codes only what is still missing; a new coder version codes everything again
beside the old codings, which stay untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import Engine, and_, exists, func, select, true
from sqlalchemy.orm import Session

from civicspace.classify.base import Coder
from civicspace.classify.schema import Coding as CodingRecord
from civicspace.classify.schema import InputDoc
from civicspace.store.coding import Coding
from civicspace.store.models import Document, Source
from civicspace.store.upsert import insert_ignore


def _pending(coder: Coder) -> Any:
    coded = exists().where(
        and_(
            Coding.document_id == Document.id,
            Coding.coder == coder.name,
            Coding.coder_version == coder.version,
        )
    )
    return and_(Document.outcome == "stored", ~coded)


def pending_count(engine: Engine, coder: Coder) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count(Document.id)).where(_pending(coder))) or 0)


def to_input(doc: Document, source_country: str | None) -> InputDoc:
    return InputDoc(
        id=str(doc.id),
        text=doc.text or "",
        title=doc.title,
        lang=(doc.language or "")[:2].lower() or None,
        published=doc.published.date() if doc.published else None,
        source_country=source_country,
    )


def to_row(document_id: int, c: CodingRecord) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "coder": c.coder,
        "coder_version": c.coder_version,
        "is_incident": c.is_incident,
        "score": c.score,
        "labels": {
            k: [lab.model_dump() for lab in getattr(c, k)]
            for k in ("violations", "targets", "perpetrators", "freedoms")
        },
        "country": c.country,
        "place": c.place,
        "gendered": c.gendered,
        "event_date": c.event_date,
        "persons": [p.model_dump() for p in c.persons],
        "evidence": {k: v.model_dump() for k, v in c.evidence.items()},
        "language": c.language,
        "pair": c.pair.model_dump() if c.pair is not None else None,
    }


def classify_stored(
    engine: Engine,
    coder: Coder,
    *,
    batch_size: int = 500,
    limit: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
    document_ids: Collection[int] | None = None,
) -> dict[str, Any]:
    """Code the pending stored documents (only ``document_ids`` when given); returns counts."""
    done = incidents = 0
    last_id = 0
    only = Document.id.in_(sorted(document_ids)) if document_ids is not None else true()
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        with Session(engine) as session:
            rows = session.execute(
                select(Document, Source.country)
                .outerjoin(Source, Source.id == Document.source_id)
                .where(_pending(coder), only, Document.id > last_id)
                .order_by(Document.id)
                .limit(size)
            ).all()
            if not rows:
                break
            docs = [to_input(doc, country) for doc, country in rows]
            codings = coder.code(docs)
            insert_ignore(
                session,
                Coding.__table__,  # type: ignore[arg-type]
                [to_row(int(c.id), c) for c in codings],
                ["document_id", "coder", "coder_version"],
            )
            session.commit()
            last_id = rows[-1][0].id
        done += len(rows)
        incidents += sum(c.is_incident for c in codings)
        if on_batch is not None:
            on_batch(done, incidents)
    return {
        "coded": done,
        "incidents": incidents,
        "coder": coder.name,
        "coder_version": coder.version,
    }
