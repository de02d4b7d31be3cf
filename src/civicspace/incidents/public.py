"""What of an incident the public may read, and the privacy gate in front of it.

Public output reads only the *public version* of an incident's text (``public_title`` and
``public_summary``), never the working title, the summary the machine chose or a source's
title. The public version is written here, when an editor publishes (or corrects a published
incident), and only while :func:`gate` finds nothing that must not go out: phone numbers,
e-mail addresses, street addresses, ID numbers, exact coordinates, plates, and names of persons
who are not public in the registry (or that it does not know yet), in the title, the summary,
the place and the public source links. A finding blocks until an editor removes it (redacts
it) or lets that one finding out with a recorded reason (:class:`PrivacyOverride`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.errors import Conflict
from civicspace.incidents.features import outlet_of
from civicspace.incidents.registry import is_public
from civicspace.privacy import Finding, GateResult, Override, check_public
from civicspace.store.incidents import (
    Incident,
    IncidentDocument,
    IncidentPerson,
    Person,
    PersonAlias,
    PrivacyOverride,
)
from civicspace.store.models import Document

TEXT_FIELDS = ("title", "summary", "place")
_WORDS = re.compile(r"[^\W\d_]+")


class PublishBlocked(Conflict):
    """The privacy gate found something that must not go out."""

    def __init__(self, incident_id: int, result: GateResult) -> None:
        shown = "; ".join(f"{f.kind.value} {f.text!r} in {f.field}" for f in result.blocking[:5])
        more = f" and {len(result.blocking) - 5} more" if len(result.blocking) > 5 else ""
        super().__init__(
            f"incident {incident_id}: the privacy gate holds it back ({result.summary()}: "
            f"{shown}{more}); redact each finding or override it with a reason"
        )
        self.result = result


def public_sources(session: Session, incident_id: int) -> list[tuple[int, str]]:
    """(document id, URL) of the incident's sources that have a public web address."""
    rows = session.execute(
        select(Document.id, Document.canonical_url, Document.url)
        .join(IncidentDocument, IncidentDocument.document_id == Document.id)
        .where(IncidentDocument.incident_id == incident_id)
        .order_by(Document.id)
    ).all()
    out = []
    for doc_id, canonical, url in rows:
        link = canonical or url
        if link and link.startswith(("http://", "https://")) and outlet_of(link):
            out.append((int(doc_id), str(link)))
    return out


def gated_text(session: Session, incident: Incident) -> dict[str, str]:
    """Every piece of text the public would read, by field name (``source:<id>`` for links)."""
    fields = {f: str(getattr(incident, f) or "") for f in TEXT_FIELDS}
    for doc_id, url in public_sources(session, incident.id):
        # a slug is words too ("/news/ana-perez-arrested"): scan the words of path and query
        # (dates and ids in a path are not private, and would read as phone numbers)
        parts = urlsplit(url)
        fields[f"source:{doc_id}"] = " ".join(_WORDS.findall(f"{parts.path} {parts.query}"))
    return fields


def _names(session: Session, incident_id: int) -> tuple[list[str], list[str]]:
    """(public names, private names) of the persons the registry links to the incident."""
    public: list[str] = []
    private: list[str] = []
    persons = session.scalars(
        select(Person)
        .join(IncidentPerson, IncidentPerson.person_id == Person.id)
        .where(IncidentPerson.incident_id == incident_id)
    ).unique()
    for person in persons:
        aliases = session.scalars(
            select(PersonAlias.alias).where(PersonAlias.person_id == person.id)
        )
        spellings = [person.name, *aliases]
        (public if is_public(person) else private).extend(spellings)
    return public, private


def overrides(session: Session, incident_id: int) -> list[Override]:
    rows = session.scalars(
        select(PrivacyOverride).where(PrivacyOverride.incident_id == incident_id)
    )
    return [Override(o.fingerprint, o.reason, o.actor, o.at) for o in rows]


def gate(session: Session, incident: Incident, text: dict[str, str] | None = None) -> GateResult:
    """What blocks the incident's public version now, and what editors let out; ``text`` is
    :func:`gated_text` when the caller already has it."""
    public, private = _names(session, incident.id)
    return check_public(
        text if text is not None else gated_text(session, incident),
        overrides(session, incident.id),
        known_public_names=public,
        known_private_names=private,
    )


def findings(
    session: Session, incident: Incident, text: dict[str, str] | None = None
) -> list[Finding]:
    """Every finding that blocks, for the desk to show."""
    return list(gate(session, incident, text).blocking)


def approve_public_version(session: Session, incident: Incident) -> GateResult:
    """Write the public version from the reviewed text, or raise :class:`PublishBlocked`."""
    result = gate(session, incident)
    if not result.ok:
        raise PublishBlocked(incident.id, result)
    incident.public_title = incident.title
    incident.public_summary = incident.summary
    return result


def add_override(
    session: Session, incident_id: int, fingerprint: str, reason: str, actor: str
) -> PrivacyOverride:
    """Record that ``actor`` lets the finding ``fingerprint`` out, for ``reason``."""
    checked = Override(fingerprint, reason, actor)  # validates fingerprint and reason
    row = session.scalar(
        select(PrivacyOverride).where(
            PrivacyOverride.incident_id == incident_id,
            PrivacyOverride.fingerprint == checked.fingerprint,
        )
    )
    if row is None:
        row = PrivacyOverride(incident_id=incident_id, fingerprint=checked.fingerprint)
        session.add(row)
    row.reason = checked.reason.strip()
    row.actor = actor
    session.flush()
    return row
