"""The case registry: one person across spellings and incidents, and private by default."""

from __future__ import annotations

import io
import json
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.incidents import export
from civicspace.incidents.build import build_incidents
from civicspace.incidents.registry import is_public, name_key
from civicspace.store.base import utcnow
from civicspace.store.incidents import Incident, IncidentPerson, Person, PersonAlias
from tests.incidents.test_build import ARREST, ARREST_2, ARREST_2_TEXT, ARREST_TEXT, add_report


def test_spellings_share_one_key() -> None:
    keys = {
        name_key(n)
        for n in ("Ana María Pérez", "Ana Maria Perez", "PÉREZ, Ana María", "  ana  maría   PÉREZ ")
    }
    assert keys == {"ana maria perez"}
    assert name_key("Ana Pérez") != name_key("Ana María Pérez")


def _persons(*spellings: str) -> list[dict[str, str]]:
    return [{"name": n, "role": "victim", "kind": "person"} for n in spellings]


def test_registry_dedups_spellings_and_keeps_names_private(engine: Engine) -> None:
    with Session(engine) as s:
        add_report(
            s,
            title=ARREST,
            text=ARREST_TEXT,
            url="https://www.bbc.co.uk/a",
            day=date(2024, 5, 2),
            persons=[
                *_persons("Ana María Pérez"),
                {
                    "name": "Policía Nacional Bolivariana",
                    "role": "perpetrator",
                    "kind": "organisation",
                },
            ],
        )
        add_report(
            s,
            title=ARREST_2,
            text=ARREST_2_TEXT,
            url="https://www.theguardian.com/b",
            day=date(2024, 5, 3),
            persons=_persons("Ana Maria Perez", "PÉREZ, Ana María"),
        )
        # another incident, months later, naming her again
        add_report(
            s,
            title="Ana Maria Perez charged with defamation in Caracas court",
            text="Prosecutors charged the journalist Ana Maria Perez with defamation.",
            url="https://elpitazo.net/c",
            day=date(2024, 9, 20),
            persons=_persons("Ana Maria Perez"),
        )
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        people = s.scalars(select(Person).where(Person.kind == "person")).all()
        assert len(people) == 1
        ana = people[0]
        assert ana.public is False and not is_public(ana)
        aliases = set(s.scalars(select(PersonAlias.alias).where(PersonAlias.person_id == ana.id)))
        assert aliases == {"Ana María Pérez", "Ana Maria Perez", "PÉREZ, Ana María"}
        links = s.scalars(select(IncidentPerson).where(IncidentPerson.person_id == ana.id)).all()
        assert len({link.incident_id for link in links}) == 2
        assert all(link.role == "victim" and link.document_id for link in links)
        police = s.scalars(select(Person).where(Person.kind == "organisation")).one()
        assert police.legal_status == "alleged"
        role = s.scalars(
            select(IncidentPerson.role).where(IncidentPerson.person_id == police.id)
        ).one()
        assert role == "alleged_perpetrator"

        def exported() -> str:
            buf = io.StringIO()
            export.write(export.iter_incidents(s), buf, "jsonl")
            csv_buf = io.StringIO()
            export.write(export.iter_incidents(s), csv_buf, "csv")
            return buf.getvalue() + csv_buf.getvalue()

        text = exported()
        assert "PÉREZ, Ana María" not in text  # a spelling only the registry knows
        records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        assert records and all(r["persons"] == [] for r in records)
        assert all(r["sources"] and r["sources"][0]["url"].startswith("https://") for r in records)

        ana.public = True  # marked public, but with no basis recorded: still private
        s.commit()
        assert all(r["persons"] == [] for r in export.iter_incidents(s))
        ana.public_basis = "consent"
        s.commit()
        named = [r for r in export.iter_incidents(s) if r["persons"]]
        assert len(named) == 2
        assert named[0]["persons"] == [
            {
                "name": "Ana María Pérez",
                "kind": "person",
                "role": "victim",
                "legal_status": "unknown",
            }
        ]
        assert "Policía" not in json.dumps([r["persons"] for r in named], ensure_ascii=False)


def test_withdrawn_incidents_are_tombstones(engine: Engine) -> None:
    with Session(engine) as s:
        add_report(
            s, title=ARREST, text=ARREST_TEXT, url="https://www.bbc.co.uk/a", day=date(2024, 5, 2)
        )
        s.commit()
    build_incidents(engine)
    with Session(engine) as s:
        incident = s.scalars(select(Incident)).one()
        incident.state, incident.withdrawn_at = "withdrawn", utcnow()
        incident.withdrawn_reason = "victim asked for removal"
        s.commit()
        records = list(export.iter_incidents(s))
        assert records == [
            {
                "id": incident.id,
                "state": "withdrawn",
                "withdrawn_at": incident.withdrawn_at.isoformat(),
                "withdrawn_reason": "victim asked for removal",
                "merged_into": None,
                "updated_at": incident.updated_at.isoformat(),
            }
        ]
        assert [d["id"] for d in export.deletions(s)] == [incident.id]
        assert list(export.iter_incidents(s, ["published"])) == []
