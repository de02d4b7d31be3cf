"""Write each input's single outcome to the store, detecting duplicates across the whole store."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from civicspace.extract.dedup import Signature
from civicspace.extract.urls import url_key
from civicspace.ingest.items import Item
from civicspace.ingest.process import NO_RAW_OUTCOMES, RAW_COMPRESSION_LEVEL, Processed
from civicspace.store.models import Document, DocumentBand, RawBlob
from civicspace.store.upsert import insert_ignore

RETRYABLE = frozenset({"fetch-error"})
MAX_ATTEMPTS = 3


def pending_keys(
    session: Session, keys: Iterable[str], retries: set[str] | None = None
) -> set[str]:
    """The keys among ``keys`` that still need work: unknown, or a retryable failure with
    attempts left (those are also added to ``retries`` when it is given)."""
    keys = set(keys)
    done: set[str] = set()
    key_list = list(keys)
    for start in range(0, len(key_list), 500):
        chunk = key_list[start : start + 500]
        rows = session.execute(
            select(Document.input_key, Document.outcome, Document.attempts, Document.meta).where(
                Document.input_key.in_(chunk)
            )
        )
        for key, outcome, attempts, meta in rows:
            retryable = outcome in RETRYABLE and (meta or {}).get("retryable", True)
            if not retryable or attempts >= MAX_ATTEMPTS:
                done.add(key)
            elif retries is not None:
                retries.add(key)
    return keys - done


class Recorder:
    """Records outcomes in one session; the caller commits (batching is the caller's choice)."""

    def __init__(self, session: Session, *, near_threshold: float = 0.8) -> None:
        self.session = session
        self.near_threshold = near_threshold

    def _store_raw(self, item: Item, result: Processed) -> str | None:
        if item.raw is None:
            return None
        sha = result.raw_sha256 or hashlib.sha256(item.raw).hexdigest()
        data = result.raw_zlib or zlib.compress(item.raw, RAW_COMPRESSION_LEVEL)
        insert_ignore(
            self.session,
            RawBlob.__table__,  # type: ignore[arg-type]
            [
                {
                    "sha256": sha,
                    "size": len(item.raw),
                    "compression": "zlib",
                    "content_type": item.content_type,
                    "data": data,
                }
            ],
            ["sha256"],
        )
        return sha

    def _duplicate_of(self, doc: Document, sig: Signature | None) -> tuple[int, str, str] | None:
        """``(original id, kind, reason)`` when ``doc`` repeats a stored document."""
        stored = Document.outcome == "stored"
        if doc.id is not None:
            stored = stored & (Document.id != doc.id)
        if doc.url_key:
            hit = self.session.scalar(
                select(Document.id).where(Document.url_key == doc.url_key, stored).limit(1)
            )
            if hit is not None:
                return hit, "url", f"same canonical URL as document {hit}"
        if doc.content_hash:
            hit = self.session.scalar(
                select(Document.id)
                .where(Document.content_hash == doc.content_hash, stored)
                .limit(1)
            )
            if hit is not None:
                return hit, "text", f"same text as document {hit}"
        if sig is not None:
            ids = set(
                self.session.scalars(
                    select(DocumentBand.document_id).where(DocumentBand.key.in_(sig.band_keys()))
                )
            )
            candidates = (
                self.session.execute(
                    select(Document.id, Document.minhash).where(Document.id.in_(ids), stored)
                ).all()
                if ids
                else []
            )
            best: tuple[float, int] | None = None
            for cand_id, blob in candidates:
                other = Signature.from_bytes(blob) if blob else None
                if other is None:
                    continue
                sim = sig.similarity(other)
                if sim >= self.near_threshold and (best is None or sim > best[0]):
                    best = (sim, cand_id)
            if best is not None:
                return (
                    best[1],
                    "near",
                    f"near-duplicate of document {best[1]} (similarity {best[0]:.2f})",
                )
        return None

    def record(self, item: Item, result: Processed) -> Document:
        """Write ``item``'s outcome (insert, or update a retried failure) and return its row."""
        doc = None
        if item.retry:  # only a retried failure has a row already
            doc = self.session.scalar(select(Document).where(Document.input_key == item.input_key))
        if doc is None:
            doc = Document(input_key=item.input_key, origin=item.origin, attempts=0)
            self.session.add(doc)
        doc.attempts = (doc.attempts or 0) + 1
        doc.url = item.url
        doc.source_id = item.source_id
        doc.http_status = item.http_status
        doc.content_type = item.content_type
        doc.outcome = result.outcome
        doc.reason = result.reason
        doc.title = result.title or item.title
        doc.author = result.author
        doc.text = result.text
        doc.language = result.language or item.language
        doc.language_score = result.language_score
        doc.published = result.published or item.published
        doc.canonical_url = result.canonical_url
        doc.content_hash = result.content_hash
        doc.minhash = result.minhash
        meta = {**item.meta, **result.meta}
        doc.meta = meta or None
        if result.outcome not in NO_RAW_OUTCOMES:
            doc.raw_sha256 = self._store_raw(item, result)
        canonical = result.canonical_url or item.url
        doc.url_key = url_key(canonical) if canonical else None
        sig = Signature.from_bytes(result.minhash) if result.minhash else None
        self.session.flush()  # the row has its id, so duplicate queries can leave it out
        if result.outcome == "stored":
            dup = self._duplicate_of(doc, sig)
            if dup is not None:
                doc.outcome = "duplicate"
                doc.duplicate_of, doc.duplicate_kind, doc.reason = dup
        self.session.flush()
        if doc.outcome == "stored" and sig is not None:
            # A new document's keys cannot clash: a plain executemany is enough.
            self.session.execute(
                insert(DocumentBand),
                [{"key": key, "document_id": doc.id} for key in sig.band_keys()],
            )
        return doc
