"""The privacy gate in front of an incident's public version: what it scans and what it writes."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.incidents.factory import Member, new_incident
from civicspace.incidents.public import PublishBlocked, approve_public_version, gate
from civicspace.incidents.registry import Mention, Registry
from civicspace.store.incidents import Incident
from civicspace.store.models import Document


def _incident(session: Session, url: str, title: str = "Journalist detained") -> int:
    doc = Document(input_key=url, url=url, origin="feed", outcome="stored", title="x", text="x")
    session.add(doc)
    session.flush()
    incident = new_incident(
        session,
        {"title": title, "summary": "Police detained a reporter.", "confidence": 0.7},
        provenance="coder",
        actor="machine",
        action="created",
        reason="test",
        members=[Member(doc.id)],
    )
    return incident.id


def test_a_private_name_in_a_source_slug_blocks_and_dates_do_not(engine: Engine) -> None:
    with Session(engine) as session:
        clean = _incident(session, "https://news.example.org/2026/10/04/1234567/reporter-held")
        named = _incident(session, "https://news.example.org/2026/10/05/ana-perez-detained")
        Registry(session).link(named, [Mention("Ana Pérez", "victim")])
        session.flush()
        assert gate(session, session.get(Incident, clean)).ok
        result = gate(session, session.get(Incident, named))
        assert [(f.kind.value, f.field) for f in result.blocking] == [
            ("person", f"source:{result.blocking[0].field.split(':')[1]}")
        ]
        with pytest.raises(PublishBlocked, match="privacy gate"):
            approve_public_version(session, session.get(Incident, named))


def test_the_public_version_is_written_only_when_clear(engine: Engine) -> None:
    with Session(engine) as session:
        ident = _incident(session, "https://news.example.org/a", title="Call +254 722 123 456")
        incident = session.get(Incident, ident)
        with pytest.raises(PublishBlocked):
            approve_public_version(session, incident)
        assert incident.public_title is None
        incident.title = "Reporter detained in Nairobi"
        approve_public_version(session, incident)
        assert incident.public_title == "Reporter detained in Nairobi"
