"""The incidents stage: coded documents that are incidents become (or join) incidents.

What a build takes: for each document, the **latest coding** of the configured coder (highest
coding id); the documents whose latest coding says ``is_incident`` and that belong to no
incident yet are *pending*. They are clustered in (day, id) order against the incidents near
their dates (see :mod:`civicspace.incidents.cluster`), a batch at a time, each batch committed:

* a pending document joins the most similar incident that may grow (not ``locked`` by a
  reviewer, not withdrawn, not merged away), or opens a new ``proposed`` incident;
* every incident that grew or opened gets its fields recomputed from its members
  (:mod:`civicspace.incidents.fields`) and one revision (``created`` or ``documents_added``)
  with the field changes and the membership change; its persons go to the registry;
* an unlocked incident whose member has a newer coding is recomputed too (``recoded``);
* a build never removes or moves a document, never touches a ``pinned`` membership row, and
  never changes a locked incident. Running it twice in a row changes nothing the second time.

Every pending document ends in one outcome: ``joined`` or ``opened``; ``suggested`` counts the
opened ones that resemble a locked incident (recorded in ``extra["suggested_merge"]``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, and_, exists, func, insert, or_, select
from sqlalchemy.orm import Session, sessionmaker

from civicspace.incidents.cluster import Cluster, Clusterer, ClusterParams
from civicspace.incidents.factory import blank_incidents
from civicspace.incidents.features import LEAD_CHARS, DocFeatures, document_features
from civicspace.incidents.fields import incident_fields
from civicspace.incidents.registry import Mention, Registry
from civicspace.incidents.revisions import apply_changes
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument
from civicspace.store.models import Document

DEFAULT_CODER = "civicspace-default"
ACTOR = "machine"
_CHUNK = 500


@dataclass(frozen=True)
class BuildParams:
    coder: str = DEFAULT_CODER
    window_days: int = ClusterParams.window_days
    threshold: float = ClusterParams.threshold
    batch_size: int = 2000


@dataclass
class BuildReport:
    pending: int = 0
    joined: int = 0
    opened: int = 0
    suggested: int = 0
    recoded: int = 0
    revisions: int = 0
    persons_linked: int = 0
    comparisons: int = 0
    seconds: float = 0.0
    incidents: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("incidents")
        out["incidents_touched"] = len(self.incidents)
        return out


def _latest(coder: str) -> Any:
    return (
        select(Coding.document_id, func.max(Coding.id).label("coding_id"))
        .where(Coding.coder == coder)
        .group_by(Coding.document_id)
        .subquery()
    )


_COLUMNS = (
    Coding.id,
    Coding.document_id,
    Coding.score,
    Coding.labels,
    Coding.country,
    Coding.place,
    Coding.gendered,
    Coding.event_date,
    Coding.persons,
    Coding.evidence,
    Coding.language,
    Coding.created_at,
    Document.title,
    func.substr(Document.text, 1, LEAD_CHARS * 2),
    Document.url,
    Document.canonical_url,
    Document.published,
    Document.language,
)


def _features(row: Sequence[Any]) -> DocFeatures:
    (
        cid,
        doc_id,
        score,
        labels,
        country,
        place,
        gendered,
        event_date,
        persons,
        evidence,
        language,
        created,
        title,
        lead,
        url,
        canonical,
        published,
        doc_language,
    ) = row
    published_day: date | None = published.date() if isinstance(published, datetime) else None
    day = event_date or published_day or created.date()
    quote = ((evidence or {}).get("is_incident") or {}).get("quote")
    return document_features(
        int(doc_id),
        title=title,
        text=lead,
        country=country,
        day=day,
        url=canonical or url,
        place=place,
        persons=[p for p in persons or () if isinstance(p, dict) and p.get("name")],
        coding_id=int(cid),
        score=float(score),
        published=published_day or day,
        language=language or doc_language,
        labels=labels or {},
        gendered=bool(gendered),
        evidence_quote=quote,
    )


def pending_documents(session: Session, coder: str) -> list[DocFeatures]:
    """Documents whose latest coding is an incident and that belong to no incident."""
    latest = _latest(coder)
    rows = session.execute(
        select(*_COLUMNS)
        .join(latest, latest.c.coding_id == Coding.id)
        .join(Document, Document.id == Coding.document_id)
        .where(
            Coding.is_incident.is_(True),
            ~exists().where(IncidentDocument.document_id == Coding.document_id),
        )
    ).all()
    docs = [_features(r) for r in rows]
    docs.sort(key=lambda d: (d.day, d.document_id))
    return docs


def _members(
    session: Session, incident_ids: Sequence[int], coder: str
) -> dict[int, list[tuple[IncidentDocument, DocFeatures | None]]]:
    """Each incident's membership rows with the features of their documents' codings."""
    out: dict[int, list[tuple[IncidentDocument, DocFeatures | None]]] = {}
    latest = _latest(coder)
    for i in range(0, len(incident_ids), _CHUNK):
        chunk = incident_ids[i : i + _CHUNK]
        rows = session.execute(
            select(IncidentDocument, latest.c.coding_id)
            .outerjoin(latest, latest.c.document_id == IncidentDocument.document_id)
            .where(IncidentDocument.incident_id.in_(chunk))
        ).all()
        wanted = {
            r[0].document_id: (r[0].coding_id if r[0].pinned else r[1]) or r[0].coding_id
            for r in rows
        }
        feats: dict[int, DocFeatures] = {}
        ids = [c for c in wanted.values() if c is not None]
        for j in range(0, len(ids), _CHUNK):
            for r in session.execute(
                select(*_COLUMNS)
                .join(Document, Document.id == Coding.document_id)
                .where(Coding.id.in_(ids[j : j + _CHUNK]))
            ):
                feats[int(r[1])] = _features(r)
        for membership, _cid in rows:
            out.setdefault(membership.incident_id, []).append(
                (membership, feats.get(membership.document_id))
            )
    return out


def _cluster_of(incident: Incident, members: list[DocFeatures]) -> Cluster | None:
    days = [m.day for m in members]
    if incident.start_date:
        days.append(incident.start_date.toordinal())
    if incident.end_date:
        days.append(incident.end_date.toordinal())
    if not days:
        return None
    joinable = (
        not incident.locked and incident.state != "withdrawn" and incident.merged_into is None
    )
    return Cluster(incident.id, incident.country, min(days), max(days), list(members), joinable)


def _mentions(docs: Iterable[DocFeatures]) -> list[Mention]:
    return [
        Mention(str(p["name"]), str(p.get("role", "")), str(p.get("kind", "person")), d.document_id)
        for d in docs
        for p in d.persons
    ]


class _Build:
    def __init__(self, session: Session, params: BuildParams, report: BuildReport) -> None:
        self.session = session
        self.params = params
        self.report = report
        self.clusterer = Clusterer(ClusterParams(params.window_days, params.threshold))
        self.incidents: dict[int, Incident] = {}
        self.registry = Registry(session)

    def load_window(self, first: int, last: int) -> None:
        """Put the incidents near ``[first, last]`` (ordinal days) into the clusterer."""
        w = self.params.window_days
        lo, hi = date.fromordinal(first - w), date.fromordinal(last + w)
        incidents = self.session.scalars(
            select(Incident).where(
                Incident.start_date <= hi,
                or_(
                    Incident.end_date >= lo,
                    and_(Incident.end_date.is_(None), Incident.start_date >= lo),
                ),
            )
        ).all()
        members = _members(self.session, [i.id for i in incidents], self.params.coder)
        for incident in incidents:
            feats = [f for _m, f in members.get(incident.id, []) if f is not None]
            cluster = _cluster_of(incident, feats)
            if cluster is not None:
                self.incidents[incident.id] = incident
                self.clusterer.add_cluster(cluster)

    def run_batch(self, docs: list[DocFeatures]) -> None:
        added: dict[int, list[DocFeatures]] = {}
        opened: list[tuple[Cluster, tuple[int | str, float] | None]] = []
        by_cluster: dict[int, Cluster] = {}
        rows: list[tuple[Cluster, DocFeatures, float | None]] = []
        for doc in docs:
            decision = self.clusterer.assign(doc)
            rows.append((decision.cluster, doc, decision.similarity))
            if decision.opened:
                opened.append((decision.cluster, decision.suggestion))
                self.report.opened += 1
                self.report.suggested += decision.suggestion is not None
            else:
                self.report.joined += 1
        fresh = blank_incidents(self.session, len(opened), "coder")
        for (cluster, _suggestion), incident in zip(opened, fresh, strict=True):
            cluster.key = incident.id
            self.incidents[incident.id] = incident
        self.session.execute(
            insert(IncidentDocument),
            [
                {
                    "incident_id": cluster.key,
                    "document_id": doc.document_id,
                    "coding_id": doc.coding_id,
                    "added_by": ACTOR,
                    "pinned": False,
                    "similarity": sim,
                }
                for cluster, doc, sim in rows
            ],
        )
        for cluster, doc, _sim in rows:
            added.setdefault(int(cluster.key), []).append(doc)
            by_cluster[int(cluster.key)] = cluster
        suggestions = {int(c.key): s for c, s in opened if s is not None}
        sims = {d.document_id: sim for _c, d, sim in rows}
        new_ids = {int(c.key) for c, _s in opened}
        for incident_id, docs_added in added.items():
            cluster = by_cluster[incident_id]
            new_docs = {d.document_id for d in docs_added}
            before = sorted(m.document_id for m in cluster.members if m.document_id not in new_docs)
            self._recompute(
                self.incidents[incident_id],
                cluster.members,
                action="created" if incident_id in new_ids else "documents_added",
                reason=self._reason(docs_added, sims),
                related={"documents": [before, sorted(m.document_id for m in cluster.members)]},
                suggestion=suggestions.get(incident_id),
            )
            self.report.persons_linked += self.registry.link(incident_id, _mentions(docs_added))

    @staticmethod
    def _reason(docs: list[DocFeatures], sims: dict[int, float | None]) -> str:
        parts = [
            f"{d.document_id}"
            + (
                f" (similarity {sims[d.document_id]})"
                if sims.get(d.document_id) is not None
                else ""
            )
            for d in docs
        ]
        return "build: document " + ", ".join(parts)

    def _recompute(
        self,
        incident: Incident,
        members: list[DocFeatures],
        *,
        action: str,
        reason: str,
        related: dict[str, list[Any]] | None = None,
        suggestion: tuple[int | str, float] | None = None,
    ) -> None:
        fields = incident_fields(members, incident.verification, incident.extra)
        if suggestion is not None:
            fields["extra"]["suggested_merge"] = {
                "incident_id": suggestion[0],
                "similarity": suggestion[1],
            }
        if (
            apply_changes(
                self.session,
                incident,
                fields,
                actor=ACTOR,
                action=action,
                reason=reason,
                related=related,
            )
            is not None
        ):
            self.report.revisions += 1
            self.report.incidents.append(incident.id)

    def refresh_recoded(self) -> None:
        """Recompute unlocked incidents whose (unpinned) members have a newer coding."""
        latest = _latest(self.params.coder)
        stale = self.session.execute(
            select(IncidentDocument, latest.c.coding_id)
            .join(latest, latest.c.document_id == IncidentDocument.document_id)
            .join(Incident, Incident.id == IncidentDocument.incident_id)
            .where(
                IncidentDocument.pinned.is_(False),
                Incident.locked.is_(False),
                Incident.state != "withdrawn",
                Incident.merged_into.is_(None),
                or_(
                    IncidentDocument.coding_id.is_(None),
                    IncidentDocument.coding_id != latest.c.coding_id,
                ),
            )
        ).all()
        if not stale:
            return
        for membership, coding_id in stale:
            membership.coding_id = coding_id
        self.session.flush()
        ids = sorted({m.incident_id for m, _c in stale})
        members = _members(self.session, ids, self.params.coder)
        for incident_id in ids:
            incident = self.session.get(Incident, incident_id)
            feats = [f for _m, f in members.get(incident_id, []) if f is not None]
            if incident is None or not feats:
                continue
            self.report.recoded += 1
            self._recompute(
                incident,
                feats,
                action="recoded",
                reason="build: a member document has a newer coding",
            )


def build_incidents(
    engine: Engine,
    params: BuildParams | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Cluster what is new into incidents; returns the counts of the run."""
    params = params or BuildParams()
    report = BuildReport()
    started = time.perf_counter()
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        build = _Build(session, params, report)
        build.refresh_recoded()
        session.commit()
        pending = pending_documents(session, params.coder)
        report.pending = len(pending)
        if pending:
            build.load_window(pending[0].day, pending[-1].day)
        for i in range(0, len(pending), params.batch_size):
            build.run_batch(pending[i : i + params.batch_size])
            session.commit()
            if on_batch is not None:
                on_batch(min(i + params.batch_size, len(pending)), len(pending))
        report.comparisons = build.clusterer.comparisons
    report.seconds = round(time.perf_counter() - started, 3)
    return report
