"""Reviewers' decisions as training pairs for the coder (a later issue retrains on them).

For every source document of an incident a reviewer decided on (accepted, published, rejected,
withdrawn, merged, duplicate), :func:`decisions_for_training` yields the machine's labels from
its coding beside the final labels people settled on:

* accepted / published: the incident's final fields (``is_incident`` true);
* rejected: ``is_incident`` false; but a tombstone of a merge or duplicate takes the labels of
  the incident it points at, since it reported that same event;
* withdrawn: ``is_incident`` false with ``withdrawn`` true (an editor took it down: weigh it as
  the trainer sees fit).

Incidents still ``proposed`` or ``in_review`` are skipped: nobody has decided yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.incidents.factory import LABEL_KINDS, label_ids
from civicspace.review.queue import coding_for
from civicspace.store.incidents import Incident, IncidentDocument

DECIDED = ("accepted", "published", "rejected", "withdrawn")


class Decision(NamedTuple):
    document_id: int
    machine: dict[str, Any]  # what the coder proposed (is_incident, labels, country …)
    final: dict[str, Any]  # what reviewers decided, same keys, plus incident_id and decision


def _labels_of(incident: Incident) -> dict[str, Any]:
    return {
        "is_incident": True,
        **{k: list(getattr(incident, k) or []) for k in LABEL_KINDS},
        "country": incident.country,
        "gendered": incident.gendered,
        "event_date": incident.start_date.isoformat() if incident.start_date else None,
    }


def _final(session: Session, incident: Incident) -> dict[str, Any]:
    seen = {incident.id}
    root = incident
    while root.merged_into is not None and root.merged_into not in seen:
        nxt = session.get(Incident, root.merged_into)
        if nxt is None:
            break
        seen.add(nxt.id)
        root = nxt
    decision = incident.state
    if incident.merged_into is not None:
        decision = "duplicate" if "duplicate_of" in (incident.extra or {}) else "merged"
        if root.state in ("accepted", "published"):
            return {**_labels_of(root), "incident_id": root.id, "decision": decision}
        return {
            "is_incident": root.state != "rejected",
            "incident_id": root.id,
            "decision": decision,
        }
    if incident.state in ("accepted", "published"):
        return {**_labels_of(incident), "incident_id": incident.id, "decision": decision}
    return {
        "is_incident": False,
        "withdrawn": incident.state == "withdrawn",
        "incident_id": incident.id,
        "decision": decision,
    }


def decisions_for_training(session: Session) -> Iterator[Decision]:
    """(document_id, machine labels, final reviewer labels) for every decided source document."""
    rows = session.execute(
        select(IncidentDocument, Incident)
        .join(Incident, Incident.id == IncidentDocument.incident_id)
        .where(Incident.state.in_(DECIDED))
        .order_by(IncidentDocument.document_id)
    )
    for link, incident in rows:
        coding = coding_for(session, link)
        if coding is None:
            continue
        machine = {
            "is_incident": coding.is_incident,
            **{k: label_ids(coding, k) for k in LABEL_KINDS},
            "country": coding.country,
            "gendered": coding.gendered,
            "event_date": coding.event_date.isoformat() if coding.event_date else None,
            "coder": coding.coder,
            "coder_version": coding.coder_version,
        }
        yield Decision(link.document_id, machine, _final(session, incident))
