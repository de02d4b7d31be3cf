"""A proposed incident from one machine coding: what the desk shows before anyone decides.

The clustering stage (``civicspace.incidents``) builds incidents from many codings; this is the
one-document case, used by the demo, by :func:`civicspace.review.actions.split` and by tests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.incidents.history import apply_changes
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument
from civicspace.store.models import Document

LABEL_KINDS = ("violations", "targets", "perpetrators", "freedoms")
SUMMARY_CHARS = 320


def confidence_grade(score: float) -> str:
    return "high" if score >= 0.8 else "medium" if score >= 0.5 else "low"


def label_ids(coding: Coding, kind: str) -> list[str]:
    """The codebook ids the coder proposed for ``kind``, most probable first."""
    allowed = load_codebook().ids(kind)
    labels = sorted((coding.labels or {}).get(kind, []), key=lambda lab: -float(lab.get("p", 0)))
    return [str(lab["id"]) for lab in labels if lab.get("id") in allowed]


def _summary(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    if len(text) <= SUMMARY_CHARS:
        return text or None
    cut = text.rfind(". ", 0, SUMMARY_CHARS)
    if cut > SUMMARY_CHARS // 3:
        return text[: cut + 1]
    return text[: text.rfind(" ", 0, SUMMARY_CHARS)] + " …"


def fields_from_coding(doc: Document, coding: Coding) -> dict[str, Any]:
    """Incident columns proposed by one coding of ``doc``."""
    return {
        "title": (doc.title or _summary(doc.text) or f"document {doc.id}")[:300],
        "summary": _summary(doc.text),
        "summary_document_id": doc.id,
        "country": coding.country,
        "place": coding.place,
        "start_date": coding.event_date,
        "end_date": None,
        **{kind: label_ids(coding, kind) for kind in LABEL_KINDS},
        "gendered": bool(coding.gendered),
        "confidence": float(coding.score),
        "confidence_grade": confidence_grade(float(coding.score)),
        "language": coding.language or doc.language,
    }


def create_from_coding(session: Session, doc: Document, coding: Coding) -> Incident:
    """A ``proposed`` incident with ``doc`` as its one source; revision ``created`` by machine."""
    incident = Incident(**fields_from_coding(doc, coding), state="proposed", provenance="coder")
    session.add(incident)
    session.flush()
    session.add(
        IncidentDocument(
            incident_id=incident.id, document_id=doc.id, coding_id=coding.id, added_by="machine"
        )
    )
    apply_changes(
        session,
        incident,
        {},
        actor="machine",
        action="created",
        reason=f"{coding.coder} {coding.coder_version}",
    )
    return incident
