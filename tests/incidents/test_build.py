"""Building incidents from coded documents, on SQLite and PostgreSQL.

Reports are written for these tests (short paraphrases of the kind of news the coder keeps);
documents and codings are inserted directly, as the coder would leave them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.incidents.build import DEFAULT_CODER, BuildParams, build_incidents
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument, IncidentRevision

ARREST = "Journalist Ana María Pérez arrested in Caracas after reporting on protests"
ARREST_TEXT = (
    "Police in Caracas arrested the journalist Ana María Pérez on Tuesday after she reported on "
    "the protests against the water shortages. Her newspaper, El Pitazo, said officers took her "
    "from her home and seized her equipment."
)
ARREST_2 = "Venezuelan police detain reporter Ana Maria Perez over protest coverage"
ARREST_2_TEXT = (
    "Venezuelan police detained reporter Ana Maria Perez in Caracas, her newspaper El Pitazo "
    "said, after she covered protests over water shortages."
)
UNION = "Union leaders charged after strike at Lagos port"
UNION_TEXT = (
    "Prosecutors in Lagos charged four union leaders with unlawful assembly after a strike at the "
    "port, the Nigeria Labour Congress said."
)

_n = 0


def add_report(
    session: Session,
    *,
    title: str,
    text: str,
    url: str,
    day: date,
    country: str = "VE",
    is_incident: bool = True,
    score: float = 0.8,
    labels: dict[str, Any] | None = None,
    persons: list[dict[str, str]] | None = None,
    version: str = "t1",
    document_id: int | None = None,
) -> int:
    """A stored document (unless ``document_id``) and one coding of it; the document id."""
    global _n
    _n += 1
    if document_id is None:
        from civicspace.store.models import Document

        doc = Document(
            input_key=hashlib.sha256(f"{url}{_n}".encode()).hexdigest(),
            url=url,
            origin="feed",
            outcome="stored",
            title=title,
            text=text,
            language="en",
            published=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        )
        session.add(doc)
        session.flush()
        document_id = doc.id
    session.add(
        Coding(
            document_id=document_id,
            coder=DEFAULT_CODER,
            coder_version=version,
            is_incident=is_incident,
            score=score,
            labels=labels
            or {
                "violations": [{"id": "arrest_detention", "p": 0.9}],
                "targets": [{"id": "journalists", "p": 0.8}],
                "perpetrators": [{"id": "police", "p": 0.7}],
                "freedoms": [{"id": "expression", "p": 0.9}],
            },
            country=country,
            place=None,
            gendered=False,
            event_date=day,
            persons=persons or [],
            evidence={},
            language="en",
        )
    )
    session.flush()
    return document_id


def members(session: Session, incident_id: int) -> list[int]:
    return sorted(
        session.scalars(
            select(IncidentDocument.document_id).where(IncidentDocument.incident_id == incident_id)
        )
    )


def incident_of(session: Session, document_id: int) -> int:
    return session.scalars(
        select(IncidentDocument.incident_id).where(IncidentDocument.document_id == document_id)
    ).one()


def test_reports_of_one_event_become_one_incident_incrementally(engine: Engine) -> None:
    with Session(engine) as s:
        a = add_report(
            s, title=ARREST, text=ARREST_TEXT, url="https://www.bbc.co.uk/a", day=date(2024, 5, 2)
        )
        s.commit()
    first = build_incidents(engine)
    assert (first.pending, first.opened, first.joined) == (1, 1, 0)
    with Session(engine) as s:
        b = add_report(
            s,
            title=ARREST_2,
            text=ARREST_2_TEXT,
            url="https://www.theguardian.com/b",
            day=date(2024, 5, 3),
        )
        c = add_report(
            s,
            title=UNION,
            text=UNION_TEXT,
            url="https://punchng.com/c",
            day=date(2024, 5, 3),
            country="NG",
        )
        s.commit()
    second = build_incidents(engine)
    assert (second.pending, second.opened, second.joined) == (2, 1, 1)
    with Session(engine) as s:
        arrest = incident_of(s, a)
        assert incident_of(s, b) == arrest
        assert incident_of(s, c) != arrest
        incident = s.get(Incident, arrest)
        assert incident is not None
        assert members(s, arrest) == [a, b]
        assert incident.verification == "corroborated"  # bbc.co.uk and theguardian.com
        assert (incident.start_date, incident.end_date) == (date(2024, 5, 2), date(2024, 5, 3))
        assert incident.title == ARREST and incident.summary_document_id == a
        assert incident.violations == ["arrest_detention"]
        assert incident.country == "VE" and incident.state == "proposed"
        union = s.get(Incident, incident_of(s, c))
        assert union is not None and union.verification == "reported"


def test_every_change_writes_a_revision_and_bumps_updated_at(engine: Engine) -> None:
    with Session(engine) as s:
        a = add_report(
            s, title=ARREST, text=ARREST_TEXT, url="https://www.bbc.co.uk/a", day=date(2024, 5, 2)
        )
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        incident_id = incident_of(s, a)
        created = s.scalars(
            select(IncidentRevision).where(IncidentRevision.incident_id == incident_id)
        ).one()
        assert created.action == "created" and created.actor == "machine"
        assert created.changes["documents"] == [[], [a]]
        assert created.changes["title"][1] == ARREST
        stamp = s.get(Incident, incident_id).updated_at  # type: ignore[union-attr]
        b = add_report(
            s,
            title=ARREST_2,
            text=ARREST_2_TEXT,
            url="https://www.theguardian.com/b",
            day=date(2024, 5, 3),
        )
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        revisions = s.scalars(
            select(IncidentRevision)
            .where(IncidentRevision.incident_id == incident_id)
            .order_by(IncidentRevision.id)
        ).all()
        assert [r.action for r in revisions] == ["created", "documents_added"]
        assert revisions[1].changes["documents"] == [[a], [a, b]]
        assert revisions[1].changes["verification"] == ["reported", "corroborated"]
        assert "similarity" in (revisions[1].reason or "")
        assert s.get(Incident, incident_id).updated_at > stamp  # type: ignore[union-attr]


def test_a_second_build_changes_nothing(engine: Engine) -> None:
    with Session(engine) as s:
        for i, (title, text) in enumerate(
            [(ARREST, ARREST_TEXT), (ARREST_2, ARREST_2_TEXT), (UNION, UNION_TEXT)]
        ):
            add_report(
                s,
                title=title,
                text=text,
                url=f"https://outlet{i}.example/x",
                day=date(2024, 5, 2),
                country="NG" if title == UNION else "VE",
            )
        s.commit()
    build_incidents(engine)

    def snapshot() -> tuple[Any, ...]:
        with Session(engine) as s:
            return (
                s.scalar(select(func.count()).select_from(IncidentRevision)),
                sorted(
                    s.execute(
                        select(IncidentDocument.incident_id, IncidentDocument.document_id)
                    ).all()
                ),
                sorted(
                    (i.id, i.updated_at, i.title, i.confidence) for i in s.scalars(select(Incident))
                ),
            )

    before = snapshot()
    again = build_incidents(engine)
    assert (again.pending, again.revisions, again.recoded) == (0, 0, 0)
    assert snapshot() == before


def test_a_locked_incident_keeps_its_membership(engine: Engine) -> None:
    with Session(engine) as s:
        a = add_report(
            s, title=ARREST, text=ARREST_TEXT, url="https://www.bbc.co.uk/a", day=date(2024, 5, 2)
        )
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        incident_id = incident_of(s, a)
        incident = s.get(Incident, incident_id)
        assert incident is not None
        incident.locked = True  # a reviewer split or merged it
        revisions = s.scalar(
            select(func.count())
            .select_from(IncidentRevision)
            .where(IncidentRevision.incident_id == incident_id)
        )
        b = add_report(
            s,
            title=ARREST_2,
            text=ARREST_2_TEXT,
            url="https://www.theguardian.com/b",
            day=date(2024, 5, 3),
        )
        add_report(
            s,
            title=ARREST,
            text=ARREST_TEXT + " Updated.",
            url="https://www.bbc.co.uk/a",
            day=date(2024, 5, 2),
            version="t2",
            document_id=a,
        )  # a newer coding of a
        s.commit()
    report = build_incidents(engine)
    assert report.opened == 1 and report.suggested == 1 and report.recoded == 0
    with Session(engine) as s:
        assert members(s, incident_id) == [a]
        assert (
            s.scalar(
                select(func.count())
                .select_from(IncidentRevision)
                .where(IncidentRevision.incident_id == incident_id)
            )
            == revisions
        )
        opened = s.get(Incident, incident_of(s, b))
        assert opened is not None and opened.id != incident_id
        assert opened.extra["suggested_merge"]["incident_id"] == incident_id  # type: ignore[index]


def test_a_pinned_document_is_never_moved_nor_recoded(engine: Engine) -> None:
    with Session(engine) as s:
        a = add_report(
            s, title=ARREST, text=ARREST_TEXT, url="https://www.bbc.co.uk/a", day=date(2024, 5, 2)
        )
        # a reviewer put document a into an incident of their own, unlocked, pinned
        manual = Incident(
            title="Arrest of a journalist in Caracas",
            country="VE",
            start_date=date(2024, 5, 2),
            end_date=date(2024, 5, 2),
            provenance="manual",
        )
        s.add(manual)
        s.flush()
        first_coding = s.scalar(select(Coding.id).where(Coding.document_id == a))
        s.add(
            IncidentDocument(
                incident_id=manual.id,
                document_id=a,
                coding_id=first_coding,
                added_by="user:1",
                pinned=True,
            )
        )
        add_report(
            s,
            title=ARREST,
            text=ARREST_TEXT,
            url="https://www.bbc.co.uk/a",
            day=date(2024, 5, 2),
            version="t2",
            document_id=a,
        )
        b = add_report(
            s,
            title=ARREST_2,
            text=ARREST_2_TEXT,
            url="https://www.theguardian.com/b",
            day=date(2024, 5, 3),
        )
        s.commit()
        manual_id = manual.id
    report = build_incidents(engine)
    assert report.pending == 1 and report.joined == 1
    with Session(engine) as s:
        row = s.scalars(select(IncidentDocument).where(IncidentDocument.document_id == a)).one()
        assert (row.incident_id, row.pinned, row.added_by, row.coding_id) == (
            manual_id,
            True,
            "user:1",
            first_coding,
        )
        assert members(s, manual_id) == [a, b]  # b joined the reviewer's incident


def test_only_the_latest_coding_of_the_configured_coder_counts(engine: Engine) -> None:
    with Session(engine) as s:
        a = add_report(
            s, title=ARREST, text=ARREST_TEXT, url="https://www.bbc.co.uk/a", day=date(2024, 5, 2)
        )
        add_report(
            s,
            title=ARREST,
            text=ARREST_TEXT,
            url="https://www.bbc.co.uk/a",
            day=date(2024, 5, 2),
            version="t2",
            is_incident=False,
            document_id=a,
        )
        s.commit()
    assert build_incidents(engine).pending == 0
    assert build_incidents(engine, BuildParams(coder="another-coder")).pending == 0


def test_corroboration_needs_two_independent_outlets(engine: Engine) -> None:
    day = date(2024, 5, 2)
    with Session(engine) as s:
        a = add_report(s, title=ARREST, text=ARREST_TEXT, url="https://www.bbc.co.uk/a", day=day)
        add_report(s, title=ARREST_2, text=ARREST_2_TEXT, url="https://feeds.bbc.co.uk/b", day=day)
        # a wire copy: the same words under another outlet's name is not independent
        add_report(s, title=ARREST, text=ARREST_TEXT, url="https://wire-copy.example/a", day=day)
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        incident = s.get(Incident, incident_of(s, a))
        assert incident is not None and len(members(s, incident.id)) == 3
        assert incident.verification == "reported"
        assert incident.confidence_grade != "high"
        incident.verification = "verified"  # a researcher confirmed it
        s.commit()
        c = add_report(
            s, title=ARREST_2, text=ARREST_2_TEXT + " More.", url="https://elpitazo.net/c", day=day
        )
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        incident = s.get(Incident, incident_of(s, c))
        assert incident is not None and incident.verification == "verified"
        assert incident.confidence_grade == "high"
    with Session(engine) as s:
        d = add_report(
            s, title=UNION, text=UNION_TEXT, url="https://punchng.com/d", day=day, country="NG"
        )
        add_report(
            s,
            title=UNION + " (update)",
            text=UNION_TEXT,
            url="https://guardian.ng/e",
            day=day,
            country="NG",
        )
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        union = s.get(Incident, incident_of(s, d))
        assert union is not None
        # the same text at two outlets is a syndicated copy: still one source
        assert union.verification == "reported"
