"""The counters behind the public aggregates and the full-text index always equal a full
recomputation, whatever writes the incidents (ORM, bulk UPDATE, DELETE), on both backends; the
migration backfills them on existing data."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.publish.filters import Filters
from civicspace.publish.query import conditions, list_incidents
from civicspace.publish.search import row_matches, words_key
from civicspace.store import make_engine, upgrade
from civicspace.store.incidents import Incident
from civicspace.store.publish import PublishCount

COUNTRIES = ["KE", "FR", "BR", None]
WORDS = ["Police", "journaliste", "arrêtée", "ÉCOLE", "union", "strike", "tear-gas", "ngo"]
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def expected(session: Session) -> dict[tuple[str, str, str], int]:
    """The counters recomputed in Python from every published incident."""
    out: Counter[tuple[str, str, str]] = Counter()
    rows = session.execute(
        select(Incident).where(Incident.state == "published", Incident.published_at.is_not(None))
    ).scalars()
    for inc in rows:
        for scope in ("", inc.country) if inc.country else ("",):
            when = inc.start_date or inc.published_at.date()  # type: ignore[union-attr]
            cells = [("total", ""), ("month", f"{when:%Y-%m}"), ("verification", inc.verification)]
            for kind in ("violations", "targets", "perpetrators"):
                cells += [(kind, v) for v in set(getattr(inc, kind) or ())]
            whrd = "whrd" in (inc.targets or ())
            cells += [("lens", "against_whrds")] if whrd else []
            cells += [("lens", "gendered")] if inc.gendered else []
            if whrd or inc.gendered:
                cells += [("lens", "either")]
                cells += [("lens_violations", v) for v in set(inc.violations or ())]
            out.update((scope, dim, key) for dim, key in cells)
    return dict(out)


def stored(session: Session) -> dict[tuple[str, str, str], int]:
    rows = session.execute(select(PublishCount).where(PublishCount.n != 0)).scalars()
    return {(r.country, r.dim, r.key): r.n for r in rows}


def random_fields(rng: random.Random) -> dict[str, Any]:
    cb = load_codebook()
    title = " ".join(rng.sample(WORDS, 2))
    summary = " ".join(rng.sample(WORDS, 3)) if rng.random() < 0.8 else None
    return {
        # the working text differs from the public version: only the public one is searched
        "title": f"private draft {title}",
        "summary": "private notes",
        "public_title": title,
        "public_summary": summary,
        "country": rng.choice(COUNTRIES),
        "start_date": date(2023, rng.randint(1, 12), 3) if rng.random() < 0.8 else None,
        # duplicates inside a list count once
        "violations": rng.choices(cb.ids("violations")[:4], k=rng.randint(0, 3)),
        "targets": rng.choices(["whrd", "journalists", "hrd"], k=rng.randint(0, 2)),
        "perpetrators": rng.choices(cb.ids("perpetrators")[:3], k=rng.randint(0, 2)),
        "gendered": rng.random() < 0.3,
        "verification": rng.choice(cb.ids("verification")),
    }


def publish(inc: Incident, at: datetime) -> None:
    inc.state, inc.published_at, inc.withdrawn_at, inc.updated_at = "published", at, None, at


def step(session: Session, rng: random.Random, n: int) -> None:
    """One random change, the way the desk, an import or an operator would make it."""
    at = T0 + timedelta(hours=n)
    ids = list(session.scalars(select(Incident.id)))
    action = rng.choice(["new", "new", "publish", "withdraw", "edit", "bulk", "delete", "review"])
    target = session.get(Incident, rng.choice(ids)) if ids else None
    if action == "new" or target is None:
        inc = Incident(**random_fields(rng), state=rng.choice(["proposed", "published"]))
        if inc.state == "published":
            publish(inc, at)
        session.add(inc)
    elif action == "publish":
        publish(target, at)
    elif action == "withdraw":
        target.state, target.withdrawn_at, target.updated_at = "withdrawn", at, at
    elif action == "review":
        target.state, target.updated_at = "in_review", at
    elif action == "edit":
        for key, value in random_fields(rng).items():
            if rng.random() < 0.5:
                setattr(target, key, value)
        target.updated_at = at
    elif action == "bulk":  # one statement over many rows (PostgreSQL: one trigger call)
        session.execute(
            update(Incident)
            .where(Incident.country == rng.choice(COUNTRIES[:3]))
            .values(gendered=rng.random() < 0.5, verification="verified", updated_at=at)
        )
    else:
        session.execute(delete(Incident).where(Incident.id == target.id))
    session.commit()


def matching(session: Session, words: str) -> tuple[set[int], set[int]]:
    """Ids the full-text condition returns, and ids a row-by-row check says it should."""
    filters = Filters.build(q=words)
    dialect = session.get_bind().dialect.name
    got = set(session.scalars(select(Incident.id).where(*conditions(filters, dialect))))
    key = words_key(filters.terms)
    published = session.execute(
        select(Incident.id, Incident.public_title, Incident.public_summary).where(
            Incident.state == "published", Incident.published_at.is_not(None)
        )
    )
    want = {i for i, title, summary in published if key and row_matches(title, summary, key)}
    return got, want


def test_counters_equal_a_full_recomputation(engine: Engine) -> None:
    rng = random.Random(11)
    with Session(engine) as session:
        for n in range(120):
            step(session, rng, n)
            if n % 20 == 19:
                assert stored(session) == expected(session), f"after step {n}"
        assert stored(session) == expected(session)
        assert expected(session), "the sequence published something"
        for words in (
            "private",
            "police",
            "JOURNALIST",
            "arretee",
            "école",
            "tear gas",
            "gas-tear",
            "zz",
        ):
            got, want = matching(session, words)
            assert got == want, words


def test_search_words_prefix_case_accents(engine: Engine) -> None:
    with Session(engine) as session:
        for title in ("Journalistes arrêtées à Paris", "Union strike", "Ngo raid"):
            inc = Incident(
                title=title,
                public_title=title,
                summary=None,
                violations=[],
                targets=[],
                perpetrators=[],
            )
            publish(inc, T0)
            session.add(inc)
        session.add(
            Incident(title="journalist proposed", public_title="x", violations=[], targets=[])
        )
        session.commit()

        def titles(q: str) -> list[str]:
            return sorted(i["title"] for i in list_incidents(session, Filters.build(q=q)).items)

        assert titles("journalist") == ["Journalistes arrêtées à Paris"]
        assert titles("ARRETEE") == ["Journalistes arrêtées à Paris"]
        assert titles("strike union") == ["Union strike"]
        assert titles("trike") == []  # words start matches, not substrings
        assert titles("_") == [] and titles("100%") == []


def test_migration_backfills_existing_incidents(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0005_publish_indexes")
    rng = random.Random(3)
    with Session(engine) as session:
        for n in range(30):
            fields = random_fields(rng)
            cols = ", ".join(fields)
            marks = ", ".join(f":{k}" for k in fields)
            values = {
                **fields,
                **{k: json.dumps(fields[k]) for k in ("violations", "targets", "perpetrators")},
            }
            session.execute(
                text(
                    f"INSERT INTO incidents ({cols}, freedoms, confidence, confidence_grade, "
                    "state, locked, provenance, created_at, updated_at, published_at) "
                    f"VALUES ({marks}, '[]', 0.5, 'low', :state, false, 'x', :at, :at, :pub)"
                ),
                {
                    **values,
                    "state": "published" if n % 3 else "proposed",
                    "at": T0.replace(tzinfo=None),
                    "pub": T0.replace(tzinfo=None) if n % 3 else None,
                },
            )
        session.commit()
    upgrade(engine)
    with Session(engine) as session:
        assert stored(session) == expected(session) != {}
        got, want = matching(session, "police")
        assert got == want != set()
        dated = list_incidents(session, Filters(), sort="-start_date", limit=100).items
        keys = [i["start_date"] or date(1, 1, 1) for i in dated]
        assert keys == sorted(keys, reverse=True)
    engine.dispose()
