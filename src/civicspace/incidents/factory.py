"""The one road to a new incident, whoever opens it: the clustering stage, a reviewer splitting a
source off, an importer (ACLED), the demo.

One set of rules for every road:

* ``title`` is cut at :data:`TITLE_CHARS` (the desk's edit limit too), ``summary`` is a lead cut
  at a sentence end near :data:`SUMMARY_CHARS`;
* ``confidence_grade`` follows from the confidence and the verification (:func:`confidence_grade`):
  ``high`` at 0.9 or more when corroborated or verified, ``medium`` at 0.6 or more unless
  disputed, else ``low``;
* a new incident is written with its member documents and a first revision (who, which action,
  why) in the same transaction (:func:`new_incident`), or in bulk as empty rows the clustering
  stage fills at once (:func:`blank_incidents`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.incidents.public import PublishBlocked, approve_public_version
from civicspace.incidents.revisions import apply_changes
from civicspace.store.base import utcnow
from civicspace.store.coding import Coding
from civicspace.store.incidents import STATES, VERIFICATION, Incident, IncidentDocument
from civicspace.store.models import Document

LABEL_KINDS = ("violations", "targets", "perpetrators", "freedoms")
TITLE_CHARS = 300
SUMMARY_CHARS = 400
HIGH, MEDIUM = 0.9, 0.6


def confidence_grade(value: float, verification: str | None) -> str:
    """``high``, ``medium`` or ``low`` for a confidence in [0, 1] and a verification state."""
    if value >= HIGH and verification in ("corroborated", "verified"):
        return "high"
    if value >= MEDIUM and verification != "disputed":
        return "medium"
    return "low"


def clip_title(text: str) -> str:
    """A title on one line, at most :data:`TITLE_CHARS` characters."""
    text = " ".join(text.split())
    if len(text) <= TITLE_CHARS:
        return text
    return text[: text.rfind(" ", 0, TITLE_CHARS - 1) or TITLE_CHARS - 1].rstrip() + "…"


def lead_summary(text: str | None) -> str | None:
    """The start of ``text``, cut at a sentence end (else a word) near :data:`SUMMARY_CHARS`."""
    text = " ".join((text or "").split())
    if len(text) <= SUMMARY_CHARS:
        return text or None
    cut = text.rfind(". ", 0, SUMMARY_CHARS)
    if cut > SUMMARY_CHARS // 3:
        return text[: cut + 1]
    return text[: text.rfind(" ", 0, SUMMARY_CHARS)] + " …"


@dataclass(frozen=True)
class Member:
    """A source document of a new incident, and the coding that put it there."""

    document_id: int
    coding_id: int | None = None
    added_by: str = "machine"


def new_incident(
    session: Session,
    fields: dict[str, Any],
    *,
    provenance: str,
    actor: str,
    action: str,
    reason: str,
    state: str = "proposed",
    members: Sequence[Member] = (),
    at: datetime | None = None,
) -> Incident:
    """Write one incident with ``fields``, its ``members`` and its first revision; flushed.

    An incident born ``published`` (the demo, an import told to publish) passes the privacy gate
    first, as on the desk: :class:`~civicspace.incidents.public.PublishBlocked` otherwise.
    """
    if state not in STATES:
        raise ValueError(f"incident state must be one of {STATES}, not {state!r}")
    values = dict(fields)
    values["title"] = clip_title(str(values.get("title") or ""))
    verification = values.setdefault("verification", "reported")
    if verification not in VERIFICATION:
        raise ValueError(f"verification must be one of {VERIFICATION}, not {verification!r}")
    if values.get("confidence") is not None:
        values["confidence_grade"] = confidence_grade(float(values["confidence"]), verification)
    now = at or utcnow()
    incident = Incident(
        **values,
        state=state,
        provenance=provenance,
        created_at=now,
        updated_at=now,
        published_at=now if state == "published" else None,
    )
    session.add(incident)
    session.flush()
    if state == "published":
        approve_public_version(session, incident)
    for m in members:
        session.add(
            IncidentDocument(
                incident_id=incident.id,
                document_id=m.document_id,
                coding_id=m.coding_id,
                added_by=m.added_by,
            )
        )
    apply_changes(session, incident, {}, actor=actor, action=action, reason=reason)
    incident.updated_at = now
    return incident


def blank_incidents(session: Session, count: int, provenance: str) -> list[Incident]:
    """``count`` empty proposed incidents, flushed (ids assigned), for a stage that fills their
    fields and writes their first revision itself (the clustering stage, in bulk)."""
    fresh = [Incident(title="", state="proposed", provenance=provenance) for _ in range(count)]
    session.add_all(fresh)
    session.flush()
    return fresh


# -- one machine coding ---------------------------------------------------------------------


def label_ids(coding: Coding, kind: str) -> list[str]:
    """The codebook ids the coder proposed for ``kind``, most probable first."""
    allowed = load_codebook().ids(kind)
    labels = sorted((coding.labels or {}).get(kind, []), key=lambda lab: -float(lab.get("p", 0)))
    return [str(lab["id"]) for lab in labels if lab.get("id") in allowed]


def fields_from_coding(doc: Document, coding: Coding) -> dict[str, Any]:
    """Incident fields proposed by one coding of ``doc`` (a one-source incident)."""
    score = float(coding.score)
    return {
        "title": clip_title(doc.title or lead_summary(doc.text) or f"document {doc.id}"),
        "summary": lead_summary(doc.text),
        "summary_document_id": doc.id,
        "country": coding.country,
        "place": coding.place,
        "start_date": coding.event_date,
        "end_date": None,
        **{kind: label_ids(coding, kind) for kind in LABEL_KINDS},
        "gendered": bool(coding.gendered),
        "confidence": score,
        "confidence_grade": confidence_grade(score, "reported"),
        "language": coding.language or doc.language,
    }


def from_coding(session: Session, doc: Document, coding: Coding) -> Incident:
    """A ``proposed`` incident with ``doc`` as its one source; revision ``created`` by machine."""
    return new_incident(
        session,
        fields_from_coding(doc, coding),
        provenance="coder",
        actor="machine",
        action="created",
        reason=f"{coding.coder} {coding.coder_version}",
        members=[Member(doc.id, coding.id, "machine")],
    )


def publish_if_clear(session: Session, incident: Incident, *, actor: str, reason: str) -> bool:
    """Publish ``incident`` when the privacy gate is clear (an importer told to publish);
    otherwise leave it as it is, with a revision saying what held it back. True if published."""
    try:
        approve_public_version(session, incident)
    except PublishBlocked as blocked:
        apply_changes(session, incident, {}, actor=actor, action="held", reason=str(blocked)[:2000])
        return False
    now = utcnow()
    apply_changes(
        session,
        incident,
        {"state": "published", "published_at": now},
        actor=actor,
        action="published",
        reason=reason,
    )
    return True
