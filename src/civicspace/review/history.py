"""An incident's full history: every revision (who, when, what, why) beside the machine's
immutable codings of every document that was ever one of its sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.review.actions import document_ids, get_incident
from civicspace.store.accounts import User
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentRevision
from civicspace.store.models import Document


@dataclass
class RevisionView:
    revision: IncidentRevision
    who: str  # "machine" or the username (the revision itself keeps the stable user:<id>)


@dataclass
class History:
    incident: Incident
    revisions: list[RevisionView]
    codings: list[tuple[Document, Coding]]
    current_documents: list[int]


def actor_names(session: Session, actors: set[str]) -> dict[str, str]:
    ids = {int(a.split(":", 1)[1]) for a in actors if a.startswith("user:") and a[5:].isdigit()}
    names = {a: a for a in actors}
    if ids:
        for uid, username in session.execute(
            select(User.id, User.username).where(User.id.in_(ids))
        ):
            names[f"user:{uid}"] = username
    return names


def history(session: Session, incident_id: int) -> History:
    incident = get_incident(session, incident_id)
    revisions = list(
        session.scalars(
            select(IncidentRevision)
            .where(IncidentRevision.incident_id == incident_id)
            .order_by(IncidentRevision.at, IncidentRevision.id)
        )
    )
    names = actor_names(session, {r.actor for r in revisions})
    current = document_ids(session, incident_id)
    ever: set[int] = set(current)
    for r in revisions:
        docs: Any = (r.changes or {}).get("documents")
        if isinstance(docs, list):
            for side in docs:
                ever.update(int(d) for d in side or [])
    codings = [
        (doc, coding)
        for doc, coding in session.execute(
            select(Document, Coding)
            .join(Coding, Coding.document_id == Document.id)
            .where(Document.id.in_(ever))
            .order_by(Document.id, Coding.id)
        )
    ]
    return History(
        incident,
        [RevisionView(r, names.get(r.actor, r.actor)) for r in revisions],
        codings,
        current,
    )


def history_json(h: History) -> dict[str, Any]:
    """The JSON twin of the history page."""
    return {
        "incident": h.incident.id,
        "state": h.incident.state,
        "documents": h.current_documents,
        "revisions": [
            {
                "at": v.revision.at.isoformat(),
                "actor": v.revision.actor,
                "action": v.revision.action,
                "changes": v.revision.changes,
                "reason": v.revision.reason,
            }
            for v in h.revisions
        ],
        "codings": [
            {
                "document_id": doc.id,
                "coding_id": c.id,
                "coder": c.coder,
                "coder_version": c.coder_version,
                "created_at": c.created_at.isoformat(),
                "is_incident": c.is_incident,
                "score": c.score,
                "labels": c.labels,
                "country": c.country,
                "evidence": c.evidence,
                "pair": c.pair,
            }
            for doc, c in h.codings
        ],
    }
