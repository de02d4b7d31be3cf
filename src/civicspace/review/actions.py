"""What a reviewer can do to an incident. Each function checks the role, checks the state,
changes the incident through :func:`~civicspace.incidents.revisions.apply_changes` (one revision:
who, when, what, why), locks it against re-clustering, and leaves the commit to the caller.

State machine (docs/review-desk.md)::

    proposed ──edit/merge/split──▶ in_review ──accept──▶ accepted ──publish──▶ published
        │                              │                    │                      │
        └──────────reject / duplicate──┴──────reject────────┘                  withdraw
                          ▼                                                        ▼
                      rejected ──reopen──▶ in_review   ◀──────reopen (editor)── withdrawn

Editing or merging into an accepted incident returns it to ``in_review``: an acceptance covers
the content that was accepted, nothing later. Merging B into A moves B's documents to A (pinned)
and leaves B as a tombstone: ``rejected`` with ``merged_into = A``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from civicspace.accounts.roles import actor, require
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.incidents.factory import fields_from_coding
from civicspace.incidents.public import TEXT_FIELDS, add_override, approve_public_version
from civicspace.incidents.revisions import _same, apply_changes
from civicspace.review.edits import LIST_FIELDS, clean_edits
from civicspace.store.accounts import User
from civicspace.store.base import utcnow
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument, IncidentPerson, IncidentRevision
from civicspace.store.models import Document

OPEN = ("proposed", "in_review", "accepted")
MAX_REASON = 2000


def get_incident(session: Session, incident_id: int, *, for_update: bool = False) -> Incident:
    # FOR UPDATE (PostgreSQL): two reviewers deciding on one incident at once take turns;
    # populate_existing, so a row already in the session is read again under the lock
    incident = session.get(
        Incident, incident_id, with_for_update=for_update or None, populate_existing=for_update
    )
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    return incident


def document_ids(session: Session, incident_id: int) -> list[int]:
    return list(
        session.scalars(
            select(IncidentDocument.document_id)
            .where(IncidentDocument.incident_id == incident_id)
            .order_by(IncidentDocument.document_id)
        )
    )


def _reason(reason: str | None, *, required: bool = False) -> str | None:
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise InvalidInput(f"reason: at most {MAX_REASON} characters")
    if required and not text:
        raise InvalidInput("reason: required, say why")
    return text or None


def _record(
    session: Session,
    incident: Incident,
    updates: dict[str, Any],
    user: User,
    action: str,
    reason: str | None,
    extra_changes: dict[str, list[Any]] | None = None,
) -> IncidentRevision:
    revision = apply_changes(
        session,
        incident,
        {**updates, "locked": True},
        actor=actor(user),
        action=action,
        reason=reason,
        related=extra_changes,
    )
    assert revision is not None  # only "edited" may record nothing
    return revision


def _check_open(incident: Incident, what: str) -> None:
    if incident.state not in OPEN:
        raise Conflict(f"incident {incident.id} is {incident.state}: cannot {what} it")


def _may_change_content(incident: Incident, user: User, what: str) -> None:
    """Content changes: open incidents (researchers), published ones (editors: corrections)."""
    if incident.state == "published":
        require(user, "correct_published")
    elif incident.state not in OPEN:
        raise Conflict(f"incident {incident.id} is {incident.state}: reopen it to {what} it")


def _after_content_change(incident: Incident) -> str:
    return "published" if incident.state == "published" else "in_review"


def edit(
    session: Session,
    incident_id: int,
    user: User,
    raw: dict[str, Any],
    *,
    reason: str | None = None,
    expected_version: str | None = None,
) -> IncidentRevision | None:
    """Set fields (validated against the codebook). None when nothing really changed.

    ``expected_version`` (``updated_at`` as ISO text, sent by the form) refuses an edit made on
    a stale page: someone else changed the incident meanwhile.
    """
    require(user, "edit")
    incident = get_incident(session, incident_id, for_update=True)
    _may_change_content(incident, user, "edit")
    if expected_version and expected_version != incident.updated_at.isoformat():
        raise Conflict(f"incident {incident_id} changed since you opened it: reload the page")
    values = clean_edits(raw)
    changed = {k: v for k, v in values.items() if not _same(k, getattr(incident, k), v)}
    if not changed:
        return None
    start = changed.get("start_date", incident.start_date)
    end = changed.get("end_date", incident.end_date)
    if start and end and end < start:
        raise InvalidInput("end_date: before start_date")
    changed["state"] = _after_content_change(incident)
    revision = _record(session, incident, changed, user, "edited", _reason(reason))
    if incident.state == "published" and set(changed) & set(TEXT_FIELDS):
        approve_public_version(session, incident)  # a correction goes through the gate again
    return revision


def accept(
    session: Session, incident_id: int, user: User, *, reason: str | None = None
) -> Incident:
    """The incident is right as it stands; an editor may now publish it."""
    require(user, "accept")
    incident = get_incident(session, incident_id, for_update=True)
    if incident.state not in ("proposed", "in_review"):
        raise Conflict(f"incident {incident_id} is {incident.state}: cannot accept it")
    if not incident.violations:
        raise InvalidInput("an incident needs at least one violation type to be accepted")
    if not incident.title.strip():
        raise InvalidInput("an incident needs a title to be accepted")
    _record(session, incident, {"state": "accepted"}, user, "accepted", _reason(reason))
    return incident


def reject(
    session: Session, incident_id: int, user: User, *, reason: str | None = None
) -> Incident:
    """Not an incident (or not one worth recording): it stays, as ``rejected``."""
    require(user, "reject")
    incident = get_incident(session, incident_id, for_update=True)
    _check_open(incident, "reject")
    _record(
        session, incident, {"state": "rejected"}, user, "rejected", _reason(reason, required=True)
    )
    return incident


def reopen(
    session: Session, incident_id: int, user: User, *, reason: str | None = None
) -> Incident:
    """Take back a decision: accepted, rejected or (editors) withdrawn → ``in_review``."""
    require(user, "reopen")
    incident = get_incident(session, incident_id, for_update=True)
    updates: dict[str, Any] = {"state": "in_review"}
    if incident.state == "withdrawn":
        require(user, "reopen_withdrawn")
    elif incident.state == "rejected" and incident.merged_into is not None:
        extra = incident.extra or {}
        if "duplicate_of" not in extra:
            raise Conflict(
                f"incident {incident_id} was merged into {incident.merged_into}: "
                "split its sources off there instead"
            )
        updates["merged_into"] = None
        updates["extra"] = {k: v for k, v in extra.items() if k != "duplicate_of"}
    elif incident.state not in ("accepted", "rejected"):
        raise Conflict(f"incident {incident_id} is {incident.state}: nothing to reopen")
    _record(session, incident, updates, user, "reopened", _reason(reason))
    return incident


def publish(
    session: Session, incident_id: int, user: User, *, reason: str | None = None
) -> Incident:
    """Publish an accepted incident (editors only)."""
    require(user, "publish")
    incident = get_incident(session, incident_id, for_update=True)
    if incident.state != "accepted":
        raise Conflict(
            f"incident {incident_id} is {incident.state}: only accepted incidents can be published"
        )
    if not incident.country:
        raise InvalidInput(f"country: required to publish incident {incident_id}; set it first")
    approve_public_version(session, incident)
    updates = {
        "state": "published",
        "published_at": utcnow(),
        "withdrawn_at": None,
        "withdrawn_reason": None,
        "public_title": incident.public_title,
        "public_summary": incident.public_summary,
    }
    _record(session, incident, updates, user, "published", _reason(reason))
    return incident


def redact(
    session: Session,
    incident_id: int,
    user: User,
    field: str,
    text: str,
    kind: str,
    *,
    reason: str | None = None,
) -> IncidentRevision:
    """Replace every occurrence of ``text`` in ``field`` (title, summary, place) with
    ``[kind]``: the one-click answer to a privacy finding."""
    require(user, "redact")
    if field not in TEXT_FIELDS:
        raise InvalidInput(
            f"{field}: only {', '.join(TEXT_FIELDS)} can be redacted here; a source link that "
            "names someone is split off the incident or overridden with a reason"
        )
    incident = get_incident(session, incident_id, for_update=True)
    _may_change_content(incident, user, "redact")
    current = str(getattr(incident, field) or "")
    if not text or text not in current:
        raise InvalidInput(f"{field}: {text!r} is not there (reload the page)")
    label = "".join(ch for ch in kind if ch.isalnum() or ch == "_")[:20] or "redacted"
    updates: dict[str, Any] = {
        field: current.replace(text, f"[{label}]"),
        "state": _after_content_change(incident),
    }
    revision = _record(
        session, incident, updates, user, "redacted", _reason(reason) or f"privacy: {label}"
    )
    if incident.state == "published":
        approve_public_version(session, incident)
    return revision


def allow_finding(
    session: Session, incident_id: int, user: User, fingerprint: str, *, reason: str | None
) -> IncidentRevision:
    """An editor lets one privacy finding out (a public figure, consent), with a reason."""
    require(user, "override_privacy")
    why = _reason(reason, required=True)
    incident = get_incident(session, incident_id, for_update=True)
    add_override(session, incident.id, fingerprint, str(why), actor(user))
    return _record(
        session,
        incident,
        {},
        user,
        "privacy_override",
        why,
        extra_changes={"privacy_override": [None, fingerprint]},
    )


def withdraw(session: Session, incident_id: int, user: User, *, reason: str | None) -> Incident:
    """Take a published incident down; it stays as a tombstone with the reason (editors only)."""
    require(user, "withdraw")
    why = _reason(reason, required=True)
    incident = get_incident(session, incident_id, for_update=True)
    if incident.state != "published":
        raise Conflict(
            f"incident {incident_id} is {incident.state}: only published ones can be withdrawn"
        )
    updates = {"state": "withdrawn", "withdrawn_at": utcnow(), "withdrawn_reason": why}
    _record(session, incident, updates, user, "withdrawn", why)
    return incident


def _root(session: Session, incident: Incident) -> Incident:
    seen = {incident.id}
    while incident.merged_into is not None:
        incident = get_incident(session, incident.merged_into)
        if incident.id in seen:
            raise Conflict("a cycle of merged incidents")
        seen.add(incident.id)
    return incident


def merge(
    session: Session, target_id: int, source_id: int, user: User, *, reason: str | None = None
) -> Incident:
    """Merge incident ``source_id`` into ``target_id``: one event, reported twice.

    The source's documents (and the persons they name) move to the target, pinned there; the
    target gains the union of both codings; the source becomes a ``rejected`` tombstone with
    ``merged_into``. Both are locked against re-clustering.
    """
    require(user, "merge")
    if target_id == source_id:
        raise InvalidInput("cannot merge an incident into itself")
    # lock in id order, so two merges of the same pair cannot deadlock
    first, second = sorted((target_id, source_id))
    locked = {i: get_incident(session, i, for_update=True) for i in (first, second)}
    target, source = locked[target_id], locked[source_id]
    _may_change_content(target, user, "merge into")
    if target.merged_into is not None:
        raise Conflict(f"incident {target_id} was merged into {target.merged_into}")
    _check_open(source, "merge")
    why = _reason(reason)
    who = actor(user)
    before_t, before_s = document_ids(session, target_id), document_ids(session, source_id)
    session.execute(
        update(IncidentDocument)
        .where(IncidentDocument.incident_id == source_id)
        .values(incident_id=target_id, pinned=True, added_by=who, added_at=utcnow())
    )
    session.execute(
        update(IncidentDocument)
        .where(IncidentDocument.incident_id == target_id)
        .values(pinned=True)
    )
    _move_persons(session, source_id, target_id, None)
    updates: dict[str, Any] = {
        k: _union(getattr(target, k), getattr(source, k)) for k in LIST_FIELDS
    }
    updates["gendered"] = target.gendered or source.gendered
    updates["country"] = target.country or source.country
    updates["place"] = target.place or source.place
    starts = [d for d in (target.start_date, source.start_date) if d]
    dates = [d for d in (*starts, target.end_date, source.end_date) if d]
    updates["start_date"] = min(starts) if starts else None
    updates["end_date"] = max(dates) if dates and max(dates) != updates["start_date"] else None
    updates["confidence"] = max(target.confidence, source.confidence)
    updates["state"] = _after_content_change(target)
    after = sorted(before_t + before_s)
    _record(
        session,
        target,
        updates,
        user,
        "merged",
        why,
        {"merged_from": [None, source_id], "documents": [before_t, after]},
    )
    _record(
        session,
        source,
        {"state": "rejected", "merged_into": target_id},
        user,
        "merged_into",
        why,
        {"documents": [before_s, []]},
    )
    session.flush()
    session.expire_all()  # the bulk UPDATEs of links bypassed the identity map
    return get_incident(session, target_id)


def split(
    session: Session, incident_id: int, document_id: int, user: User, *, reason: str | None = None
) -> Incident:
    """Move one source document out into a new incident of its own (pinned, locked).

    The new incident starts from that document's machine coding when there is one, else from
    the fields of the incident it leaves. Returns the new incident, ``in_review``.
    """
    require(user, "split")
    incident = get_incident(session, incident_id, for_update=True)
    _may_change_content(incident, user, "split")
    before = document_ids(session, incident_id)
    if document_id not in before:
        raise NotFound(f"document {document_id} is not a source of incident {incident_id}")
    if len(before) < 2:
        raise Conflict("an incident with one source cannot be split")
    why = _reason(reason)
    link = session.get(IncidentDocument, (incident_id, document_id))
    assert link is not None
    coding = session.get(Coding, link.coding_id) if link.coding_id else None
    doc = session.get(Document, document_id)
    assert doc is not None
    if coding is not None and coding.is_incident:
        fields = fields_from_coding(doc, coding)
    else:
        fields = {
            k: getattr(incident, k)
            for k in (
                "title",
                "summary",
                "country",
                "place",
                "start_date",
                "end_date",
                *LIST_FIELDS,
                "gendered",
                "confidence",
                "confidence_grade",
                "language",
            )
        }
        fields["title"] = doc.title or incident.title
        fields["summary_document_id"] = document_id
    new = Incident(
        **fields,
        state="in_review",
        locked=True,
        provenance="split",
        verification="reported",
        extra={"split_from": incident_id},
    )
    session.add(new)
    session.flush()
    session.execute(
        update(IncidentDocument)
        .where(
            IncidentDocument.incident_id == incident_id, IncidentDocument.document_id == document_id
        )
        .values(incident_id=new.id, pinned=True, added_by=actor(user), added_at=utcnow())
    )
    session.execute(
        update(IncidentDocument)
        .where(IncidentDocument.incident_id == incident_id)
        .values(pinned=True)
    )
    _move_persons(session, incident_id, new.id, document_id)
    rest = [d for d in before if d != document_id]
    _record(
        session,
        new,
        {},
        user,
        "split_from",
        why,
        {"split_from": [None, incident_id], "documents": [[], [document_id]]},
    )
    updates: dict[str, Any] = {"state": _after_content_change(incident)}
    if incident.summary_document_id == document_id:
        updates["summary_document_id"] = rest[0]
    _record(
        session,
        incident,
        updates,
        user,
        "split",
        why,
        {"split_into": [None, new.id], "documents": [before, rest]},
    )
    session.flush()
    session.expire_all()  # the bulk UPDATEs of links bypassed the identity map
    return new


def mark_duplicate(
    session: Session, incident_id: int, original_id: int, user: User, *, reason: str | None = None
) -> Incident:
    """This incident repeats one already recorded: it becomes a ``rejected`` tombstone pointing
    at the original (``merged_into``; ``extra.duplicate_of``). The original is not changed, so a
    published original stays as published; its documents stay with the tombstone."""
    require(user, "duplicate")
    if incident_id == original_id:
        raise InvalidInput("an incident cannot duplicate itself")
    incident = get_incident(session, incident_id, for_update=True)
    _check_open(incident, "mark as a duplicate")
    original = _root(session, get_incident(session, original_id))
    if original.id == incident_id:
        raise Conflict(f"incident {original_id} was merged into {incident_id}")
    if original.state in ("rejected", "withdrawn"):
        raise Conflict(f"incident {original.id} is {original.state}: not an original to point at")
    extra = {**(incident.extra or {}), "duplicate_of": original.id}
    updates = {"state": "rejected", "merged_into": original.id, "extra": extra}
    _record(session, incident, updates, user, "duplicate", _reason(reason))
    return incident


def _union(a: list[str] | None, b: list[str] | None) -> list[str]:
    out = list(a or [])
    out.extend(x for x in b or [] if x not in out)
    return out


def _move_persons(session: Session, from_id: int, to_id: int, document_id: int | None) -> None:
    """Move the person links of ``from_id`` (only those from ``document_id`` if given)."""
    query = select(IncidentPerson).where(IncidentPerson.incident_id == from_id)
    if document_id is not None:
        query = query.where(IncidentPerson.document_id == document_id)
    existing = {
        (p.person_id, p.role)
        for p in session.scalars(select(IncidentPerson).where(IncidentPerson.incident_id == to_id))
    }
    for link in session.scalars(query).all():
        if (link.person_id, link.role) in existing:
            session.delete(link)
        else:
            link.incident_id = to_id
            existing.add((link.person_id, link.role))
