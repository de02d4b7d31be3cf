"""Helpers for the review-desk tests: documents with codings, proposed incidents, users.

Real rows in a real database (both backends); the coder's output is written as the coder
writes it (labels with probabilities, evidence spans that hold their quotes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.accounts import users as accounts
from civicspace.incidents.factory import from_coding as create_from_coding
from civicspace.store.accounts import User
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument, IncidentRevision
from civicspace.store.models import Document

PASSWORD = "correct horse battery staple"
ROLE_USERS = ("admin", "editor", "researcher", "viewer")

STORIES = [
    dict(
        title="Police detain twelve students at campus sit-in",
        text=(
            "Police detained twelve students on Monday during a sit-in at the university in "
            "Harbourtown. Officers used batons to clear the library steps. The students were "
            "released without charge the next morning."
        ),
        country="KE", language="en", score=0.93, day=date(2026, 3, 2),
        labels={"violations": ["arrest_detention", "excessive_force"],
                "targets": ["students_academics", "protesters"], "perpetrators": ["police"],
                "freedoms": ["peaceful_assembly"]},
        evidence={"violations:arrest_detention": "Police detained twelve students on Monday during a sit-in at the university in Harbourtown.",
                  "violations:excessive_force": "Officers used batons to clear the library steps."},
    ),
    dict(
        title="Twelve students held after university protest",
        text=(
            "Twelve students were held by police after a protest at Harbourtown university. "
            "Witnesses said officers beat several of them with batons."
        ),
        country="KE", language="en", score=0.71, day=date(2026, 3, 2),
        labels={"violations": ["arrest_detention"], "targets": ["students_academics"],
                "perpetrators": ["police"], "freedoms": ["peaceful_assembly"]},
        evidence={"violations:arrest_detention": "Twelve students were held by police after a protest at Harbourtown university."},
    ),
    dict(
        title="Periodista amenazada de muerte tras reportaje",
        text=(
            "Una periodista de Ciudad Norte recibió amenazas de muerte tras publicar un "
            "reportaje sobre la minería ilegal. La fiscalía abrió una investigación."
        ),
        country="MX", language="es", score=0.64, day=date(2026, 2, 20),
        labels={"violations": ["threats_intimidation"], "targets": ["journalists"],
                "perpetrators": ["unknown"], "freedoms": ["expression"]},
        evidence={"violations:threats_intimidation": "Una periodista de Ciudad Norte recibió amenazas de muerte tras publicar un reportaje sobre la minería ilegal."},
    ),
    dict(
        title="Radio station taken off air after critical broadcast",
        text=(
            "Regulators took the independent station Radio Libre off air on Friday, a day after "
            "it broadcast an interview with an opposition leader."
        ),
        country="ZW", language="en", score=0.88, day=date(2026, 3, 1),
        labels={"violations": ["censorship"], "targets": ["journalists"],
                "perpetrators": ["state_officials"], "freedoms": ["expression"]},
        evidence={"violations:censorship": "Regulators took the independent station Radio Libre off air on Friday, a day after it broadcast an interview with an opposition leader."},
    ),
]  # fmt: skip


def add_document(
    session: Session, n: int, story: dict[str, Any], url: str | None = None
) -> tuple[Document, Coding]:
    text, title = story["text"], story["title"]
    doc = Document(
        input_key=hashlib.sha256(f"{n}{title}".encode()).hexdigest(),
        url=url or f"https://news{n}.example/story/{n}",
        origin="import",
        outcome="stored",
        title=title,
        text=text,
        language=story["language"],
        published=datetime(story["day"].year, story["day"].month, story["day"].day, tzinfo=UTC),
    )
    session.add(doc)
    session.flush()
    evidence = {}
    for key, quote in story["evidence"].items():
        start = text.index(quote)
        evidence[key] = {"quote": quote, "field": "text", "start": start, "end": start + len(quote)}
    coding = Coding(
        document_id=doc.id,
        coder="civicspace-default",
        coder_version="test",
        is_incident=True,
        score=story["score"],
        labels={k: [{"id": i, "p": 0.9} for i in v] for k, v in story["labels"].items()},
        country=story["country"],
        place=None,
        gendered=False,
        event_date=story["day"],
        persons=[],
        evidence=evidence,
        language=story["language"],
    )
    session.add(coding)
    session.flush()
    return doc, coding


def seed_incidents(engine: Engine, copies: int = 1) -> list[int]:
    """Proposed incidents, one per story (``copies`` rounds); their ids in story order."""
    ids = []
    with Session(engine) as session:
        n = session.query(Document).count()
        for _ in range(copies):
            for story in STORIES:
                n += 1
                doc, coding = add_document(session, n, story)
                ids.append(create_from_coding(session, doc, coding).id)
        session.commit()
    return ids


def make_users(engine: Engine, password: str = PASSWORD) -> dict[str, int]:
    """One active user per role (username = role), and ``panelist`` (viewer with the panel right)."""
    with Session(engine) as session:
        out = {role: accounts.create_user(session, role, password, role).id for role in ROLE_USERS}
        out["panelist"] = accounts.create_user(
            session, "panelist", password, "viewer", ["panel"]
        ).id
        session.commit()
    return out


def snapshot(engine: Engine) -> dict[str, Any]:
    """Everything a desk action could change (sessions' last-seen times aside)."""
    with Session(engine) as session:

        def rows(model: Any, *order: Any) -> list[tuple[Any, ...]]:
            cols = [c for c in model.__table__.columns]
            return [tuple(r) for r in session.execute(select(*cols).order_by(*order))]

        return {
            "incidents": rows(Incident, Incident.id),
            "links": rows(IncidentDocument, IncidentDocument.document_id),
            "revisions": rows(IncidentRevision, IncidentRevision.id),
            "users": rows(User, User.id),
        }


@pytest.fixture
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Cheap argon2id parameters, so tests that create many users stay fast."""
    monkeypatch.setattr(
        accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    yield
