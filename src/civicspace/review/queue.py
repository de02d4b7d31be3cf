"""The queue of incidents waiting for a decision, and everything the review page shows of one.

The queue is newest first and, within a day, most confident first; ``sort=confidence`` puts
confidence first. Filters: country, violation, target, language, source (a source id, or a
piece of a source's name or of a document's URL), state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any

from sqlalchemy import String, cast, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from civicspace.codebook import load_codebook
from civicspace.errors import InvalidInput
from civicspace.review.actions import get_incident
from civicspace.review.edits import country_code
from civicspace.review.highlights import Segment, segments
from civicspace.review.pair import PairView, pair_evidence, pair_view
from civicspace.store.coding import Coding
from civicspace.store.incidents import STATES, Incident, IncidentDocument
from civicspace.store.models import Document, Source

PAGE_SIZE = 25
QUEUE_STATES = {"open": ("proposed", "in_review"), "all": STATES, **{s: (s,) for s in STATES}}
SORTS = ("newest", "confidence")


@dataclass(frozen=True)
class QueueFilters:
    country: str = ""
    violation: str = ""
    target: str = ""
    language: str = ""
    source: str = ""
    state: str = "open"
    sort: str = "newest"
    page: int = 1

    def validated(self) -> QueueFilters:
        book = load_codebook()
        if self.violation and self.violation not in book.ids("violations"):
            raise InvalidInput(f"violation: {self.violation!r} is not an id of the codebook")
        if self.target and self.target not in book.ids("targets"):
            raise InvalidInput(f"target: {self.target!r} is not an id of the codebook")
        if self.state not in QUEUE_STATES:
            raise InvalidInput(f"state: one of {', '.join(QUEUE_STATES)}")
        if self.sort not in SORTS:
            raise InvalidInput(f"sort: one of {', '.join(SORTS)}")
        return QueueFilters(
            country=country_code(self.country) or "" if self.country else "",
            violation=self.violation,
            target=self.target,
            language=self.language.strip().lower()[:16],
            source=self.source.strip()[:200],
            state=self.state,
            sort=self.sort,
            page=max(1, min(self.page, 100_000)),
        )

    def query(self, **changes: Any) -> dict[str, str]:
        """These filters as query parameters (only the set ones), with ``changes``."""
        values = {**self.__dict__, **changes}
        defaults = QueueFilters().__dict__
        return {k: str(v) for k, v in values.items() if v != defaults[k]}


@dataclass
class QueueRow:
    incident: Incident
    documents: int
    sources: list[str]


@dataclass
class QueuePage:
    filters: QueueFilters
    rows: list[QueueRow]
    total: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, ceil(self.total / PAGE_SIZE))


def _json_has(column: Any, value: str) -> ColumnElement[bool]:
    # JSON lists are '["a", "b"]' as text on both backends; ``value`` is a codebook id (checked)
    return cast(column, String).like(f'%"{value}"%')


def _conditions(f: QueueFilters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Incident.state.in_(QUEUE_STATES[f.state])]
    if f.country:
        conds.append(Incident.country == f.country)
    if f.violation:
        conds.append(_json_has(Incident.violations, f.violation))
    if f.target:
        conds.append(_json_has(Incident.targets, f.target))
    if f.language:
        conds.append(func.lower(Incident.language).startswith(f.language, autoescape=True))
    if f.source:
        needle = f.source.lower()
        match = (
            Document.source_id == int(f.source)
            if f.source.isdigit()
            else or_(
                func.lower(Document.url).contains(needle, autoescape=True),
                Document.source_id.in_(
                    select(Source.id).where(
                        func.lower(Source.name).contains(needle, autoescape=True)
                    )
                ),
            )
        )
        conds.append(
            exists()
            .where(IncidentDocument.incident_id == Incident.id)
            .where(IncidentDocument.document_id == Document.id)
            .where(match)
        )
    return conds


def queue(session: Session, filters: QueueFilters) -> QueuePage:
    """One page of the queue."""
    f = filters.validated()
    conds = _conditions(f)
    total = int(session.scalar(select(func.count(Incident.id)).where(*conds)) or 0)
    day = func.date(Incident.created_at)
    order = (
        [day.desc(), Incident.confidence.desc(), Incident.id.desc()]
        if f.sort == "newest"
        else [Incident.confidence.desc(), Incident.created_at.desc(), Incident.id.desc()]
    )
    incidents = list(
        session.scalars(
            select(Incident)
            .where(*conds)
            .order_by(*order)
            .offset((f.page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    ids = [i.id for i in incidents]
    hosts: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        rows = session.execute(
            select(IncidentDocument.incident_id, Document.url, Source.name)
            .join(Document, Document.id == IncidentDocument.document_id)
            .outerjoin(Source, Source.id == Document.source_id)
            .where(IncidentDocument.incident_id.in_(ids))
            .order_by(IncidentDocument.document_id)
        )
        for incident_id, url, source_name in rows:
            hosts[incident_id].append(source_name or _host(url))
    return QueuePage(
        f, [QueueRow(i, len(hosts[i.id]), sorted(set(hosts[i.id]))) for i in incidents], total
    )


def _host(url: str | None) -> str:
    if not url:
        return "file"
    rest = url.split("//", 1)[-1]
    return rest.split("/", 1)[0].lower() or "file"


def queue_neighbours(session: Session, incident: Incident) -> tuple[int | None, int | None]:
    """The previous and next open incident in queue order (for j/k on the review page)."""
    page = queue(session, QueueFilters(page=1))
    ids = [r.incident.id for r in page.rows]
    if incident.id not in ids:
        return None, ids[0] if ids else None
    at = ids.index(incident.id)
    return (ids[at - 1] if at else None), (ids[at + 1] if at + 1 < len(ids) else None)


@dataclass
class SourceView:
    document: Document
    coding: Coding | None
    link: IncidentDocument
    source_name: str
    title: list[Segment]
    text: list[Segment]
    evidence_keys: list[str]
    pair: PairView | None = None  # the coder's act and civic target, when it judged them


@dataclass
class IncidentView:
    incident: Incident
    sources: list[SourceView]
    merged_from: list[Incident]
    duplicates: list[Incident]


def coding_for(session: Session, link: IncidentDocument) -> Coding | None:
    """The coding the incident was built on, else the newest coding of the document."""
    if link.coding_id:
        coding = session.get(Coding, link.coding_id)
        if coding is not None:
            return coding
    return session.scalars(
        select(Coding).where(Coding.document_id == link.document_id).order_by(Coding.id.desc())
    ).first()


def incident_view(session: Session, incident_id: int) -> IncidentView:
    incident = get_incident(session, incident_id)
    sources = []
    links = session.scalars(
        select(IncidentDocument)
        .where(IncidentDocument.incident_id == incident_id)
        .order_by(IncidentDocument.added_at, IncidentDocument.document_id)
    ).all()
    for link in links:
        doc = session.get(Document, link.document_id)
        if doc is None:
            continue
        coding = coding_for(session, link)
        pair = pair_view(coding.pair) if coding is not None else None
        evidence = {**(coding.evidence if coding is not None else {}), **pair_evidence(pair)}
        source = session.get(Source, doc.source_id) if doc.source_id else None
        sources.append(
            SourceView(
                document=doc,
                coding=coding,
                link=link,
                source_name=source.name if source else _host(doc.url),
                title=segments(doc.title, "title", evidence),
                text=segments(doc.text, "text", evidence),
                evidence_keys=sorted(evidence or {}),
                pair=pair,
            )
        )
    children = session.scalars(
        select(Incident).where(Incident.merged_into == incident_id).order_by(Incident.id)
    ).all()
    merged = [c for c in children if "duplicate_of" not in (c.extra or {})]
    duplicates = [c for c in children if "duplicate_of" in (c.extra or {})]
    return IncidentView(incident, sources, merged, duplicates)
