"""Seed incidents for the publishing tests: published, withdrawn, proposed, with sources and a
private person, written directly with the store models."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.store.incidents import Incident, IncidentDocument, IncidentPerson, Person
from civicspace.store.models import Document

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
SECRET_PERSON = "Amina Secretname"

# (title, summary, country, start, violations, targets, perpetrators, gendered, verification)
PUBLISHED: list[tuple[Any, ...]] = [
    (
        "Journalists detained at a rally",
        "Police detained three reporters covering a march.",
        "KE",
        date(2024, 1, 5),
        ["arrest_detention"],
        ["journalists"],
        ["police"],
        False,
        "verified",
    ),
    (
        "Women defenders threatened online",
        "A campaign of sexualised threats against activists.",
        "KE",
        date(2024, 2, 10),
        ["threats_intimidation", "sexual_gender_based_violence"],
        ["whrd", "hrd"],
        ["online_actors"],
        True,
        "corroborated",
    ),
    (
        "Protest dispersed with tear gas",
        "Police used tear gas on students in the capital.",
        "KE",
        date(2024, 2, 20),
        ["excessive_force", "protest_disruption"],
        ["protesters", "students_academics"],
        ["police"],
        False,
        "reported",
    ),
    (
        "NGO deregistered",
        "The ministry dissolved a human rights group.",
        "HU",
        date(2023, 11, 2),
        ["association_restriction"],
        ["hrd"],
        ["state_officials"],
        False,
        "verified",
    ),
    (
        "Journaliste arrêtée à Paris",
        "Une journaliste a été arrêtée pendant une manifestation.",
        "FR",
        date(2024, 1, 15),
        ["arrest_detention"],
        ["journalists", "whrd"],
        ["police"],
        True,
        "verified",
    ),
    (
        "=cmd formula in title",
        "Radio station taken off air by regulator.",
        "BR",
        date(2023, 12, 1),
        ["censorship"],
        ["journalists"],
        ["state_officials"],
        False,
        "corroborated",
    ),
    (
        "Activist killed after threats",
        "A land defender was shot dead.",
        "BR",
        date(2024, 2, 1),
        ["killing"],
        ["environmental_defenders"],
        ["unknown"],
        False,
        "verified",
    ),
]


def seed(engine: Engine) -> dict[str, int]:
    """Seven published incidents, one withdrawn (once published), one proposed; ids by role."""
    ids: dict[str, int] = {}
    with Session(engine) as session:
        for n, (title, summary, country, start, viol, targ, perp, gendered, verif) in enumerate(
            PUBLISHED
        ):
            at = T0 + timedelta(days=n)
            inc = Incident(
                title=title,
                summary=summary,
                public_title=title,  # as an editor published it through the privacy gate
                public_summary=summary,
                country=country,
                place="Nairobi" if country == "KE" and n == 0 else None,
                start_date=start,
                violations=viol,
                targets=targ,
                perpetrators=perp,
                freedoms=["expression"],
                gendered=gendered,
                verification=verif,
                confidence=0.8,
                confidence_grade="high",
                state="published",
                published_at=at,
                created_at=at - timedelta(days=1),
                updated_at=at,
                extra={"private_note": "reviewer only"},
            )
            session.add(inc)
            session.flush()
            ids[f"p{n}"] = inc.id
        withdrawn = Incident(
            title="Withdrawn story",
            summary="Turned out to be false.",
            country="KE",
            start_date=date(2024, 1, 1),
            violations=["attack"],
            targets=["hrd"],
            perpetrators=["unknown"],
            state="withdrawn",
            published_at=T0 - timedelta(days=10),
            withdrawn_at=T0 + timedelta(days=20),
            withdrawn_reason="fabricated; names " + SECRET_PERSON,
            updated_at=T0 + timedelta(days=20),
        )
        proposed = Incident(
            title="Proposed not yet reviewed",
            summary="Should never be public.",
            country="KE",
            start_date=date(2024, 2, 1),
            violations=["arrest_detention"],
            targets=["journalists"],
            perpetrators=["police"],
            state="proposed",
            updated_at=T0 + timedelta(days=21),
        )
        session.add_all([withdrawn, proposed])
        session.flush()
        ids["withdrawn"], ids["proposed"] = withdrawn.id, proposed.id
        doc = Document(
            input_key="k1",
            url="https://news.example.org/a?x=1",
            canonical_url="https://news.example.org/a",
            origin="feed",
            outcome="stored",
            title="Reporters detained",
            published=T0 - timedelta(days=2),
        )
        private = Document(input_key="k2", url=None, origin="import", outcome="stored")
        session.add_all([doc, private])
        session.flush()
        session.add_all(
            [
                IncidentDocument(incident_id=ids["p0"], document_id=doc.id),
                IncidentDocument(incident_id=ids["p0"], document_id=private.id),
            ]
        )
        person = Person(name=SECRET_PERSON, name_key="amina secretname", public=False)
        session.add(person)
        session.flush()
        session.add(IncidentPerson(incident_id=ids["p0"], person_id=person.id, role="victim"))
        session.commit()
    return ids
